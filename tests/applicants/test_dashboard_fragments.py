"""The dashboard markup built in Python escapes what it shows, as the template did."""

from datetime import date

from core.status import Status
from road.dashboard.data import Bar, Deadline, Event, Line
from road.dashboard.fragments import (
    checklist_items,
    day_month_year,
    deadline_items,
    progress_bars,
    timeline_items,
)
from road.dashboard.timeline import timeline_svg

EVIL = '<script>alert("x")</script> & Co'
SAFE = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"


def test_every_text_value_is_escaped():
    line = Line(EVIL, Status.NOT_STARTED, EVIL, EVIL, '/fix/?a="b"', check_source=True)
    html = checklist_items([line])
    assert "<script>" not in html and html.count(SAFE) == 3
    assert 'href="/fix/?a=&quot;b&quot;"' in html
    assert ">Not started<" in html and "Rests on a third-party" in html
    assert SAFE in deadline_items([Deadline(EVIL, date(2027, 1, 3), 1, EVIL, EVIL, None)])
    assert SAFE in timeline_items([Event(date(2027, 1, 3), EVIL, False)])
    assert SAFE in progress_bars([Bar(EVIL, 1, 11, "On track")])
    svg = timeline_svg([Event(date(2027, 1, 3), EVIL + " O'Neil", False)], date(2026, 1, 1))
    assert "<script>" not in svg and f"<title>{SAFE} O&#x27;Neil, 3 Jan 2027</title>" in svg


def test_markup_matches_what_the_page_needs():
    bar = progress_bars([Bar("Standard ECFMG Certificate", 1, 11, "At risk")])
    assert 'aria-valuenow="1"' in bar and 'aria-valuemax="11"' in bar
    assert 'class="word word-at-risk"' in bar and '<rect width="9" height="10"/>' in bar
    line = checklist_items([Line("Step 1", Status.MET, "Passed", "", None)])
    assert 'class="next"' not in line and "tone-ok" in line
    days = deadline_items([Deadline("A", date(2027, 1, 3), 0, "2027-01-03", "", "/x/"),
                           Deadline("B", date(2027, 1, 4), 1, "2027-01-04", "", None)])
    assert ">today<" in days and ">in 1 day<" in days and '<a href="/x/">A</a>' in days
    assert day_month_year(date(2027, 1, 3)) == "3 Jan 2027"
    events = timeline_items([Event(date(2025, 4, 14), "Step 1", True)])
    assert '<li class="past"><time datetime="2025-04-14">14 Apr 2025</time> Step 1</li>' in events
