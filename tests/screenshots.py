"""Write a PNG of each main page of a built site, to look at it without serving it.

Usage: python tests/screenshots.py SITE_DIR OUT_DIR   (what `make screenshots` runs)
"""

from __future__ import annotations

import sys
from pathlib import Path

from browser import BrowserUnavailableError, Recorder, chromium, main_pages, serve


def file_name(path: str) -> str:
    """Name the screenshot of a site path: '' is home, 'people/ada/' is people-ada."""
    return (path.strip("/").replace("/", "-") or "home") + ".png"


def take_screenshots(site: Path, out: Path) -> list[Path]:
    """Screenshot every main page of `site` into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        recorder = Recorder()
        recorder.attach(context)
        page = context.new_page()
        for path in main_pages(site):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            target = out / file_name(path)
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
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
