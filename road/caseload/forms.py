from django import forms

from certification.models import DocumentReview


class AdvisorReviewForm(forms.Form):
    verdict = forms.ChoiceField(label="Your review", choices=DocumentReview.Verdict.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label="What needs to change (the applicant reads this)",
                             required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if (data.get("verdict") == DocumentReview.Verdict.NEEDS_CHANGES
                and not data.get("reason", "").strip()):
            self.add_error("reason", "Say what needs to change: the applicant reads this.")
        return data
