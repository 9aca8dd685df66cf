"""`manage.py refresh_road [--season 2027]`: re-evaluate every applicant's stored summary now,
in this process (no worker needed). Run after `migrate` whenever a migration changes rule
sets or seasons (e.g. certification 0006, the 2027 set): a data migration uses historical
models and cannot run the road itself. On an empty database it does nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core import reference_cache

from ...tasks import refresh_batch


class Command(BaseCommand):
    help = "Re-evaluate every applicant's stored road summary (after rule or season changes)."

    def add_arguments(self, parser):
        parser.add_argument("--season", type=int, default=None,
                            help="only the applicants aiming at this Match season")

    def handle(self, *args, season=None, **options):
        reference_cache.clear()
        done, after = 0, 0
        while True:
            ids = refresh_batch(after, season)
            done += len(ids)
            if len(ids) < settings.ROAD_REFRESH_BATCH:
                break
            after = ids[-1]
        self.stdout.write(f"Refreshed {done} applicant(s).")
