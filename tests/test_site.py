"""The generated pages and the MkDocs site: golden Markdown, real builds, determinism, escaping."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import (
    HELP,
    MKDOCS_YML,
    REPO,
    VAULTS,
    build_site,
    copy_vault,
    make_project,
    run_kith,
)


def generated(project: Path, out: Path, today: str = "2026-11-25") -> dict[str, bytes]:
    result = run_kith("generate", "--out", str(out), "--today", today, cwd=project)
    assert result.code == 0, result.err
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".kith-manifest"
    }


def test_generating_twice_gives_the_same_bytes_and_rewrites_nothing(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "project")
    first = generated(project, tmp_path / "a")
    second = generated(project, tmp_path / "b")
    assert first == second
    again = run_kith("generate", "--out", str(tmp_path / "a"), "--today", "2026-11-25", cwd=project)
    assert "(0 written, 22 unchanged, 0 removed)" in again.out


def test_a_removed_contact_loses_its_page_and_other_files_stay(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "project")
    out = tmp_path / "out"
    generated(project, out)
    (out / "mine.md").write_text("my own page")
    (project / "people" / "emile-zola.md").unlink()
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
    assert "1 removed" in result.out
    assert not (out / "people" / "emile-zola.md").exists()
    assert (out / "mine.md").read_text() == "my own page"


def test_a_manifest_line_outside_the_folder_is_ignored_with_a_warning(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "project")
    out = tmp_path / "out"
    generated(project, out)
    notes = tmp_path / "notes.txt"
    notes.write_text("the owner's notes")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "kept.md").write_text("kept")
    (out / "link").symlink_to(tmp_path / "elsewhere")
    odd = ["people/./a.md", "people//a.md", "people/a.md/..", "people\\a.md"]
    lines = [str(notes), "../notes.txt", "link/kept.md", "C:/x.md", *odd]
    with (out / ".kith-manifest").open("a") as manifest:
        manifest.write("".join(f"{line}\n" for line in lines))
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
    assert result.code == 0
    assert notes.read_text() == "the owner's notes"
    assert (tmp_path / "elsewhere" / "kept.md").read_text() == "kept"
    where = f"{out.as_posix()}/.kith-manifest"
    for line in (str(notes), "../notes.txt", "C:/x.md", *odd):
        assert (
            f"kith: warning: {where}: ignored {line!r}: not a plain path inside the folder\n"
            in (result.err)
        )


def test_a_manifest_line_is_split_only_at_its_line_break(tmp_path: Path) -> None:
    # A page an earlier run wrote for a file named `evil\u2028mine.md`: read back with
    # `splitlines`, its line named `people/evil` and `mine.md`, and the owner's page went.
    project = copy_vault("basic", tmp_path / "project")
    out = tmp_path / "out"
    generated(project, out)
    (out / "people" / "evil\u2028mine.md").write_text("an old page")
    (out / "mine.md").write_text("my own page")
    with (out / ".kith-manifest").open("a", encoding="utf-8") as manifest:
        manifest.write("people/evil\u2028mine.md\n")
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
    assert "(0 written, 22 unchanged, 1 removed)" in result.out
    assert (out / "mine.md").read_text() == "my own page"
    assert not (out / "people" / "evil\u2028mine.md").exists()


def test_nothing_is_written_when_the_vault_has_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"ada.md": "---\nname: Ada\nstrength: 9\n---\n"})
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert result.code == 1
    assert result.err == (
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 9)\n"
        "kith: 1 problem; nothing was written\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_strict_mkdocs_build_shows_contacts_ties_log_and_notes(tmp_path: Path) -> None:
    site = build_site(copy_vault("basic", tmp_path / "project"))
    ada = (site / "people" / "ada-lovelace" / "index.html").read_text()
    assert '<h1 id="ada-lovelace">Ada Lovelace</h1>' in ada
    assert '<a href="../victor-vance/">Victor Vance</a> — strength 2' in ada
    assert '<a href="../emile-zola/">Émile Zola</a> — strength 3' in ada  # known by
    assert "<strong>ask</strong>, call — Asked about the" in ada
    assert '<a href="https://example.com/ada">her site</a>' in ada
    assert "<h5>Interests</h5>" in ada  # a note's ### sits below the page's ##
    assert "ada@example.com" not in ada and "canary-4711" not in ada
    index = (site / "people" / "index.html").read_text()
    assert index.index("Ada Lovelace") < index.index("Émile Zola") < index.index("Helen Marsh")
    home = (site / "index.html").read_text()
    assert "Built for <strong>2026-11-25</strong>" in home
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()


def test_contact_pages_stay_out_of_the_navigation(tmp_path: Path) -> None:
    site = build_site(copy_vault("basic", tmp_path / "project"))
    home = (site / "index.html").read_text()
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index('<div class="md-sidebar md-sidebar--secondary"')]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', nav)
    assert {"Home", "Targets", "Intro paths", "People", "Tags"} <= set(titles)
    assert not {"Victor Vance", "Ada Lovelace"} & set(titles)


def test_every_page_says_noindex_and_loads_nothing_from_elsewhere(tmp_path: Path) -> None:
    site = build_site(copy_vault("basic", tmp_path / "project"))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html, page


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_mkdocs_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = snapshot(build_site(copy_vault("basic", tmp_path / "a")))
    second = snapshot(build_site(copy_vault("basic", tmp_path / "b")))
    assert first == second


def test_a_vault_with_errors_fails_the_build_with_every_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    project = make_project(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\ncircle: frend\n---\n",
            "bob.md": "---\nname: Bob\n---\n## Log\n- 2026-02-30: x\n",
        },
    )
    with pytest.raises(Abort):
        build_site(project)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        "2 problems in the vault:\n"
        "people/ada.md:3: unknown circle 'frend' (one of family, friend, colleague, client, "
        "acquaintance, stranger); did you mean 'friend'?\n"
        "people/bob.md:5: date 2026-02-30 does not exist"
    ]
    assert not (project / "site").exists()


def test_a_failed_build_leaves_the_last_good_site_in_place(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    project = copy_vault("basic", tmp_path / "p")
    site = build_site(project)
    (project / "people" / "bad.md").write_text("---\nname: Bad\nstrength: 7\n---\n")
    with pytest.raises(Abort):
        build_site(project)
    assert (site / "people" / "ada-lovelace" / "index.html").exists()


def test_a_warning_fails_a_strict_build(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path, {"ada.md": "---\nname: Ada\nknows: [bobb]\n---\n"})
    with pytest.raises(Abort):
        build_site(project, strict=True)
    assert (build_site(project, strict=False) / "people" / "ada" / "index.html").exists()


def test_a_script_in_a_name_shows_as_text(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "evil.md": "---\nname: <script>alert(1)</script>\ncompany: '[x](javascript:alert(2))'\n"
            "tags: ['<b>x</b>']\n---\n<img src=x onerror=alert(3)> [y](javascript:alert(4))\n"
        },
    )
    site = build_site(project)
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html and 'href="javascript:' not in html, page
        assert "<b>x</b>" not in html, page
    evil = (site / "people" / "evil" / "index.html").read_text()
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;</h1>" in evil
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - Fixture</title>" in evil


def test_the_day_comes_from_the_flag_then_source_date_epoch_then_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_vault("basic", tmp_path / "p", today="2026-01-01")

    def home(*args: str) -> str:
        out = tmp_path / f"out{len(args)}{os.environ.get('SOURCE_DATE_EPOCH', '')}"
        run_kith("generate", "--out", str(out), *args, cwd=project)
        return (out / "index.md").read_text()

    assert "Built for **2026-01-01**" in home()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    assert "Built for **2026-05-28**" in home()
    assert "Built for **2026-11-25**" in home("--today", "2026-11-25")
    bad = run_kith("generate", "--out", str(tmp_path / "x"), "--today", "2026-02-30", cwd=project)
    assert (bad.code, bad.err) == (
        1,
        "kith: --today must be a date YYYY-MM-DD (got '2026-02-30')\n",
    )


def test_a_wrong_setting_is_reported_by_the_cli_and_by_mkdocs(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    yml = "site_name: x\ndocs_dir: docs\nplugins:\n  - kith:\n      cadence: {frind: 3}\n"
    project = make_project(tmp_path, {"ada.md": "---\nname: Ada\n---\n"}, mkdocs_yml=yml)
    result = run_kith("check", cwd=project)
    assert (result.code, result.err) == (
        1,
        "kith: kith setting 'cadence' names an unknown circle 'frind' (one of family, friend, "
        "colleague, client, acquaintance, stranger)\n",
    )
    with pytest.raises(Abort):
        build_site(project)


@pytest.mark.parametrize("help_on", [False, True])
def test_serve_watches_the_templates_and_the_help_pages_shown(
    tmp_path: Path, help_on: bool
) -> None:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    project = copy_vault("basic", tmp_path / "p")
    if help_on:
        yml = project / "mkdocs.yml"
        yml.write_text(yml.read_text().replace("today:", "help: true\n      today:"))
    config = load_config(str(project / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    try:
        watched = set(server._watched_paths)
        # The contacts have a watcher of their own (test_watch.py), cheaper than MkDocs' one.
        assert str((project / "people").resolve()) not in watched
        assert str(REPO / "generator" / "site" / "templates") in watched
        assert (str(HELP) in watched) is help_on
    finally:
        config.plugins.on_shutdown()


def test_the_demo_site_builds_strict(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "site"))
    build(config)
    assert len(list((tmp_path / "site" / "people").glob("*/index.html"))) == 40


def test_a_page_of_your_own_in_docs_wins_over_a_generated_one(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    (project / "docs" / "index.md").write_text("# My own home\n")
    site = build_site(project)
    assert "My own home" in (site / "index.html").read_text()


def test_vaults_folder_is_the_one_the_tests_use() -> None:
    assert (VAULTS / "basic" / "people" / "victor-vance.md").exists()


def test_generated_files_get_the_permissions_a_plain_write_would_give(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "project")
    generated(project, tmp_path / "out")
    umask = os.umask(0)
    os.umask(umask)
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "out").rglob("*.md")}
    assert modes == {0o666 & ~umask}
    assert 0o666 & ~umask != 0o600  # what mkstemp alone would give


def test_a_site_without_the_folding_blocks_extension_gets_it_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = copy_vault("small-network", tmp_path / "project")  # its mkdocs.yml lists tables
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kith"):
        site = build_site(project)
    added = "kith: markdown_extensions: pymdownx.blocks.details added (Kith's pages use it)"
    assert added in caplog.messages
    page = (site / "intro-paths" / "index.html").read_text(encoding="utf-8")
    assert '<details class="kith-target" open="open">' in page and "///" not in page


def test_an_owners_own_single_palette_is_kept(tmp_path: Path) -> None:
    yml = MKDOCS_YML.format(today="2026-11-25").replace(
        "  font: false\n", "  font: false\n  palette: {scheme: slate, primary: indigo}\n"
    )
    project = make_project(
        tmp_path / "project", {"ada.md": "---\nname: Ada\n---\n"}, mkdocs_yml=yml
    )
    home = (build_site(project) / "index.html").read_text(encoding="utf-8")
    assert 'data-md-color-scheme="slate" data-md-color-primary="indigo"' in home
    assert "md-header__option" not in home  # no switch: the owner chose one scheme
    assert '<link rel="stylesheet" href="assets/stylesheets/kith.css">' in home


# The elements Kith's pictures are drawn with (`site/svg.py` and the `*_picture*.py` beside it).
SHAPES = frozenset(("svg", "g", "path", "line", "circle", "rect", "text", "title", "desc"))


def test_markdown_and_search_read_no_picture_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python-Markdown parsed every shape of Kith's pictures to give them back as they were,
    and Material's search parsed them again to leave them out of its index: both are shown the
    pages without them, and the site, its index too, is the same byte for byte."""
    from markdown.htmlparser import HTMLExtractor
    from material.plugins.search.plugin import Parser
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import plugin

    parsed: dict[str, list[str]] = {"markdown": [], "search": []}
    extract, index = HTMLExtractor.handle_starttag, Parser.handle_starttag

    def extracted(parser: HTMLExtractor, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parsed["markdown"].append(tag)
        extract(parser, tag, attrs)

    def indexed(parser: Parser, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parsed["search"].append(tag)
        index(parser, tag, attrs)

    monkeypatch.setattr(HTMLExtractor, "handle_starttag", extracted)
    monkeypatch.setattr(Parser, "handle_starttag", indexed)

    def site(name: str) -> dict[str, bytes]:
        for tags in parsed.values():
            tags.clear()
        folder = tmp_path / name
        build(load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(folder)))
        return snapshot(folder)

    shown = site("site")
    read = {name: list(tags) for name, tags in parsed.items()}
    monkeypatch.setattr(plugin, "_pictures_aside", lambda text: (text, []))
    assert site("read-whole") == shown
    opening = b'<div class="kith-picture" data-search-exclude>\n<svg'
    pictures = sum(text.count(opening) for path, text in shown.items() if path.endswith(".html"))
    assert shown["people/arjun-mehta/index.html"].count(opening) >= 2
    # The pictures' own tags are all Python-Markdown no longer parses (the home page's inline
    # meters are no pictures); Material's search parses no shape at all (the summary pages,
    # where other shapes are, are out of its index). Counted by tag, not as a share of all the
    # tags parsed: the manual's pages, indexed too, grow with every release.
    assert read["markdown"].count("svg") == parsed["markdown"].count("svg") - pictures
    for tool in ("markdown", "search"):
        spared = Counter(parsed[tool]) - Counter(read[tool])
        assert not Counter(read[tool]) - Counter(parsed[tool])  # nothing parsed that was not
        assert set(spared) <= SHAPES and spared["svg"]
    assert not SHAPES.intersection(read["search"])
    assert b'"location":"people/arjun-mehta/"' in shown["search/search_index.json"]


def test_a_picture_whose_place_markdown_lost_stops_the_build(tmp_path: Path) -> None:
    """Never seen: were a picture's place holder lost on the way through Markdown, the page
    would lose the picture; the build stops instead, naming the page."""
    from mkdocs.exceptions import PluginError

    from generator import plugin

    kith = plugin.KithPlugin()
    kith.pictures["people/ada.md"] = ["<svg/>"]

    class Page:
        class file:
            src_uri = "people/ada.md"

    with pytest.raises(PluginError, match=r"^kith: people/ada\.md: Markdown changed a picture"):
        kith.on_page_content("<p>no place</p>", page=Page, config=None, files=None)  # type: ignore[arg-type]


def test_a_page_of_your_own_may_show_a_pictures_html_as_code(tmp_path: Path) -> None:
    """Only Kith's own pages have their pictures set aside: in a page of yours, a picture's
    HTML inside a code block stays text (set aside, its place would come back escaped)."""
    project = copy_vault("basic", tmp_path / "p")
    picture = '<div class="kith-picture" data-search-exclude>\n<svg width="1"></svg>\n</div>'
    (project / "docs" / "pictures.md").write_text(f"# Pictures\n\n```html\n{picture}\n```\n")
    page = (build_site(project) / "pictures" / "index.html").read_text()
    assert "&lt;svg" in page and 'class="kith-picture"' not in page
