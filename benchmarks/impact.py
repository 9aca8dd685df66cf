"""The impact preview of a draft rule set over 10,000 applicants. `python -m
benchmarks.impact` (run by `python -m benchmarks` with the bench database's environment,
before the reminder figures add their 100,000 applicants) prints one JSON object of figures
as its last stdout line.

The applicants are built in bulk (bulk_create): users, applicants aiming at the 2028 Match
(judged by a derived copy of the latest set) with a Step 2 CK result each, scores spread
from 210 to 239 and the outcome left to the pass mark, so raising the mark from 218 to 225
flips about a quarter of them. The draft is a copy of the current set with that mark raised;
the figure is the time of the preview itself (certification.services.rulesets.run_preview,
what the background task runs: everyone evaluated under today's sets and under the draft).
The rows are deleted afterwards.
"""

import json
import sys
import time
from datetime import date

N = 10_000
EMAIL = "impact-{}@example.com"


def log(message: str) -> None:
    print(f"[bench impact] {message}", file=sys.stderr, flush=True)


def _build() -> None:
    from applicants.models import Applicant, User  # noqa: PLC0415
    from certification.models import ExamAttempt  # noqa: PLC0415

    User.objects.bulk_create([User(email=EMAIL.format(n), password="!") for n in range(N)],
                             batch_size=2000)
    users = User.objects.filter(email__startswith="impact-").order_by("pk")
    Applicant.objects.bulk_create([
        Applicant(user=user, legal_name=f"Impact {n}", citizenships=["IN"], school_country="IN",
                  school_name="Bench Medical College", graduation_date=date(2023, 5, 31),
                  target_match_year=2028) for n, user in enumerate(users)], batch_size=2000)
    applicants = Applicant.objects.filter(legal_name__startswith="Impact ").order_by("pk")
    ExamAttempt.objects.bulk_create([
        ExamAttempt(applicant=a, exam="STEP2CK", test_date=date(2025, 8, 1),
                    result_date=date(2025, 8, 25), score=210 + n % 30,
                    outcome="pass" if 210 + n % 30 >= 218 else "fail", outcome_derived=True)
        for n, a in enumerate(applicants)], batch_size=2000)


def _draft():
    from certification.models import RequirementSet  # noqa: PLC0415
    from certification.services import rulesets  # noqa: PLC0415

    draft = rulesets.copy_as_draft(RequirementSet.objects.get(code="RS-2027-P"), by=None)
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params["pass_marks"] = [[d, 225 if m == 218 else m]
                                        for d, m in requirement.params["pass_marks"]]
    requirement.save()
    return draft


def main() -> None:
    import django  # noqa: PLC0415

    django.setup()
    from applicants.models import Applicant, User  # noqa: PLC0415
    from certification.models import ImpactPreview  # noqa: PLC0415
    from certification.services import rulesets  # noqa: PLC0415
    from core import clock  # noqa: PLC0415

    start = time.perf_counter()
    _build()
    log(f"{N:,} applicants built in {time.perf_counter() - start:.1f} s")
    draft = _draft()
    preview = ImpactPreview.objects.create(rule_set=draft, effective_from=clock.today(),
                                           total=Applicant.objects.count())
    start = time.perf_counter()
    rulesets.run_preview(preview.pk)
    seconds = time.perf_counter() - start
    preview.refresh_from_db()
    log(f"preview of {preview.total:,} applicants: {seconds:.2f} s, "
        f"{preview.result['flipped']:,} flip, state {preview.state}")
    if preview.state != "done":
        raise RuntimeError(f"the preview did not finish: {preview.error}")
    draft.delete()
    User.objects.filter(email__startswith="impact-").delete()
    print(json.dumps({"impact_preview_s": seconds, "flipped": preview.result["flipped"]}))


if __name__ == "__main__":
    main()
