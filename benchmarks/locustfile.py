"""The load scenario (locust): 100 users, 1-3 s between requests, 80 % applicants reading
their dashboard, records and programs, 20 % advisors on their landing page.

Cookies come from the environment (benchmarks.loadtest signs the demo users in):
LOAD_APPLICANT_COOKIE and LOAD_ADVISOR_COOKIE, each `name=value`.
"""

import os

from locust import HttpUser, between, task


def _cookie(variable: str) -> dict[str, str]:
    name, _, value = os.environ[variable].partition("=")
    return {name: value}


class Applicant(HttpUser):
    weight = 8
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.update(_cookie("LOAD_APPLICANT_COOKIE"))

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", allow_redirects=False)

    @task(2)
    def records(self):
        self.client.get("/certification/", allow_redirects=False, name="/certification/")

    @task(1)
    def exams(self):
        self.client.get("/certification/exams/", allow_redirects=False)

    @task(2)
    def programs(self):
        self.client.get("/residency/programs/", allow_redirects=False)


class Advisor(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.update(_cookie("LOAD_ADVISOR_COOKIE"))

    @task
    def landing(self):
        self.client.get("/advisor/", allow_redirects=False)
