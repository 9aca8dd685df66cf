"""Who is an International Medical Graduate, and does ECFMG certification apply?

Pure decisions over plain data (no ORM): see shared/domain/RULES.md §4. IMG status
depends on the school, never on citizenship; citizenship only splits IMGs into
US-citizen and non-US-citizen IMGs and decides whether a visa is needed.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Canadian schools stopped being LCME-accredited after this day; their later graduates
# are treated as IMGs by ECFMG/USMLE (AFMC: class of 2026 on). Third-party source.
CANADIAN_LCME_END = date(2025, 6, 30)
US_ACCREDITORS = frozenset({"LCME", "COCA"})
CANADIAN_ACCREDITORS = frozenset({"CACMS", "LCME"})


class Category(StrEnum):
    USMG = "usmg"
    CMG = "cmg"
    CMG_IMG = "cmg_img"
    US_IMG = "us_img"
    NON_US_IMG = "non_us_img"
    INELIGIBLE = "ineligible"


LABELS = {
    Category.USMG: "US medical graduate",
    Category.CMG: "Canadian medical graduate",
    Category.CMG_IMG: "Canadian graduate treated as an IMG",
    Category.US_IMG: "US-citizen IMG",
    Category.NON_US_IMG: "Non-US-citizen IMG",
    Category.INELIGIBLE: "School not eligible",
}


@dataclass(frozen=True)
class Classification:
    category: Category
    ecfmg_required: bool | None  # None: ECFMG certification is not open to this school
    visa_needed: bool
    explanation: str
    needs_confirmation: bool = False  # the rule rests on a third-party source

    @property
    def label(self) -> str:
        return LABELS[self.category]

    @property
    def is_img(self) -> bool:
        return self.category in {Category.CMG_IMG, Category.US_IMG, Category.NON_US_IMG}


def classify(
    *,
    school_country: str,
    accreditation: str,
    graduation_date: date,
    citizenships: frozenset[str],
    us_permanent_resident: bool,
) -> Classification:
    us_citizen = "US" in citizenships
    visa_needed = not (us_citizen or us_permanent_resident)
    if school_country == "US":
        return _us_school(accreditation, visa_needed)
    if school_country == "CA":
        return _canadian_school(accreditation, graduation_date, visa_needed)
    if us_citizen:
        return Classification(
            Category.US_IMG, True, False,
            "Your medical school is outside the US and Canada, so you are an International "
            "Medical Graduate and need the Standard ECFMG Certificate. As a US citizen you "
            "need no visa for residency, and the NRMP lists you as a US-citizen IMG.",
        )
    visa = (
        " Your green card means you need no visa, though the NRMP lists you as a "
        "non-US-citizen IMG." if us_permanent_resident else
        " You will also need a visa for training, usually a J-1 sponsored by ECFMG or an H-1B."
    )
    return Classification(
        Category.NON_US_IMG, True, visa_needed,
        "Your medical school is outside the US and Canada, so you are an International "
        "Medical Graduate and need the Standard ECFMG Certificate." + visa,
    )


def _us_school(accreditation: str, visa_needed: bool) -> Classification:
    if accreditation in US_ACCREDITORS:
        return Classification(
            Category.USMG, False, visa_needed,
            f"Your school is {accreditation}-accredited in the US, so you are a US medical "
            "graduate. ECFMG certification does not apply to you; you enter the Match "
            "through your school.",
        )
    return _ineligible(visa_needed)


def _canadian_school(accreditation: str, graduated: date, visa_needed: bool) -> Classification:
    if accreditation not in CANADIAN_ACCREDITORS:
        return _ineligible(visa_needed)
    if graduated <= CANADIAN_LCME_END:
        return Classification(
            Category.CMG, False, visa_needed,
            "You graduated from an accredited Canadian school while Canadian schools were "
            "LCME-accredited, so ECFMG certification does not apply to you. You apply to "
            "the Match as a Canadian graduate.",
        )
    return Classification(
        Category.CMG_IMG, True, visa_needed,
        "Canadian schools stopped being LCME-accredited after 30 June 2025, so ECFMG and "
        "USMLE treat their later graduates, you included, as International Medical Graduates. "
        "You need the Standard ECFMG Certificate before residency.",
        needs_confirmation=True,
    )


def _ineligible(visa_needed: bool) -> Classification:
    return Classification(
        Category.INELIGIBLE, None, visa_needed,
        "ECFMG does not certify graduates of US or Canadian schools, and only graduates of "
        "accredited ones (LCME or COCA in the US, CACMS in Canada) can enter residency. "
        "Check your school's accreditation before you plan further.",
    )
