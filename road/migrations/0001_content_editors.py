"""The content-editor role: a group whose members edit rule sets, seasons, the school and
program directories and the help pages, and see no applicant's personal data anywhere.

Its members are staff (the admin needs it) without the superuser flag, so the admin offers
them only the models below, and `User.sees_applicants` (no applicants.view_applicant
permission) keeps every applicant page and list closed to them. MFA follows from is_staff
(applicants.middleware). The permissions are created here first: Django makes them after
migrating, too late for a data migration on a fresh database."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
EDIT = ("add", "change", "delete", "view")
MODELS = {
    ("certification", "requirementset"): EDIT,
    ("certification", "requirement"): EDIT,
    ("residency", "matchseason"): EDIT,
    ("residency", "program"): EDIT,
    ("residency", "carmsseason"): EDIT,
    ("residency", "statelicensurelimit"): EDIT,
    ("directory", "medicalschool"): EDIT,
    ("applicants", "helppage"): EDIT,
}


def add_group(apps, schema_editor):
    for label in {app for app, _ in MODELS}:
        config = apps.get_app_config(label)  # a stub: create_permissions wants a models module
        kept = getattr(config, "models_module", None)
        config.models_module = kept or True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = kept
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [f"{action}_{model}" for (_, model), actions in MODELS.items()
              for action in actions]
    group.permissions.set(Permission.objects.filter(
        content_type__app_label__in={app for app, _ in MODELS}, codename__in=wanted))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("applicants", "0017_seed_help_pages"),
        ("certification", "0011_published_sets_are_immutable"),
        ("residency", "0006_matchseason_sources_history"),
        ("directory", "0002_historicalmedicalschool"),
    ]
    operations = [migrations.RunPython(add_group, remove_group)]
