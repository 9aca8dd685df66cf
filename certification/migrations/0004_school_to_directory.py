"""MedicalSchool leaves certification for the directory app (state only: its table
certification_medicalschool stays, now owned by directory.MedicalSchool; see directory/0001).
CredentialDocument.granting_school points there; the column and constraint are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("applicants", "0007_school_from_directory"),
        ("certification", "0003_exam_outcome_derived"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="credentialdocument",
                    name="granting_school",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="directory.medicalschool"),
                ),
                migrations.DeleteModel(name="MedicalSchool"),
            ],
        ),
    ]
