from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The program search's two tests per word and column: UPPER(column) LIKE (Django's
# icontains) and column %> word (pg_trgm's word similarity); a trigram index serves each.
COLUMNS = ("name", "institution", "city")
SEARCH = "".join(
    f"CREATE INDEX program_{c}_trgm ON residency_program USING gin ({c} gin_trgm_ops);"
    f"CREATE INDEX program_{c}_upper_trgm ON residency_program "
    f"USING gin ((UPPER({c}::text)) gin_trgm_ops);" for c in COLUMNS)
DROP_SEARCH = "".join(f"DROP INDEX IF EXISTS program_{c}_trgm; "
                      f"DROP INDEX IF EXISTS program_{c}_upper_trgm;" for c in COLUMNS)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)
    return run


class Migration(migrations.Migration):
    """pg_trgm and its indexes for the program directory's word search (SQLite: nothing)."""

    dependencies = [("residency", "0007_program_application_deadline")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_on_postgresql(SEARCH), _on_postgresql(DROP_SEARCH)),
    ]
