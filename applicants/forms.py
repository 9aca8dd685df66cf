from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone

from .models import Applicant


def _years_ahead(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Applicant
        fields = [
            "legal_name", "citizenships", "us_permanent_resident", "canadian_citizen_or_pr",
            "school_country", "school_name", "school_accreditation", "graduation_date",
            "target_match_year",
        ]
        widgets = {
            "graduation_date": forms.DateInput(attrs={"type": "date"}),
            "citizenships": forms.SelectMultiple(attrs={"size": 6}),
            "legal_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "legal_name": {"required": "Enter your full legal name."},
            "school_name": {"required": "Enter the name of your medical school."},
            "graduation_date": {"required": "Enter your graduation date (or the expected one)."},
            "school_country": {"required": "Choose the country of your medical school."},
            "citizenships": {"required": "Choose at least one citizenship."},
            "target_match_year": {"required": "Enter the year of the Match you aim for."},
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["citizenships"].help_text = (
            "Every country you are a citizen of. Hold Ctrl (Cmd on a Mac) to choose more "
            "than one."
        )
        self.fields["target_match_year"].widget.attrs.update(
            min=self.today.year, max=self.today.year + 6
        )

    def clean_legal_name(self) -> str:
        name = " ".join(self.cleaned_data["legal_name"].split())
        if not name:
            raise forms.ValidationError("Enter your full legal name.")
        return name

    def clean_school_name(self) -> str:
        name = " ".join(self.cleaned_data["school_name"].split())
        if not name:
            raise forms.ValidationError("Enter the name of your medical school.")
        return name

    def clean_graduation_date(self) -> date:
        graduated = self.cleaned_data["graduation_date"]
        years = settings.ONBOARDING_MAX_FUTURE_GRADUATION_YEARS
        latest = _years_ahead(self.today, years)
        if graduated > latest:
            raise forms.ValidationError(
                f"Graduation must be no later than {latest:%-d %B %Y} ({years} years from "
                "today). Come back when you are closer to graduating."
            )
        if graduated.year < 1950:
            raise forms.ValidationError("Check the year: it looks too early.")
        return graduated

    def clean_target_match_year(self) -> int:
        year = self.cleaned_data["target_match_year"]
        if not self.today.year <= year <= self.today.year + 6:
            raise forms.ValidationError(
                f"Choose a Match season between {self.today.year} and {self.today.year + 6}."
            )
        return year

    def clean(self) -> dict:
        data = super().clean()
        country = data.get("school_country")
        code = getattr(country, "code", country)
        if code in {"US", "CA"}:
            if not data.get("school_accreditation"):
                self.add_error(
                    "school_accreditation",
                    "For a school in the US or Canada, say how it is accredited.",
                )
        elif code:
            data["school_accreditation"] = ""  # only meaningful in the US and Canada
        graduated, year = data.get("graduation_date"), data.get("target_match_year")
        if graduated and year and year < graduated.year:
            self.add_error(
                "target_match_year",
                f"You graduate in {graduated.year}, so your first Match is {graduated.year} "
                "or later.",
            )
        return data
