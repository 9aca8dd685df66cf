import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification.services import schools


class Command(BaseCommand):
    help = (
        "Import medical schools from a CSV file with the columns "
        f"{','.join(schools.COLUMNS)}. Every row is checked first: if any row is bad, "
        "nothing is imported. Schools already here are updated by World Directory id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, header row first)")

    def handle(self, *args, file: Path, **options):
        try:
            summary = schools.import_schools_file(file)
        except schools.SchoolFileError as error:
            count = len(error.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''}; nothing was imported.\n"
                f"{error}"
            ) from error
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
