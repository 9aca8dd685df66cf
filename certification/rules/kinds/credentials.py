"""Credentials: the medical school, the diploma and transcript, credit years and transferred
credits."""

from __future__ import annotations

from datetime import date

from ..common import Result, and_list, blocked, met, norm, on, progress, sentence, todo
from ..engine import Requirement
from ..facts import CreditFacts, DocumentFacts, Facts, SchoolFacts
from ..params import number, one_of
from ..registry import RuleKind, register

DOCUMENT_LABELS = {"DIPLOMA": "Final diploma", "FINAL_TRANSCRIPT": "Final transcript"}


def school_eligible(req: Requirement, facts: Facts, today: date) -> Result:
    school = facts.school
    if school is None:
        return todo("No medical school recorded", "Add your medical school")
    if not school.in_directory:  # unknown is not the same as "no sponsor note"
        return todo(f"{school.name} is not matched to a World Directory record, so its ECFMG "
                    "sponsor note can't be checked", "Choose your school from the directory "
                    "list, or ask an advisor to add it")
    if not school.wdoms_listed:
        return blocked(f"{school.name} is not listed in the World Directory of Medical Schools",
                       "Check the school's record on wdoms.org with the school or ECFMG")
    if not school.sponsor_note and school.country == "CA":
        # Canadian graduates became IMGs after 2025-06-30; whether ECFMG gives Canadian
        # schools a sponsor note is not known (RULES.md §10): to confirm, never blocked.
        return todo(f"Our copy of the World Directory shows no ECFMG sponsor note for "
                    f"{school.name}; whether Canadian schools carry one is not known yet: "
                    "to confirm", "Ask ECFMG to confirm that graduates of your school can be "
                    "certified")
    if not school.sponsor_note:
        return blocked(f"{school.name} has no ECFMG sponsor note in the World Directory",
                       "Ask ECFMG whether graduates of your school can be certified")
    return _note_covers(school, facts.graduation_date, today)


def _note_covers(school: SchoolFacts, graduation: date | None, today: date) -> Result:
    first, last = school.note_from_year, school.note_to_year
    years = f"{first or 'any year'} to {last or 'Current'}"
    if graduation is None:
        return todo(f"Graduation date not recorded; {school.name}'s ECFMG sponsor note covers "
                    f"{years}", "Add your graduation date (the expected one if still a student)")
    if graduation > today:  # a student: the note must show Current at applying and at testing
        if last is not None:
            return blocked(f"{school.name}'s ECFMG sponsor note covers {years}; students need "
                           "a note that shows Current", "Ask ECFMG whether your class will be "
                           "eligible")
        return met(f"{school.name}'s ECFMG sponsor note shows Current ({years})",
                   "Recheck the note when you apply for an exam and at graduation")
    if (first and graduation.year < first) or (last and graduation.year > last):
        return blocked(f"Graduation year {graduation.year} is outside the years {school.name}'s "
                       f"ECFMG sponsor note covers ({years})",
                       "Ask ECFMG whether your graduation year is eligible")
    return met(f"{school.name}'s ECFMG sponsor note covers {years}; "
               f"graduation year {graduation.year}")


def document_verified(req: Requirement, facts: Facts, today: date) -> Result:
    kind = req.params["type"]
    label = DOCUMENT_LABELS[kind]
    docs = [d for d in facts.documents if d.type.upper() == kind]
    verified = [d for d in docs if norm(d.state) == "verified"]
    if verified:  # verification is done once; a later upload can't undo it
        return met(f"{label} verified by ECFMG with your school{on(verified[0].state_date)}")
    if not docs:
        return todo(f"No {label.lower()} uploaded",
                    f"Upload your {label.lower()} with an English translation")
    latest = max(docs, key=lambda d: d.state_date or date.min)
    return _document_state(label, latest)


def _document_state(label: str, doc: DocumentFacts) -> Result:
    state, day = norm(doc.state), on(doc.state_date)
    if state == "rejected":
        return blocked(f"{label} rejected by ECFMG{day}: {doc.reason or 'no reason recorded'}",
                       f"Fix what ECFMG named and upload a replacement {label.lower()}")
    if state in {"uploaded", "resubmitted"} and doc.advisor_request:
        return progress(f"Your advisor asked for changes to the {label.lower()} before it is "
                        f"sent: {doc.advisor_request}",
                        f"Upload a corrected {label.lower()} (delete this one and upload the "
                        "new file), then send it")
    waiting = {
        "uploaded": (f"{label} uploaded{day}; not yet sent to the school",
                     "Wait for ECFMG to send it to your school for verification"),
        "sent": (f"{label} sent to ECFMG for verification{day}; ECFMG's answer not recorded "
                 "yet", "Ask your school to answer ECFMG's verification request; when ECFMG "
                 "answers, record its answer on the document"),
        "resubmitted": (f"{label} resubmitted{day}; ECFMG's answer not recorded yet",
                        "When ECFMG answers the resubmission, record its answer on the "
                        "document"),
    }
    if state in waiting:
        return progress(*waiting[state])
    return todo(f"{label} state '{doc.state}' not recognised",
                "Check the document's status in MyIntealth")


def min_credit_years(req: Requirement, facts: Facts, today: date) -> Result:
    needed = req.params["years"]
    counted = sum(c.credit_years for c in facts.credits if c.sponsor_note)
    other = sum(c.credit_years for c in facts.credits if not c.sponsor_note)
    why = f"{counted:g} credit years at schools with an ECFMG sponsor note; {needed:g} needed"
    if other:
        why += f" ({other:g} more at schools without a note don't count)"
    if counted >= needed:
        return met(why)
    if not facts.credits:
        return todo("No transcript credits recorded", "Add the credit years from your transcripts")
    graduated = facts.graduation_date is not None and facts.graduation_date <= today
    if graduated:
        return blocked(why, "Check that every transcript is recorded; if so, ask ECFMG "
                       "whether you can be certified")
    return progress(why, f"Complete {needed - counted:g} more credit years at your school")


def transfer_credit_limits(req: Requirement, facts: Facts, today: date) -> Result:
    limit = req.params.get("max_other_schools", 1)
    if not facts.credits:  # no transcripts yet: nothing shows there are no transfers
        return todo("No transcript credits recorded",
                    "Add your transcripts' credits, marking any transferred from another school")
    moved = [c for c in facts.credits
             if c.transferred and not c.premedical and not c.prior_policy]
    problems = list(dict.fromkeys(p for p in map(_transfer_problem, moved) if p))
    schools = sorted({c.school for c in moved})
    if len(schools) > limit:
        problems.insert(0, f"credits transferred from {len(schools)} schools "
                        f"({', '.join(schools)}); at most {limit} allowed")
    if problems:
        return blocked(sentence("; ".join(problems)),
                       "Ask ECFMG whether these transferred credits can count")
    if not schools:
        return met("No transferred credits that the limits apply to")
    return met(f"Credits transferred from {and_list(schools)}: eligible, and within the limit of "
               f"{limit} other school")


def _transfer_problem(credit: CreditFacts) -> str:
    if not credit.wdoms_listed:
        return f"{credit.school} is not listed in the World Directory"
    if not (credit.sponsor_note or credit.us_canada):
        return f"{credit.school} has no ECFMG sponsor note and is not a US or Canadian school"
    if not credit.passed:
        return f"the courses transferred from {credit.school} were not passed there"
    return ""


SCHOOL_ELIGIBLE = register(RuleKind(
    "school_eligible", label="Medical school eligible", group="credentials",
    help_page="who-counts-as-an-img",
    fix_page="applicants:profile", params={}, evaluate=school_eligible,
    reads=("school", "graduation_date")))
DOCUMENT_VERIFIED = register(RuleKind(
    "document_verified", label="Credential document verified", group="credentials",
    fix_page="certification:documents", params={"type": (True, one_of(*DOCUMENT_LABELS))},
    evaluate=document_verified, reads=("documents",)))
MIN_CREDIT_YEARS = register(RuleKind(
    "min_credit_years", label="Minimum credit years", group="credentials",
    fix_page="certification:documents", params={"years": (True, number(1, 10))},
    evaluate=min_credit_years, reads=("credits", "graduation_date")))
TRANSFER_CREDIT_LIMITS = register(RuleKind(
    "transfer_credit_limits", label="Transfer-credit limits", group="credentials",
    fix_page="certification:documents",
    params={"max_other_schools": (False, number(1, 5, whole=True))},
    evaluate=transfer_credit_limits, reads=("credits",)))
