"""Seed the certificate rule sets: the current policy and the earlier ones (RULES.md §1-2).

The data is frozen in seed_rule_sets.json beside this file, so later changes to the engine's
seed constants never rewrite history; admins edit the rows from here on.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).with_name("seed_rule_sets.json")


def seed(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    Requirement = apps.get_model("certification", "Requirement")
    for data in json.loads(SEED.read_text()):
        rule_set = RequirementSet.objects.create(
            code=data["code"], name=data["name"], kind="certificate",
            effective_from=data["effective_from"], effective_to=data["effective_to"],
            status="published", note=data["note"],
        )
        Requirement.objects.bulk_create(
            Requirement(rule_set=rule_set, order=order, **req)
            for order, req in enumerate(data["requirements"], 1)
        )


def unseed(apps, schema_editor):
    codes = [data["code"] for data in json.loads(SEED.read_text())]
    apps.get_model("certification", "RequirementSet").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
