"""Forms for the Match registration, residency applications and the what-if planner.

They parse and check single values; rules that join several fields, the season's calendar
or other records live in services.match (check_*), whose messages land at the fields.
"""

import re

from django import forms

from core import forms as core_forms

from ..models import Registration, ResidencyApplication
from ..progress import EXAM_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dates(*names: str) -> dict:
    return dict.fromkeys(names, DATE)


class RegistrationForm(forms.ModelForm):
    eras_token = forms.CharField(
        label="ERAS token", required=False, max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="The token ECFMG (your Designated Dean's Office) issued: 8 to 40 letters and "
                  "digits.",
    )
    nrmp_id = forms.CharField(
        label="NRMP ID", required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="The 7- or 8-digit number NRMP gives you when you register.",
    )

    class Meta:
        formfield_callback = core_forms.formfield
        model = Registration
        fields = ["eras_token", "eras_submitted_on", "nrmp_id", "nrmp_registered_on",
                  "rol_certified_on", "visa_need", "usce_months"]
        widgets = _dates("eras_submitted_on", "nrmp_registered_on", "rol_certified_on")
        labels = {"eras_submitted_on": "ERAS application submitted on",
                  "nrmp_registered_on": "registered with NRMP on",
                  "rol_certified_on": "rank order list certified on",
                  "visa_need": "visa you need to train",
                  "usce_months": "US clinical experience (months)"}
        help_texts = {
            "nrmp_registered_on": "The standard deadline is 31 January; after it NRMP charges "
                                  "a late fee, and registration closes with the rank order "
                                  "list deadline.",
            "rol_certified_on": "The deadline is 9 pm US Eastern time on the day shown on "
                                "your Match page.",
            "visa_need": "US citizens and green-card holders need none; J-1 is sponsored by "
                         "ECFMG, H-1B by the program (it needs Step 3 passed). If you are "
                         "neither but may work in the US without a visa (e.g. refugee or "
                         "asylee status, a work permit), say so.",
        }

    def clean_eras_token(self) -> str:
        value = self.cleaned_data["eras_token"].strip()
        if value and not re.fullmatch(r"[A-Za-z0-9]{8,40}", value):
            raise forms.ValidationError("An ERAS token has 8 to 40 letters and digits, with no "
                                        "spaces or other signs.")
        return value

    def clean_nrmp_id(self) -> str:
        value = self.cleaned_data["nrmp_id"].strip()
        if value and not re.fullmatch(r"\d{7,8}", value):
            raise forms.ValidationError("An NRMP ID has 7 or 8 digits, e.g. 1234567.")
        return value


class ApplicationForm(forms.ModelForm):
    season = forms.TypedChoiceField(coerce=int, label="Match season")
    rank_position = core_forms.IntegerField(
        label="Your rank for this program", required=False, min_value=1, max_value=999,
        help_text="1 for your first choice. Only once you have ranked it.",
        error_messages={"min_value": "Rank positions start at 1 (your first choice)."},
    )

    class Meta:
        formfield_callback = core_forms.formfield
        model = ResidencyApplication
        fields = ["program", "season", "status", "submitted_on", "interview_invited_on",
                  "interview_on", "rank_position", "result_on", "notes"]
        widgets = {**_dates("submitted_on", "interview_invited_on", "interview_on",
                            "result_on"),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"submitted_on": "submitted in ERAS on",
                  "interview_invited_on": "interview invitation on",
                  "interview_on": "interview date",
                  "result_on": "result on"}
        help_texts = {
            "status": "Planned, then submitted, invited, scheduled, interviewed, ranked and "
                      "matched or not; withdrawn and SOAP can come at any point.",
            "result_on": "Match Day for matched or not matched; the day you withdrew; the day "
                         "of a SOAP offer.",
        }
        error_messages = {"program": {"required": "Choose the program.",
                                      "invalid_choice": "Choose a program from the list."}}

    def __init__(self, *args, programs, seasons: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].empty_label = "Choose a program"
        self.fields["season"].choices = [(y, f"{y} Match") for y in seasons]


class WhatIfForm(forms.Form):
    exam = forms.ChoiceField(label="Exam or application", choices=EXAM_CHOICES)
    planned_on = core_forms.DateField(
        label="Planned date", widget=DATE,
        help_text="The test date, or for a Pathway the day you would submit it.",
        error_messages={"required": "Pick the date you have in mind.",
                        "invalid": "Enter a date like 2027-01-20."},
    )
    season = forms.TypedChoiceField(coerce=int, label="For the Match of")

    def __init__(self, *args, seasons: list[int], today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].choices = [(y, str(y)) for y in seasons]
        self.today = today

    def clean_planned_on(self):
        day = self.cleaned_data["planned_on"]
        if day < self.today:
            raise forms.ValidationError(f"Pick today ({self.today}) or a later date: the "
                                        "planner looks ahead.")
        return day
