"""Clinical and communication skills: a Step 2 CS pass, or one accepted, unexpired Pathway
(the only one open to a Step 2 CS failer, when the rule set names one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.status import Status

from ..common import Result, blocked, met, norm, on, progress, todo
from ..engine import Requirement
from ..facts import Facts, PathwayFacts
from ..params import nullable, one_of, subset
from ..registry import RuleKind, register
from ..usmle import CS_FAILER_PATHWAY, first_cs_fail, first_pass

PATHWAYS = ("1", "2", "3", "4", "5", "6", "REVALIDATION")
PATHWAY_WARNING_DAYS = 60  # a pathway acceptance this close to its end


def _pathway_label(pathway: str) -> str:
    return "Pathways Revalidation" if pathway.upper() == "REVALIDATION" else f"Pathway {pathway}"


@dataclass(frozen=True)
class _PathwayRules:
    allowed: tuple[str, ...]  # pathways that exist in this rule set
    only: str | None  # the one pathway open to anyone who failed Step 2 CS
    failed_on: date | None  # first Step 2 CS fail, if any
    today: date


def clinical_skills(req: Requirement, facts: Facts, today: date) -> Result:
    """Step 2 CS pass, or one accepted, unexpired Pathway (the pathway check lives here)."""
    cs = first_pass("STEP2CS", facts.exams)
    if cs:
        return met(f"Step 2 CS passed on {cs.test_date}; no Pathway or OET needed")
    only = req.params.get("cs_failer_pathway", CS_FAILER_PATHWAY)
    rules = _PathwayRules(tuple(req.params.get("pathways", PATHWAYS)), only,
                          first_cs_fail(facts.exams) if only else None, today)
    apps = [a for a in facts.pathways if a.pathway.upper() in rules.allowed]
    target = facts.target_season
    best = _best_pathway([a for a in apps if _counts_for(a, target) == "yes"], today)
    if best:
        return _PATHWAY_RESULTS[best[1]](best[0], rules)
    unsure = [a for a in apps if _counts_for(a, target) == "confirm"]
    if unsure:
        app = max(unsure, key=lambda a: a.season)
        label = _pathway_label(app.pathway)
        return todo(f"{label} accepted for the {app.season} Match, with no 'valid through' "
                    f"date recorded: whether it counts for the {target} Match is to confirm "
                    "with ECFMG", f"Ask ECFMG whether your {label} acceptance covers the "
                    f"{target} Match, and record the date it is valid through")
    other = [a for a in apps if _counts_for(a, target) == "no"]
    if other and not rules.failed_on:
        app = max(other, key=lambda a: a.season)
        return todo(f"{_pathway_label(app.pathway)} ({norm(app.status)}) is for the "
                    f"{app.season} Match and does not count for the {target} Match",
                    f"Apply for a Pathway for the {target} Match, or change your target "
                    "season")
    if rules.failed_on:
        return todo(f"Step 2 CS failed on {rules.failed_on}; only Pathway {only} is open to you",
                    f"Apply through Pathway {only}")
    return todo("No Step 2 CS pass and no Pathway application",
                "Apply for the one Pathway you qualify for (Pathway 1 if you are licensed)")


def _counts_for(app: PathwayFacts, target: int | None) -> str:
    """yes | no | confirm: a Pathway counts for the season it was filed for, never an earlier
    one, and for a later season only while accepted and valid through that season's rank
    order list deadline (about 1 March); with no valid-through date, ECFMG must confirm."""
    if target is None or app.season is None or app.season == target:
        return "yes"
    if app.season > target or norm(app.status) != "accepted":
        return "no"
    if app.valid_through is None:
        return "confirm"
    return "yes" if app.valid_through >= date(target, 3, 1) else "no"


_PATHWAY_ORDER = ("expired", "rejected", "draft", "submitted", "valid")  # worst to best


def _best_pathway(apps: list[PathwayFacts], today: date) -> tuple[PathwayFacts, str] | None:
    """The application that decides the status: best state, then longest valid, then newest."""
    ranked = [(a, _pathway_state(a, today)) for a in apps]
    ranked = [(a, s) for a, s in ranked if s in _PATHWAY_ORDER]
    if not ranked:
        return None
    return max(ranked, key=lambda r: (_PATHWAY_ORDER.index(r[1]), r[0].valid_through or date.max,
                                      r[0].status_date or date.min))


def _pathway_state(app: PathwayFacts, today: date) -> str:
    state = norm(app.status)
    if state == "preparing":
        return "draft"
    if state == "accepted":
        return "expired" if app.valid_through and app.valid_through < today else "valid"
    return state


def _wrong_pathway(app: PathwayFacts, rules: _PathwayRules) -> str:
    if not rules.failed_on or app.pathway.upper() in (rules.only, "REVALIDATION"):
        return ""
    return (f"Step 2 CS was failed on {rules.failed_on}, and anyone who failed it must use "
            f"Pathway {rules.only}")


def _pathway_valid(app: PathwayFacts, rules: _PathwayRules) -> Result:
    label, until = _pathway_label(app.pathway), app.valid_through
    why = f"{label} accepted{on(app.status_date)}; " + (
        f"valid through {until}" if until else "no expiry date recorded")
    wrong = _wrong_pathway(app, rules)
    if wrong:  # ECFMG's acceptance stands, but the record contradicts the rule: say so
        return met(f"{why}; but {wrong}",
                   f"Confirm with ECFMG that your {label} acceptance stands")
    if until and (until - rules.today).days <= PATHWAY_WARNING_DAYS:
        return Result(Status.EXPIRING, why, f"Complete certification by {until} or apply for "
                      "Pathways Revalidation", satisfied=True)
    return met(why)


def _pathway_open(app: PathwayFacts, rules: _PathwayRules) -> Result:
    label, state = _pathway_label(app.pathway), norm(app.status)
    wrong = _wrong_pathway(app, rules)
    if wrong:
        return blocked(f"{label} application {state}; {wrong}",
                       f"Apply through Pathway {rules.only} instead")
    if state == "submitted":
        return progress(f"{label} application submitted{on(app.status_date)}; decision pending",
                        "Wait for ECFMG's decision and answer any request it sends")
    return todo(f"{label} application started, not submitted",
                f"Submit your {label} application")


def _pathway_expired(app: PathwayFacts, rules: _PathwayRules) -> Result:
    action = ("Apply for Pathways Revalidation" if "REVALIDATION" in rules.allowed
              else "Apply for a Pathway again")
    return todo(f"{_pathway_label(app.pathway)} acceptance expired{on(app.valid_through)}",
                action)


def _pathway_rejected(app: PathwayFacts, rules: _PathwayRules) -> Result:
    target = f"Pathway {rules.only}" if rules.failed_on else "the Pathway you qualify for"
    return blocked(f"{_pathway_label(app.pathway)} application rejected{on(app.status_date)}: "
                   f"{app.reason or 'no reason recorded'}", f"Apply again through {target}")


_PATHWAY_RESULTS = {"valid": _pathway_valid, "submitted": _pathway_open, "draft": _pathway_open,
                    "expired": _pathway_expired, "rejected": _pathway_rejected}


CLINICAL_SKILLS = register(RuleKind(
    "clinical_skills", label="Clinical skills: Step 2 CS or a Pathway", group="skills",
    fix_page="certification:pathways",
    params={
        "pathways": (False, subset(PATHWAYS)),
        "cs_failer_pathway": (False, nullable(one_of(*PATHWAYS[:6]))),
    },
    evaluate=clinical_skills, reads=("exams", "pathways"), awaits=lambda params: "PATHWAY"))
