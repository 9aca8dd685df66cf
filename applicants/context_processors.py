from functools import cache

from django.urls import reverse

NAV = {
    "anonymous": [("Sign in", "account_login"), ("Create account", "account_signup")],
    "staff": [("Admin", "admin:index"), ("Account", "account_email")],
    "advisor": [("Caseload", "road:caseload"), ("Account", "account_email")],
    "applicant": [
        ("Dashboard", "road:dashboard"), ("Deadlines", "applicants:deadlines"),
        ("Checklist", "certification:checklist"),
        ("ECFMG file", "certification:ecfmg"), ("Exams", "certification:exams"),
        ("Documents", "certification:documents"), ("Match", "residency:match"),
        ("Programs", "residency:programs"), ("Canada", "road:canada"),
        ("Licensure", "residency:licensure"), ("Profile", "applicants:status"),
        ("Sharing", "applicants:sharing"),
        ("Account", "account_email"),
    ],
}


@cache
def _links(role: str) -> tuple[tuple[str, str], ...]:
    """(label, url) per role, reversed once per process: the URLconf does not change."""
    return tuple((label, reverse(name)) for label, name in NAV[role])


def _role(user) -> str:
    if user is None or not user.is_authenticated:
        return "anonymous"
    if user.is_staff:
        return "staff"
    return "advisor" if user.is_advisor else "applicant"


def navigation(request) -> dict:
    """The links each role sees in the header."""
    links = _links(_role(getattr(request, "user", None)))
    return {"nav_items": [{"label": label, "url": url, "current": request.path == url}
                          for label, url in links]}
