"""What each ECFMG Pathway is for and the evidence it needs, in plain words.

Written from shared/domain/RULES.md §1 (Pathways table). Date floors change each season and
live in the rule sets, so this text names no years.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PathwayGuide:
    who: str
    evidence: str


GENERAL = (
    "Exactly one Pathway must be accepted. Before applying you need a submitted Application "
    "for ECFMG Certification and a registration for at least one USMLE Step. If you qualify "
    "for Pathway 1 you must use Pathway 1; anyone who has ever failed Step 2 CS must use "
    "Pathway 6. Every Pathway also needs an OET Medicine result from one sitting."
)

GUIDE: dict[str, PathwayGuide] = {
    "1": PathwayGuide(
        "You hold, or have held since the cut-off year ECFMG sets for the season, a licence "
        "to practise medicine without supervision, with no disciplinary action. It need not "
        "still be current.",
        "Your licence with an English translation; ECFMG confirms it with the regulator "
        "that issued it.",
    ),
    "2": PathwayGuide(
        "Your school is in a country without a recognised accrediting agency, runs a clinical "
        "skills exam (OSCE) that the regulator requires for a licence, and you passed it. "
        "You graduated recently enough for the season.",
        "An attestation from your school that you passed its OSCE.",
    ),
    "3": PathwayGuide(
        "Your school is accredited today by an agency that the World Federation for Medical "
        "Education (WFME) recognises, and you graduated recently enough for the season.",
        "An attestation of your clinical skills from your school.",
    ),
    "4": PathwayGuide(
        "Your school is accredited by an agency whose standards the US NCFMEA has found "
        "comparable, and you graduated recently enough for the season.",
        "An attestation of your clinical skills from your school.",
    ),
    "5": PathwayGuide(
        "Your degree was awarded jointly with a US medical school accredited by the LCME, "
        "and you graduated recently enough for the season.",
        "An attestation from your school.",
    ),
    "6": PathwayGuide(
        "For everyone the other Pathways don't cover, and the only Pathway for anyone who "
        "has failed Step 2 CS.",
        "Six in-person patient encounters (Mini-CEX), each scored by a physician who has held "
        "an unrestricted licence for at least 5 years, is not a relative, is not paid, and "
        "evaluates you at most twice. The forms go to ECFMG through its portal; ECFMG "
        "averages the six scores.",
    ),
    "REVALIDATION": PathwayGuide(
        "For an accepted Pathway that has expired or is about to, before certification is "
        "complete.",
        "Your earlier Pathway acceptance and ECFMG's revalidation application; check ECFMG's "
        "instructions for the season, as the exact terms are not published in our sources.",
    ),
}
