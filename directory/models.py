"""The medical school directory: each school as listed in the World Directory of Medical Schools.

The table is the one certification created (certification_medicalschool) when the directory
lived there: the move changed no data (directory/migrations/0001_initial.py)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class MedicalSchoolQuerySet(models.QuerySet):
    def search(self, text: str):
        words = text.split()
        query = Q()
        for word in words:
            query &= Q(name__icontains=word) | Q(city__icontains=word) | Q(wdoms_id__iexact=word)
        return self.filter(query) if words else self.none()


class MedicalSchool(models.Model):
    """A school as listed in the World Directory of Medical Schools."""

    class Accreditation(models.TextChoices):
        LCME = "LCME", "LCME"
        COCA = "COCA", "COCA"
        CACMS = "CACMS", "CACMS"

    name = models.CharField(max_length=300)
    country = CountryField()
    city = models.CharField(max_length=120, blank=True)
    wdoms_id = models.CharField(
        "World Directory id", max_length=20, unique=True,
        validators=[RegexValidator(r"^F\d{7}$", "A World Directory id looks like F0000123.")],
    )
    sponsor_note = models.BooleanField(
        "ECFMG sponsor note", default=False,
        help_text="The World Directory record carries an ECFMG sponsor note.",
    )
    note_from_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First graduation year the note covers (blank: any)."
    )
    note_to_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last graduation year covered (blank: 'Current')."
    )
    note_years_are_sample = models.BooleanField(
        default=False, help_text="The note's years are sample values, not checked."
    )
    accreditation = models.CharField(
        max_length=10, choices=Accreditation.choices, blank=True,
        help_text="US and Canadian schools only.",
    )

    history = HistoricalRecords()

    objects = MedicalSchoolQuerySet.as_manager()

    class Meta:
        db_table = "certification_medicalschool"
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.city or self.country.name}"

    def clean(self) -> None:
        if self.note_from_year and self.note_to_year and self.note_to_year < self.note_from_year:
            raise ValidationError({"note_to_year": "The last year is before the first year."})
        if self.accreditation and self.country.code not in {"US", "CA"}:
            raise ValidationError({"accreditation": "Only US and Canadian schools carry one."})
