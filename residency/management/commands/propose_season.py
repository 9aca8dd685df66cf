from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from residency.models import SEASON_KEYS
from residency.services.seasons import next_year, propose_calendar


class Command(BaseCommand):
    help = ("Propose a Match season's calendar derived from the rules (e.g. Match Day is the "
            "third Friday of March); an admin confirms it in the admin.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?",
                            help="Match year; default: the year after the latest season")

    def handle(self, *args, year=None, **options):
        year = year or next_year()
        if year is None:
            raise CommandError("Give a Match year: no season exists yet.")
        try:
            season = propose_calendar(year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Proposed the {year} Match calendar (status: proposed):")
        for key in SEASON_KEYS:
            value = getattr(season, key)
            if value is not None:
                self.stdout.write(f"  {key}: {value}")
