"""Finding schools in the directory, for the search-as-you-type school field."""

from dataclasses import dataclass, field

from core.text import searchable

from .models import MedicalSchool

LIMIT = 10


@dataclass(frozen=True)
class SchoolOptions:
    """The schools to offer as choices, and which one (if any) is chosen."""

    schools: list[MedicalSchool] = field(default_factory=list)
    query: str = ""
    more: bool = False  # more schools match than are shown
    selected: int | None = None


def school_options(
    text: str, *, country: str = "", chosen: MedicalSchool | None = None
) -> SchoolOptions:
    """Up to LIMIT schools matching name or city words, the chosen one first."""
    text = searchable(text)
    found = MedicalSchool.objects.search(text)
    if country:
        found = found.filter(country=searchable(country).upper())
    if chosen:
        found = found.exclude(pk=chosen.pk)
    room = LIMIT - bool(chosen)
    matches = list(found[: room + 1])
    schools = ([chosen] if chosen else []) + matches[:room]
    return SchoolOptions(schools, text, len(matches) > room, chosen.pk if chosen else None)


def school_named(name: str, *, country: str = "") -> MedicalSchool | None:
    """The one directory school with exactly this name (any case), else None."""
    name = searchable(name)
    if not name:
        return None
    found = MedicalSchool.objects.filter(name__iexact=name)
    if country:
        found = found.filter(country=searchable(country).upper())
    first_two = list(found[:2])
    return first_two[0] if len(first_two) == 1 else None
