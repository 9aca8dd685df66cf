from django import forms
from django.conf import settings

from core.forms import DateField
from directory.models import MedicalSchool

from ..models import CredentialDocument, DocumentReview

Type, State = CredentialDocument.Type, CredentialDocument.State
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _file_field() -> forms.FileField:
    # Empty files pass here so the content check refuses them with the file's name.
    return forms.FileField(
        label="File", allow_empty_file=True,
        error_messages={"required": "Choose a file to upload."},
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


def _describe_limit(form: forms.Form) -> None:
    limit = round(settings.DOCUMENT_MAX_BYTES / (1024 * 1024), 1)
    form.fields["file"].help_text = f"PDF, JPEG or PNG, up to {limit:g} MB."


class DocumentUploadForm(forms.Form):
    type = forms.ChoiceField(label="What is it?", choices=[("", "Choose…"), *Type.choices])
    title = forms.CharField(
        max_length=200, required=False,
        help_text="Optional: a name that tells this one apart, e.g. “Diploma, Spanish original”.",
    )
    file = _file_field()
    credit_years = forms.DecimalField(
        label="Years of medical school this transcript covers", required=False,
        max_digits=3, decimal_places=1, min_value=0, max_value=10,
    )
    granting_school = forms.ModelChoiceField(
        label="School that granted these credits", queryset=MedicalSchool.objects.all(),
        required=False, empty_label="My own medical school",
    )
    transferred = forms.BooleanField(
        label="These credits were transferred into the school that granted my degree",
        required=False,
    )

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_limit(self)
        self.fields["granting_school"].initial = applicant.school_id

    def clean(self):
        data = super().clean()
        transcript = data.get("type") == Type.FINAL_TRANSCRIPT
        if transcript and data.get("credit_years") is None:
            self.add_error("credit_years", "Enter how many years of medical school this "
                                           "transcript covers, e.g. 4 or 4.5.")
        if not transcript and data.get("credit_years") is not None:
            self.add_error("credit_years", "Years of credit go with a final transcript: "
                                           "choose “Final transcript” or leave this empty.")
        return data


class ReplacementForm(forms.Form):
    file = _file_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe_limit(self)


class EcfmgAnswerForm(forms.Form):
    """What ECFMG answered about a document the applicant sent: verified, or rejected with
    ECFMG's reason, and the date of the answer."""

    answer = forms.ChoiceField(
        label="ECFMG's answer", widget=forms.RadioSelect,
        choices=[(State.VERIFIED, "Verified"), (State.REJECTED, "Rejected")],
    )
    answered_on = DateField(
        label="Date of ECFMG's answer",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date on ECFMG's email or on the document's status in MyIntealth.",
    )
    reason = forms.CharField(
        label="Reason ECFMG gave", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only when rejected: copy ECFMG's reason, so you know what to fix.",
    )


class StaffCheckForm(forms.Form):
    """IMG Path staff's check of an upload: not ECFMG's answer, which the applicant records."""

    verdict = forms.ChoiceField(
        label="Our check of the upload", widget=forms.RadioSelect,
        choices=[(DocumentReview.Verdict.LOOKS_RIGHT, "Readable, and the right document"),
                 (DocumentReview.Verdict.NEEDS_CHANGES, "Needs a new upload")],
    )
    reason = forms.CharField(
        label="What is wrong", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a new upload: the applicant reads it.",
    )


class DocumentDetailsForm(forms.Form):
    """What can change on a document already uploaded, without uploading it again: its
    name and, for a final transcript, the years of credit it covers and where from."""

    title = DocumentUploadForm.base_fields["title"]
    credit_years = DocumentUploadForm.base_fields["credit_years"]
    granting_school = DocumentUploadForm.base_fields["granting_school"]
    transferred = DocumentUploadForm.base_fields["transferred"]

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        if document.type != Type.FINAL_TRANSCRIPT:
            for name in ("credit_years", "granting_school", "transferred"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "credit_years" in self.fields and data.get("credit_years") is None \
                and "credit_years" not in self.errors:
            self.add_error("credit_years", "Enter how many years of medical school this "
                                           "transcript covers, e.g. 4 or 4.5.")
        return data
