"""Requirement params: the checks a kind's spec is built from, and validate_params, so admins
are told why their JSON is wrong (the engine refuses the same params with InvalidRule)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .registry import RULE_KINDS, ParamCheck


def one_of(*choices: str) -> ParamCheck:
    return lambda v: "" if v in choices else f"must be one of {', '.join(choices)}, not {v!r}"


def number(low: float, high: float, *, whole: bool = False) -> ParamCheck:
    kinds = (int,) if whole else (int, float)
    noun = "a whole number" if whole else "a number"

    def check(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            return f"must be {noun} from {low} to {high}, not {value!r}"
        return ""
    return check


def iso_date(value: Any) -> str:
    problem = f"must be a date written YYYY-MM-DD, not {value!r}"
    if not isinstance(value, str) or len(value) != 10:
        return problem
    try:
        date.fromisoformat(value)
    except ValueError:
        return problem
    return ""


def nullable(check: ParamCheck) -> ParamCheck:
    return lambda v: "" if v is None else check(v)


def subset(choices: tuple[str, ...]) -> ParamCheck:
    def check(value: Any) -> str:
        if not isinstance(value, list | tuple) or not value or len(set(value)) != len(value):
            return "must be a non-empty list without repeats"
        wrong = [v for v in value if v not in choices]
        return f"has {wrong!r}; allowed: {', '.join(choices)}" if wrong else ""
    return check


def dated_table(low: int, high: int) -> ParamCheck:
    def check(value: Any) -> str:
        if not isinstance(value, list | tuple) or not value:
            return 'must be a non-empty list of ["YYYY-MM-DD", number] pairs'
        for i, row in enumerate(value, 1):
            if not isinstance(row, list | tuple) or len(row) != 2:
                return f'row {i} must be a ["YYYY-MM-DD", number] pair'
            problem = iso_date(row[0]) or number(low, high, whole=True)(row[1])
            if problem:
                return f"row {i} {problem}"
            if i > 1 and row[0] <= value[i - 2][0]:
                return f"row {i} must be dated after row {i - 1}"
        return ""
    return check


def validate_params(kind: str, params: Any) -> list[str]:
    """Human-readable problems with a requirement's kind and params; empty when usable."""
    found = RULE_KINDS.get(kind)
    if found is None:
        return [f"unknown rule kind {kind!r}; known kinds: {', '.join(RULE_KINDS)}"]
    if not isinstance(params, dict):
        return ["params must be a JSON object"]
    spec = found.params
    errors = [f"unknown parameter {k!r} for {kind}; allowed: {', '.join(spec) or 'none'}"
              for k in params if k not in spec]
    for name, (required, check) in spec.items():
        if name in params:
            problem = check(params[name])
            errors += [f"{name!r} {problem}"] if problem else []
        elif required:
            errors.append(f"{name!r} is required for {kind}")
    return errors
