"""Forms for the ECFMG file, exam attempts, OET sittings and pathway applications.

They parse and check single values; the rules that join several fields or other records
live in record_checks and are applied by the services, whose messages land at the fields.
"""

import re

from django import forms

from core import forms as core_forms

from ..models import EcfmgRecord, ExamAttempt, MccAttempt, OetSitting, PathwayApplication

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dates(*names: str) -> dict:
    return dict.fromkeys(names, DATE)


class EcfmgRecordForm(forms.ModelForm):
    # Longer than the stored 0-123-456-7, so spaced-out input reaches clean_ecfmg_id.
    ecfmg_id = forms.CharField(
        label="ECFMG/USMLE ID", required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="8 digits, with or without dashes: 0-123-456-7 or 01234567.",
    )

    class Meta:
        formfield_callback = core_forms.formfield
        model = EcfmgRecord
        fields = [
            "ecfmg_id", "account_status", "account_verified_on", "application_status",
            "application_submitted_on", "application_decided_on", "certificate_issued_on",
            "certificate_number",
        ]
        widgets = _dates("account_verified_on", "application_submitted_on",
                         "application_decided_on", "certificate_issued_on")
        labels = {
            "account_verified_on": "identity verified on",
            "application_submitted_on": "application submitted on",
            "application_decided_on": "application decided on",
        }
        help_texts = {
            "application_decided_on": "The day ECFMG accepted or rejected the application.",
        }

    def clean_ecfmg_id(self) -> str:
        value = self.cleaned_data["ecfmg_id"].strip()
        digits = re.sub(r"[\s-]", "", value)
        if value and not re.fullmatch(r"\d{8}", digits):
            raise forms.ValidationError(
                "An ECFMG/USMLE ID has 8 digits, e.g. 0-123-456-7 or 01234567."
            )
        return f"{digits[0]}-{digits[1:4]}-{digits[4:7]}-{digits[7]}" if value else ""


class ExamAttemptForm(forms.ModelForm):
    score = core_forms.IntegerField(
        required=False, min_value=1, max_value=300,
        error_messages={"min_value": "USMLE scores run from 1 to 300.",
                        "max_value": "USMLE scores run from 1 to 300."},
        help_text="The 3-digit score (Step 2 CK, Step 3, Step 1 before 26 Jan 2022). Leave it "
                  "empty for pass/fail results.",
    )

    class Meta:
        formfield_callback = core_forms.formfield
        model = ExamAttempt
        fields = ["exam", "eligibility_start", "eligibility_end", "scheduled_date",
                  "test_date", "result_date", "outcome", "score"]
        widgets = _dates("eligibility_start", "eligibility_end", "scheduled_date", "test_date",
                         "result_date")
        labels = {"eligibility_start": "eligibility period starts",
                  "eligibility_end": "eligibility period ends"}
        help_texts = {
            "outcome": "For Step 2 CK and Step 3 you may leave this empty: with a score and a "
                       "test date we work it out from the pass mark in force on that date.",
            "scheduled_date": "The test date on your scheduling permit, before you sit it.",
        }
        error_messages = {"exam": {"required": "Choose the exam."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attempt = self.instance
        if attempt.pk and attempt.outcome_derived:
            # Shown empty, as the applicant left it: saving again keeps it worked out.
            self.initial["outcome"] = ""
            if attempt.outcome:
                self.fields["outcome"].help_text = (
                    f"Now worked out from your score: {attempt.get_outcome_display()}. "
                    + self.fields["outcome"].help_text)


def _oet_score_field(label: str) -> forms.IntegerField:
    message = "OET sub-test scores run from 0 to 500."
    return core_forms.IntegerField(
        label=label, required=False, min_value=0, max_value=500, step_size=10,
        error_messages={"min_value": message, "max_value": message,
                        "step_size": "OET scores go in steps of 10 (e.g. 350)."},
    )


class OetSittingForm(forms.ModelForm):
    listening = _oet_score_field("Listening")
    reading = _oet_score_field("Reading")
    writing = _oet_score_field("Writing")
    speaking = _oet_score_field("Speaking")

    class Meta:
        formfield_callback = core_forms.formfield
        model = OetSitting
        fields = ["test_date", "result_date", "listening", "reading", "writing", "speaking"]
        widgets = _dates("test_date", "result_date")
        error_messages = {"test_date": {"required": "Enter the date of the sitting."}}


class PathwayApplicationForm(forms.ModelForm):
    class Meta:
        formfield_callback = core_forms.formfield
        model = PathwayApplication
        fields = ["pathway", "season", "status", "submitted_on", "decided_on", "valid_through",
                  "decision_reason", "evidence_notes"]
        widgets = {
            **_dates("submitted_on", "decided_on", "valid_through"),
            "decision_reason": forms.Textarea(attrs={"rows": 2}),
            "evidence_notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"season": "Match season", "valid_through": "acceptance valid through"}
        help_texts = {
            "season": "The year of the Match (March) this application is for, e.g. 2027.",
            "evidence_notes": "What you have gathered and what is still missing.",
        }
        error_messages = {"pathway": {"required": "Choose the pathway."},
                          "season": {"required": "Enter the Match season."}}

    def clean_season(self) -> int:
        season = self.cleaned_data["season"]
        if not 2021 <= season <= 2100:
            raise forms.ValidationError("Pathways began with the 2021 Match: enter a season "
                                        "from 2021 on.")
        return season


class MccAttemptForm(forms.ModelForm):
    class Meta:
        formfield_callback = core_forms.formfield
        model = MccAttempt
        fields = ["exam", "test_date", "outcome", "result_date"]
        widgets = _dates("test_date", "result_date")
        labels = {"test_date": "exam date", "outcome": "result"}
        help_texts = {
            "outcome": "As on your statement of results. A No Standing is not counted as an "
                       "attempt; a Denied Standing is.",
        }
        error_messages = {"exam": {"required": "Choose the exam."},
                          "test_date": {"required": "Enter the exam date."}}
