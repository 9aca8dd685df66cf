"""PostgreSQL only (SQLite, `make run`, has neither): the audit log is append-only, and
the caseload's search by name or email uses trigram indexes.

The trigger refuses every UPDATE and DELETE on the audit table, except an UPDATE made by
audit_pseudonymise(applicant, user, pseudonym) (account erasure, applicants.audit.
pseudonymise), which opens the gate for its own transaction only and changes no column
but the personal ones. The gate guards against the application's own mistakes; a database
role that may write to the table could also open it, so production roles get no SET on
`imgpath.*` beyond what the function does. TRUNCATE (the test suite's flush) is not a row
change and is not caught.

The search indexes match what Django's icontains compiles to on PostgreSQL,
UPPER(column::text) LIKE UPPER(%s), so that lookup uses them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('imgpath.audit_pseudonymise', true), '') <> ''
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.request_id = OLD.request_id
       AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON applicants_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE OR REPLACE FUNCTION audit_pseudonymise(p_applicant bigint, p_user bigint,
                                              p_pseudonym text) RETURNS integer AS $$
DECLARE
    changed integer;
BEGIN
    PERFORM set_config('imgpath.audit_pseudonymise', p_applicant::text, true);
    UPDATE applicants_auditevent
       SET subject_applicant_id = NULL, subject_pseudonym = p_pseudonym, ip = NULL,
           object_label = '', details = '{}'::jsonb
     WHERE subject_applicant_id = p_applicant;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF p_user IS NOT NULL THEN
        UPDATE applicants_auditevent SET actor_id = NULL, actor_email = p_pseudonym
         WHERE actor_id = p_user;
    END IF;
    PERFORM set_config('imgpath.audit_pseudonymise', '', true);
    RETURN changed;
END
$$ LANGUAGE plpgsql;
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS audit_append_only ON applicants_auditevent;
DROP FUNCTION IF EXISTS audit_append_only();
DROP FUNCTION IF EXISTS audit_pseudonymise(bigint, bigint, text);
"""

SEARCH = """
CREATE INDEX applicant_name_trgm ON applicants_applicant
    USING gin ((UPPER(legal_name::text)) gin_trgm_ops);
CREATE INDEX user_email_trgm ON applicants_user USING gin ((UPPER(email::text)) gin_trgm_ops);
"""

DROP_SEARCH = "DROP INDEX IF EXISTS applicant_name_trgm; DROP INDEX IF EXISTS user_email_trgm;"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: the "%" of RAISE stays
    return run


class Migration(migrations.Migration):

    dependencies = [("applicants", "0014_advising_and_audit")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_on_postgresql(APPEND_ONLY), _on_postgresql(DROP_APPEND_ONLY)),
        migrations.RunPython(_on_postgresql(SEARCH), _on_postgresql(DROP_SEARCH)),
    ]
