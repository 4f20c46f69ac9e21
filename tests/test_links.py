"""Every internal link and asset in the built demo site resolves to a file of the site."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel", "data")


class _Targets(HTMLParser):
    """Collect every href/src value of a page and every id (or name) it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append((self.getpos()[0], value))
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def _parse(path: Path) -> _Targets:
    parser = _Targets()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """Return the file a link on `page` points to, and its fragment."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = site if path.startswith("/") else page.parent
    target = Path(posixpath.normpath((base / path.lstrip("/")).as_posix()))
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Return `page:line: url (why)` for every internal link that leads nowhere."""
    parsed = {page: _parse(page) for page in sorted(site.rglob("*.html"))}
    problems: list[str] = []
    for page, found in parsed.items():
        where = page.relative_to(site).as_posix()
        for line, url in found.links:
            scheme = urlsplit(url).scheme.lower()
            if scheme in _EXTERNAL_SCHEMES:
                continue
            if scheme:
                problems.append(f"{where}:{line}: {url} (a {scheme}: link)")
                continue
            target, fragment = _resolve(site, page, url)
            if not target.is_file() or not target.resolve().is_relative_to(site.resolve()):
                problems.append(f"{where}:{line}: {url} (no such file)")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{where}:{line}: {url} (no id '{fragment}' there)")
    return problems


def test_every_internal_link_and_asset_in_the_demo_site_resolves(demo_site: Path) -> None:
    pages = list(demo_site.rglob("*.html"))
    assert len(pages) > 40  # home, people, tags, 404 and a page per contact at least
    assert broken_links(demo_site) == []


def test_the_link_check_finds_a_missing_page_a_missing_anchor_and_a_script_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "index.html").write_text('<h2 id="a">A</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="people/">ok</a> <a href="people/#a">ok</a> <img src="people/index.html">\n'
        '<a href="people/#b">x</a> <a href="nobody/">x</a> <link href="/missing.css">\n'
        '<a href="javascript:alert(1)">x</a> <a href="https://example.org/">external</a>'
    )
    assert broken_links(tmp_path) == [
        "index.html:2: people/#b (no id 'b' there)",
        "index.html:2: nobody/ (no such file)",
        "index.html:2: /missing.css (no such file)",
        "index.html:3: javascript:alert(1) (a javascript: link)",
    ]


def test_the_demo_site_links_every_contact_page_from_the_people_index(demo_site: Path) -> None:
    index = (demo_site / "people" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([a-z0-9-]+)/"', index))
    pages = {p.parent.name for p in (demo_site / "people").glob("*/index.html")}
    assert linked == pages
    assert len(pages) == 40


def test_search_finds_people_and_the_manual_not_the_lists_that_name_everyone(
    demo_site: Path,
) -> None:
    """Every summary page names dozens of contacts (at 10,000 contacts the Follow-ups page is
    1.5 MB): in the index, a search for anyone would find each list beside their own page."""
    import json

    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    contacts = {f"people/{p.parent.name}/" for p in (demo_site / "people").glob("*/index.html")}
    assert contacts <= pages
    assert any(page.startswith("help/") for page in pages)
    listed = {"", "follow-ups/", "targets/", "reconnect/", "network/", "people/", "tags/"}
    assert not listed & pages
    assert pages <= contacts | {p for p in pages if p.startswith("help/")}
