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
