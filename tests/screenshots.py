"""Write a PNG of each main page of a built site in each look (light and dark, desktop and
phone), and the home page printed as its call sheet, to look at them without serving the site.

Usage: python tests/screenshots.py SITE_DIR OUT_DIR   (what `make screenshots` runs)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from browser import BrowserUnavailableError, Recorder, chromium, main_pages, serve

# Look name -> what the browser context is told: window, touch, colour scheme.
LOOKS: dict[str, dict[str, Any]] = {
    "desktop-light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "desktop-dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone-light": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "light",
    },
    "phone-dark": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "dark",
    },
}
CALL_SHEET = "home-print.pdf"


def file_name(path: str, look: str) -> str:
    """Name a screenshot: '' in desktop-light is home-desktop-light.png, 'people/ada/' is
    people-ada-desktop-light.png."""
    return (path.strip("/").replace("/", "-") or "home") + f"-{look}.png"


def take_screenshots(site: Path, out: Path, browser: Any = None) -> list[Path]:
    """Screenshot every main page of `site` in every look into `out`; return the files.

    `browser` is a running Chromium (the tests share one); without it one is started."""
    if browser is None:
        with chromium() as started:
            return take_screenshots(site, out, started)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    recorder = Recorder()
    with serve(site) as url:
        for look, options in LOOKS.items():
            context = browser.new_context(**options)
            recorder.attach(context)
            page = context.new_page()
            for path in main_pages(site):
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                target = out / file_name(path, look)
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            if look == "desktop-light":
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.pdf(path=str(out / CALL_SHEET), format="A4")
                written.append(out / CALL_SHEET)
            context.close()
    for problem in recorder.errors + recorder.foreign_requests():
        print(f"screenshots: warning: {problem}", file=sys.stderr)
    return written


def main(argv: list[str]) -> int:
    """Run from the command line; exit 1 when the browser cannot start."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        files = take_screenshots(Path(argv[0]), Path(argv[1]))
    except BrowserUnavailableError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    for path in files:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
