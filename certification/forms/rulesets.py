"""Admin forms for rule set versions: publish (now or on a date), preview, confirm a value."""

from django import forms

from ..models import Requirement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PublishForm(forms.Form):
    NOW, SCHEDULE, PREVIEW = "now", "schedule", "preview"
    effective_from = forms.DateField(
        label="Effective from", widget=DATE,
        help_text="The first day the set judges applicants. The set in force that day ends "
                  "the day before.")
    action = forms.ChoiceField(choices=[
        (PREVIEW, "Preview who is affected"),
        (NOW, "Publish now, from that date"),
        (SCHEDULE, "Publish on that date (checked hourly)"),
    ], widget=forms.RadioSelect, initial=PREVIEW)


class ConfirmValueForm(forms.Form):
    provenance = forms.ChoiceField(choices=[
        (Requirement.Provenance.VERIFIED, Requirement.Provenance.VERIFIED.label),
        (Requirement.Provenance.THIRD_PARTY, Requirement.Provenance.THIRD_PARTY.label),
    ])
    source = forms.CharField(max_length=300, help_text="Where the value was confirmed, in "
                             "words an applicant understands (e.g. 'ECFMG 2028 Information "
                             "Booklet').")
    source_url = forms.URLField(label="Source link", max_length=300, required=False,
                                assume_scheme="https")
    checked_on = forms.DateField(label="Checked on", widget=DATE)
