"""The rule kinds: one self-describing RuleKind each, registered here.

Every table the rest of the project needs about kinds is derived from this registry: the
engine's dispatch, parameter validation (params.validate_params), the choices of
Requirement.kind in the admin (kind_choices: callable choices, so a new kind needs no
migration), the checklist's fix links and the dashboard's groups. kinds/ holds one module per
kind (or a small group); importing certification.rules registers them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .common import Result
    from .engine import Requirement
    from .facts import Facts

ParamCheck = Callable[[Any], str]  # returns a problem phrase, or "" when the value is fine
ParamSpec = Mapping[str, tuple[bool, ParamCheck]]  # param -> (required, check)


@dataclass(frozen=True)
class Group:
    """A checklist group: where the dashboard shows a kind's requirements."""

    key: str
    title: str
    help_page: str = ""  # the slug of the help page that explains it, if one does


GROUPS = (
    Group("identity", "Application and identity", "steps-to-the-certificate"),
    Group("credentials", "Credentials", "steps-to-the-certificate"),
    Group("exams", "Exams", "steps-to-the-certificate"),
    Group("skills", "Clinical skills and English", "pathways-and-oet"),
    Group("canada", "Canadian route"),  # no help page of its own yet
)
# The kinds of requirement set (RequirementSet.Kind): a kind of rule belongs to one.
TRACKS = ("certificate", "canada")


@dataclass(frozen=True)
class RuleKind:
    name: str  # what Requirement.kind stores
    label: str  # the admin's choice label
    group: str  # a Group key
    fix_page: str  # URL name of the page where the applicant fixes it
    params: ParamSpec
    evaluate: Callable[[Requirement, Facts, date], Result]
    reads: tuple[str, ...]  # the Facts fields it reads
    # The result whose arrival can settle it ("STEP1", "OET", "PATHWAY", ...), None when no
    # booking can; left unset (None) for kinds a result does not settle (documents, ...).
    awaits: Callable[[Mapping[str, Any]], str | None] | None = field(default=None)
    # A kind whose rule is switched off while no source settles whether it still applies:
    # (requirement, facts, today) -> a Result of status not_applicable, or check_with_ecfmg
    # where the rule would bite, so the line warns the applicant rather than being silently
    # off. Never a status that counts.
    when_off: Callable[[Requirement, Facts, date], Result] | None = field(default=None)
    # The help page (its slug) a checklist line of this kind links to, when it is not its
    # group's (Group.help_page).
    help_page: str = ""
    # The kind of requirement set it belongs in (TRACKS): the US certificate or the
    # Canadian route; both are evaluated by the same engine.
    track: str = "certificate"


_KINDS: dict[str, RuleKind] = {}
RULE_KINDS: Mapping[str, RuleKind] = MappingProxyType(_KINDS)  # name -> kind, live


def register(kind: RuleKind) -> RuleKind:
    if kind.name in _KINDS:
        raise ValueError(f"rule kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests register throwaway kinds and remove them again)."""
    del _KINDS[name]


def fix_page(name: str) -> str | None:
    """URL name of the page where the applicant fixes a requirement of this kind."""
    kind = _KINDS.get(name)
    return kind.fix_page if kind else None


def help_page(name: str) -> str | None:
    """The slug of the help page a requirement of this kind links to."""
    kind = _KINDS.get(name)
    if kind is None:
        return None
    return kind.help_page or next(
        (g.help_page for g in GROUPS if g.key == kind.group), "") or None


def kind_choices() -> list[tuple[str, str]]:
    """Requirement.kind's choices, read when Django asks (see certification.models)."""
    return [(k.name, k.label) for k in _KINDS.values()]


def groups() -> list[tuple[Group, frozenset[str]]]:
    """The checklist groups in order, each with the names of the kinds it shows."""
    return [(g, frozenset(k.name for k in _KINDS.values() if k.group == g.key)) for g in GROUPS]


class _ParamSpecs(Mapping):
    """kind name -> its params spec, a live view of the registry."""

    def __getitem__(self, name: str) -> ParamSpec:
        return _KINDS[name].params

    def __iter__(self) -> Iterator[str]:
        return iter(_KINDS)

    def __len__(self) -> int:
        return len(_KINDS)


PARAM_SPECS: Mapping[str, ParamSpec] = _ParamSpecs()
