"""Take the README screenshots from a running app with demo data.

    make run                              # serves http://127.0.0.1:8000, seeds the demo users
    uv run python scripts/screenshots.py  # writes docs/screenshots/*.png

or on a throwaway SQLite database and another port:

    export DEBUG=True DATABASE_URL=sqlite:////tmp/shots.sqlite3 MEDIA_ROOT=/tmp/shots-media
    uv run python manage.py migrate && uv run python manage.py seed_demo
    uv run python manage.py runserver 127.0.0.1:8011 &
    uv run python scripts/screenshots.py http://127.0.0.1:8011

The base URL comes from the first argument or SCREENSHOTS_BASE_URL (default
http://127.0.0.1:8000). The demo applicant signs in through the real sign-in form.
Uses the system Chromium: Playwright downloads no browser.
"""

import os
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EMAIL = "applicant@example.com"
PASSWORD = "demo-password-2026"  # noqa: S105 - the seeded demo account
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_url(f"{base}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your road to residency")


def shoot(page: Page, name: str, *, full_page: bool = False) -> None:
    """The first screen (or the whole page with full_page)."""
    path = OUT / name
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    # 256 colours: nothing visible is lost on these flat UI pages, and the files shrink ~3x.
    with Image.open(path) as shot:
        flat = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                            dither=Image.Dither.NONE)
    flat.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def main(base: str) -> None:
    base = base.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            desktop = browser.new_context(viewport={"width": 1280, "height": 800})
            page = desktop.new_page()
            page.goto(f"{base}/")
            shoot(page, "landing.png")
            page.set_viewport_size({"width": 1280, "height": 900})
            sign_in(page, base)
            page.goto(f"{base}/me/")  # without the one-off "signed in" message
            shoot(page, "status-desktop.png")
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(f"{base}/dashboard/")
            shoot(page, "dashboard-desktop.png")
            page.goto(f"{base}/residency/programs/?q=internal+medicine&visa=j1")
            shoot(page, "programs-desktop.png")
            state = desktop.storage_state()
            desktop.close()

            phone = browser.new_context(
                viewport={"width": 390, "height": 844},
                device_scale_factor=1,
                is_mobile=True,
                has_touch=True,
                storage_state=state,
            )
            page = phone.new_page()
            page.goto(f"{base}/me/")
            shoot(page, "status-phone.png", full_page=True)
            page.goto(f"{base}/dashboard/")  # the first screen: next step, next deadlines
            shoot(page, "dashboard-phone.png")
            page.goto(f"{base}/residency/programs/?q=internal+medicine&sort=fit")
            page.locator("table.programs").scroll_into_view_if_needed()
            shoot(page, "programs-phone.png")  # stacked cards, no sideways scrolling
            page.goto(f"{base}/dashboard/")
            page.get_by_text("Menu", exact=True).click()
            shoot(page, "menu-phone.png")
            phone.close()
        finally:
            browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1]
        if len(sys.argv) > 1
        else os.environ.get("SCREENSHOTS_BASE_URL", "http://127.0.0.1:8000")
    )
