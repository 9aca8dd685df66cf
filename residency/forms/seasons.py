from django import forms

from ..models import SEASON_KEYS, MatchSeason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConfirmDateForm(forms.Form):
    key = forms.ChoiceField(label="Date", choices=[
        (key, MatchSeason._meta.get_field(key).verbose_name.capitalize()) for key in SEASON_KEYS])
    on = forms.DateField(label="Is on", widget=DATE)
    provenance = forms.ChoiceField(label="Confirmed by", choices=[
        ("verified", "An official source"), ("third_party", "A third-party source")])
    source = forms.CharField(max_length=300, help_text="Where you saw the date, e.g. 'NRMP "
                             "Main Residency Match calendar'.")
    source_url = forms.URLField(label="Source link", max_length=300, required=False,
                                assume_scheme="https")
    checked_on = forms.DateField(label="Checked on", widget=DATE)
