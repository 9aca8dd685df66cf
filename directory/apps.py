from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The medical school directory (World Directory of Medical Schools): the schools, their
    search and CSV import. Applicants choose their school from it and certification reads it;
    it imports neither."""

    name = "directory"
    verbose_name = "Medical school directory"
