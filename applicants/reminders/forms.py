from django import forms

from core import clock
from core import forms as core_forms


class OwnDeadlineForm(forms.Form):
    title = forms.CharField(max_length=200)
    on = core_forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < clock.today():
            raise forms.ValidationError("Choose today or a later date.")
        return on


class SnoozeForm(forms.Form):
    days = forms.TypedChoiceField(choices=[(1, "1 day"), (3, "3 days"), (7, "1 week")],
                                  coerce=int)


def _kinds():
    from ..models import Deadline  # noqa: PLC0415

    return Deadline.Kind.choices


class PreferencesForm(forms.Form):
    offsets = forms.CharField(
        label="Remind me this many days before", initial="30, 7, 1",
        help_text="Up to five numbers of days, separated by commas, e.g. 30, 7, 1.")
    email = forms.BooleanField(label="Send reminders by email", required=False)
    email_kinds = forms.MultipleChoiceField(
        label="Email me about", required=False, widget=forms.CheckboxSelectMultiple,
        choices=_kinds)
    weekly_digest = forms.BooleanField(
        label="One weekly email (Mondays, at the hour below) with the reminders of the week, "
              "instead of one email per reminder",
        required=False)
    hour = forms.TypedChoiceField(
        label="Send at (your time)", coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)])

    def clean_offsets(self):
        parts = [p.strip() for p in self.cleaned_data["offsets"].split(",") if p.strip()]
        if not parts or len(parts) > 5 or not all(p.isdigit() for p in parts):
            raise forms.ValidationError("Write one to five whole numbers, e.g. 30, 7, 1.")
        days = sorted({int(p) for p in parts}, reverse=True)
        if days[0] > 365:
            raise forms.ValidationError("Choose at most 365 days before.")
        return days
