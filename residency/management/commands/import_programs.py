from core.csv_import import ImportCommand
from residency.services import programs


class Command(ImportCommand):
    help = (
        "Import residency programs from a CSV file with the columns "
        f"{','.join(programs.COLUMNS)}. Every row is checked first: if any row is bad, "
        "nothing is imported. Programs already here are updated by NRMP program code. "
        "An empty criterion means not recorded (unknown)."
    )

    def import_file(self, path):
        return programs.import_programs_file(path)
