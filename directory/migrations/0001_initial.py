"""The medical school directory moves here from certification, its table unchanged.

certification/0001 created the table certification_medicalschool, which MedicalSchool keeps
(Meta.db_table), so this migration only tells Django's state that the model now lives in this
app too (CopyModelState): no table is created or changed. certification/0004 removes it from
certification's state and applicants/0007 points Applicant.school here, both state-only too.
On a database made before the move, the model's content type is relabelled, so staff
permissions on schools and the admin's history of them follow it.
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation


class CopyModelState(Operation):
    """State only: `from_app`'s model, as its migrations left it, also belongs to this app, on
    the same table. Saves repeating its fields here (certification/0001 stays their source)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, name, from_app, db_table):
        self.name, self.from_app, self.db_table = name, from_app, db_table

    def deconstruct(self):
        return (self.__class__.__qualname__, [],
                {"name": self.name, "from_app": self.from_app, "db_table": self.db_table})

    def state_forwards(self, app_label, state):
        model = state.models[self.from_app, self.name.lower()].clone()
        model.app_label = app_label
        model.options = {**model.options, "db_table": self.db_table,
                         "indexes": [index.clone() for index in model.options["indexes"]]}
        state.add_model(model)

    def describe(self):
        return f"Copy the state of {self.from_app}.{self.name} (its table stays)"


def relabel_content_type(apps, schema_editor, old="certification", new="directory"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="medicalschool").exists():
        types.filter(app_label=old, model="medicalschool").update(app_label=new)


def restore_content_type(apps, schema_editor):
    relabel_content_type(apps, schema_editor, old="directory", new="certification")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("certification", "0003_exam_outcome_derived"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                CopyModelState("MedicalSchool", from_app="certification",
                               db_table="certification_medicalschool"),
            ],
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
