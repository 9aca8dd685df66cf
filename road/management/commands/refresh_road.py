from django.core.management.base import BaseCommand

from road.tasks import refresh_all_progress


class Command(BaseCommand):
    help = ("Re-evaluate every applicant's road (or one season's) and store its summary, in "
            "Celery batches: run it once after a deploy whose migrations add summary columns.")

    def add_arguments(self, parser):
        parser.add_argument("--season", type=int, help="Only applicants aiming at this Match.")

    def handle(self, *args, season=None, **options):
        refresh_all_progress.delay(season=season)
        where = f"the {season} Match" if season else "every applicant"
        self.stdout.write(f"Re-evaluation of {where} queued (runs in-process without Redis).")
