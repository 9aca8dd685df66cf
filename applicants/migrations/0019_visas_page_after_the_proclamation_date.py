"""The visas help page: the H-1B proclamation's 12 months ended on 21 September 2026, a date
now past; the page says so and asks to check its current status (issue 10). Only a page
that still reads as seeded is changed: an editor's own wording is left as it is."""

from django.db import migrations

OLD = 'A September 2025 proclamation added a US$100,000 payment for many new petitions for people outside the US until 21 September 2026; whether it continues is **to confirm**.'
NEW = 'A September 2025 proclamation added a US$100,000 payment for many new petitions for people outside the US, for 12 months: to 21 September 2026. That date has passed, and whether the payment was extended is not known here: **check its current status** (USCIS) before you rely on either answer.'


def forwards(apps, schema_editor):
    HelpPage = apps.get_model("applicants", "HelpPage")
    for page in HelpPage.objects.filter(slug="visas", body__contains=OLD):
        page.body = page.body.replace(OLD, NEW)
        page.save(update_fields=["body"])


def backwards(apps, schema_editor):
    HelpPage = apps.get_model("applicants", "HelpPage")
    for page in HelpPage.objects.filter(slug="visas", body__contains=NEW):
        page.body = page.body.replace(NEW, OLD)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("applicants", "0018_deadline_kind_application")]
    operations = [migrations.RunPython(forwards, backwards)]
