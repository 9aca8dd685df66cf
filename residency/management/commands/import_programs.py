import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from residency.services import programs


class Command(BaseCommand):
    help = (
        "Import residency programs from a CSV file with the columns "
        f"{','.join(programs.COLUMNS)}. Every row is checked first: if any row is bad, "
        "nothing is imported. Programs already here are updated by NRMP program code. "
        "An empty criterion means not recorded (unknown)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, header row first)")

    def handle(self, *args, file: Path, **options):
        try:
            summary = programs.import_programs_file(file)
        except programs.ProgramFileError as error:
            count = len(error.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''}; nothing was imported.\n"
                f"{error}"
            ) from error
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
