"""The 2027 Match rule set (RULES.md §10), and the 2026 set closed at its season's end.

The data is frozen in seed_rule_set_2027.json beside this file (0002 and its JSON stay as
deployed databases ran them). A set an admin already made under the same code is left as it
is. Stored summaries follow the new rules with `manage.py refresh_road` after migrating (the
deploy runs it; a fresh database has no applicant to refresh).
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).with_name("seed_rule_set_2027.json")


def seed(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    Requirement = apps.get_model("certification", "Requirement")
    data = json.loads(SEED.read_text())
    for closed in data["close"]:
        RequirementSet.objects.filter(code=closed["code"], effective_to__isnull=True).update(
            effective_to=closed["effective_to"], note=closed["note"])
    for item in data["add"]:
        if RequirementSet.objects.filter(code=item["code"]).exists():
            continue
        rule_set = RequirementSet.objects.create(
            code=item["code"], name=item["name"], kind="certificate",
            effective_from=item["effective_from"], effective_to=item["effective_to"],
            status="published", note=item["note"],
        )
        Requirement.objects.bulk_create(
            Requirement(rule_set=rule_set, order=order, **req)
            for order, req in enumerate(item["requirements"], 1)
        )


def unseed(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    data = json.loads(SEED.read_text())
    RequirementSet.objects.filter(code__in=[item["code"] for item in data["add"]]).delete()
    for closed in data["close"]:
        RequirementSet.objects.filter(code=closed["code"],
                                      effective_to=closed["effective_to"]).update(
            effective_to=None)


class Migration(migrations.Migration):
    dependencies = [("certification", "0005_requirement_kind_choices_from_registry")]
    operations = [migrations.RunPython(seed, unseed)]
