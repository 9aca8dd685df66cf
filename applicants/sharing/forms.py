from django import forms

from ..models import User


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label="I agree to share what is listed above with this organisation until I stop "
              "sharing.",
        error_messages={"required": "Tick the box to agree, or leave this page: nothing is "
                                    "shared without it."})


class CodeForm(forms.Form):
    code = forms.CharField(label="Invitation code", max_length=20,
                           help_text="The code your IMG office or advisor gave you.")


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note first.",
                        "max_length": "Keep the note to %(limit_value)s characters at most "
                                      "(it has %(show_value)s)."})
    shared = forms.BooleanField(label="Share with the applicant (they see it and are told)",
                                required=False)


class InviteAdvisorForm(forms.Form):
    email = forms.EmailField(label="Advisor's email address")


def advisor_field(organisation, *, label: str, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, required=required, empty_label="Nobody yet" if not required else None,
        queryset=User.objects.filter(memberships__organisation=organisation).order_by("email"))


class AssignForm(forms.Form):
    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"] = advisor_field(organisation, label="Advisor", required=False)


class ApplicantInvitationForm(AssignForm):
    pass
