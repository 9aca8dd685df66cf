"""The reminder sweep at 100,000 and at 1,000,000 deadline rows, and sending through a real
worker. `python -m benchmarks.reminders` (run by `python -m benchmarks` with the bench
database's environment) prints one JSON object of figures as its last stdout line.

The rows are written with bulk SQL (INSERT ... SELECT generate_series), not the ORM: users,
applicants with their reminder preferences (offsets 30, 7 and 1 days, 09:00 local), 10
deadlines each. Deadline 0 of each of the first 10,000 applicants has its next reminder
(offset 7) before the frozen moment NOW; every other deadline's next reminder is after it
(one in ten is done, with no reminder). The first sweep runs at 100,000 rows; the next
90,000 applicants (900,000 rows, none due) are then added and the same sweep runs at
1,000,000 rows over the same 10,000 due.

The sweep is the real one (`applicants.reminders.sweep.sweep(now=NOW, send=...)`): it finds,
claims (delivery rows inserted as `sending`) and plans the next reminder of each; its `send`
argument collects the claimed deliveries instead of enqueueing them. Each size is timed
RUNS times, the claims undone (delivery rows deleted, next reminders put back, VACUUM
ANALYZE) before each; the median is the figure. The last sweep's claims are then handed to
a real Celery worker (prefork) over the bench Redis, as the sweep hands them (chunks of
`sweep.SEND_CHUNK` per task), and sent to the file email backend.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SMALL, LARGE, PER_APPLICANT, DUE = 10_000, 100_000, 10, 10_000
RUNS = 3
WORKER_CONCURRENCY = 4
ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[bench reminders] {message}", file=sys.stderr, flush=True)


def _tables() -> dict[str, str]:
    from applicants.models import Applicant, Deadline, Delivery, ReminderPreferences, User  # noqa: PLC0415, I001

    return {"user": User._meta.db_table, "applicant": Applicant._meta.db_table,
            "deadline": Deadline._meta.db_table, "delivery": Delivery._meta.db_table,
            "prefs": ReminderPreferences._meta.db_table}


# Applicants [lo, hi) (bench-<n>@example.com), with preferences and PER_APPLICANT deadlines;
# deadline 0 of applicants n < DUE is due at %(now)s.
_BUILD = [
    """INSERT INTO {user} (password, is_superuser, email, is_staff, is_active, date_joined,
           role, welcome_sent_at, unread_notifications)
       SELECT '!', false, 'bench-' || n || '@example.com', false, true, %(now)s,
              'applicant', %(now)s, 0
       FROM generate_series(%(lo)s, %(hi)s - 1) AS n""",
    """INSERT INTO {applicant} (user_id, legal_name, citizenships, us_permanent_resident,
           canadian_citizen_or_pr, school_country, school_name, school_accreditation,
           graduation_date, time_zone, target_match_year, cert_percent, cert_met, cert_total,
           cert_status, cert_blocking, cert_word, match_status, match_word, match_problems,
           canada_percent, canada_word, canadian_prior_training, track_canada,
           created_at, updated_at)
       SELECT u.id, 'Bench ' || n, 'IN', false, false, 'IN', 'Bench Medical College', '',
              DATE '2023-05-31',
              (ARRAY['UTC', 'Asia/Kolkata', 'America/New_York', 'Africa/Lagos',
                     'Pacific/Kiritimati', 'Etc/GMT+12'])[1 + n %% 6],
              2028, 0, 0, 0, 'not_started', '[]', '', '', '', '[]', 0, '', false, false,
              %(now)s, %(now)s
       FROM generate_series(%(lo)s, %(hi)s - 1) AS n
       JOIN {user} u ON u.email = 'bench-' || n || '@example.com'""",
    """INSERT INTO {prefs} (applicant_id, offsets, email, muted_kinds, weekly_digest, hour,
           calendar_token)
       SELECT a.id, '[30, 7, 1]', true, '[]', false, 9, md5('bench-token-' || a.id)
       FROM {applicant} a WHERE a.legal_name LIKE 'Bench %%' AND a.id NOT IN (
           SELECT applicant_id FROM {prefs})""",
    """INSERT INTO {deadline} (applicant_id, source_key, kind, title, due_at, zone, all_day,
           url, what_to_do, note, confirmed, done_at, next_remind_at, next_offset,
           created_at, updated_at)
       SELECT a.id, 'own:bench' || k,
              (ARRAY['exam', 'result', 'season', 'pathway', 'certificate', 'interview',
                     'document', 'own'])[1 + k %% 8],
              'Bench deadline ' || k,
              CASE WHEN k = 0 AND n < {due} THEN %(now)s + interval '7 days'
                   ELSE %(now)s + (10 + k * 40 + n %% 97) * interval '1 day' END,
              'America/New_York', true, '/deadlines/', '', '', true,
              CASE WHEN k = 9 THEN %(now)s END,
              CASE WHEN k = 9 THEN NULL
                   WHEN k = 0 AND n < {due} THEN %(now)s - (n %% 3600) * interval '1 second'
                   ELSE %(now)s + (3600 + n * 7 %% 86400 + k * 3 * 86400) * interval '1 second'
              END,
              CASE WHEN k = 9 THEN NULL WHEN k = 0 AND n < {due} THEN 7 ELSE 30 END,
              %(now)s, %(now)s
       FROM (SELECT id, substr(legal_name, 7)::int AS n FROM {applicant}
             WHERE legal_name LIKE 'Bench %%') AS a(id, n)
       CROSS JOIN generate_series(0, {per} - 1) AS k
       WHERE a.n >= %(lo)s AND a.n < %(hi)s""",
]

# Undo a sweep's claims: its delivery rows, and the due deadlines' next reminder.
_RESET = [
    "DELETE FROM {delivery} WHERE deadline_id IN (SELECT id FROM {deadline} "
    "WHERE source_key = 'own:bench0')",
    """UPDATE {deadline} d SET next_remind_at = %(now)s - (a.n %% 3600) * interval '1 second',
           next_offset = 7
       FROM (SELECT id, substr(legal_name, 7)::int AS n FROM {applicant}
             WHERE legal_name LIKE 'Bench %%') AS a(id, n)
       WHERE d.applicant_id = a.id AND d.source_key = 'own:bench0' AND a.n < {due}""",
]


def _execute(statements: list[str], **params) -> None:
    from django.db import connection  # noqa: PLC0415

    names = {**_tables(), "due": DUE, "per": PER_APPLICANT}
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.format(**names), params)


def _vacuum() -> None:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:  # outside a transaction: Django autocommits
        for table in ("deadline", "delivery", "prefs", "applicant", "user"):
            cursor.execute(f"VACUUM ANALYZE {_tables()[table]}")


def _due_count(now: datetime) -> int:
    from applicants.models import Deadline  # noqa: PLC0415

    return Deadline.objects.filter(done_at__isnull=True, next_remind_at__lte=now).count()


def _explain(now: datetime) -> str:
    from django.db import connection, transaction  # noqa: PLC0415

    from applicants.models import Deadline  # noqa: PLC0415

    query = (Deadline.objects.filter(done_at__isnull=True, next_remind_at__lte=now)
             .select_related("applicant").select_for_update(skip_locked=True, of=("self",))
             .order_by("next_remind_at")[:1000])
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _timed_sweeps(now: datetime, explain: bool = False
                  ) -> tuple[float, list[tuple[int, str]]]:
    """Median seconds of RUNS sweeps (each from the same state); the last one's claims."""
    from applicants.reminders import sweep  # noqa: PLC0415

    times = []
    for _ in range(RUNS):
        _execute(_RESET, now=now)
        _vacuum()
        due = _due_count(now)
        if due != DUE:
            raise RuntimeError(f"{due} reminders due at {now}, not {DUE}")
        if explain and len(times) == RUNS - 1:
            log("the sweep's query:\n" + _explain(now))
        claimed: list[tuple[int, str]] = []
        start = time.perf_counter()
        handed = sweep.sweep(now, send=lambda i, t, c=claimed: c.append((i, t)),
                             send_digest=lambda a, t: None)
        times.append(time.perf_counter() - start)
        if handed != DUE or len(claimed) != DUE:
            raise RuntimeError(f"the sweep handed {handed} sends, claimed {len(claimed)}")
    log("sweep times: " + ", ".join(f"{t:.3f} s" for t in times))
    return statistics.median(times), claimed


def _build(lo: int, hi: int, now: datetime) -> None:
    start = time.perf_counter()
    _execute(_BUILD, lo=lo, hi=hi, now=now)
    _vacuum()
    log(f"applicants {lo}..{hi - 1}: {(hi - lo) * PER_APPLICANT:,} deadline rows in "
        f"{time.perf_counter() - start:.1f} s")


def _worker(mail_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_URL": f"filemail:///{mail_dir}"}  # environ drops one slash
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         f"--concurrency={WORKER_CONCURRENCY}", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()

    def relay() -> None:
        for line in proc.stdout:
            if " ready." in line:
                ready.set()
            if "Task applicants.tasks" not in line:  # one line per task: too many to relay
                print(line, end="", file=sys.stderr, flush=True)
        ready.set()

    threading.Thread(target=relay, daemon=True).start()
    # Loading Django and the tasks takes seconds, minutes on a machine other jobs keep busy.
    if not ready.wait(300) or proc.poll() is not None:
        raise RuntimeError("the Celery worker did not start")
    return proc


def _send_rate(claimed: list[tuple[int, str]]) -> float:
    """Enqueue the claimed deliveries to a real worker; reminders marked sent per second,
    from the first enqueue to the last marked sent."""
    from django.db.models import Max  # noqa: PLC0415

    from applicants.models import Delivery  # noqa: PLC0415
    from applicants.reminders import sweep  # noqa: PLC0415
    from config.celery import app  # noqa: PLC0415

    if app.conf.task_always_eager:
        raise RuntimeError("sending needs REDIS_URL (a real broker)")
    ids = [i for i, _ in claimed]
    with tempfile.TemporaryDirectory(prefix="imgpath-bench-mail-") as mail_dir:
        worker = _worker(Path(mail_dir))
        try:
            start = datetime.now(UTC)
            tokens: dict[str, list[int]] = {}
            for delivery_id, token in claimed:
                tokens.setdefault(token, []).append(delivery_id)
            for token, same in tokens.items():  # as the sweep hands them on after commit
                sweep.enqueue_sends(same, token)
            log(f"{len(claimed)} sends enqueued in "
                f"{(datetime.now(UTC) - start).total_seconds():.1f} s")
            give_up = time.monotonic() + 600
            sent = 0
            while time.monotonic() < give_up:
                sent = Delivery.objects.filter(pk__in=ids, state="sent").count()
                if sent == len(ids) or worker.poll() is not None:
                    break
                time.sleep(0.5)
            files = len(os.listdir(mail_dir))
        finally:
            worker.terminate()
            worker.wait(60)
        last = Delivery.objects.filter(pk__in=ids).aggregate(last=Max("sent_at"))["last"]
    # The count is the delivery rows marked sent: the file backend names its files by
    # microsecond and object id, which forked worker processes can share (one overwrites).
    log(f"{sent} marked sent, {files} email files (names can collide across processes)")
    if sent != len(ids):
        raise RuntimeError(f"{sent} marked sent of {len(ids)}")
    return sent / (last - start).total_seconds()


def main() -> None:
    import django  # noqa: PLC0415

    django.setup()
    now = datetime.now(UTC).replace(microsecond=0)
    # Demo rows (seed_demo) whose reminder is due now move an hour on: exactly DUE are due.
    from applicants.models import Deadline  # noqa: PLC0415

    Deadline.objects.filter(next_remind_at__lte=now).update(
        next_remind_at=now + timedelta(hours=1))
    _build(0, SMALL, now)
    small, _ = _timed_sweeps(now)
    log(f"sweep at {SMALL * PER_APPLICANT:,} rows: {small:.3f} s")
    _build(SMALL, LARGE, now)
    large, claimed = _timed_sweeps(now, explain=True)
    log(f"sweep at {LARGE * PER_APPLICANT:,} rows: {large:.3f} s")
    figures = {"reminder_sweep_s": large, "reminder_sweep_growth_ratio": large / small}
    figures["reminders_sent_per_s"] = _send_rate(claimed)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
