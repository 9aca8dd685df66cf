"""`python -m benchmarks`: print one `name: value unit` line per figure, logs to stderr.

`python -m benchmarks pages` measures the page figures and their ratios only (about 3
minutes instead of the whole run: no locust load, impact preview, reminders or classify)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from . import loadtest
from .load import pages_per_second
from .pages import PAGES, RATIOS
from .rules import classify_per_second
from .server import gunicorn
from .stack import (
    ROOT,
    applicant_cookie,
    caseload_lead_cookie,
    heavy_applicant_cookie,
    log,
    prepare,
)


def emit(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def reminders_only() -> None:
    """`python -m benchmarks reminders` (`make bench-reminders`): the three reminder figures
    alone, on a fresh bench database with the demo data (a few minutes, not the whole run)."""
    with tempfile.TemporaryDirectory(prefix="imgpath-bench-") as workdir:
        env = prepare(Path(workdir))
        reminders = _reminders(env)
    _emit_reminders(reminders)


def _reminders(env: dict[str, str]) -> dict:
    log("reminders: 100,000 and 1,000,000 deadline rows, the sweep, a real worker")
    done = subprocess.run([sys.executable, "-m", "benchmarks.reminders"], cwd=ROOT,
                          env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _emit_reminders(reminders: dict) -> None:
    emit("reminder_sweep_s", reminders["reminder_sweep_s"], "s", digits=3)
    emit("reminder_sweep_growth_ratio", reminders["reminder_sweep_growth_ratio"], "ratio",
         digits=2)
    emit("reminders_sent_per_s", reminders["reminders_sent_per_s"], "reminders/s")


def emit_ratios(figures: dict[str, float]) -> None:
    for name, numerator, denominator in RATIOS:
        emit(name, figures[numerator] / figures[denominator], "ratio", digits=2)


def main(only_pages: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="imgpath-bench-") as workdir:
        env = prepare(Path(workdir))
        cookies = {None: None, "applicant": applicant_cookie(env),
                   "fifty": heavy_applicant_cookie(env), "lead": caseload_lead_cookie(env)}
        figures = {}
        with gunicorn(env) as port:
            log("load on " + ", ".join(path for _, path, _ in PAGES) + ", taking turns")
            rates = pages_per_second(port, [(path, cookies[who]) for _, path, who in PAGES])
        load = None
        if not only_pages:
            with gunicorn(env, workers=None) as port:  # as production runs it
                load = loadtest.run(port, env)
        for (name, _, _), rate in zip(PAGES, rates, strict=True):
            figures[name] = rate
            emit(name, rate, "req/s")
        # The ratios now: they need nothing the slower figures below measure.
        emit_ratios(figures)
        log(f"load average after the page figures: {os.getloadavg()[0]:.1f}")
        if only_pages:
            return
        log("impact preview: a draft rule set over 10,000 applicants")
        done = subprocess.run([sys.executable, "-m", "benchmarks.impact"], cwd=ROOT,
                              env=env, check=True, stdout=subprocess.PIPE, text=True)
        impact = json.loads(done.stdout.strip().splitlines()[-1])
        reminders = _reminders(env)
    log("applicants.rules.classify")
    emit("classify_per_second", classify_per_second(), "calls/s", digits=0)
    _emit_reminders(reminders)
    for name in ("load_p50_ms", "load_p95_ms", "load_p99_ms"):
        emit(name, load[name], "ms")
    emit("load_errors", load["load_errors"], f"errors (of {load['load_requests']} requests)",
         digits=0)
    emit("load_p95_to_bare_ratio", load["load_p95_to_bare_ratio"], "ratio", digits=2)
    emit("impact_preview_s", impact["impact_preview_s"], "s", digits=2)


if __name__ == "__main__":
    if sys.argv[1:] == ["reminders"]:
        reminders_only()
    elif sys.argv[1:] in ([], ["pages"]):
        main(only_pages=sys.argv[1:] == ["pages"])
    else:
        raise SystemExit("usage: python -m benchmarks [pages | reminders]")
