"""The Canadian route's requirement set (kind "canada"), frozen in seed_canadian_route.json
beside this file. A set an admin already made under the same code is left as it is."""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).with_name("seed_canadian_route.json")


def seed(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    Requirement = apps.get_model("certification", "Requirement")
    for item in json.loads(SEED.read_text()):
        if RequirementSet.objects.filter(code=item["code"]).exists():
            continue
        rule_set = RequirementSet.objects.create(
            code=item["code"], name=item["name"], kind=item["kind"],
            effective_from=item["effective_from"], effective_to=item["effective_to"],
            status="published", note=item["note"])
        Requirement.objects.bulk_create(
            Requirement(rule_set=rule_set, order=order, **req)
            for order, req in enumerate(item["requirements"], 1))


def unseed(apps, schema_editor):
    codes = [item["code"] for item in json.loads(SEED.read_text())]
    apps.get_model("certification", "RequirementSet").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("certification", "0007_canadian_route")]
    operations = [migrations.RunPython(seed, unseed)]
