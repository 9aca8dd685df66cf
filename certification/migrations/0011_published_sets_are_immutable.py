"""A published (or superseded) rule set cannot be changed in place: PostgreSQL refuses it.

The admin and the forms refuse too (certification.admin.rulesets), but only the database
holds against every writer: a shell, `QuerySet.update()`, raw SQL. What may still change:
- on the set: `effective_to` and `status` (publishing a later version closes the range of the
  one it replaces; a rollback reopens it and supersedes the newer one; never back to draft);
- on a requirement: confirming a value, i.e. `provenance`, `source`, `source_url` and
  `checked_on` (django-simple-history keeps who did it and when);
- requirements may be added to a published set only all at once, in the statement that gives
  an empty published set its requirements (how the seed migrations write a set they publish).
Nothing is deleted from a published set. SQLite (`make run`) has no such guard: there the
admin's refusal is all.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION certification_set_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'rule set % is published: it cannot be deleted', OLD.code
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status <> 'draft' AND (
        NEW.status = 'draft'
        OR (to_jsonb(NEW) - 'effective_to' - 'status')
           IS DISTINCT FROM (to_jsonb(OLD) - 'effective_to' - 'status')
    ) THEN
        RAISE EXCEPTION 'rule set % is published: copy it as a new draft to change it', OLD.code
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER certification_set_is_fixed
    BEFORE UPDATE OR DELETE ON certification_requirementset
    FOR EACH ROW EXECUTE FUNCTION certification_set_is_fixed();

CREATE FUNCTION certification_requirement_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    confirm_columns text[] := ARRAY['provenance', 'source', 'source_url', 'checked_on'];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM certification_requirementset
        WHERE id = OLD.rule_set_id AND status <> 'draft'
    ) THEN
        IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - confirm_columns)
                               IS DISTINCT FROM (to_jsonb(OLD) - confirm_columns) THEN
            RAISE EXCEPTION 'requirement % belongs to a published rule set: only its source '
                            'and checked-on date may be confirmed', OLD.code
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.rule_set_id <> OLD.rule_set_id AND EXISTS (
        SELECT 1 FROM certification_requirementset
        WHERE id = NEW.rule_set_id AND status <> 'draft'
    ) THEN
        RAISE EXCEPTION 'requirement % cannot move into a published rule set', NEW.code
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER certification_requirement_is_fixed
    BEFORE UPDATE OR DELETE ON certification_requirement
    FOR EACH ROW EXECUTE FUNCTION certification_requirement_is_fixed();

-- After the statement: every published set the statement added to must hold exactly the
-- rows it added (an empty published set being given its requirements by a seed).
CREATE FUNCTION certification_requirements_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad text;
BEGIN
    SELECT s.code INTO bad
    FROM (SELECT rule_set_id, count(*) AS n FROM added GROUP BY rule_set_id) a
    JOIN certification_requirementset s ON s.id = a.rule_set_id
    WHERE s.status <> 'draft'
      AND (SELECT count(*) FROM certification_requirement r
           WHERE r.rule_set_id = a.rule_set_id) <> a.n
    LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'rule set % is published: copy it as a new draft to add a requirement',
                        bad USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER certification_requirements_added
    AFTER INSERT ON certification_requirement
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION certification_requirements_added();
"""

REVERSE = """
DROP TRIGGER IF EXISTS certification_requirements_added ON certification_requirement;
DROP FUNCTION IF EXISTS certification_requirements_added();
DROP TRIGGER IF EXISTS certification_requirement_is_fixed ON certification_requirement;
DROP FUNCTION IF EXISTS certification_requirement_is_fixed();
DROP TRIGGER IF EXISTS certification_set_is_fixed ON certification_requirementset;
DROP FUNCTION IF EXISTS certification_set_is_fixed();
"""


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL on PostgreSQL; nothing on SQLite (`make run`), which has no plpgsql."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("certification", "0010_rule_set_versions")]
    operations = [PostgreSQLOnly(FORWARD, REVERSE)]
