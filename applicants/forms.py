from datetime import date
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import get_language

from core import clock, zones
from core import forms as core_forms
from directory.models import MedicalSchool
from directory.selectors import SchoolOptions, school_named, school_options

from .models import Applicant
from .pickers import CachedSelect, CountryChecklist, folded_country_names

US_CANADA = {"US", "CA"}
# The school name box searches the directory as you type (htmx); without JavaScript it is a
# plain text box, and clean() picks the school whose name matches exactly.
SEARCH_ATTRS = {
    "hx-get": reverse_lazy("directory:school-search"),
    "hx-target": "#school-results",
    "hx-sync": "this:replace",
    "aria-controls": "school-results",
}


TIME_ZONES = frozenset(available_timezones())


def _years_ahead(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class ProfileForm(forms.ModelForm):
    """The applicant's profile. The school comes from the directory when it can.

    A school chosen from the search results (radio inputs named "school") or, without
    JavaScript, a typed name that exactly matches one directory school sets the school and
    its name, country and accreditation. Otherwise, or with "My school is not listed"
    ticked, the typed name, country and accreditation are kept as the applicant's own
    words, flagged for an advisor to check.
    """

    # Drawn as radio inputs by directory/_school_options.html, never by its widget.
    school = forms.ModelChoiceField(
        queryset=MedicalSchool.objects.all(), required=False, widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That school is no longer in our directory: "
                                          "search again, or tick “My school is not listed”."},
    )
    school_not_listed = forms.BooleanField(
        label="My school is not listed in the directory", required=False,
        help_text="We keep the name, country and accreditation you give; an advisor will "
                  "check them.",
    )

    class Meta:
        formfield_callback = core_forms.formfield
        model = Applicant
        fields = [
            "legal_name", "citizenships", "us_permanent_resident", "canadian_citizen_or_pr",
            "school_country", "school_name", "school", "school_not_listed",
            "school_accreditation", "graduation_date", "target_match_year", "time_zone",
        ]
        widgets = {
            "graduation_date": forms.DateInput(attrs={"type": "date"}),
            "us_permanent_resident": forms.CheckboxInput,
            "canadian_citizen_or_pr": forms.CheckboxInput,
            "school_name": forms.TextInput, "target_match_year": forms.NumberInput,
            "citizenships": CountryChecklist,
            "school_country": CachedSelect("countries"),
            "legal_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "time_zone": forms.TextInput(attrs={
                "list": "time-zones", "autocomplete": "off", "data-browser-zone": "",
                "placeholder": "For example Lagos, India or Asia/Kolkata"}),
        }
        labels = {
            "legal_name": "Your full name, as on your passport",
            "citizenships": "Your citizenship",
            "us_permanent_resident": "I am a US permanent resident (green card holder)",
            "canadian_citizen_or_pr": "I am a Canadian citizen or permanent resident",
            "school_country": "Country of your medical school",
            "school_name": "Name of your medical school",
            "school_accreditation": "How is your school accredited? (US and Canadian schools "
                                    "only)",
            "graduation_date": "Graduation date",
            "target_match_year": "The Match you aim for (year)",
            "time_zone": "Your time zone",
        }
        help_texts = {
            "legal_name": "Exactly as on your passport and medical diploma: ECFMG checks "
                          "that they match.",
            "graduation_date": "The date on your diploma, or the date you expect to "
                               "graduate. Day, month and year.",
            "target_match_year": "Match Day is in March of this year; training starts on "
                                 "1 July.",
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
        self.today = today or clock.today()
        zone = self.fields["time_zone"]
        zone.required = False  # left empty: the main zone of the school's country
        zone.help_text = (
            "Type your city or country and pick from the list. We show every deadline in "
            "your time and in US Eastern time, the official one. Left empty, we use the "
            "main time zone of your medical school's country."
        )
        if not self.instance.pk:
            zone.initial = ""  # the page fills in the browser's zone (static/js/picker.js)
        self.fields["citizenships"].help_text = (
            "Tick every country you are a citizen of. Type in the search box to find one."
        )
        self.fields["target_match_year"].widget.attrs.update(
            min=self.today.year, max=self.today.year + 6
        )
        self._set_up_school_search()

    def _set_up_school_search(self) -> None:
        name, country = self.fields["school_name"], self.fields["school_country"]
        name.help_text = (
            "Type part of the name or the city, then choose your school from the list. "
            "Without JavaScript, type the name exactly as the World Directory of Medical "
            "Schools lists it."
        )
        name.widget.attrs.update(SEARCH_ATTRS, autocomplete="off", **{
            "hx-trigger": "input changed delay:300ms",
            "hx-include": "[name='school_country']",
        })
        country.widget.attrs.update(SEARCH_ATTRS, **{
            "hx-trigger": "change", "hx-include": "[name='school_name']",
        })
        country.required = False  # a directory school brings its own; checked in clean()
        country.help_text = "Narrows the search; needed if your school is not listed."
        if self.instance.pk:
            self.fields["school_not_listed"].initial = self.instance.school_not_listed

    def school_options(self) -> SchoolOptions:
        """The directory schools offered when the page is drawn, the chosen one checked."""
        chosen = self.initial.get("school") if not self.is_bound else self._chosen()
        if isinstance(chosen, int):
            chosen = MedicalSchool.objects.filter(pk=chosen).first()
        if chosen and not self.is_bound:  # the saved school, alone: no search to run
            return SchoolOptions([chosen], "", False, chosen.pk)
        text = self["school_name"].value() or ""
        country = "" if chosen else str(self["school_country"].value() or "")
        return school_options(text, country=country, chosen=chosen)

    def _chosen(self) -> MedicalSchool | None:
        return getattr(self, "cleaned_data", {}).get("school")

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

    def clean_time_zone(self) -> str:
        typed = (self.cleaned_data.get("time_zone") or "").strip()
        if not typed:
            return ""  # clean() suggests one from the country
        zone = zones.find_zone(typed, known=TIME_ZONES,
                               country_names=folded_country_names(get_language()))
        if zone is None:
            raise forms.ValidationError(
                f"We do not know the time zone “{typed}”. Type the city you live in or "
                "your country (for example Lagos or India) and pick from the list."
            )
        return zone

    def clean_target_match_year(self) -> int:
        year = self.cleaned_data["target_match_year"]
        if not self.today.year <= year <= self.today.year + 6:
            raise forms.ValidationError(
                f"Choose a Match season between {self.today.year} and {self.today.year + 6}."
            )
        return year

    def clean(self) -> dict:
        data = super().clean()
        self._clean_school(data)
        country = data.get("school_country")
        code = getattr(country, "code", country)
        if code in US_CANADA:
            if not data.get("school_accreditation"):
                self.add_error(
                    "school_accreditation",
                    "For a school in the US or Canada, say how it is accredited.",
                )
        elif code:
            data["school_accreditation"] = ""  # only meaningful in the US and Canada
        if "time_zone" in data and not data["time_zone"]:
            data["time_zone"] = _suggested_zone(data)
        graduated, year = data.get("graduation_date"), data.get("target_match_year")
        if graduated and year and year < graduated.year:
            self.add_error(
                "target_match_year",
                f"You graduate in {graduated.year}, so your first Match is {graduated.year} "
                "or later.",
            )
        return data

    def _clean_school(self, data: dict) -> None:
        """Take name, country and accreditation from the directory school, if there is one."""
        # Not a profile field: the profile is "not listed" when it has no directory school.
        not_listed = data.pop("school_not_listed", False)
        country = str(data.get("school_country") or "")
        school = None
        if not not_listed:
            school = data.get("school") or school_named(data.get("school_name", ""),
                                                        country=country)
        data["school"] = school
        if school is not None:
            data.update(school_name=school.name, school_country=school.country,
                        school_accreditation=_accreditation(school))
            self.errors.pop("school_country", None)
        elif not country and "school_country" not in self.errors:
            self.add_error("school_country", "Choose the country of your medical school.")


def _suggested_zone(data: dict) -> str:
    """With no zone given: the main zone of the school's country, else of the first
    citizenship, else UTC."""
    for country in (data.get("school_country"), *(data.get("citizenships") or ())):
        zone = zones.main_zone(str(getattr(country, "code", country) or ""))
        if zone:
            return zone
    return "UTC"


def _accreditation(school: MedicalSchool) -> str:
    if school.country.code in US_CANADA:
        return school.accreditation or Applicant.Accreditation.NONE
    return ""


class EraseForm(forms.Form):
    """Erasing an account needs its password and a tick: it cannot be undone."""

    password = forms.CharField(label="Your password", widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label="I understand that my account, my records and my "
                                       "documents are deleted for good")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class CanadaSettingsForm(forms.ModelForm):
    """Whether the applicant tracks the Canadian route, and the profile facts CaRMS reads."""

    class Meta:
        formfield_callback = core_forms.formfield
        model = Applicant
        fields = ["track_canada", "carms_match_year", "canadian_citizen_or_pr",
                  "canadian_prior_training"]
        help_texts = {
            "carms_match_year": "The year of the CaRMS R-1 match you aim for (its first "
                                "Match Day is in March). Empty: your US Match season.",
        }

    def clean_carms_match_year(self):
        year = self.cleaned_data["carms_match_year"]
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a match year such as 2027.")
        return year
