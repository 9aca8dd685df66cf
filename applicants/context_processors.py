from django.urls import reverse


def navigation(request) -> dict:
    """The links each role sees in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        items = [("Sign in", "account_login"), ("Create account", "account_signup")]
    elif user.is_staff:
        items = [("Admin", "admin:index"), ("Account", "account_email")]
    elif user.is_advisor:
        items = [("Caseload", "applicants:advisor-home"), ("Account", "account_email")]
    else:
        items = [("Dashboard", "applicants:dashboard"), ("Checklist", "certification:checklist"),
                 ("ECFMG file", "certification:ecfmg"), ("Exams", "certification:exams"),
                 ("Documents", "certification:documents"), ("Match", "residency:match"),
                 ("Programs", "residency:programs"),
                 ("Profile", "applicants:status"),
                 ("Account", "account_email")]
    nav = [
        {"label": label, "url": reverse(name), "current": request.path == reverse(name)}
        for label, name in items
    ]
    return {"nav_items": nav}
