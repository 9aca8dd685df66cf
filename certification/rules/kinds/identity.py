"""Application and identity: the MyIntealth account and the Application for ECFMG
Certification."""

from __future__ import annotations

from datetime import date

from ..common import Result, blocked, met, norm, on, progress, todo
from ..engine import Requirement
from ..facts import Facts
from ..registry import RuleKind, register


def account_verified(req: Requirement, facts: Facts, today: date) -> Result:
    state = norm(facts.account_status)
    if state == "verified":
        return met("MyIntealth identity verified")
    if state in ("pending", "submitted"):
        return progress("Identity verification submitted; MyIntealth review pending",
                        "Wait for MyIntealth to confirm your identity")
    if state == "rejected":
        return blocked("MyIntealth identity verification rejected",
                       "Contact ECFMG about the rejection before submitting again")
    why = "MyIntealth ID request started, not submitted" if state == "draft" else (
        "No verified MyIntealth identity on record")
    return todo(why, "Submit your MyIntealth identity verification: passport, photo and "
                "notarized identity form (unsubmitted requests are deleted after 14 days)")


def application_accepted(req: Requirement, facts: Facts, today: date) -> Result:
    state, day = norm(facts.application_status), on(facts.application_date)
    if state == "accepted":
        return met(f"Application for ECFMG Certification accepted{day}")
    if state == "submitted":
        return progress(f"Application for ECFMG Certification submitted{day}; not yet accepted",
                        "Wait for ECFMG to accept it and answer any request it sends")
    if state == "rejected":
        return blocked(f"Application for ECFMG Certification rejected{day}",
                       "Contact ECFMG about the rejection, then apply again")
    why = "Application for ECFMG Certification started, not submitted" if state == "draft" else (
        "No Application for ECFMG Certification on record")
    return todo(why, "Submit the Application for ECFMG Certification; it must come before "
                "any USMLE registration")


ACCOUNT_VERIFIED = register(RuleKind(
    "account_verified", label="MyIntealth account verified", group="identity",
    fix_page="certification:ecfmg", params={}, evaluate=account_verified,
    reads=("account_status",)))
APPLICATION_ACCEPTED = register(RuleKind(
    "application_accepted", label="Application for ECFMG Certification accepted",
    group="identity", fix_page="certification:ecfmg", params={},
    evaluate=application_accepted, reads=("application_status", "application_date")))
