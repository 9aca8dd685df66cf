"""Risk flags (road.flags.registry, kinds in road.flags.kinds) and the facts they read."""

from . import kinds  # noqa: F401 (registers the kinds)
from .facts import DocumentFacts, FlagFacts
from .registry import NO_FLAG_RANK, FlagKind, Raised, choices, label, raised, triage

__all__ = ["NO_FLAG_RANK", "DocumentFacts", "FlagFacts", "FlagKind", "Raised", "choices",
           "label", "raised", "triage"]
