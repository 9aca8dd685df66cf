"""Applicant.school points at directory.MedicalSchool (state only: the same table, the same
column and constraint; see directory/0001)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("applicants", "0006_applicant_time_zone"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="applicant",
                    name="school",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="+", to="directory.medicalschool"),
                ),
            ],
        ),
    ]
