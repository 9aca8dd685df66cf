"""The pages measured under load: (figure name, path, who is signed in).

"applicant" is the demo applicant (a handful of records); "fifty" is an applicant with 50
records of each kind (benchmarks.stack.RECORDS); "lead" leads an organisation of 10,000
applicants (benchmarks.stack.CASELOAD)."""

PAGES: list[tuple[str, str, str | None]] = [
    ("landing_rps", "/", None),
    ("bare_page_rps", "/me/", "applicant"),  # a plain signed-in page: profile summary only
    ("checklist_rps", "/certification/", "applicant"),  # the engine evaluated live
    ("profile_form_rps", "/me/profile/", "applicant"),  # the country lists, the zone list
    ("dashboard_rps", "/dashboard/", "applicant"),  # both engines, saved-program fit, timeline
    ("dashboard_50_records_rps", "/dashboard/", "fifty"),  # the same with 50 of everything
    ("caseload_rps", "/advisor/caseload/", "lead"),  # triage order, first of 200 pages
    # a flag filter plus a name search (trigram indexes)
    ("caseload_filtered_rps", "/advisor/caseload/?flag=document_stalled&q=person+01", "lead"),
]

# Ratios printed after the page figures: (figure name, numerator, denominator).
RATIOS: list[tuple[str, str, str]] = [
    ("checklist_to_bare_ratio", "checklist_rps", "bare_page_rps"),
    ("profile_form_to_bare_ratio", "profile_form_rps", "bare_page_rps"),
    ("dashboard_to_bare_ratio", "dashboard_rps", "bare_page_rps"),
    ("dashboard_50_records_to_bare_ratio", "dashboard_50_records_rps", "bare_page_rps"),
    ("caseload_to_bare_ratio", "caseload_rps", "bare_page_rps"),
    ("caseload_filtered_to_bare_ratio", "caseload_filtered_rps", "bare_page_rps"),
]
