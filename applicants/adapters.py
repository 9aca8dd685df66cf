from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Applicants without a profile start with onboarding; everyone else goes home."""
        user = request.user
        if user.is_applicant and not hasattr(user, "applicant"):
            return reverse("applicants:onboarding")
        return super().get_login_redirect_url(request)
