"""Write residency/data/programs_sample.csv: invented residency programs for demos and tests.

    uv run python scripts/make_sample_programs.py

Seeded, so the same file comes out every time. Program and institution names are invented
(fanciful place words on real US cities), NRMP codes are placeholders (institution codes
9001 and up), every row is marked is_sample=yes. The requirement mix follows
shared/domain/RULES.md §7: graduation-year limits of 3, 5 or 10 years or not recorded;
attempt limits of 1 or 2 or not recorded; Step 2 CK minimums from 220 to 245 or not
recorded; visas none, J-1, or J-1 and H-1B; 0, 3 or 12 months of US clinical experience;
the three archetypes (community IM, academic IM, radiology); and the IMG share of PGY-1
positions by specialty (IM 43%, pathology 37.4%, FM 31.8%, neurology 29.5%; the other
specialties' shares are invented round figures).
"""

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from residency.data.columns import COLUMNS  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "residency" / "data" / "programs_sample.csv"
SEED = 2027
# code: (label, programs in the file, IMG share %, NRMP specialty code, competitiveness 0-1)
SPECIALTIES = {
    "IM": ("Internal Medicine", 60, 43.0, "140", 0.2),
    "FM": ("Family Medicine", 30, 31.8, "120", 0.1),
    "PEDS": ("Pediatrics", 18, 20.0, "320", 0.3),
    "PSYCH": ("Psychiatry", 18, 25.0, "400", 0.3),
    "NEURO": ("Neurology", 12, 29.5, "180", 0.3),
    "PATH": ("Pathology", 12, 37.4, "300", 0.2),
    "RAD": ("Diagnostic Radiology", 12, 10.0, "420", 0.8),
    "SURG": ("General Surgery", 14, 12.0, "440", 0.8),
    "ANES": ("Anesthesiology", 12, 10.0, "040", 0.7),
    "OBGYN": ("Obstetrics and Gynecology", 12, 8.0, "220", 0.7),
    "EM": ("Emergency Medicine", 10, 6.0, "110", 0.6),
    "TY": ("Transitional Year", 10, 15.0, "999", 0.5),
}
CITIES = [
    ("Birmingham", "AL"), ("Phoenix", "AZ"), ("Little Rock", "AR"), ("Fresno", "CA"),
    ("Sacramento", "CA"), ("Denver", "CO"), ("Hartford", "CT"), ("Wilmington", "DE"),
    ("Washington", "DC"), ("Jacksonville", "FL"), ("Orlando", "FL"), ("Augusta", "GA"),
    ("Honolulu", "HI"), ("Peoria", "IL"), ("Chicago", "IL"), ("Indianapolis", "IN"),
    ("Des Moines", "IA"), ("Wichita", "KS"), ("Louisville", "KY"), ("Shreveport", "LA"),
    ("Portland", "ME"), ("Baltimore", "MD"), ("Worcester", "MA"), ("Flint", "MI"),
    ("Detroit", "MI"), ("Duluth", "MN"), ("Jackson", "MS"), ("St. Louis", "MO"),
    ("Omaha", "NE"), ("Reno", "NV"), ("Newark", "NJ"), ("Albuquerque", "NM"),
    ("Brooklyn", "NY"), ("Buffalo", "NY"), ("Bronx", "NY"), ("Greensboro", "NC"),
    ("Fargo", "ND"), ("Toledo", "OH"), ("Youngstown", "OH"), ("Tulsa", "OK"),
    ("Allentown", "PA"), ("Pittsburgh", "PA"), ("Providence", "RI"), ("Columbia", "SC"),
    ("Sioux Falls", "SD"), ("Memphis", "TN"), ("El Paso", "TX"), ("Lubbock", "TX"),
    ("Houston", "TX"), ("Salt Lake City", "UT"), ("Norfolk", "VA"), ("Spokane", "WA"),
    ("Huntington", "WV"), ("Milwaukee", "WI"), ("San Juan", "PR"),
]
PLACES = [
    "Bluewater", "Stonebridge", "Maple Hollow", "Silver Creek", "Amberfield", "Willowmere",
    "Granite Park", "Kestrel Bay", "Larkspur", "Elmstead", "Foxglove", "Juniper Point",
    "Wrenwood", "Copperline", "Marigold Valley", "Ashcombe", "Heronsgate", "Quarry Hill",
    "Thistledown", "Briarwick", "Cobalt Ridge", "Fernhaven", "Goldleaf", "Hollins Ferry",
]
COMMUNITY = ["Community Hospital", "Regional Medical Center", "Medical Center"]
ACADEMIC = ["University Hospital", "Health System"]
CHECKED_FROM, CHECKED_DAYS = date(2026, 5, 1), 150
SOURCE = "Invented sample data (as a program website would state it)"


def main() -> None:
    rng = random.Random(SEED)
    cities = CITIES[:]
    rng.shuffle(cities)
    rows = []
    for code, (label, count, share, nrmp, hardness) in SPECIALTIES.items():
        for _ in range(count):
            number = len(rows)
            city, state = cities[number % len(cities)]
            rows.append(program(rng, number, code, label, share, nrmp, hardness, city, state))
    rows.sort(key=lambda row: row["nrmp_code"])
    with open(OUT, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    states = {row["state"] for row in rows}
    print(f"Wrote {len(rows)} programs in {len(states)} states to {OUT}")


def program(rng: random.Random, number: int, code: str, label: str, share: float, nrmp: str,
            hardness: float, city: str, state: str) -> dict:
    academic = rng.random() < 0.35
    institution = f"{rng.choice(PLACES)} {rng.choice(ACADEMIC if academic else COMMUNITY)}"
    criteria = archetype(rng, code, academic) or typical(rng, hardness)
    visa = criteria.pop("visa")
    share_cell = img_share(rng, share, visa)
    checked_on = CHECKED_FROM + timedelta(rng.randrange(CHECKED_DAYS))
    return {
        "nrmp_code": f"{9001 + number}{nrmp}C0",
        "name": f"{institution} {city} {label} Residency",
        "institution": institution,
        "specialty": code, "city": city, "state": state,
        "sponsors_j1": yes_no(visa != "none"), "sponsors_h1b": yes_no(visa == "j1+h1b"),
        **{k: cell(v) for k, v in criteria.items()},
        "img_share": share_cell,
        "criteria_source": SOURCE,
        "criteria_checked_on": checked_on.isoformat(),
        "is_sample": "yes",
        **fact_checks(number, checked_on),
    }


def fact_checks(number: int, checked_on: date) -> dict:
    """Every fourth program had its Step 2 CK minimum checked again later, by email (no
    random draw, so the rest of the file stays as it was)."""
    if number % 4:
        return {}
    return {"min_step2ck_score_checked_on": (checked_on + timedelta(days=30)).isoformat(),
            "min_step2ck_score_source": "Invented sample data (as a coordinator would email it)"}


def archetype(rng: random.Random, code: str, academic: bool) -> dict | None:
    """RULES §7 (a) community IM, (b) academic IM, (c) radiology, for about half of each."""
    if rng.random() < 0.5:
        return None
    if code == "IM" and not academic:
        return criteria(5, 1, 220, 3, "j1", certificate=False)
    if code == "IM":
        return criteria(None, 1, 240, 3, "j1+h1b", certificate=rng.random() < 0.3)
    if code == "RAD":
        return criteria(None, None, None, 12, "j1", certificate=False, usce_hard=True)
    return None


def typical(rng: random.Random, hardness: float) -> dict:
    """A program drawn from the §7 ranges; `hardness` tilts towards stricter values."""
    yog = rng.choices([3, 5, 10, None], weights=[1 + 3 * hardness, 4, 3 - 2 * hardness, 2])[0]
    attempts = rng.choices([1, 2, None], weights=[2 + 4 * hardness, 4 - 2 * hardness, 2])[0]
    steps = min(5, max(0, round(rng.gauss(1 + 3 * hardness, 1.2))))
    ck = None if rng.random() < 0.2 else 220 + 5 * steps
    # About one program in ten leaves a criterion unstated: the directory shows it unknown.
    if rng.random() < 0.1:
        yog = UNKNOWN
    if rng.random() < 0.1:
        ck = UNKNOWN
    usce = rng.choices([0, 3, 12], weights=[3, 5, 2])[0]
    visa = rng.choices(["none", "j1", "j1+h1b"], weights=[1 + 4 * hardness, 5, 3])[0]
    return criteria(yog, attempts, ck, usce, visa, certificate=rng.random() < 0.1 + 0.2 * hardness,
                    yog_hard=rng.random() < 0.8, attempts_hard=rng.random() < 0.85,
                    ck_hard=rng.random() < 0.75,
                    usce_hard=usce > 0 and rng.random() < (0.6 if usce == 12 else 0.2))


def criteria(yog, attempts, ck, usce, visa, *, certificate: bool, yog_hard=True,
             attempts_hard=True, ck_hard=True, usce_hard=False) -> dict:
    return {
        "max_years_since_graduation": yog, "yog_is_hard": yes_no(yog_hard),
        "max_attempts_per_step": attempts, "attempts_is_hard": yes_no(attempts_hard),
        "min_step2ck_score": ck, "ck_is_hard": yes_no(ck_hard),
        "min_usce_months": usce, "usce_is_hard": yes_no(usce_hard),
        "certificate_by_rank_deadline": yes_no(certificate), "visa": visa,
    }


def img_share(rng: random.Random, share: float, visa: str) -> str:
    """Around the specialty's share; programs that sponsor no visa take fewer IMGs."""
    mean = share * (0.4 if visa == "none" else 1.1)
    return f"{min(95.0, max(0.0, rng.gauss(mean, mean * 0.35))):.1f}"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


UNKNOWN = object()  # a criterion the (invented) program does not state: an empty cell


def cell(value) -> str:
    """None: the program states no such requirement ("none"); UNKNOWN: left empty."""
    if value is UNKNOWN:
        return ""
    return "none" if value is None else str(value)


if __name__ == "__main__":
    main()
