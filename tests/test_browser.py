"""The built site as a person uses it: Debian's Chromium over real HTTP on 127.0.0.1.

Without Chromium these tests skip with a hint on a developer machine, and fail under CI.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from browser import Recorder, contact_pages, main_pages, serve
from conftest import REPO, build_site, make_project

from generator.model import sort_key
from generator.vault.load import load_vault

RELATIONSHIP_PAGES = (
    "targets/",
    "follow-ups/",
    "reconnect/",
    "intro-paths/",
    "connectors/",
    "network/",
    "dead-ends/",
)
REQUIRED_PAGES = ("", "people/", "tags/", *RELATIONSHIP_PAGES)
HEADINGS = {
    "": "Your network",
    "people/": "People",
    "tags/": "Tags",
    "targets/": "Targets",
    "follow-ups/": "Follow-ups",
    "reconnect/": "Reconnect",
    "intro-paths/": "Intro paths",
    "connectors/": "Connectors",
    "network/": "Network",
    "dead-ends/": "Dead ends",
}
HOSTILE_YML = """\
site_name: Hostile
docs_dir: docs
theme:
  name: material
  features: [search.highlight]
plugins:
  - search
  - tags
  - kith:
      today: 2026-11-25
markdown_extensions:
  - tables
"""

# Finds what a script injected through a contact file would leave in the page.
DOM_CHECK = """() => {
  const bad = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) bad.push(`<${tag}> has ${name}`);
      if (urlAttributes.includes(name) && /^\\s*(javascript|vbscript|data):/i.test(attr.value))
        bad.push(`<${tag}> ${name}=${attr.value}`);
    }
  }
  for (const script of document.scripts) {
    const foreign = script.src && new URL(script.src).origin !== location.origin;
    if (foreign || (!script.src && /alert/.test(script.textContent)))
      bad.push(`script ${script.src || script.textContent.slice(0, 80)}`);
  }
  for (const img of document.images)
    if (new URL(img.src, location.href).origin !== location.origin) bad.push(`img ${img.src}`);
  const unexpected = "iframe, object, embed, base, meta[http-equiv=refresh], article script, " +
    ".md-search-result script, .md-search-result img, .md-search-result style";
  for (const el of document.querySelectorAll(unexpected))
    bad.push(`unexpected <${el.tagName.toLowerCase()}>`);
  return bad;
}"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile vault (tests/vaults/hostile) built with search highlighting on."""
    source = REPO / "tests" / "vaults" / "hostile" / "people"
    files = {p.name: p.read_bytes() for p in source.glob("*.md")}
    project = make_project(tmp_path_factory.mktemp("hostile"), files, mkdocs_yml=HOSTILE_YML)
    return build_site(project, strict=False)  # its warnings are part of the test


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


def open_and_read(page: Any, url: str) -> tuple[str, str]:
    """Load a page until the network is quiet; return its <h1> and its article's text."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    article = page.locator("article.md-content__inner")
    return article.locator("h1").first.inner_text().strip(), article.inner_text()


def search(page: Any, query: str) -> Any:
    """Type a query into Material's search box; return the result links once they show."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item a.md-search-result__link")


def test_the_main_pages_render_and_talk_to_nobody_but_127_0_0_1(
    demo_site: Path, demo_url: str, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    page, recorder = visit()
    names = {f"people/{p.slug}/": p.name for p in load_vault(REPO / "people").vault.people}
    problems: dict[str, str] = {}
    for path in main_pages(demo_site):
        heading, text = open_and_read(page, demo_url + path)
        expected = HEADINGS.get(path) or names.get(path)
        if not heading or (expected and heading != expected):
            problems[path] = f"heading {heading!r}, expected {expected or 'one'}"
        elif len(text) < len(heading) + 40:
            problems[path] = f"almost no content: {text!r}"
    assert problems == {}
    assert any(url.endswith("/search/search_index.json") for url in recorder.requests)
    assert recorder.foreign_requests() == []
    assert recorder.errors == []
    assert recorder.dialogs == []


def test_the_main_pages_include_every_required_page(demo_site: Path) -> None:
    pages = main_pages(demo_site)
    assert [p for p in REQUIRED_PAGES if p not in pages] == []
    assert any(p.startswith("people/") and p != "people/" for p in pages)


@pytest.mark.parametrize("field", ["name", "company"])
def test_search_finds_a_contact_by_name_and_by_company_and_opens_their_page(
    field: str, demo_url: str, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    people = load_vault(REPO / "people").vault.people
    person = next(
        p for p in people if p.company and sum(q.company == p.company for q in people) == 1
    )
    page, recorder = visit()
    open_and_read(page, demo_url)
    results = search(page, getattr(person, field))
    match = results.and_(page.locator(f'[href*="/people/{person.slug}/"]')).first
    match.click()
    page.wait_for_url(f"**/people/{person.slug}/**")
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").first.inner_text().strip() == person.name
    assert recorder.foreign_requests() == []
    assert recorder.errors == []


def test_a_hostile_vault_shows_its_text_and_runs_no_script(
    hostile_site: Path, hostile_url: str, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    page, recorder = visit()
    found: dict[str, list[str]] = {}
    pages = ["", "people/", "tags/", "targets/", "follow-ups/", "connectors/", "reconnect/"]
    for path in [*pages, *contact_pages(hostile_site)]:
        open_and_read(page, hostile_url + path)
        page.mouse.move(300, 300)  # hover handlers, had any survived
        found[path] = page.evaluate(DOM_CHECK)
    assert found == {path: [] for path in found}
    assert len(found) == len(pages) + len(list((REPO / "tests/vaults/hostile/people").glob("*.md")))
    heading, text = open_and_read(page, hostile_url + "people/mallory/")
    assert heading == "<script>alert('name')</script> Mallory <img src=x onerror=alert('name-img')>"
    assert "[plain link](javascript:alert('link'))" in text
    assert recorder.dialogs == []
    assert recorder.foreign_requests() == []
    assert recorder.errors == []


@pytest.mark.parametrize("query", ["Mallory", "script", "<img src=x onerror=alert('query')>"])
def test_searching_a_hostile_vault_runs_no_script(
    query: str, hostile_url: str, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    page, recorder = visit()
    open_and_read(page, hostile_url)
    results = search(page, query)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert "<script>alert('name')</script> Mallory <img src=x onerror=alert('name-img')>" in titles
    assert page.evaluate(DOM_CHECK) == []
    results.and_(page.locator('[href*="/people/mallory/"]')).first.click()
    page.wait_for_url("**/people/mallory/**")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(DOM_CHECK) == []
    assert recorder.dialogs == []
    assert recorder.foreign_requests() == []
    assert recorder.errors == []


def test_the_content_policy_stops_a_script_that_a_careless_template_let_through(
    tmp_path: Path, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    careless = "---\ntitle: Careless\n---\n# {{ person.name|md }}\n\n{{ person.role }}\n"
    project = make_project(
        tmp_path,
        {"ada.md": "---\nname: Ada\nrole: <svg onload=\"alert('slipped')\"></svg>\n---\n"},
        mkdocs_yml=HOSTILE_YML.replace(
            "today: 2026-11-25", "today: 2026-11-25\n      templates: own"
        ),
    )
    (project / "own").mkdir()
    (project / "own" / "person.md.j2").write_text(careless)
    site = build_site(project)
    page, recorder = visit()
    with serve(site) as url:
        open_and_read(page, url + "people/ada/")
        injected = page.locator("article svg[onload]").count()
    assert injected == 1  # the markup did reach the page ...
    assert recorder.dialogs == []  # ... and the policy kept it from running
    assert [e for e in recorder.errors if "Content Security Policy" not in e] == []
    assert any("Content Security Policy" in e for e in recorder.errors)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mkdocs_serve(project: Path) -> Iterator[str]:
    """Run a real `mkdocs serve` (live reload on) of the project; yield its base URL."""
    url = f"http://127.0.0.1:{free_port()}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", url[7:-1]]
    server = subprocess.Popen(
        command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("mkdocs serve did not start")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def served_by_mkdocs(tmp_path: Path) -> Iterator[str]:
    """A fixture project under `mkdocs serve`; yield its base URL."""
    project = make_project(tmp_path, {"ada.md": "---\nname: Ada Lovelace\n---\nNotes.\n"})
    with mkdocs_serve(project) as url:
        yield url


def test_pages_under_mkdocs_serve_keep_live_reload_working(
    served_by_mkdocs: str, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    page, recorder = visit()
    # The live-reload script polls for ever, so the network never goes quiet here.
    with page.expect_request(lambda request: "/livereload/" in request.url, timeout=15_000):
        page.goto(served_by_mkdocs + "people/ada/")
    assert page.locator("article h1").first.inner_text() == "Ada Lovelace"
    assert recorder.errors == []
    assert recorder.foreign_requests() == []


def test_the_hostile_vault_under_mkdocs_serve_runs_no_script_and_goes_nowhere(
    tmp_path: Path, visit: Callable[[], tuple[Any, Recorder]]
) -> None:
    source = REPO / "tests" / "vaults" / "hostile" / "people"
    files = {p.name: p.read_bytes() for p in source.glob("*.md")}
    project = make_project(tmp_path, files, mkdocs_yml=HOSTILE_YML)
    page, recorder = visit()
    found: dict[str, list[str]] = {}
    with mkdocs_serve(project) as url:
        paths = ["", "people/", *(f"people/{p.stem}/" for p in sorted(source.glob("*.md")))]
        for path in paths:
            with page.expect_request(lambda request: "/livereload/" in request.url):
                page.goto(url + quote(path))
            page.mouse.move(300, 300)
            page.wait_for_timeout(300)  # a refresh or a late script would act by now
            assert unquote(page.url) == url + path  # no redirect, no refresh
            found[path] = page.evaluate(DOM_CHECK)
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        reload_nonce = page.evaluate("() => document.scripts[document.scripts.length - 1].nonce")
    assert found == {path: [] for path in found}
    scripts = policy.split("script-src ")[1].split(";")[0]
    assert "'unsafe-inline'" not in scripts
    assert f"'nonce-{reload_nonce}'" in scripts.split()
    assert recorder.dialogs == []
    assert recorder.foreign_requests() == []
    assert recorder.errors == []


CIRCLE_ORDER = ("family", "friend", "colleague", "client", "acquaintance", "stranger")


def column(page: Any, index: int) -> list[str]:
    """The text of one column of the People table, top to bottom."""
    cells = page.locator(f"article table tbody tr td:nth-child({index + 1})")
    return [text.strip() for text in cells.all_inner_texts()]


def sort_by(page: Any, title: str) -> None:
    page.locator("article table thead th", has_text=title).click()


def test_the_people_table_sorts_by_each_column_with_the_sites_own_script(
    demo_url: str, visit: Callable[..., tuple[Any, Recorder]]
) -> None:
    page, recorder = visit()
    open_and_read(page, demo_url + "people/")
    assert page.locator("article table").count() == 1  # one table, not one per letter
    names = column(page, 0)
    assert names == sorted(names, key=sort_key) and len(names) == 40
    sort_by(page, "Strength")  # the first click shows the closest first
    strengths = [int(s) for s in column(page, 2)]
    assert strengths == sorted(strengths, reverse=True) and strengths[0] > strengths[-1]
    sort_by(page, "Strength")
    assert [int(s) for s in column(page, 2)] == sorted(strengths)
    sort_by(page, "Influence")
    influence = [int(s) for s in column(page, 3)]
    assert influence == sorted(influence, reverse=True)
    sort_by(page, "Circle")
    circles = column(page, 1)
    assert circles == sorted(circles, key=CIRCLE_ORDER.index) and circles[0] == "family"
    sort_by(page, "Last contact")  # newest first, never contacted last
    dates = column(page, 4)
    known = [d for d in dates if d != "—"]
    assert dates == sorted(known, reverse=True) + ["—"] * (len(dates) - len(known))
    sort_by(page, "Name")
    assert column(page, 0) == names
    assert any(url.endswith("/assets/javascripts/tablesort.min.js") for url in recorder.requests)
    assert recorder.foreign_requests() == []
    assert recorder.errors == []


def test_the_people_page_does_not_scroll_sideways_on_a_phone(
    demo_url: str, visit: Callable[..., tuple[Any, Recorder]]
) -> None:
    page, recorder = visit(390, 844)
    open_and_read(page, demo_url + "people/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    # The table scrolls inside its own box instead, and still sorts.
    sort_by(page, "Strength")
    strengths = [int(s) for s in column(page, 2)]
    assert strengths == sorted(strengths, reverse=True)
    assert recorder.errors == []


@pytest.fixture(scope="module")
def letters_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A vault one contact past the People page's limit: a page per initial letter."""
    from test_people_letters import people

    from generator.site.pages import PEOPLE_ON_ONE_PAGE

    project = make_project(tmp_path_factory.mktemp("letters"), people(PEOPLE_ON_ONE_PAGE + 1))
    with serve(build_site(project)) as url:
        yield url


def test_a_letters_page_sorts_links_its_letters_and_fits_a_phone(
    letters_url: str, visit: Callable[..., tuple[Any, Recorder]]
) -> None:
    page, recorder = visit(390, 844)
    heading, text = open_and_read(page, letters_url + "people/")
    assert heading == "People" and "501 contacts, filed by the first letter" in text
    page.locator("article a", has_text="B").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == letters_url + "people/a-z/b/"
    names = column(page, 0)
    assert len(names) == 165 and names == sorted(names, key=sort_key)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    sort_by(page, "Name")  # A–Z already; a second click on a title reverses the order
    sort_by(page, "Name")
    assert column(page, 0) == names[::-1]
    page.locator("article a", has_text="W").first.click()
    page.wait_for_load_state("networkidle")
    assert column(page, 0) == ["王伟"]
    page.locator("article td a", has_text="王伟").click()
    page.wait_for_load_state("networkidle")
    assert page.url == letters_url + "people/wang/"
    assert recorder.foreign_requests() == []
    assert recorder.errors == []
