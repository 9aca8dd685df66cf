"""Smoke test of a running `make run`: public pages, then the demo applicant's pages.

    python scripts/smoke.py http://127.0.0.1:8765

Standard library only. Exits non-zero, saying which page failed, on anything but a 200
with the expected text."""

import re
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

EMAIL, PASSWORD = "applicant@example.com", "demo-password-2026"
PUBLIC = {"/": "", "/accounts/login/": "Sign in"}
SIGNED_IN = {  # the pages of the demo applicant, and a text each must show
    "/dashboard/": "Your road to residency",
    "/certification/": "USMLE Step 1",
    "/residency/match/": "Match",
    "/residency/programs/": "program",
    "/dashboard/report/": "Progress report",
    "/dashboard/report/?format=pdf": "%PDF-",
}


def main(base: str) -> None:
    if not base.startswith(("http://", "https://")):
        sys.exit(f"{base}: an http(s) address, please")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    for path, text in PUBLIC.items():
        _expect(opener, base, path, text)
    login = _expect(opener, base, "/accounts/login/", "csrfmiddlewaretoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": EMAIL,
                                   "password": PASSWORD}).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form,  # noqa: S310
                                     headers={"Referer": base + "/accounts/login/"})
    with opener.open(request) as response:  # follows the redirect to the dashboard
        if not response.url.rstrip("/").endswith("/dashboard"):
            sys.exit(f"sign-in as {EMAIL} landed on {response.url}, not the dashboard")
    for path, text in SIGNED_IN.items():
        _expect(opener, base, path, text)
    print("smoke test: every page answered 200 with its text")


def _expect(opener, base: str, path: str, text: str) -> str:
    try:
        with opener.open(base + path) as response:
            body = response.read().decode("latin-1")  # a PDF too; the texts are ASCII
    except urllib.error.HTTPError as error:
        sys.exit(f"GET {path} -> {error.code}")
    if text not in body:
        sys.exit(f"GET {path} -> 200 without {text!r}")
    print(f"GET {path} -> 200")
    return body


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
