from django import forms


class FollowedStatesForm(forms.Form):
    """The states whose Step 3 date the applicant wants to see, among those on record."""

    states = forms.MultipleChoiceField(
        label="States you want to follow", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="We show the date by which you must pass Step 3 in each state you pick.")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states"].choices = list(choices)
