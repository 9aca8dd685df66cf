"""The status vocabulary of the whole road: the enums both engines return, and how each
member reads on a page (word, tone, order). Pure Python, no Django.

- `Status`: one certificate requirement (the certificate engine's outcomes).
- `CheckStatus`: one Match check or one program criterion (the Match engine).
- `Verdict`: a whole Match season or a program fit.
- `RoadWord`: the one word a progress bar shows (certificate or Match).

Pages, the PDF, the caseload and the stored summary look words and tones up here by member;
nothing compares statuses as strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """A certificate requirement's status (meanings: certification.rules.kinds)."""

    MET = "met"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    BLOCKED = "blocked"
    EXPIRING = "expiring"
    NOT_APPLICABLE = "not_applicable"  # only for requirements switched off in their rule set
    # Switched off in its rule set while no source settles whether it still applies, and
    # the applicant's own records are where it would bite (the 7-year exam rule): a warning
    # to check with ECFMG. Counted in no total, never blocking.
    CHECK_WITH_ECFMG = "check_with_ecfmg"

    @property
    def counts(self) -> bool:
        """Whether the line counts towards the certificate (its totals and its word)."""
        return self not in (Status.NOT_APPLICABLE, Status.CHECK_WITH_ECFMG)


class CheckStatus(StrEnum):
    """A Match check or a program criterion."""

    MET = "met"  # done
    ON_TRACK = "on_track"  # not done, but due in time with room to spare
    AT_RISK = "at_risk"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # facts missing
    NOT_STARTED = "not_started"  # nothing done or planned yet, with time enough to do it
    # An ECFMG check for a graduate to whom ECFMG certification does not apply: it counts
    # neither for nor against them, and is left out of the bar's figure.
    NOT_APPLICABLE = "not_applicable"


class Verdict(StrEnum):
    """A whole Match season, or whether a program's requirements are met."""

    ELIGIBLE = "eligible"
    AT_RISK = "at_risk"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


class RoadWord(StrEnum):
    """The word of a progress bar."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"


class CertificateState(StrEnum):
    """The certificate as a whole, as the stored summary keeps it."""

    ELIGIBLE = "eligible_for_certificate"
    BLOCKED = "blocked"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NO_RULE_SET = "no_rule_set"
    NOT_APPLICABLE = "not_applicable"  # not an IMG: ECFMG certification does not apply


class Tone(StrEnum):
    """Colour and order of a line: the worst tone sorts first."""

    BAD = "bad"
    WARN = "warn"
    TODO = "todo"
    PROGRESS = "progress"
    OK = "ok"
    OFF = "off"


TONE_ORDER = {tone: i for i, tone in enumerate(Tone)}


@dataclass(frozen=True)
class Display:
    word: str  # how the status reads on a page
    tone: Tone
    badge: str = ""  # the badge's CSS class (static/css/app.css), when it differs from tone

    @property
    def css(self) -> str:
        return self.badge or self.tone.value


# By enum, then member: members of different enums with the same text ("blocked", "met")
# are equal strings, so one flat dict would keep only the last of them.
DISPLAY: dict[type[StrEnum], dict[StrEnum, Display]] = {
    Status: {
        Status.MET: Display("Met", Tone.OK, "met"),
        Status.IN_PROGRESS: Display("In progress", Tone.PROGRESS, "in_progress"),
        Status.NOT_STARTED: Display("Not started", Tone.TODO, "not_started"),
        Status.BLOCKED: Display("Blocked", Tone.BAD, "blocked"),
        Status.EXPIRING: Display("Expiring", Tone.WARN, "expiring"),
        Status.NOT_APPLICABLE: Display("Not checked", Tone.OFF, "not_applicable"),
        Status.CHECK_WITH_ECFMG: Display("Check with ECFMG", Tone.WARN, "expiring"),
    },
    CheckStatus: {
        CheckStatus.MET: Display("Met", Tone.OK, "met"),
        CheckStatus.ON_TRACK: Display("On track", Tone.PROGRESS, "in_progress"),
        CheckStatus.AT_RISK: Display("At risk", Tone.WARN, "expiring"),
        CheckStatus.NOT_MET: Display("Not met", Tone.BAD, "blocked"),
        CheckStatus.UNKNOWN: Display("Unknown", Tone.TODO, "not_applicable"),
        CheckStatus.NOT_STARTED: Display("Not started", Tone.TODO, "not_started"),
        CheckStatus.NOT_APPLICABLE: Display("Does not apply to you", Tone.OFF,
                                            "not_applicable"),
    },
    Verdict: {
        Verdict.ELIGIBLE: Display("Eligible", Tone.OK),
        Verdict.AT_RISK: Display("At risk", Tone.WARN),
        Verdict.NOT_ELIGIBLE: Display("Not eligible", Tone.BAD),
        Verdict.UNKNOWN: Display("Unknown", Tone.TODO),
    },
    RoadWord: {
        RoadWord.ON_TRACK: Display("On track", Tone.OK),
        RoadWord.AT_RISK: Display("At risk", Tone.WARN),
        RoadWord.BLOCKED: Display("Blocked", Tone.BAD),
    },
    CertificateState: {
        CertificateState.ELIGIBLE: Display("Eligible for the certificate", Tone.OK),
        CertificateState.BLOCKED: Display("Blocked", Tone.BAD),
        CertificateState.IN_PROGRESS: Display("In progress", Tone.PROGRESS),
        CertificateState.NOT_STARTED: Display("Not started", Tone.TODO),
        CertificateState.NO_RULE_SET: Display("No rule set", Tone.TODO),
        CertificateState.NOT_APPLICABLE: Display("Does not apply", Tone.OFF),
    },
}


def display(status) -> Display:
    """How a member reads; anything else (a word already written out) is shown as it is.
    A stored value is read back with its own enum first (`RoadWord(applicant.cert_word)`):
    the same text means different things in different enums."""
    table = DISPLAY.get(type(status))
    if table is None:
        return Display(str(status).replace("_", " ").capitalize(), Tone.TODO)
    return table[status]


def word(status) -> str:
    return display(status).word


def tone(status) -> Tone:
    return display(status).tone
