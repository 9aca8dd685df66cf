"""Deadlines and reminders: the deadline sources' registry (sources.py), when each reminder
falls due (schedule.py), the writer the road refresh calls (services.py), the sweep and its
emails (sweep.py, emails.py, tasks in applicants.tasks), the calendar feed (ical.py) and the
applicant's pages (views.py)."""
