"""ECFMG's answer about a document is the applicant's to record (date, verified or rejected
with ECFMG's reason); staff and advisors check the upload (DocumentReview), never ECFMG's
verdict, so a review may now come from IMG Path staff (no organisation).

Existing data: until now only staff recorded ECFMG's answer, on the staff review page that
said so ("Record ECFMG's answer"). Those answers stay ECFMG's answer, as recorded: the
document keeps its state and reason, its history keeps who recorded it, and the new date of
ECFMG's answer is the day staff recorded it (the only date known). Nothing becomes a staff
check of the upload: none was made.
"""

import django.db.models.deletion
from django.db import migrations, models


ANSWERED = ("verified", "rejected")


def date_the_answers(apps, schema_editor):
    CredentialDocument = apps.get_model("certification", "CredentialDocument")
    for document in CredentialDocument.objects.filter(state__in=ANSWERED,
                                                      ecfmg_answered_on__isnull=True):
        latest = document.events.filter(to_state=document.state).order_by("-at").first()
        document.ecfmg_answered_on = document.state_changed_on or (
            latest.at.date() if latest else None)
        document.save(update_fields=["ecfmg_answered_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0017_seed_help_pages'),
        ('certification', '0011_published_sets_are_immutable'),
    ]

    operations = [
        migrations.AddField(
            model_name='credentialdocument',
            name='ecfmg_answered_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='documentreview',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='applicants.organisation'),
        ),
        migrations.RunPython(date_the_answers, migrations.RunPython.noop),
    ]
