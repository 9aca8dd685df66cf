"""The pages the whole-site browser checks walk (accessibility, layout at phone size)."""

# Every page an applicant reaches without an id, by URL name.
APPLICANT_PAGES = [
    "road:dashboard", "road:report", "applicants:status", "applicants:profile",
    "certification:checklist", "certification:ecfmg", "certification:documents",
    "certification:document-upload", "certification:exams", "certification:exam-add",
    "certification:oet", "certification:oet-add", "certification:pathways",
    "certification:pathway-add", "residency:programs", "residency:saved", "residency:compare",
    "residency:match", "residency:registration", "residency:applications",
    "residency:application-add", "residency:what-if", "applicants:notifications",
    "applicants:deadlines", "applicants:reminder-settings", "road:canada",
    "certification:mcc-exams", "certification:mcc-exam-add", "residency:licensure",
    "applicants:sharing", "applicants:records-access", "applicants:my-data",
    "usersessions_list",
]
# Every advisor page (a lead, so the team and assignment pages are theirs too).
ADVISOR_PAGES = ["road:caseload", "applicants:team"]
ADVISOR_CASE_PAGES = ["road:advisor-file", "road:advisor-assign"]
PUBLIC_PAGES = ["home", "account_login", "account_signup", "account_reset_password",
                "applicants:help-index"]
# Every help page seeded (applicants/help_seed): they are Markdown an editor writes.
HELP_PAGES = ["who-counts-as-an-img", "steps-to-the-certificate", "pathways-and-oet",
              "match-calendar", "visas", "what-we-do"]
# allauth's pages in our templates, by the state they need: signed in (two-factor off), then
# with two-factor on (after the password again), then mid-sign-in (the code step); and the
# public ones, with a key that no longer works where a key is needed.
ACCOUNT_PAGES = ["mfa_index", "mfa_activate_totp", "account_reauthenticate", "account_email",
                 "account_change_password"]
MFA_ON_PAGES = ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes",
                "mfa_deactivate_totp", "mfa_reauthenticate"]
MFA_SIGN_IN_PAGE = "mfa_authenticate"
PUBLIC_ACCOUNT_PAGES = [
    ("account_reset_password_done", {}), ("account_reset_password_from_key_done", {}),
    ("account_email_verification_sent", {}),
    ("account_reset_password_from_key", {"uidb36": "1a", "key": "set-dummy-key"}),
    ("account_confirm_email", {"key": "MQ:1tZx9a:dummy-confirmation-key"})]
