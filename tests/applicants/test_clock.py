from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from core import clock


@pytest.mark.parametrize(("utc", "product_day", "recorded_day"), [
    # 22:00 in New York on the 21st; 08:30 in India on the 22nd.
    (datetime(2026, 11, 22, 3, 0, tzinfo=UTC), date(2026, 11, 21), date(2026, 11, 22)),
    # The 23rd begins first at UTC+14, ten hours before it begins in London.
    (datetime(2026, 11, 22, 9, 59, tzinfo=UTC), date(2026, 11, 22), date(2026, 11, 22)),
    (datetime(2026, 11, 22, 10, 0, tzinfo=UTC), date(2026, 11, 22), date(2026, 11, 23)),
])
def test_the_product_day_is_eastern_and_a_recorded_date_may_run_ahead(
        monkeypatch, utc, product_day, recorded_day):
    monkeypatch.setattr(timezone, "now", lambda: utc)
    assert timezone.localdate() == product_day
    assert clock.recorded_today() == recorded_day
