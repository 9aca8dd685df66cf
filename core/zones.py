"""Time zones the product names (plain Python, so the pure engines can import it)."""

import unicodedata
from functools import cache
from importlib import resources

# Every ECFMG and NRMP deadline is stated in US Eastern time; it is the product's day too.
EASTERN = "America/New_York"
# The zone where each day begins first (UTC+14, Kiribati's Line Islands).
EARLIEST = "Pacific/Kiritimati"


# Finding a zone from what a person types: a zone name, a city, or a country. Plain Python
# over the time-zone database's own tables (the tzdata package), read once.

def fold(text: str) -> str:
    """Lower case, no accents, single spaces: "São Paulo" and "sao  paulo" meet."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").replace("/", " / ").lower().split())


@cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO country code -> its zones, the main one first (zone.tab lists a country's most
    populous zone first)."""
    found: dict[str, list[str]] = {}
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            found.setdefault(code, []).append(zone)
    return {code: tuple(zones) for code, zones in found.items()}


@cache
def zone_countries() -> dict[str, str]:
    return {zone: code for code, zones in country_zones().items() for zone in zones}


def city_of(zone: str) -> str:
    """"America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def _by_city() -> dict[str, str]:
    return {fold(city_of(zone)): zone for zone in zone_countries()}


def main_zone(country_code: str) -> str | None:
    zones = country_zones().get(country_code.upper())
    return zones[0] if zones else None


def find_zone(text: str, *, known: frozenset[str] | set[str],
              country_names: dict[str, str]) -> str | None:
    """The zone someone means by `text`: a zone name ("Asia/Kolkata", any case), a city
    ("Lagos", "sao paulo"), a country ("India", "NG": its main zone), or a datalist label
    ("Kolkata, India"). `known` holds the valid zone names; `country_names` maps each
    folded country name to its code. None when nothing fits."""
    folded = fold(text)
    if not folded:
        return None
    exact = {z.lower(): z for z in known}
    if text.strip().lower() in exact:
        return exact[text.strip().lower()]
    head = folded.split(",")[0].strip()
    for candidate in (folded, head):
        if candidate in _by_city():
            return _by_city()[candidate]
        code = country_names.get(candidate) or (candidate.upper() if len(candidate) == 2
                                                else None)
        if code and main_zone(code):
            return main_zone(code)
    return None
