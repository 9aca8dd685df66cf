from core.csv_import import ImportCommand
from directory import services as schools


class Command(ImportCommand):
    help = (
        "Import medical schools from a CSV file with the columns "
        f"{','.join(schools.COLUMNS)}. Every row is checked first: if any row is bad, "
        "nothing is imported. Schools already here are updated by World Directory id."
    )

    def import_file(self, path):
        return schools.import_schools_file(path)
