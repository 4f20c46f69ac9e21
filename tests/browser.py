"""A built site served on 127.0.0.1 and Debian's Chromium driven by Playwright, for tests and
for `make screenshots`.

Nothing here downloads a browser: Playwright drives /usr/bin/chromium (Debian's `chromium`).
"""

from __future__ import annotations

import functools
import http.server
import os
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = Path(os.environ.get("KITH_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "install Debian's Chromium with `sudo apt-get install chromium`"
# Without the background-networking flags Chromium makes connections of its own; the resolver
# rule makes sure that nothing but 127.0.0.1 is ever reached, whatever a page asks for.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)


class BrowserUnavailableError(Exception):
    """Chromium (or Playwright) cannot be started on this machine."""


def in_ci() -> bool:
    """True when running under CI (`CI=true`), where a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder over real HTTP on 127.0.0.1 (a free port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[Any]:
    """Start headless Chromium through Playwright; raise BrowserUnavailableError if it cannot."""
    if not CHROMIUM.exists():
        raise BrowserUnavailableError(f"{CHROMIUM} does not exist; {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailableError(
            f"Playwright is not installed ({exc}); run make test"
        ) from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
            )
        except Exception as exc:  # Playwright raises its own Error with the browser's output
            raise BrowserUnavailableError(f"{CHROMIUM} did not start: {exc}") from None
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Recorder:
    """Everything one browser context did: requests, console errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        """Record every request of the context and the errors and dialogs of its pages."""
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch)

    def watch(self, page: Any) -> None:
        """Record a page's console errors, uncaught exceptions and dialogs."""
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        """Return every request to a host other than 127.0.0.1."""
        return [url for url in self.requests if urlsplit(url).hostname != "127.0.0.1"]


class _Links(HTMLParser):
    """Collect the href of every <a> inside the primary navigation and the whole page."""

    def __init__(self) -> None:
        super().__init__()
        self.nav_depth = 0
        self.nav: list[str] = []
        self.all: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav":
            primary = "md-nav--primary" in (values.get("class") or "")
            self.nav_depth += 1 if (primary or self.nav_depth) else 0
        if tag == "a" and values.get("href"):
            href = values["href"] or ""
            self.all.append(href)
            if self.nav_depth:
                self.nav.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.nav_depth:
            self.nav_depth -= 1


def site_path(site: Path, page: str, href: str) -> str | None:
    """Turn a link on `page` (a site path like 'people/') into a site path; None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    path = "" if joined == "." else joined.lstrip("/")
    return path + "/" if path and (site / path).is_dir() else path


def nav_pages(site: Path) -> list[str]:
    """Return the site path of every page in the home page's navigation, in order."""
    links = _Links()
    links.feed((site / "index.html").read_text(encoding="utf-8"))
    found = (site_path(site, "", href) for href in links.nav)
    return list(dict.fromkeys(p for p in found if p is not None))


def contact_pages(site: Path) -> list[str]:
    """Return the site path of every contact page linked from the people index."""
    links = _Links()
    links.feed((site / "people" / "index.html").read_text(encoding="utf-8"))
    found = (site_path(site, "people/", href) for href in links.all)
    return sorted({p for p in found if p and p.startswith("people/") and p != "people/"})


def main_pages(site: Path) -> list[str]:
    """Return the pages a person looks at first: the navigation, one contact page, the tags."""
    pages = nav_pages(site)
    contacts = contact_pages(site)
    return list(dict.fromkeys([*pages, *contacts[:1], "tags/"]))
