from django.core.management.base import BaseCommand, CommandError

from residency.models import SEASON_KEYS, MatchSeason


class Command(BaseCommand):
    help = ("Propose a Match season's calendar derived from the rules (e.g. Match Day is the "
            "third Friday of March); an admin confirms it in the admin.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?",
                            help="Match year; default: the year after the latest season")

    def handle(self, *args, year=None, **options):
        latest = MatchSeason.objects.order_by("-year").first()
        year = year or (latest.year + 1 if latest else None)
        if year is None:
            raise CommandError("Give a Match year: no season exists yet.")
        if MatchSeason.objects.filter(year=year).exists():
            raise CommandError(f"The {year} season exists already; edit it in the admin.")
        season = MatchSeason.from_derived(year)
        season.note = "Proposed by propose_season from the derivation rules: confirm each date."
        season.full_clean()
        season.save()
        self.stdout.write(f"Proposed the {year} Match calendar (status: proposed):")
        for key in SEASON_KEYS:
            value = getattr(season, key)
            if value is not None:
                self.stdout.write(f"  {key}: {value}")
