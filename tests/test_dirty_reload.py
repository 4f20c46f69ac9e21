"""`mkdocs serve --dirtyreload`: after an edit, only pages whose content changed are rebuilt."""

from __future__ import annotations

import marshal
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import (
    REPO,
    add_kith_settings,
    cache_entries,
    cache_files,
    cache_texts,
    copy_vault,
    run_kith,
)
from hypothesis import given
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from vaultedits import EditCase, EditedVault, edit_cases, edit_settings

from generator import disk
from generator.plugin import PageFile
from generator.site.assets import STYLESHEET

URL = "http://127.0.0.1:8000/"


def serve_config(project: Path, site: Path) -> MkDocsConfig:
    """Load the config the way `mkdocs serve` does before each build."""
    return load_config(str(project / "mkdocs.yml"), site_dir=str(site))


@contextmanager
def serving(project: Path, site: Path) -> Iterator[MkDocsConfig]:
    """Start the plugins as `mkdocs serve --dirtyreload` does, make its first build, and stop
    them (`on_shutdown`) when the block ends, however it ends."""
    config = serve_config(project, site)
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, serve_url=URL, dirty=True)
        yield config
    finally:
        config.plugins.on_shutdown()


def log_lunch_and_rebuild(project: Path, site: Path) -> MkDocsConfig:
    """Log an interaction with Rosa, then rebuild as `mkdocs serve --dirtyreload` does; return
    the config the rebuild ran with."""
    rosa = project / "people" / "rosa-marsh.md"
    rosa.write_text(rosa.read_text().replace("## Log\n", "## Log\n- 2026-11-24: Lunch\n"))
    config = serve_config(project, site)
    build(config, serve_url=URL, dirty=True)
    return config


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


# The HTML an interaction logged with Rosa rebuilds (`log_lunch_and_rebuild`): MkDocs' 404 page
# always, the pages whose content changed, nothing else.
REBUILT_AFTER_LUNCH = {
    "404.html",
    "follow-ups/index.html",
    "index.html",
    "people/index.html",
    "people/rosa-marsh/index.html",
}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Return the HTML files whose modification time changed."""
    return {p for p in after if p.endswith(".html") and after[p] != before[p]}


def age(folder: Path, seconds: int) -> None:
    """Date every file back, so a rewrite shows whatever the file system's time resolution."""
    past = time.time() - seconds
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_an_edit_rewrites_only_the_pages_whose_content_changed(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site):
        pages = project / ".cache" / "kith" / "pages"
        age(pages, 200)
        age(site, 100)
        before_pages, before_site = mtimes(pages), mtimes(site)
        log_lunch_and_rebuild(project, site)

    after_pages, after_site = mtimes(pages), mtimes(site)
    assert sorted(p for p in after_pages if after_pages[p] != before_pages.get(p)) == [
        ".kith-manifest",
        "follow-ups.ics",  # Rosa is no longer overdue
        "follow-ups.md",
        "index.md",  # the count of interactions
        "people/index.md",  # Rosa's last contact
        "people/rosa-marsh.md",
    ]
    assert rebuilt(before_site, after_site) == REBUILT_AFTER_LUNCH
    assert "Lunch" in (site / "people" / "rosa-marsh" / "index.html").read_text()
    fresh = tmp_path / "fresh"
    assert run_kith("generate", "--out", str(fresh), cwd=project).code == 0
    for rel in after_pages:
        if rel not in (".kith-manifest", STYLESHEET):  # the plugin's own, not a generated page
            assert (pages / rel).read_bytes() == (fresh / rel).read_bytes(), rel


def test_a_rebuild_reads_back_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Serving, the plugin knows what it wrote: a page with the same text is not read back to
    # compare (10,000 files at that size), but one that went missing is written again.
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    pages = project / ".cache" / "kith" / "pages"
    read: list[str] = []
    holds = disk._holds

    def counted(path: str | Path, data: bytes) -> bool:
        read.append(Path(path).relative_to(pages).as_posix())
        return holds(path, data)

    with serving(project, site):
        (pages / "tags.md").unlink()
        monkeypatch.setattr(disk, "_holds", counted)
        log_lunch_and_rebuild(project, site)
    assert sorted(read) == [
        "follow-ups.ics",
        "follow-ups.md",
        "index.md",
        "people/index.md",
        "people/rosa-marsh.md",
        "tags.md",  # deleted: checked, and written again
    ]
    assert (pages / "tags.md").read_text() and (site / "tags" / "index.html").exists()


def test_serve_keeps_one_plugin_for_every_rebuild(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    first = serve_config(project, tmp_path / "site")
    second = serve_config(project, tmp_path / "site")
    assert first.plugins["kith"] is second.plugins["kith"]


def test_a_plain_build_keeps_its_pages_in_memory(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "people" / "rosa-marsh" / "index.html").exists()
    assert not (project / ".cache" / "kith" / "pages").exists()
    assert config.plugins["kith"].prior is None  # a build keeps nothing for a next one


def test_serve_hands_each_rebuild_the_last_build_and_forgets_it_when_it_stops(
    tmp_path: Path,
) -> None:
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site) as config:
        plugin = config.plugins["kith"]
        first = plugin.prior
        assert first is not None
        log_lunch_and_rebuild(project, site)
        again = plugin.prior
        assert again is not None and again is not first
        # What did not change was reused: the other contacts' facts are the same objects.
        kept = [
            s for s in first.report.contacts if again.report.contacts[s] is first.report.contacts[s]
        ]
        assert "rosa-marsh" not in kept and len(kept) == len(first.report.contacts) - 1
    assert plugin.prior is None


def test_a_rebuild_finds_the_pages_drawn_from_the_very_same_values_without_keying_them(
    tmp_path: Path,
) -> None:
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site) as config:
        pages = config.plugins["kith"].pages
        assert pages.remember and pages.recalled == 0  # the first build remembers, finds none
        log_lunch_and_rebuild(project, site)
        # Rosa's page, and those that show her, are drawn from other values; the rest are
        # recalled, and an unchanged vault recalls every kept page.
        kept = len(pages._recent)
        assert "people/rosa-marsh.md" in pages.rendered
        assert pages.recalled == kept - len(pages.rendered) > 0
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert pages.rendered == [] and pages.recalled == kept


def test_serve_writes_its_caches_after_the_first_build_and_when_it_stops(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    caches = project / ".cache" / "kith"
    with serving(project, site):
        first = {name: cache_files(caches / name) for name in CACHE_FOLDERS}
        log_lunch_and_rebuild(project, site)
        # A rebuild keeps what it learnt in memory: writing it after every edit is slow.
        assert {name: cache_files(caches / name) for name in CACHE_FOLDERS} == first
    pages = cache_texts(caches / "rendered-pages")
    assert any("Lunch" in text for text in pages.values())  # written when serve stopped
    parsed = cache_entries(caches / "parsed-contacts")
    old = {}
    for data in first["parsed-contacts"].values():
        old.update(marshal.loads(data)[1])
    assert parsed["people/rosa-marsh.md"] != old["people/rosa-marsh.md"]


CACHE_FOLDERS = ("parsed-contacts", "rendered-pages")


def test_a_page_file_answers_mkdocs_question_once_per_build(tmp_path: Path) -> None:
    """Is the page's source newer than its HTML: MkDocs' own answer, worked out once a build."""
    site, source = tmp_path / "site", tmp_path / "pages" / "ada.md"
    source.parent.mkdir()
    source.write_text("# Ada\n", encoding="utf-8")
    config = serve_config(copy_vault("basic", tmp_path / "project"), site)
    config.plugins._current_plugin = "kith"  # as while the plugin's on_files runs

    def page() -> PageFile:
        return PageFile.generated(config, "people/ada.md", abs_src_path=str(source))

    first = page()
    assert first.is_modified()  # no HTML yet
    html = Path(first.abs_dest_path)
    html.parent.mkdir(parents=True)
    html.write_text("<p>Ada</p>", encoding="utf-8")
    assert first.is_modified()  # the same build: the answer it gave before
    os.utime(source, (time.time() - 60, time.time() - 60))
    assert not page().is_modified()  # the next build: HTML newer than its source
    os.utime(html, (time.time() - 120, time.time() - 120))
    assert page().is_modified()  # HTML older than its source
    html.unlink()
    html.mkdir()
    assert page().is_modified()  # something else in the HTML's place


def test_a_rebuild_knows_which_pages_changed_without_asking_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a build that ran to its end, the pages written since are MkDocs' `--dirty` answer.
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    asked: list[str] = []
    newer = PageFile._newer_than_html

    def counted(self: PageFile) -> bool:
        asked.append(self.src_uri)
        return newer(self)

    monkeypatch.setattr(PageFile, "_newer_than_html", counted)
    with serving(project, site):
        assert len(asked) > 20  # the first build asks of every page: no HTML yet
        asked.clear()
        age(site, 100)
        before = mtimes(site)
        log_lunch_and_rebuild(project, site)
        assert asked == []
    assert rebuilt(before, mtimes(site)) == REBUILT_AFTER_LUNCH
    assert "2026-11-24" in (site / "people" / "rosa-marsh" / "index.html").read_text()


FAILING_HOOK = """
from pathlib import Path
from mkdocs.exceptions import PluginError

def on_page_markdown(markdown, page, **kwargs):
    if (Path(__file__).parent / "fail-now").exists() and page.file.src_uri.startswith("people/r"):
        raise PluginError("refused for the test")
    return markdown
"""


def test_a_rebuild_builds_the_pages_a_failed_one_wrote_and_did_not_build(
    tmp_path: Path,
) -> None:
    project = copy_vault("basic", tmp_path / "p")
    (project / "fail.py").write_text(FAILING_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - fail.py\n", encoding="utf-8")
    site = tmp_path / "site"
    rosa = site / "people" / "rosa-marsh" / "index.html"
    contact = project / "people" / "rosa-marsh.md"
    with serving(project, site):
        (project / "fail-now").touch()
        contact.write_text(contact.read_text().replace("## Log\n", "## Log\n- 2026-11-24: Tea\n"))
        with pytest.raises(Abort):  # Kith wrote Rosa's page; MkDocs stopped before its HTML
            build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "Tea" not in rosa.read_text()
        (project / "fail-now").unlink()
        build(serve_config(project, site), serve_url=URL, dirty=True)  # nothing written now
        assert "Tea" in rosa.read_text()


def test_a_tag_changed_in_a_failed_rebuild_reaches_the_tags_page_in_the_next(
    tmp_path: Path,
) -> None:
    """A rebuild that stops after reading a contact whose tags changed leaves the Tags page as
    it was: the next one lists the new tags, as a full build does."""
    project = copy_vault("basic", tmp_path / "p")
    (project / "fail.py").write_text(FAILING_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - fail.py\n", encoding="utf-8")
    site, full = tmp_path / "site", tmp_path / "full"
    ada, rosa = project / "people" / "ada-lovelace.md", project / "people" / "rosa-marsh.md"
    with serving(project, site):
        (project / "fail-now").touch()
        ada.write_text(ada.read_text().replace("tags: [it, startup]", "tags: [it, robots]"))
        rosa.write_text(rosa.read_text().replace("## Log\n", "## Log\n- 2026-11-24: Tea\n"))
        with pytest.raises(Abort):  # Ada's page read, Rosa's refused
            build(serve_config(project, site), serve_url=URL, dirty=True)
        (project / "fail-now").unlink()
        build(serve_config(project, site), serve_url=URL, dirty=True)
    _built(project, full)
    expected, found = _site_files(full), _site_files(site)
    assert 'id="tag:robots"' in found["tags/index.html"].decode()
    assert found["tags/index.html"] == expected["tags/index.html"]


def test_a_rebuild_builds_every_page_when_their_html_goes_elsewhere(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    config = project / "mkdocs.yml"
    site = tmp_path / "site"
    with serving(project, site):
        text = config.read_text()
        assert "use_directory_urls" not in text
        config.write_text(text + "\nuse_directory_urls: false\n", encoding="utf-8")
        log_lunch_and_rebuild(project, site)
    assert "Lunch" in (site / "people" / "rosa-marsh.html").read_text()
    assert (site / "tags.html").exists()  # unchanged, but never built at that path


def _search_entries(site: Path) -> list[tuple[str, str]]:
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted((entry["location"], entry["text"]) for entry in index["docs"])


def test_the_search_index_keeps_every_page_after_an_edit(tmp_path: Path) -> None:
    """Under `--dirtyreload`, Material indexes only the rebuilt pages and keeps the rest of
    its last index but for the first page it indexed. Rebuilding the home page first (before
    it was left out of search) dropped every other contact from the index."""
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site):
        before = _search_entries(site)
        log_lunch_and_rebuild(project, site)
    after = _search_entries(site)
    assert {location for location, _ in after} == {location for location, _ in before}
    assert len(after) == len(before)  # nothing twice
    changed = [entry for entry in after if entry not in before]
    assert changed and all(location.startswith("people/rosa-marsh/") for location, _ in changed)
    assert any("2026-11-24" in text for _, text in changed)


def test_the_search_index_holds_each_page_once_when_a_rebuild_changes_several(
    tmp_path: Path,
) -> None:
    """Material merges a `--dirtyreload` rebuild's entries into its last index by dropping the
    old entries of the first rebuilt page only. A tie made stronger changes the pages of both
    people: the second one's old entries stayed beside its new ones, each search hit twice."""
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    rosa = project / "people" / "rosa-marsh.md"
    with serving(project, site):
        before = _search_entries(site)
        text = rosa.read_text(encoding="utf-8")
        rosa.write_text(text.replace("strength: 4, how", "strength: 5, how"), encoding="utf-8")
        build(serve_config(project, site), serve_url=URL, dirty=True)
    after = _search_entries(site)
    locations = [location for location, _ in after]
    assert len(locations) == len(set(locations))  # nothing twice
    assert set(locations) == {location for location, _ in before}
    changed = {location.split("#")[0] for location, text in after if (location, text) not in before}
    assert changed == {"people/rosa-marsh/", "people/victor-vance/"}


def test_the_search_index_written_while_serving_is_materials_own_text(tmp_path: Path) -> None:
    """Kith writes Material's index with each entry's JSON made once (`_search_index_json`):
    the file must be what Material's own `generate_search_index` makes of the same entries."""
    import copy

    from material.plugins.search.plugin import SearchIndex

    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site):
        config = log_lunch_and_rebuild(project, site)
        index = config.plugins["material/search"].search_index_prev  # this build's, merged
        assert isinstance(index, SearchIndex) and index.entries
        materials = SearchIndex.generate_search_index(copy.copy(index), None)
    written = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert written == materials
    assert "Lunch" in written


def test_a_rebuild_makes_the_json_of_the_rebuilt_pages_entries_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from generator import plugin

    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site):
        made: list[object] = []
        dumps = json.dumps

        def counted(value: object, **options: object) -> str:
            made.append(value)
            return dumps(value, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(plugin.json, "dumps", counted)
        log_lunch_and_rebuild(project, site)
        monkeypatch.undo()
    entries = [value for value in made if isinstance(value, dict) and "location" in value]
    assert entries and {entry["location"].split("#")[0] for entry in entries} == {
        "people/rosa-marsh/"
    }
    assert len(_search_entries(site)) > len(entries)


def test_a_rebuild_compiles_no_template_of_the_theme_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs makes new environments of the theme for every rebuild (Material's search plugin
    three more in its `on_config`); while serving they share what the first build compiled."""
    import jinja2

    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    compiled: list[str | None] = []
    compile_ = jinja2.Environment.compile

    def counted(
        env: jinja2.Environment, source: object, name: str | None = None, *a: object, **k: object
    ) -> object:
        compiled.append(name)
        return compile_(env, source, name, *a, **k)  # type: ignore[arg-type]

    with serving(project, site):
        monkeypatch.setattr(jinja2.Environment, "compile", counted)
        log_lunch_and_rebuild(project, site)
        monkeypatch.undo()
    assert compiled == []
    assert "Lunch" in (site / "people" / "rosa-marsh" / "index.html").read_text()


def test_a_contact_deleted_while_serving_leaves_the_search_index(tmp_path: Path) -> None:
    """Material keeps every entry of its last index but the rebuilt pages': a contact deleted
    (or renamed, or merged away) was found by every search, its link leading to nothing."""
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    with serving(project, site):
        before = {location.split("#")[0] for location, _ in _search_entries(site)}
        (project / "people" / "emile-zola.md").unlink()
        build(serve_config(project, site), serve_url=URL, dirty=True)
    after = {location.split("#")[0] for location, _ in _search_entries(site)}
    assert "people/emile-zola/" in before
    assert after == before - {"people/emile-zola/"}


def test_a_page_rebuilt_with_nothing_to_search_leaves_the_search_index(tmp_path: Path) -> None:
    """Kith dropped the old entries of the pages the new entries named: a rebuilt page that
    gives none (an owner's template drawing nothing searchable for it) kept its old ones, and
    every search found what it no longer shows until the server restarted."""
    project = copy_vault("basic", tmp_path / "p")
    yml = project / "mkdocs.yml"
    site = tmp_path / "site"
    with serving(project, site):
        before = {location.split("#")[0] for location, _ in _search_entries(site)}
        (project / "mine").mkdir()
        (project / "mine" / "person.md.j2").write_text(
            "{% if person.target %}# {{ person.name }}\n{% endif %}"
        )
        add_kith_settings(yml, templates="mine")
        build(serve_config(project, site), serve_url=URL, dirty=True)
    after = {location.split("#")[0] for location, _ in _search_entries(site)}
    full = tmp_path / "full"
    _built(project, full)
    assert sorted(_search_entries(site)) == sorted(_search_entries(full))
    assert "people/rosa-marsh/" in before - after  # not a target: her page is empty now


def with_theme_folder(tmp_path: Path) -> tuple[Path, Path]:
    """Copy the basic vault with a theme folder of its own (`custom_dir`) holding one file,
    the folder dated back; return the project and the folder."""
    project = copy_vault("basic", tmp_path / "p")
    yml = project / "mkdocs.yml"
    yml.write_text(
        yml.read_text().replace("  font: false\n", "  font: false\n  custom_dir: theme\n")
    )
    theme = project / "theme"
    theme.mkdir()
    (theme / "hello.txt").write_text("hello\n")
    past = time.time() - 3600
    os.utime(theme, (past, past))  # older than a clock tick of any file system
    return project, theme


def test_a_rebuild_filters_the_themes_files_again_only_when_their_names_or_settings_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs tries a dozen patterns on each file of the theme on every build (Material's
    14,500) to find its static files; while serving, the last answer serves while the names
    and what the patterns are made of stay the same."""
    import fnmatch

    project, theme = with_theme_folder(tmp_path)
    yml, site = project / "mkdocs.yml", tmp_path / "site"
    tried: list[str] = []  # the names MkDocs' filter tried its first pattern on
    match = fnmatch.fnmatch

    def counted(name: str, pattern: str) -> bool:
        if pattern == ".*":
            tried.append(name)
        return match(name, pattern)

    monkeypatch.setattr(fnmatch, "fnmatch", counted)
    with serving(project, site):
        assert "hello.txt" in tried
        tried.clear()
        log_lunch_and_rebuild(project, site)
        assert tried == []  # the same names, the same settings
        assert (site / "hello.txt").read_text() == "hello\n"
        (theme / "later.txt").write_text("later\n")
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "later.txt" in tried  # a new name: filtered again
        assert (site / "later.txt").read_text() == "later\n"
        tried.clear()
        # A theme setting the patterns are made of: filtered again.
        statics = "  custom_dir: theme\n  static_templates: [later.txt]\n"
        yml.write_text(yml.read_text().replace("  custom_dir: theme\n", statics))
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "later.txt" in tried
    assert (site / "hello.txt").read_text() == "hello\n"


def test_a_rebuild_lists_the_themes_files_again_only_when_a_theme_folder_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs lists every file of the theme on every build (Material's 14,500) to find its
    static files; while serving, the last list serves until a file is added to the theme."""
    import jinja2

    project, theme = with_theme_folder(tmp_path)
    site = tmp_path / "site"
    listed: list[tuple[str, ...]] = []
    list_templates = jinja2.FileSystemLoader.list_templates

    def counted(loader: jinja2.FileSystemLoader) -> list[str]:
        if str(theme) in map(str, loader.searchpath):  # not Kith's templates (compile_ahead)
            listed.append(tuple(map(str, loader.searchpath)))
        return list_templates(loader)

    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", counted)
    with serving(project, site):
        assert len(listed) == 1 and listed[0][0] == str(theme)
        log_lunch_and_rebuild(project, site)
        assert len(listed) == 1  # the same list, unchanged folders
        (theme / "later.txt").write_text("later\n")
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert len(listed) == 2
        assert (site / "later.txt").read_text() == "later\n"
    assert (site / "hello.txt").read_text() == "hello\n"
    assert "Lunch" in (site / "people" / "rosa-marsh" / "index.html").read_text()


def test_a_template_the_owner_adds_or_edits_while_serving_is_used_then_and_after(
    tmp_path: Path,
) -> None:
    """A page drawn with Kith's `person.md.j2` after the owner's own appeared in the templates
    folder would be kept under the new folder's name: stale in this server and the next."""
    project = copy_vault("basic", tmp_path / "p")
    yml = project / "mkdocs.yml"
    add_kith_settings(yml, templates="mine")
    mine = project / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("Overrides come here.\n")
    builtin = (REPO / "generator" / "site" / "templates" / "person.md.j2").read_text()
    site = tmp_path / "site"
    rosa = site / "people" / "rosa-marsh" / "index.html"
    with serving(project, site):
        assert "Ours." not in rosa.read_text()
        (mine / "person.md.j2").write_text(builtin + "\nOurs.\n")
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "Ours." in rosa.read_text()
        (mine / "person.md.j2").write_text(builtin + "\nTheirs.\n")
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "Theirs." in rosa.read_text() and "Ours." not in rosa.read_text()
    rosa.unlink()
    with serving(project, site):  # a server started again: the page cache on disk
        assert "Theirs." in rosa.read_text()


def _built(project: Path, site: Path, inside: bool = False, dirty: bool = False) -> None:
    """Build a copy of the project's own files (no cache) as `mkdocs build` does, in a
    process of its own: with plugin objects of its own, not those a server in this process
    keeps (`conftest._fresh_mkdocs_plugins`). `inside` builds the project itself (its caches
    too); `dirty` as `mkdocs build --dirty` does."""
    copy = project
    if not inside:
        copy = site.parent / f"{site.name}-project"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    kept = MkDocsConfig.plugins.plugin_cache
    MkDocsConfig.plugins.plugin_cache = {}
    try:
        config = load_config(str(copy / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    finally:
        MkDocsConfig.plugins.plugin_cache = kept


def _site_files(site: Path) -> dict[str, bytes]:
    """Return each HTML file of a site, the nonce a server's content policy allows its
    live-reload script by (a new one each time it starts) left out, and Material's export of
    every page's tags."""
    found = {
        path.relative_to(site).as_posix(): re.sub(rb"'nonce-[^']*' ", b"", path.read_bytes())
        for path in site.rglob("*.html")
    }
    return found | {"tags.json": (site / "tags.json").read_bytes()}


def test_an_edited_contacts_tags_keep_their_links_while_serving(tmp_path: Path) -> None:
    """Material's tags plugin knows only the pages a build reads: an interaction logged with a
    tagged contact keeps their tags' links to the Tags page (which is not rebuilt), and a tag
    changed rebuilds the Tags page listing every tagged page."""
    project = copy_vault("basic", tmp_path / "p")
    site = tmp_path / "site"
    ada = project / "people" / "ada-lovelace.md"
    page = site / "people" / "ada-lovelace" / "index.html"
    listing = site / "tags" / "index.html"

    def tags() -> list[str]:
        return [line.strip() for line in page.read_text().splitlines() if 'class="md-tag"' in line]

    with serving(project, site):
        linked = [
            '<a href="../../tags/#tag:it" class="md-tag">it</a>',
            '<a href="../../tags/#tag:startup" class="md-tag">startup</a>',
        ]
        assert tags() == linked
        exported = (site / "tags.json").read_bytes()
        before = mtimes(site)
        ada.write_text(ada.read_text().replace("## Log\n", "## Log\n- 2026-11-24: Lunch\n"))
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert "Lunch" in page.read_text()
        assert tags() == linked
        changed = rebuilt(before, mtimes(site))
        assert "people/ada-lovelace/index.html" in changed and "tags/index.html" not in changed
        assert (site / "tags.json").read_bytes() == exported
        ada.write_text(ada.read_text().replace("# A colleague from", "# Someone from"))
        build(serve_config(project, site), serve_url=URL, dirty=True)  # no page changes
        assert (site / "tags.json").read_bytes() == exported
        ada.write_text(ada.read_text().replace("tags: [it, startup]", "tags: [it, robots]"))
        build(serve_config(project, site), serve_url=URL, dirty=True)
        assert tags() == [
            '<a href="../../tags/#tag:it" class="md-tag">it</a>',
            '<a href="../../tags/#tag:robots" class="md-tag">robots</a>',
        ]
        assert 'id="tag:robots"' in listing.read_text()
        _built(project, tmp_path / "full")
        expected, found = _site_files(tmp_path / "full"), _site_files(site)
        assert found["tags/index.html"] == expected["tags/index.html"]
        assert found["tags.json"] == expected["tags.json"] != exported


def test_tags_settings_changed_while_serving_reach_the_tags_of_pages_not_read(
    tmp_path: Path,
) -> None:
    """The tags Material made of a page's metadata are kept between rebuilds, by the tags
    plugin's settings: `shadow_tags` set while serving hides a tag of a page not read."""
    project = copy_vault("basic", tmp_path / "p")
    config = project / "mkdocs.yml"
    site, full = tmp_path / "site", tmp_path / "full"
    ada = project / "people" / "ada-lovelace.md"
    with serving(project, site):
        shadow = "  - tags:\n      shadow_tags: [board]\n      shadow_on_serve: false\n"
        config.write_text(config.read_text().replace("  - tags\n", shadow))
        ada.write_text(ada.read_text().replace("tags: [it, startup]", "tags: [it, robots]"))
        build(serve_config(project, site), serve_url=URL, dirty=True)
    _built(project, full)
    listed = _site_files(site)["tags/index.html"]
    assert b'id="tag:robots"' in listed and b'id="tag:board"' not in listed
    assert listed == _site_files(full)["tags/index.html"]


def test_tags_a_page_lost_are_not_given_back_when_it_is_not_read(tmp_path: Path) -> None:
    """A contact whose tags are all taken out, then not read by the next rebuild (another
    contact's tags changed), stays out of the Tags page."""
    project = copy_vault("basic", tmp_path / "p")
    site, full = tmp_path / "site", tmp_path / "full"
    ada = project / "people" / "ada-lovelace.md"
    victor = project / "people" / "victor-vance.md"
    with serving(project, site):
        ada.write_text(ada.read_text().replace("tags: [it, startup]\n", ""))
        build(serve_config(project, site), serve_url=URL, dirty=True)
        victor.write_text(victor.read_text().replace("tags: [hospital, board]", "tags: [board]"))
        build(serve_config(project, site), serve_url=URL, dirty=True)
    _built(project, full)
    listed = _site_files(site)["tags/index.html"]
    assert b"ada-lovelace" not in listed
    assert listed == _site_files(full)["tags/index.html"]


def _owners_tagged_pages(project: Path) -> None:
    """Give the project pages of the owner's: two tagged (one titled as a tagged contact's
    page is: a listing shows the two in the order a full build reads them), one listing a tag."""
    (project / "docs" / "notes").mkdir(parents=True)
    (project / "docs" / "notes" / "lyon.md").write_text(
        "---\ntags: [startup]\n---\n# Trip to Lyon\n\nMet founders.\n"
    )
    (project / "docs" / "notes" / "ada.md").write_text(
        "---\ntags: [startup]\n---\n# Ada Lovelace\n\nHer talk.\n"
    )
    (project / "docs" / "reading.md").write_text(
        "# Reading list\n\n<!-- material/tags { include: [startup] } -->\n"
    )


def test_owners_pages_keep_their_titles_tags_and_listings_while_serving(tmp_path: Path) -> None:
    """The owner's pages a `--dirtyreload` rebuild does not read keep their titles in the
    navigation and their tags in every listing, the owner's listing page included."""
    project = copy_vault("basic", tmp_path / "p")
    _owners_tagged_pages(project)
    served, full = tmp_path / "served", tmp_path / "full"
    ada = project / "people" / "ada-lovelace.md"
    with serving(project, served):
        ada.write_text(ada.read_text().replace("## Log\n", "## Log\n- 2026-11-24: Lunch\n"))
        build(serve_config(project, served), serve_url=URL, dirty=True)
        _built(project, full)
        expected, found = _site_files(full), _site_files(served)
        assert {p: found.get(p) for p in expected} == expected
    rebuilt_page = found["people/ada-lovelace/index.html"].decode()
    assert (
        "Lunch" in rebuilt_page and "Trip to Lyon" in rebuilt_page and ">None<" not in rebuilt_page
    )
    listing = found["reading/index.html"].decode()
    assert 'href="../notes/lyon/"' in listing and 'href="../people/ada-lovelace/"' in listing


def test_a_tag_links_to_the_same_listing_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Material takes equally close listings in the order of their ids' hashes, which each
    process draws anew: the same vault linked Ada's tag to the owner's Reading list or to the
    Tags page, build after build (hash seeds 0 and 2 gave the two on Python 3.11). Kith's Tags
    page comes first among equals, before another page of Kith's with a listing (Home, by an
    owner's template); a listing nearer to a page takes that page's tag links."""
    project = copy_vault("basic", tmp_path / "p")
    _owners_tagged_pages(project)
    (project / "docs" / "notes" / "index.md").write_text(
        "# Notes\n\n<!-- material/tags { include: [startup] } -->\n"
    )
    (project / "templates").mkdir()
    (project / "templates" / "home.md.j2").write_text(
        "# Home\n\n<!-- material/tags { include: [startup] } -->\n"
    )
    add_kith_settings(project / "mkdocs.yml", templates="templates")
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / f"site{seed}")],
            cwd=project,
            env={**os.environ, "PYTHONHASHSEED": str(seed), "NO_MKDOCS_2_WARNING": "1"},
        )
        for seed in range(4)
    ]
    assert [build.wait() for build in builds] == [0] * 4
    sites = [_site_files(tmp_path / f"site{seed}") for seed in range(4)]
    assert sites[1:] == sites[:1] * 3
    tag = '<a href="{}#tag:startup" class="md-tag">startup</a>'
    assert tag.format("../../tags/") in sites[0]["people/ada-lovelace/index.html"].decode()
    assert tag.format("../") in sites[0]["notes/lyon/index.html"].decode()


def test_a_dirty_build_in_a_new_process_makes_the_pages_a_full_build_does(tmp_path: Path) -> None:
    """`mkdocs build --dirty` after an edit (a new process: nothing kept from the last build)
    reads the pages it does not rebuild for their titles and tags; every page it builds is a
    full build's."""
    project = copy_vault("basic", tmp_path / "p")
    _owners_tagged_pages(project)
    site, full = tmp_path / "site", tmp_path / "full"
    _built(project, site, inside=True)
    ada = project / "people" / "ada-lovelace.md"
    ada.write_text(ada.read_text().replace("tags: [it, startup]", "tags: [it, robots]"))
    before = mtimes(site)
    _built(project, site, inside=True, dirty=True)
    assert {"people/ada-lovelace/index.html", "tags/index.html", "reading/index.html"} <= rebuilt(
        before, mtimes(site)
    )
    _built(project, full)
    expected, found = _site_files(full), _site_files(site)
    assert {p: found.get(p) for p in expected} == expected
    assert (
        '<a href="../../tags/#tag:robots" class="md-tag">robots</a>'
        in found["people/ada-lovelace/index.html"].decode()
    )


@edit_settings(15)  # 10 cases unless KITH_EXAMPLES is raised
@given(case=edit_cases())
def test_random_edits_while_serving_show_what_a_full_build_does(case: EditCase) -> None:
    """After each edit, the site `mkdocs serve --dirtyreload` rebuilt holds every page a full
    build of the same files makes, byte for byte, and its search index holds the same
    entries; a removed contact's old page may stay behind (MkDocs removes nothing while
    serving), but with every other page the full build's, none links to it."""
    MkDocsConfig.plugins.plugin_cache.clear()  # the last example's server stopped
    with tempfile.TemporaryDirectory() as folder:
        vault = EditedVault(Path(folder) / "p", case)
        served, full = Path(folder) / "served", Path(folder) / "full"
        with serving(vault.project, served):
            for edit in case.edits:
                vault.apply(edit)
                build(serve_config(vault.project, served), serve_url=URL, dirty=True)
                shutil.rmtree(full, ignore_errors=True)
                _built(vault.project, full)
                expected, found = _site_files(full), _site_files(served)
                assert {p: found.get(p) for p in expected} == expected
                assert sorted(_search_entries(served)) == sorted(_search_entries(full))
