from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for the program directory's word search (a no-op on SQLite)."""

    dependencies = [("residency", "0006_matchseason_sources_history")]

    operations = [TrigramExtension()]
