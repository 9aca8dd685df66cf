"""Corrected older rule sets (issue 10): the Step 2 CK pass marks before 2014-07-01 (196 in
2012, 203 from 2013-07-01, as the 2027 set has them), so older scores no longer read
"pending"; and help texts that were wrong for their seasons (Pathway 6 named in the 2021
set; OET Writing 300 in the 2021 and 2022 sets, whose seasons needed 350 in all four).

A published set is never changed in place (PostgreSQL refuses it: 0011), and the trigger's
one allowed change on a requirement, confirming a value's source, cannot carry a new pass
mark or help text. So each set is corrected the way the versioning service does it
(certification.services.rulesets: copy, publish from the same first day, which supersedes
the old one): a new version `<code>-vN` copied from the published one, with the corrected
values, published over the same range (the empty published set is given its requirements
in one statement, the trigger's allowed path), and the old version marked superseded, kept
for the record with `replaced` pointing to it so a rollback in the admin puts it back.
A set whose values already read as corrected (an admin fixed it) is left alone.

The values: seed_corrections_2026_12.json beside this file (certification.rules.seeds
reads the same file for the engine's tests). Stored summaries follow with
`manage.py refresh_road`, which the deploy runs after migrating.
"""

import json
import re
from pathlib import Path

from django.db import migrations
from django.utils import timezone

SEED = Path(__file__).with_name("seed_corrections_2026_12.json")
FIELDS = ("order", "code", "title", "help_text", "kind", "params", "provenance", "source",
          "source_url", "checked_on", "active")


def _current(RequirementSet, base: str):
    """The published version of `base` (its own code, or `base-vN`)."""
    pattern = rf"^{re.escape(base)}(-v\d+)?$"
    return (RequirementSet.objects.filter(code__regex=pattern, status="published",
                                          kind="certificate")
            .order_by("-version", "-pk").first())


def correct(apps, schema_editor):
    RequirementSet = apps.get_model("certification", "RequirementSet")
    Requirement = apps.get_model("certification", "Requirement")
    data = json.loads(SEED.read_text())
    for item in data["correct"]:
        old = _current(RequirementSet, item["code"])
        if old is None:
            continue
        rows = list(Requirement.objects.filter(rule_set=old).order_by("order", "pk"))
        wanted = item["requirements"]
        changes = [(r, wanted[r.code]) for r in rows if r.code in wanted
                   and any(getattr(r, k) != v for k, v in wanted[r.code].items())]
        if not changes:
            continue
        taken = RequirementSet.objects.filter(
            code__regex=rf"^{re.escape(item['code'])}(-v\d+)?$")
        version = max(s.version for s in taken) + 1
        new = RequirementSet.objects.create(
            code=f"{item['code']}-v{version}", name=old.name, kind=old.kind,
            effective_from=old.effective_from, effective_to=old.effective_to, status="draft",
            note=f"Version {version}, copied from {old.code}: {item['note']} {old.note}"[:2000],
            version=version, copied_from=old)
        copies = []
        for row in rows:
            values = {f: getattr(row, f) for f in FIELDS}
            values.update(wanted.get(row.code, {}))
            copies.append(Requirement(rule_set=new, **values))
        Requirement.objects.bulk_create(copies)
        new.status, new.published_at = "published", timezone.now()
        new.replaced = {"id": old.pk, "status": old.status,
                        "effective_to": old.effective_to.isoformat() if old.effective_to
                        else None}
        new.save(update_fields=["status", "published_at", "replaced"])
        old.status = "superseded"
        old.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [("certification", "0012_ecfmg_answer_by_the_applicant")]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
