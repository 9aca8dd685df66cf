"""The reminder benchmark writes its rows with raw SQL (benchmarks/reminders.py): a column
added to a model without a database default breaks it. Build two applicants' rows here so
`make bench` cannot find out first, and check the sweep sees the ones due."""

from datetime import UTC, datetime

import pytest

from applicants.models import Applicant, Deadline, ReminderPreferences
from applicants.reminders import sweep
from benchmarks import reminders as bench

pytestmark = pytest.mark.django_db


def test_the_benchmarks_bulk_sql_still_builds_rows_the_sweep_claims(
        django_capture_on_commit_callbacks):
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    bench._execute(bench._BUILD, lo=0, hi=2, now=now)
    assert Applicant.objects.filter(legal_name__startswith="Bench ").count() == 2
    assert ReminderPreferences.objects.count() == 2
    assert Deadline.objects.count() == 2 * bench.PER_APPLICANT
    claimed = []
    with django_capture_on_commit_callbacks(execute=True):
        sweep.sweep(now, send=lambda i, t: claimed.append(i), send_digest=lambda a, t: None)
    assert len(claimed) == 2  # deadline 0 of each applicant below DUE is due now
