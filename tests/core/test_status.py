"""core.status: one display entry for every member of every status enum."""

import pytest

from core.status import DISPLAY, CheckStatus, RoadWord, Status, Tone, Verdict, display


@pytest.mark.parametrize("enum", list(DISPLAY))
def test_every_member_has_its_own_entry(enum):
    assert set(DISPLAY[enum]) == set(enum)


@pytest.mark.parametrize(("member", "word", "tone", "css"), [
    (Status.BLOCKED, "Blocked", Tone.BAD, "blocked"),
    (Status.NOT_STARTED, "Not started", Tone.TODO, "not_started"),
    (CheckStatus.ON_TRACK, "On track", Tone.PROGRESS, "in_progress"),
    (CheckStatus.AT_RISK, "At risk", Tone.WARN, "expiring"),
    (CheckStatus.UNKNOWN, "Unknown", Tone.TODO, "not_applicable"),
    (CheckStatus.NOT_STARTED, "Not started", Tone.TODO, "not_started"),
    (RoadWord.ON_TRACK, "On track", Tone.OK, "ok"),
    (Verdict.NOT_ELIGIBLE, "Not eligible", Tone.BAD, "bad"),
])
def test_members_with_the_same_text_keep_their_own_display(member, word, tone, css):
    shown = display(member)
    assert (shown.word, shown.tone, shown.css) == (word, tone, css)
