"""IMG category table from shared/domain/RULES.md §4."""

from datetime import date

import pytest

from applicants.rules import Category, classify

US, CA, IN, NG, GB = "US", "CA", "IN", "NG", "GB"

CASES = [
    # school country, accreditation, graduation, citizenships, green card -> category, ECFMG, visa
    (US, "LCME", date(2020, 5, 20), {US}, False, Category.USMG, False, False),
    (US, "COCA", date(2024, 5, 20), {IN}, False, Category.USMG, False, True),
    (US, "NONE", date(2024, 5, 20), {US}, False, Category.INELIGIBLE, None, False),
    (US, "CACMS", date(2024, 5, 20), {US}, False, Category.INELIGIBLE, None, False),
    (CA, "CACMS", date(2019, 6, 1), {CA}, False, Category.CMG, False, True),
    (CA, "LCME", date(2010, 6, 1), {CA}, False, Category.CMG, False, True),
    (CA, "CACMS", date(2025, 6, 30), {CA}, False, Category.CMG, False, True),  # last day
    (CA, "CACMS", date(2025, 7, 1), {CA}, False, Category.CMG_IMG, True, True),  # first day
    (CA, "CACMS", date(2026, 5, 28), {CA, US}, False, Category.CMG_IMG, True, False),
    (CA, "NONE", date(2020, 6, 1), {CA}, False, Category.INELIGIBLE, None, True),
    (IN, "", date(2018, 3, 1), {US}, False, Category.US_IMG, True, False),
    (GB, "", date(2022, 7, 1), {GB, US}, False, Category.US_IMG, True, False),
    (IN, "", date(2018, 3, 1), {IN}, False, Category.NON_US_IMG, True, True),
    (NG, "", date(2021, 11, 1), {NG}, True, Category.NON_US_IMG, True, False),  # green card
    (NG, "", date(2021, 11, 1), {NG, CA}, False, Category.NON_US_IMG, True, True),
    (GB, "LCME", date(2021, 11, 1), {GB}, False, Category.NON_US_IMG, True, True),  # ignored
]


@pytest.mark.parametrize(
    "country,accreditation,graduated,citizenships,green_card,category,ecfmg,visa", CASES
)
def test_category_table(country, accreditation, graduated, citizenships, green_card,
                        category, ecfmg, visa):
    result = classify(
        school_country=country, accreditation=accreditation, graduation_date=graduated,
        citizenships=frozenset(citizenships), us_permanent_resident=green_card,
    )
    assert (result.category, result.ecfmg_required, result.visa_needed) == (category, ecfmg, visa)


def test_img_status_depends_on_school_not_citizenship():
    kwargs = dict(school_country="IN", accreditation="", graduation_date=date(2020, 1, 1),
                  us_permanent_resident=False)
    us = classify(citizenships=frozenset({"US"}), **kwargs)
    other = classify(citizenships=frozenset({"IN"}), **kwargs)
    assert us.is_img and other.is_img
    assert us.ecfmg_required and other.ecfmg_required


def test_canadian_date_rule_is_flagged_for_confirmation():
    result = classify(school_country="CA", accreditation="CACMS",
                      graduation_date=date(2026, 6, 1), citizenships=frozenset({"CA"}),
                      us_permanent_resident=False)
    assert result.needs_confirmation
    assert "30 June 2025" in result.explanation


@pytest.mark.parametrize("category", list(Category))
def test_every_explanation_is_two_sentences(category):
    samples = {
        Category.USMG: ("US", "LCME", date(2020, 1, 1), {"US"}, False),
        Category.CMG: ("CA", "CACMS", date(2020, 1, 1), {"CA"}, False),
        Category.CMG_IMG: ("CA", "CACMS", date(2026, 1, 1), {"CA"}, False),
        Category.US_IMG: ("IN", "", date(2020, 1, 1), {"US"}, False),
        Category.NON_US_IMG: ("IN", "", date(2020, 1, 1), {"IN"}, True),
        Category.INELIGIBLE: ("US", "NONE", date(2020, 1, 1), {"US"}, False),
    }
    country, accreditation, graduated, citizenships, gc = samples[category]
    result = classify(school_country=country, accreditation=accreditation,
                      graduation_date=graduated, citizenships=frozenset(citizenships),
                      us_permanent_resident=gc)
    assert result.category == category
    assert result.explanation.count(". ") + 1 == 2
    assert result.explanation.endswith(".")
