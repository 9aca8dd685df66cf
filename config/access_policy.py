"""Who may use each URL: one entry per fully qualified URL name.

Every new URL name must be added to POLICY when its page is added; the test
tests/test_access_policy.py walks the URL resolver, fails for any named route
without an entry (and for entries that match no route), then visits each route
as every role of tests/routes.ROLES (anonymous, two applicants, an advisor
without MFA, an advisor elsewhere, applicant A's advisor, a content editor,
staff), and checks the outcome each level promises.

Levels:
    PUBLIC           anyone, signed in or not (sign-in and sign-up pages may send
                     signed-in users elsewhere).
    AUTHENTICATED    any signed-in user, whatever their role: allauth's account
                     pages (email, password change, MFA set-up). Anonymous
                     visitors are sent to sign in.
    APPLICANT_OWNER  a signed-in applicant, who sees only their own data.
                     Advisors and staff own no applicant profile: 403 or 404.
    ADVISOR          a signed-in advisor who has set up MFA. Staff are not
                     advisors and are refused like applicants.
    ADVISOR_CASE     an advisor page about one applicant's file (or document): only an
                     advisor whose caseload holds that applicant (by consent, assigned
                     to them, or as the organisation's lead); any other advisor gets
                     404, applicants and staff are refused. The walk visits applicant A's
                     file as A's advisor (allowed) and as an advisor elsewhere (404);
                     tests/road/test_advisor_permissions.py checks the whole matrix with
                     organisations and consents. `ADVISOR_CASE_LEAD`: the same, and among
                     the case's advisors only the organisation's lead (403 to the others).
    LEAD             an advisor who leads an organisation (its team and invitations);
                     other advisors get 403.
    STAFF            staff (the Django admin), with MFA set up. Content editors (staff in
                     the "Content editors" group, road migration 0001) are let in only to
                     the admin's own pages and those of the models that group edits; every
                     other STAFF page (applicants' data) answers them 403 or 404.

Routes about one applicant's record use e.g. `APPLICANT_OWNER.of("ExamAttemptFactory")`:
the test makes that record for one applicant, who must get 200, while the other applicant
must get 404 (never trust an id from the URL).

Routes about one public directory record (a residency program: every applicant may see
every one) use e.g. `APPLICANT_OWNER.for_record("ProgramFactory")`: the test makes the record
(no applicant) and puts its pk in the URL, so both applicants must get 200.

Routes that take arguments give sample kwargs (syntactically valid dummy
values) so the test can reverse them. A "namespace:*" key covers every name in
that namespace (the admin has dozens); its kwargs are offered to every route
there, each route taking the ones it needs.
"""

from dataclasses import dataclass, field, replace
from enum import Enum


class Level(Enum):
    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    APPLICANT_OWNER = "applicant-owner"
    ADVISOR = "advisor"
    ADVISOR_CASE = "advisor-case"
    LEAD = "lead"
    STAFF = "staff"


@dataclass(frozen=True)
class Access:
    level: Level
    sample_kwargs: dict[str, str] = field(default_factory=dict)
    # For routes about one applicant's record (a `pk` in the URL): the name of a factory in
    # tests/factories.py, called with applicant=...; the test makes the record for one
    # applicant and checks that the other applicant gets 404 for it.
    owned: str = ""
    # For routes about one public directory record: a factory called without arguments.
    record: str = ""
    # ADVISOR_CASE pages only the organisation's lead may use among the case's advisors.
    lead: bool = False

    def with_kwargs(self, **kwargs: str) -> "Access":
        return replace(self, sample_kwargs=kwargs)

    def of(self, factory: str) -> "Access":
        """This level, for a record made by `factory` (its pk fills the URL's `pk`)."""
        return replace(self, sample_kwargs={**self.sample_kwargs, "pk": "0"}, owned=factory)

    def for_record(self, factory: str) -> "Access":
        """This level, for a public record made by `factory` (its pk fills the URL's `pk`)."""
        return replace(self, sample_kwargs={**self.sample_kwargs, "pk": "0"}, record=factory)


# URL names whose view is exempt from CSRF, each with the reason (tests/reminders checks
# that no other view is). Only a signed token in the URL may stand in for CSRF protection.
CSRF_EXEMPT: dict[str, str] = {
    "applicants:unsubscribe": "RFC 8058 one-click: a mail client POSTs with no session; "
                              "the signed token in the URL is the protection",
}

PUBLIC = Access(Level.PUBLIC)
AUTHENTICATED = Access(Level.AUTHENTICATED)
APPLICANT_OWNER = Access(Level.APPLICANT_OWNER)
ADVISOR = Access(Level.ADVISOR)
ADVISOR_CASE = Access(Level.ADVISOR_CASE, {"pk": "1", "doc": "1"})
ADVISOR_CASE_LEAD = replace(ADVISOR_CASE, lead=True)
LEAD = Access(Level.LEAD)
STAFF = Access(Level.STAFF)

POLICY: dict[str, Access] = {
    # Project pages.
    "home": PUBLIC,
    "healthz": PUBLIC,
    "applicants:onboarding": APPLICANT_OWNER,
    "applicants:status": APPLICANT_OWNER,
    "road:dashboard": APPLICANT_OWNER,
    "road:report": APPLICANT_OWNER,
    "road:canada": APPLICANT_OWNER,
    "applicants:profile": APPLICANT_OWNER,
    "applicants:advisor-home": ADVISOR,
    # Sharing a file with an advising organisation (issue 12).
    "applicants:sharing": APPLICANT_OWNER,
    "applicants:sharing-revoke": APPLICANT_OWNER.of("ConsentFactory"),
    "applicants:records-access": APPLICANT_OWNER,
    # An invitation link: applicants consent there, advisors join a team; unknown code: 404.
    "applicants:invitation": AUTHENTICATED.with_kwargs(code="not-a-code"),
    "applicants:team": LEAD,
    "applicants:invitation-withdraw": LEAD.with_kwargs(pk="1"),
    "road:caseload": ADVISOR,
    "road:caseload-export": ADVISOR,
    "road:caseload-filter-save": ADVISOR,
    "road:caseload-filter-delete": ADVISOR.with_kwargs(pk="1"),
    "road:advisor-file": ADVISOR_CASE,
    "road:advisor-note": ADVISOR_CASE,
    "road:advisor-assign": ADVISOR_CASE_LEAD,
    "road:advisor-document": ADVISOR_CASE,
    "road:advisor-document-download": ADVISOR_CASE,
    "applicants:notifications": APPLICANT_OWNER,
    # Privacy: what we hold (a summary), the download of all of it, erasing the account.
    "applicants:my-data": APPLICANT_OWNER,
    "applicants:my-data-export": APPLICANT_OWNER,
    "applicants:deadlines": APPLICANT_OWNER,
    "applicants:deadline-snooze": APPLICANT_OWNER.of("DeadlineFactory"),
    "applicants:deadline-done": APPLICANT_OWNER.of("DeadlineFactory"),
    "applicants:reminder-settings": APPLICANT_OWNER,
    "applicants:calendar-regenerate": APPLICANT_OWNER,
    # The secret calendar address: calendar apps cannot sign in; an unknown token is 404.
    "applicants:calendar-feed": PUBLIC.with_kwargs(token="not-a-current-token"),
    # One-click unsubscribe from a reminder email (RFC 8058): the signed token is the key.
    "applicants:unsubscribe": PUBLIC.with_kwargs(token="bad-token"),
    "applicants:help-index": PUBLIC,
    "applicants:help-page": PUBLIC.with_kwargs(slug="what-we-do"),
    "certification:checklist": APPLICANT_OWNER,
    # The school directory's search-as-you-type (profile form): any signed-in user.
    "directory:school-search": AUTHENTICATED,
    "certification:documents": APPLICANT_OWNER,
    "certification:document-upload": APPLICANT_OWNER,
    "certification:document-detail": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-download": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-send": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-resubmit": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-answer": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-delete": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-edit": APPLICANT_OWNER.of("CredentialDocumentFactory"),
    "certification:document-review": STAFF.of("CredentialDocumentFactory"),
    "certification:document-review-file": STAFF.of("CredentialDocumentFactory"),
    # The applicant's own records: ECFMG file, exams, OET, pathways.
    "certification:ecfmg": APPLICANT_OWNER,
    "certification:exams": APPLICANT_OWNER,
    "certification:exam-add": APPLICANT_OWNER,
    "certification:exam-edit": APPLICANT_OWNER.of("ExamAttemptFactory"),
    "certification:exam-delete": APPLICANT_OWNER.of("ExamAttemptFactory"),
    "certification:mcc-exams": APPLICANT_OWNER,
    "certification:mcc-exam-add": APPLICANT_OWNER,
    "certification:mcc-exam-edit": APPLICANT_OWNER.of("MccAttemptFactory"),
    "certification:mcc-exam-delete": APPLICANT_OWNER.of("MccAttemptFactory"),
    "certification:oet": APPLICANT_OWNER,
    "certification:oet-add": APPLICANT_OWNER,
    "certification:oet-edit": APPLICANT_OWNER.of("OetSittingFactory"),
    "certification:oet-delete": APPLICANT_OWNER.of("OetSittingFactory"),
    "certification:pathways": APPLICANT_OWNER,
    "certification:pathway-add": APPLICANT_OWNER,
    "certification:pathway-edit": APPLICANT_OWNER.of("PathwayApplicationFactory"),
    "certification:pathway-delete": APPLICANT_OWNER.of("PathwayApplicationFactory"),
    # The residency program directory: programs are public to applicants; saved programs
    # and the comparison are the applicant's own.
    "residency:programs": APPLICANT_OWNER,
    "residency:program-detail": APPLICANT_OWNER.for_record("ProgramFactory"),
    "residency:program-save": APPLICANT_OWNER.for_record("ProgramFactory"),
    "residency:program-unsave": APPLICANT_OWNER.for_record("ProgramFactory"),
    "residency:saved": APPLICANT_OWNER,
    "residency:saved-deadline": APPLICANT_OWNER.of("SavedProgramFactory"),
    "residency:compare": APPLICANT_OWNER,
    # The applicant's Match: eligibility, registration (per season, no pk), applications.
    "residency:match": APPLICANT_OWNER,
    "residency:licensure": APPLICANT_OWNER,
    "residency:registration": APPLICANT_OWNER,
    "residency:applications": APPLICANT_OWNER,
    "residency:application-add": APPLICANT_OWNER,
    "residency:application-edit": APPLICANT_OWNER.of("ResidencyApplicationFactory"),
    "residency:application-delete": APPLICANT_OWNER.of("ResidencyApplicationFactory"),
    "residency:what-if": APPLICANT_OWNER,
    # allauth: signing in, signing up, recovering an account.
    "account_login": PUBLIC,
    "account_logout": PUBLIC,  # GET shows a confirmation; signing out needs a POST.
    "account_signup": PUBLIC,
    "account_inactive": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC.with_kwargs(key="MQ:1tZx9a:dummy-confirmation-key"),
    "account_confirm_login_code": PUBLIC,  # Part of a pending sign-in; else back to sign-in.
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC.with_kwargs(uidb36="1a", key="set-dummy-key"),
    "account_reset_password_from_key_done": PUBLIC,
    "mfa_authenticate": PUBLIC,  # The second step of a pending sign-in; else back to sign-in.
    # allauth: the signed-in user's own account and security settings.
    "account_reauthenticate": AUTHENTICATED,
    "account_email": AUTHENTICATED,
    "account_change_password": AUTHENTICATED,
    "account_set_password": AUTHENTICATED,
    "mfa_index": AUTHENTICATED,
    "mfa_reauthenticate": AUTHENTICATED,
    "mfa_activate_totp": AUTHENTICATED,
    "mfa_deactivate_totp": AUTHENTICATED,
    "mfa_view_recovery_codes": AUTHENTICATED,
    "mfa_generate_recovery_codes": AUTHENTICATED,
    "mfa_download_recovery_codes": AUTHENTICATED,
    # allauth.usersessions: my signed-in sessions, with "sign out the other sessions".
    "usersessions_list": AUTHENTICATED,
    # The Django admin: every page, staff only. Dummy ids for object pages.
    "admin:*": STAFF.with_kwargs(
        object_id="1", id="1", content_type_id="1", app_label="applicants"
    ),
}


def access_for(name: str) -> Access | None:
    """The entry for a fully qualified URL name: its own, else its namespace's "ns:*"."""
    if name in POLICY:
        return POLICY[name]
    namespace, _, _ = name.rpartition(":")
    return POLICY.get(f"{namespace}:*") if namespace else None
