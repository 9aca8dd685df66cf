from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # allauth's rate limits live in the database cache, so they survive a Redis outage.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("applicants", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
