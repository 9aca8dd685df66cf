"""The directory's search form (GET, so a search is a link to share) and the compare picker."""

from django import forms

from ..models import Specialty
from ..states import STATE_CHOICES

ANY = [("", "Any")]
VISAS = [("", "Any"), ("j1", "Sponsors J-1"), ("h1b", "Sponsors H-1B")]
COMPARE_LIMIT = 4
MAX_IDS = 50  # enough to say "too many"; a longer list is not worth reading


class ProgramFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100,
                        help_text="Program, institution, city or NRMP code.",
                        widget=forms.TextInput(attrs={"type": "search"}))
    specialty = forms.ChoiceField(choices=ANY + Specialty.choices, required=False)
    state = forms.ChoiceField(choices=ANY + STATE_CHOICES, required=False)
    visa = forms.ChoiceField(label="Visa sponsorship", choices=VISAS, required=False)
    eligible = forms.BooleanField(
        label="Only programs I am eligible for", required=False,
        help_text="Hides programs whose hard cut-offs you are known to miss; programs whose "
                  "requirements are not recorded stay, marked unknown.")

    def filters(self) -> dict:
        """The valid filters; a bad value (an edited link) is dropped and shown as an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or ("" if name != "eligible" else False)
                for name in self.fields}


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
