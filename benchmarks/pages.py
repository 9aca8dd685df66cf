"""The pages measured under load: (figure name, path, logged in as the demo applicant)."""

PAGES: list[tuple[str, str, bool]] = [
    ("landing_rps", "/", False),
    ("status_page_rps", "/me/", True),
    ("bare_page_rps", "/me/profile/", True),
]

# Ratios printed after the page figures: (figure name, numerator, denominator).
RATIOS: list[tuple[str, str, str]] = [
    ("status_to_bare_ratio", "status_page_rps", "bare_page_rps"),
]
