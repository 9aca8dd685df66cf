"""The pages measured under load: (figure name, path, logged in as the demo applicant)."""

PAGES: list[tuple[str, str, bool]] = [
    ("landing_rps", "/", False),
    ("bare_page_rps", "/me/", True),  # a plain signed-in page: profile summary only
    ("checklist_rps", "/certification/", True),  # the engine evaluated live
    ("profile_form_rps", "/me/profile/", True),  # two country selects, ~500 options
    ("dashboard_rps", "/dashboard/", True),  # both engines, saved-program fit, timeline
]

# Ratios printed after the page figures: (figure name, numerator, denominator).
RATIOS: list[tuple[str, str, str]] = [
    ("checklist_to_bare_ratio", "checklist_rps", "bare_page_rps"),
    ("dashboard_to_bare_ratio", "dashboard_rps", "bare_page_rps"),
]
