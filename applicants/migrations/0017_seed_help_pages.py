"""The first version of each help page, from applicants/help_seed/*.md (a few lines of
front matter, then the Markdown body). A page an editor already made under the same slug is
left as it is; editors change the pages in the admin from here on."""

from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "help_seed"


def read_page(path: Path) -> dict:
    _, head, body = path.read_text().split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in head.strip().splitlines())
    return {**fields, "order": int(fields.get("order", 0)), "body": body.strip()}


def seed(apps, schema_editor):
    HelpPage = apps.get_model("applicants", "HelpPage")
    for path in sorted(SEED.glob("*.md")):
        HelpPage.objects.get_or_create(slug=path.stem, defaults=read_page(path))


def unseed(apps, schema_editor):
    apps.get_model("applicants", "HelpPage").objects.filter(
        slug__in=[p.stem for p in SEED.glob("*.md")]).delete()


class Migration(migrations.Migration):
    dependencies = [("applicants", "0016_help_pages")]
    operations = [migrations.RunPython(seed, unseed)]
