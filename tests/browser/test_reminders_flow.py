"""Reminders in a real Chromium: set the offsets, add a booked exam, and after a sweep (run
in-process) see its reminder in the bell, the notifications list and the calendar feed."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from applicants.models import ReminderPreferences
from applicants.reminders import emails, sweep
from tests.browser.signin import sign_in
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_offsets_then_a_booked_exam_reach_the_bell_the_list_and_the_feed(page: Page,
                                                                         live_server):
    applicant = ApplicantFactory(time_zone="UTC")
    base = live_server.url
    sign_in(page, base, applicant.user.email)

    page.goto(base + "/me/reminders/")
    page.get_by_label(re.compile(r"^Remind me this many days before")).fill("5, 2")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_label(re.compile(r"^Remind me this many days before"))).to_have_value(
        re.compile(r"^5, ?2$"))
    assert ReminderPreferences.objects.get(applicant=applicant).offsets == [5, 2]

    test_day = timezone.localdate() + timedelta(days=20)
    page.goto(base + "/certification/exams/add/")
    page.get_by_label(re.compile(r"^Exam")).select_option(label="USMLE Step 1")
    page.get_by_label(re.compile(r"^Scheduled date")).fill(test_day.isoformat())
    page.get_by_role("button", name="Save attempt").click()
    expect(page).to_have_url(re.compile(r"/certification/exams/$"))

    # Five days before the test day, at 09:00 UTC, the beat's sweep (in this process).
    moment = timezone.now() + timedelta(days=16)
    handed = sweep.sweep(moment, send=lambda i, t: sweep.deliver(i, t, mail=emails.reminder))
    assert handed == 1

    page.goto(base + "/dashboard/")
    bell = page.get_by_role("link", name=re.compile(r"^Notifications, 1 unread"))
    expect(bell).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("USMLE Step 1: test day")

    page.goto(base + "/me/reminders/")
    feed_url = page.get_by_test_id("feed-url").input_value()
    path = feed_url.split("://", 1)[-1].split("/", 1)[1]
    response = Client().get("/" + path)  # a calendar app, not signed in
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("USMLE Step 1: test day" in s for s in summaries)
    event = next(e for e in calendar.walk("VEVENT") if "test day" in str(e["SUMMARY"]))
    assert event["DTSTART"].dt == test_day


def test_a_saved_program_s_application_deadline_becomes_a_deadline(page: Page, live_server):
    from tests.factories import ProgramFactory, SavedProgramFactory

    applicant = ApplicantFactory(time_zone="UTC")
    program = ProgramFactory(name="Quarry Hill Internal Medicine")
    SavedProgramFactory(applicant=applicant, program=program)
    base = live_server.url
    sign_in(page, base, applicant.user.email)
    on = timezone.localdate() + timedelta(days=45)
    words = f"{on.day} {on:%b %Y}"

    page.goto(base + "/residency/programs/saved/")
    page.get_by_role("link", name="Add the application deadline of Quarry Hill Internal "
                                   "Medicine").click()
    expect(page.get_by_role("heading", name="Application deadline")).to_be_visible()
    page.get_by_label(re.compile(r"^Application deadline")).fill(on.isoformat())
    page.get_by_role("button", name="Save the deadline").click()
    expect(page).to_have_url(re.compile(r"/residency/programs/saved/$"))
    expect(page.get_by_role("main")).to_contain_text(
        f"Application deadline for Quarry Hill Internal Medicine saved: {words}. It is in "
        "your deadlines.")

    page.goto(base + "/me/deadlines/")
    expect(page.get_by_role("main")).to_contain_text(
        f"Apply to Quarry Hill Internal Medicine by {words}")
