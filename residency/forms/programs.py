"""The directory's search form (GET, so a search is a link to share) and the compare picker."""

from django import forms

from core import clock
from core import forms as core_forms

from ..models import SavedProgram, Specialty
from ..states import STATE_CHOICES

ANY = [("", "Any")]
VISAS = [("j1", "J-1"), ("h1b", "H-1B")]
SORTS = [("", "Best match to the search, then specialty and state"), ("name", "Name"),
         ("state", "State"),
         ("img_share", "Share of IMG residents, highest first"),
         ("fit", "Your fit, eligible first")]
COMPARE_LIMIT = 4
MAX_IDS = 50  # enough to say "too many"; a longer list is not worth reading


class ProgramFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100,
                        help_text="Words from the program, institution, city or state, or "
                                  "the NRMP code; a small misspelling still finds it.",
                        widget=forms.TextInput(attrs={"type": "search"}))
    # The selects' options are drawn in Python by the form renderer (core.form_renderer):
    # Django's two templates per option cost the directory's page more than its search.
    specialty = forms.ChoiceField(choices=ANY + Specialty.choices, required=False)
    state = forms.ChoiceField(choices=ANY + STATE_CHOICES, required=False)
    visa = forms.MultipleChoiceField(
        label="Sponsors the visa", choices=VISAS, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick one or both: programs that sponsor any of them.")
    min_img_share = forms.IntegerField(
        label="At least this share of IMG residents (%)", required=False, min_value=0,
        max_value=100)
    years_since_graduation = forms.IntegerField(
        label="Years since you graduated", required=False, min_value=0, max_value=60,
        help_text="Hides programs that take only more recent graduates.")
    step2ck = forms.IntegerField(
        label="Your Step 2 CK score", required=False, min_value=1, max_value=300,
        help_text="Hides programs that ask for a higher minimum.")
    attempts = forms.IntegerField(
        label="Most attempts you needed for one Step", required=False, min_value=1,
        max_value=6, help_text="Hides programs that allow fewer attempts.")
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)
    eligible = forms.BooleanField(
        label="Only programs I am eligible for", required=False,
        help_text="Hides programs whose hard cut-offs you are known to miss; programs whose "
                  "requirements are not recorded stay, marked unknown.")

    def filters(self) -> dict:
        """The valid filters; a bad value (an edited link) is dropped and shown as an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        empty = {"eligible": False, "visa": []}
        return {name: data.get(name) if data.get(name) not in (None, "") else
                empty.get(name, "") for name in self.fields}


def compare_ids(values: list[str]) -> list[int]:
    """Program ids from ?ids=1,2,3 or repeated ?ids=1&ids=2, in order, once each."""
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            # at most 9 digits: a larger number is nobody's id and would overflow the column
            if part.isdecimal() and len(part) <= 9 and int(part) not in ids:
                ids.append(int(part))
    return ids[:MAX_IDS]


class ApplicationDeadlineForm(forms.ModelForm):
    """The application deadline of one saved program, from the program's own page."""

    class Meta:
        model = SavedProgram
        fields = ["apply_by"]
        formfield_callback = core_forms.formfield
        widgets = {"apply_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"apply_by": "Application deadline"}
        help_texts = {"apply_by": "The last day the program takes applications, as its own "
                                  "page states it. Leave it empty to stop the reminders."}

    def clean_apply_by(self):
        on = self.cleaned_data["apply_by"]
        # A date already passed is refused unless it is the one on record (saving it again).
        if on and on != self.instance.apply_by and on < clock.today():
            raise forms.ValidationError("Choose today or a later date: a deadline that has "
                                        "passed needs no reminder.")
        return on
