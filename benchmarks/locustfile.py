"""The load scenario (locust): 100 users, 1-3 s between requests, 80 % applicants reading
their dashboard, records and programs, 20 % advisors on their caseload and an applicant's
file.

From the environment (benchmarks.loadtest signs the demo users in): LOAD_APPLICANT_COOKIE
and LOAD_ADVISOR_COOKIE, each `name=value`, and LOAD_ADVISOR_FILE, the path of the demo
applicant's file in the demo advisor's caseload. Any answer but 200 counts as an error (a
redirect to a sign-in or MFA page would otherwise pass for a fast page).

Spawning is not measured (benchmarks.loadtest resets the figures once all users run).

The users are FastHttpUser (geventhttpclient, part of locust): locust runs on the same two
CPUs as the server it measures, and its default client (requests) spends several times more
CPU per request, which the server's latency then pays for.
"""

import os

from locust import FastHttpUser, between, task


class _SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    cookie = ""  # the environment variable with this user's session cookie

    def on_start(self):
        self.headers = {"Cookie": os.environ[self.cookie]}
        # A user arrives and reads for a while, as between any two pages. Without this each
        # batch locust spawns (25 users at once, every second) asks for its first page in
        # the same millisecond: a queue of 25 requests no real arrival makes, which alone
        # put 3 % of all requests at 60-220 ms.
        self.wait()

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name, headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")


class Applicant(_SignedIn):
    weight = 8
    cookie = "LOAD_APPLICANT_COOKIE"

    @task(3)
    def dashboard(self):
        self.page("/dashboard/")

    @task(2)
    def records(self):
        self.page("/certification/")

    @task(1)
    def exams(self):
        self.page("/certification/exams/")

    @task(2)
    def programs(self):
        self.page("/residency/programs/")


class Advisor(_SignedIn):
    weight = 2
    cookie = "LOAD_ADVISOR_COOKIE"

    @task(2)
    def caseload(self):
        self.page("/advisor/caseload/")

    @task(1)
    def applicant_file(self):
        self.page(os.environ["LOAD_ADVISOR_FILE"], name="/advisor/applicants/<id>/")
