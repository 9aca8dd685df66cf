from django import forms

from core import clock


class OwnDeadlineForm(forms.Form):
    title = forms.CharField(max_length=200)
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < clock.today():
            raise forms.ValidationError("Choose today or a later date.")
        return on


class SnoozeForm(forms.Form):
    days = forms.TypedChoiceField(choices=[(1, "1 day"), (3, "3 days"), (7, "1 week")],
                                  coerce=int)
