"""Rendered pages kept between runs: never stale, never different from rendering everything."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import marshal
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, add_kith_settings, cache_files, make_project, run_kith, settle
from gitrepo import Repo, contact
from hypothesis import given
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from vaultedits import EditCase, EditedVault, edit_cases, edit_settings

from generator.build import (
    ASIDE_FILES,
    Generated,
    Prior,
    generate,
    open_cache,
    open_page_cache,
)
from generator.disk import KeptEntries, SavedFiles, _shard_name
from generator.exchange import ics_export
from generator.model import Person, Tie
from generator.settings import read_mkdocs_settings
from generator.site import contact_page, page_cache, render
from generator.site.contexts import UNKEYED, PersonInputs
from generator.site.page_cache import FILE_NAME, PageCache
from generator.site.pages import LetterInputs, page_source
from generator.site.render import COMPILED_FOLDER
from generator.vault.cache import ParseCache

TODAY = dt.date(2026, 11, 25)
PEOPLE = {
    "ada.md": contact("Ada", role="Engineer", strength=4, log="- 2026-10-01: coffee\n"),
    "bob.md": contact("Bob", strength=3, knows="{ada: 4}", log="- 2026-09-01: call\n"),
    "carol.md": contact(
        "Carol", target="true", influence=5, log="- 2026-08-01 (meet, via: bob): met\n"
    ),
    "dave.md": contact("Dave", strength=2, log="- 2026-07-01: lunch\n"),
}
CONTACT_PAGES = {f"people/{name}" for name in PEOPLE}


@dataclass
class Serving:
    """What `mkdocs serve` keeps from one rebuild to the next: the caches in memory, the page
    cache remembering each page's inputs, and the last run's records."""

    pages: PageCache = field(default_factory=PageCache)
    cache: ParseCache = field(default_factory=ParseCache)
    prior: Prior | None = None
    rendered: set[str] = field(default_factory=set)  # by the last run
    recalled: int = 0  # the pages the last run found by their inputs alone


SERVING: dict[Path, Serving] = {}  # by project, for the test that runs


@pytest.fixture(autouse=True)
def _forget_serving() -> Iterator[None]:
    yield
    SERVING.clear()


def run(project: Path, today: dt.date = TODAY) -> tuple[dict[str, str], set[str]]:
    """Generate with the page cache kept on disk (as a new process would), as a server's
    rebuild would (`serve`), and without a cache.

    Asserts the three agree byte for byte; returns the pages and the contact pages rendered
    anew by the first.
    """
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    pages = open_page_cache(settings)
    cached = generate(settings, today, cache=open_cache(settings), pages=pages)
    plain = generate(settings, today)
    assert cached.texts == plain.texts
    assert cached.files == plain.files  # the follow-ups feed too
    served = serve(project, today)
    assert served.texts == plain.texts and served.files == plain.files
    # It renders what a new process renders, but for pages whose kept file was damaged.
    assert SERVING[project].rendered <= set(pages.rendered)
    return cached.texts, set(pages.rendered)


def serve(project: Path, today: dt.date = TODAY) -> Generated:
    """Build as the next rebuild of a server serving `project` would (the first: from cold)."""
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    state = SERVING.setdefault(project, Serving())
    state.pages.remember = True
    done = generate(settings, today, cache=state.cache, pages=state.pages, prior=state.prior)
    state.prior = done.prior
    state.rendered, state.recalled = set(state.pages.rendered), state.pages.recalled
    return done


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Return the contact pages whose text differs."""
    contacts = (p for p in after if p.startswith("people/") and p != "people/index.md")
    return {path for path in contacts if before.get(path) != after[path]}


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "people" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_templates(root: Path, person_template: str) -> Path:
    """Make the small vault with a templates folder of the owner's holding `person.md.j2`."""
    project = make_project(root, PEOPLE)
    (project / "templates").mkdir()
    (project / "templates" / "person.md.j2").write_text(person_template, encoding="utf-8")
    add_kith_settings(project / "mkdocs.yml", templates="templates")
    return project


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A small vault generated once, so its page cache is warm."""
    project = make_project(tmp_path / "project", PEOPLE)
    texts, rendered = run(project)
    assert CONTACT_PAGES - {"people/index.md"} <= rendered | {"people/index.md"}
    return project, texts


def test_the_feed_is_made_again_when_a_follow_up_in_it_changes(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, _ = vault
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    before = generate(settings, TODAY).files["follow-ups.ics"]
    edit(project, "dave.md", "name: Dave", "name: David")
    run(project)  # asserts the feed kept or made equals the feed made from scratch
    assert "David" in generate(settings, TODAY).files["follow-ups.ics"] != before


def test_a_first_runs_feed_events_are_kept_under_the_names_the_next_run_looks_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first run lists and names the events where it makes them (`texts_ahead`): here, a
    # small vault, in this process, when the feed is taken.
    project = make_project(tmp_path / "project", PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    made: list[str] = []
    event = ics_export._event
    monkeypatch.setattr(
        ics_export,
        "_event",
        lambda contact, *args: made.append(contact.slug) or event(contact, *args),
    )
    first = generate(settings, TODAY, pages=open_page_cache(settings))
    assert made and first.files["follow-ups.ics"].count("BEGIN:VEVENT") == len(made)
    made.clear()
    again = generate(settings, TODAY, pages=open_page_cache(settings))
    assert made == []
    assert again.files == first.files


def test_a_second_run_renders_no_contact_page_and_writes_the_same_pages(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, before = vault
    after, rendered = run(project)
    assert rendered == set()
    assert after == before


def test_a_field_re_renders_the_person_and_the_pages_that_show_them(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, before = vault
    edit(project, "ada.md", "role: Engineer", "role: Architect")
    after, rendered = run(project)
    assert changed(before, after) == {"people/ada.md"}
    # Bob's page shows Ada (his tie): it is checked again, and comes out the same.
    assert rendered == {"people/ada.md", "people/bob.md"}


def test_a_tie_declared_on_the_other_side_re_renders_both_pages(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, before = vault
    edit(project, "dave.md", "strength: 2", "strength: 2\nknows: {carol: 2}")
    after, rendered = run(project)
    assert changed(before, after) == {"people/dave.md", "people/carol.md"}
    assert {"people/dave.md", "people/carol.md"} <= rendered
    assert "people/ada.md" not in rendered


def test_a_name_shown_on_another_page_re_renders_that_page(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, before = vault
    edit(project, "bob.md", "name: Bob", "name: Robert")
    after, rendered = run(project)
    # Ada's page lists Bob among those who know her; Carol's log says Bob introduced her.
    assert changed(before, after) == {"people/bob.md", "people/ada.md", "people/carol.md"}
    assert "Robert" in after["people/carol.md"] and "Robert" in after["people/ada.md"]
    assert "people/dave.md" not in rendered


def test_a_contact_removed_re_renders_the_pages_that_linked_to_them(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, _ = vault
    (project / "people" / "ada.md").unlink()
    after, rendered = run(project)
    assert "people/ada.md" not in after
    assert "(no such contact)" in after["people/bob.md"]
    assert rendered == {"people/bob.md"}


@pytest.mark.parametrize(
    "setting",
    ["      fading_factor: 5\n", "      private_fields: [email, role]\n"],
)
def test_a_setting_re_renders_every_contact_page(
    vault: tuple[Path, dict[str, str]], setting: str
) -> None:
    project, _ = vault
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      today: 2026-11-25\n", f"      today: 2026-11-25\n{setting}")
    )
    _, rendered = run(project)
    assert rendered == CONTACT_PAGES


def test_another_day_re_renders_every_contact_page(vault: tuple[Path, dict[str, str]]) -> None:
    project, before = vault
    after, rendered = run(project, TODAY + dt.timedelta(days=1))
    assert rendered == CONTACT_PAGES
    assert after["people/ada.md"] != before["people/ada.md"]  # "1 month ago" moved on


def test_an_owner_template_re_renders_every_contact_page_when_it_changes(tmp_path: Path) -> None:
    builtin = REPO / "generator" / "site" / "templates" / "person.md.j2"
    project = with_templates(
        tmp_path / "project", builtin.read_text(encoding="utf-8") + "\nMine.\n"
    )
    templates = project / "templates"
    run(project)
    (templates / "person.md.j2").write_text(builtin.read_text(encoding="utf-8") + "\nOurs.\n")
    after, rendered = run(project)
    assert rendered == CONTACT_PAGES
    assert after["people/ada.md"].endswith("\nOurs.\n")


def generate_stops_with(project: Path, problem: str) -> None:
    """`kith generate --out out` stops on this one problem alone, without a traceback."""
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines() == [problem, "kith: 1 problem; nothing was written"]


def build_stops_and_keeps_the_last_site(project: Path) -> None:
    """`mkdocs build` stops before it empties site/: the last good site stays."""
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    with pytest.raises(Abort):
        build(load_config(str(project / "mkdocs.yml")))
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"


def test_an_owner_template_that_does_not_parse_is_named_by_its_file_and_line(
    tmp_path: Path,
) -> None:
    project = with_templates(
        tmp_path / "project", '# {{ person.name }}\n{% include "_x.md.j2" %}\n'
    )
    (project / "templates" / "_x.md.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    generate_stops_with(
        project,
        "templates/_x.md.j2:2: template does not parse: "
        "Expected an expression, got 'end of statement block'",
    )
    (project / "templates" / "_x.md.j2").write_text("ok\n", encoding="utf-8")
    (project / "templates" / "person.md.j2").write_text("# {{ person.name }\n", encoding="utf-8")
    build_stops_and_keeps_the_last_site(project)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (
            lambda path: path.write_bytes(b"ok\n# caf\xe9 {{ person.name }}\n"),
            "templates/_x.md.j2:2: template is not UTF-8 text: save it as UTF-8",
        ),
        (
            lambda path: path.symlink_to(path.parent / "nowhere"),
            "templates/_x.md.j2: template cannot be read: no such file",
        ),
    ],
    ids=["latin-1", "dangling-link"],
)
def test_an_owner_template_that_cannot_be_read_is_named_not_a_traceback(
    tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    project = with_templates(tmp_path / "project", "# {{ person.name }}\n")
    make(project / "templates" / "_x.md.j2")
    (project / "templates" / "_folder.md.j2").mkdir()  # a folder so named is no template
    generate_stops_with(project, said)


@pytest.mark.parametrize("kind", ["no such folder", "not a folder"])
def test_a_templates_setting_that_names_no_folder_stops_the_run(tmp_path: Path, kind: str) -> None:
    project = with_templates(tmp_path / "project", "# {{ person.name }}\n")
    shutil.rmtree(project / "templates")
    if kind == "not a folder":
        (project / "templates").write_text("not a folder\n", encoding="utf-8")
    said = (
        f"templates: {kind}: the `templates` setting in mkdocs.yml names a folder of your templates"
    )
    generate_stops_with(project, said)
    assert not (project / "out").exists()
    build_stops_and_keeps_the_last_site(project)


def test_an_owner_template_that_fails_on_a_contact_names_its_line_and_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failing = "# {{ person.name }}\n\n{% if person.slug == 'ada' %}{{ person.nope }}{% endif %}\n"
    project = with_templates(tmp_path / "project", failing)
    problem = (
        "templates/person.md.j2:3: template failed while drawing people/ada.md: "
        "'generator.model.Person object' has no attribute 'nope'"
    )
    generate_stops_with(project, problem)
    os.chdir(project)
    build_stops_and_keeps_the_last_site(project)
    # As one that does not parse: a problem in the templates, not in the vault.
    assert f"1 problem in the templates:\n{problem}" in caplog.messages


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("{{ person.name|date }}", "AttributeError: 'str' object has no attribute 'isoformat'"),
        ("{{ person.strength // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ],
)
def test_an_owner_template_handing_on_a_value_nothing_takes_is_named_too(
    tmp_path: Path, line: str, said: str
) -> None:
    # Python's own error, not Jinja's: a filter of Kith's given a name, arithmetic on zero.
    failing = f"# {{{{ person.name }}}}\n\n{{% if person.slug == 'ada' %}}{line}{{% endif %}}\n"
    project = with_templates(tmp_path / "project", failing)
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    problem = f"templates/person.md.j2:3: template failed while drawing people/ada.md: {said}"
    assert result.err.splitlines() == [problem, "kith: 1 problem; nothing was written"]


def test_kiths_own_template_failing_so_is_a_bug_not_the_owners_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project", PEOPLE)

    def broken(value: object) -> str:
        raise RuntimeError("a bug")

    # The date filter of Kith's templates, and the same function in the contact pages' twin.
    monkeypatch.setattr(render, "date_text", broken)
    monkeypatch.setattr(contact_page, "date_text", broken)
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 3 and "RuntimeError: a bug" in result.err
    assert "internal error (a bug in Kith" in result.err
    # With --debug the bug is raised as it was, its traceback ending where it happened.
    with pytest.raises(RuntimeError, match="a bug") as raised:
        run_kith("--debug", "generate", "--out", "out", cwd=project)
    assert raised.traceback[-1].name == "broken"


def test_another_kith_version_re_renders_every_contact_page(
    vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = vault
    monkeypatch.setattr(page_cache, "__version__", "99.0")
    monkeypatch.setattr(page_cache, "_STAMP", [])
    _, rendered = run(project)
    assert rendered == CONTACT_PAGES


@pytest.mark.parametrize("name", ["jinja2", "markdown-it-py", "nh3", "MarkupSafe", "PyYAML", "pip"])
def test_a_librarys_version_is_the_one_importlib_metadata_finds(name: str) -> None:
    # The page cache is named by these versions (`code_stamp`): another one renders every page.
    assert page_cache.library_version(name) == metadata.version(name)
    assert page_cache.library_version(name.upper().replace("-", "_")) == metadata.version(name)


@pytest.mark.parametrize(
    ("folders", "found"),
    [
        ({"a": ["Kith_Test_Lib-1.2.dist-info"]}, "1.2"),
        # The first folder on the path that holds it answers, as for imports.
        ({"a": ["kith_test_lib-1.2.dist-info"], "b": ["kith_test_lib-9.dist-info"]}, "1.2"),
        ({"a": [], "b": ["kith.test.lib-2.0.post1.dist-info"]}, "2.0.post1"),
        # Not the wheel format's names: importlib.metadata says, from the folder's METADATA.
        ({"a": ["kith_test_lib-1.2.dist-info", "kith_test_lib-1.3.dist-info"]}, "meta"),
        ({"a": ["kith_test_lib-1.2.egg-info"], "b": ["kith_test_lib-9.dist-info"]}, "meta"),
        ({"a": ["kith_test_lib.dist-info"]}, "meta"),
        ({"a": ["other-1.0.dist-info"]}, "?"),
    ],
)
def test_a_librarys_version_is_read_from_its_folders_name_where_that_is_certain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folders: dict[str, list[str]], found: str
) -> None:
    for folder, infos in folders.items():
        (tmp_path / folder).mkdir()
        for info in infos:
            (tmp_path / folder / info).mkdir()
            stem = info.rsplit(".", 1)[0]
            version = stem.partition("-")[2] or "0"
            meta = f"Metadata-Version: 2.1\nName: {stem.partition('-')[0]}\nVersion: {version}\n"
            kept = "PKG-INFO" if info.endswith(".egg-info") else "METADATA"
            (tmp_path / folder / info / kept).write_text(meta)
    monkeypatch.setattr(sys, "path", [str(tmp_path / name) for name in sorted(folders)])
    try:
        expected = metadata.version("kith-test-lib") if found == "meta" else found
    except metadata.PackageNotFoundError:
        expected = "?"
    assert page_cache.library_version("kith-test-lib") == expected
    # A zip on the path: importlib.metadata answers (it reads zips too).
    (tmp_path / "lib.zip").write_bytes(b"")
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path / "lib.zip")])
    try:
        from_metadata = metadata.version("kith-test-lib")
    except metadata.PackageNotFoundError:
        from_metadata = "?"
    assert page_cache.library_version("kith-test-lib") == from_metadata


def test_a_contact_moved_to_another_folder_is_a_changed_record(tmp_path: Path) -> None:
    # The same bytes in another place: a record is named by its file's path and its bytes, so
    # a template that shows where the file is shows the new place.
    project = with_templates(tmp_path / "project", "# {{ person.name }}\n\n{{ person.path }}\n")
    before, _ = run(project)
    (project / "people" / "team").mkdir()
    (project / "people" / "ada.md").rename(project / "people" / "team" / "ada.md")
    after, rendered = run(project)
    assert changed(before, after) == {"people/ada.md"}
    assert "people/team/ada.md" in after["people/ada.md"]
    assert {"people/ada.md"} <= rendered <= {"people/ada.md", "people/bob.md"}  # Bob knows Ada


def test_a_template_that_reads_every_contact_is_never_kept(tmp_path: Path) -> None:
    template = "# {{ person.name }}\n\n{{ people_by_slug|length }} contacts\n"
    project = with_templates(tmp_path / "project", template)
    run(project)
    (project / "people" / "erin.md").write_text(contact("Erin"), encoding="utf-8")
    after, rendered = run(project)
    assert rendered == {*CONTACT_PAGES, "people/erin.md"}
    assert "5 contacts" in after["people/ada.md"]


def test_a_note_a_log_entry_mentions_re_renders_the_page_when_it_comes_or_goes(
    tmp_path: Path,
) -> None:
    # A log entry "mentioned in docs/journal/a.md" links to the note while it is a page of the
    # site (`build.note_pages`), and reads as plain text when it is not.
    people = {
        **PEOPLE,
        "ada.md": contact("Ada", log="- 2026-10-01: mentioned in docs/journal/a.md\n"),
    }
    project = make_project(tmp_path / "project", people)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    docs = project / "docs"

    def cached() -> tuple[str, list[str]]:
        pages = open_page_cache(settings)
        done = generate(settings, TODAY, cache=open_cache(settings), pages=pages, docs=docs)
        assert done.texts == generate(settings, TODAY, docs=docs).texts
        return done.texts["people/ada.md"], pages.rendered

    text, _ = cached()
    assert "mentioned in docs/journal/a.md" in text and "](" not in text.split("## Log")[1]
    (docs / "journal").mkdir()
    (docs / "journal" / "a.md").write_text("# Lunch\n")
    text, rendered = cached()
    assert "mentioned in [journal/a.md](../journal/a.md)" in text
    assert "people/ada.md" in rendered and "people/bob.md" not in rendered
    (docs / "journal" / "a.md").unlink()
    text, rendered = cached()
    assert "](" not in text.split("## Log")[1] and "people/ada.md" in rendered


def test_the_git_history_re_renders_the_pages_it_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", PEOPLE)
    repo = Repo(project)
    repo.commit("2025-01-10")
    before, _ = run(project)
    edit(project, "dave.md", "strength: 2", "strength: 4")
    repo.commit("2026-06-01")
    after, rendered = run(project)
    assert "people/dave.md" in changed(before, after)
    assert rendered == {"people/dave.md"}
    # A commit that changes no contact changes no history, so no page.
    repo.commit("2026-06-02", "nothing changed in the files")
    assert run(project)[1] == set()


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_or_deleted_cache_is_rebuilt(
    vault: tuple[Path, dict[str, str]], damage: bytes | None
) -> None:
    project, before = vault
    stored = project / ".cache" / "kith" / FILE_NAME
    if damage is None:
        shutil.rmtree(stored)
    else:
        for name, data in cache_files(stored).items():
            (stored / name).write_bytes(data[:100] if damage == b"" else damage)
    after, rendered = run(project)
    assert after == before
    assert rendered == CONTACT_PAGES
    assert run(project)[1] == set()


def _reshaped(index: dict[bytes, Any], change: str) -> object:
    """A page cache file's index, each entry reshaped by `change`: what damage (or a hostile
    hand) could leave in a file that still reads as marshal."""

    def entry(deps: Any, digest: bytes, text: Any) -> object:
        return {
            "not a tuple": [deps, digest, text],
            "two fields": (deps, digest),
            "reads not a tuple": (list(deps), digest, text),
            "digest a str": (deps, digest.hex(), text),
            "a page with its text": (deps, digest, "text") if digest else (deps, digest, None),
            "a read of two": (tuple(dep[:2] for dep in deps) or (("people", ()),), digest, text),
            "keys read a list": (
                tuple((d[0], list(d[1]), d[2]) for d in deps) or (("x", [], b""),),
                digest,
                text,
            ),
        }[change]

    if change == "a key not bytes":
        return {key.hex(): value for key, value in index.items()}
    if change == "not a dict":
        return list(index.items())
    return {key: entry(*value) for key, value in index.items()}


@pytest.mark.parametrize(
    "change",
    [
        "not a dict",
        "a key not bytes",
        "not a tuple",
        "two fields",
        "reads not a tuple",
        "digest a str",
        "a page with its text",
        "a read of two",
        "keys read a list",
    ],
)
def test_a_cache_file_whose_index_is_not_what_kith_writes_is_not_used(
    vault: tuple[Path, dict[str, str]], change: str
) -> None:
    project, before = vault
    stored = project / ".cache" / "kith" / FILE_NAME
    for name, data in cache_files(stored).items():
        stamp, index, texts = page_cache.split_file(data)
        (stored / name).write_bytes(page_cache.join_file(stamp, _reshaped(index, change), texts))
    after, rendered = run(project)
    assert after == before
    assert rendered == CONTACT_PAGES
    assert run(project)[1] == set()


def test_a_cache_in_memory_serves_rebuild_after_rebuild(vault: tuple[Path, dict[str, str]]) -> None:
    project, _ = vault
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    pages = PageCache(None)
    generate(settings, TODAY, pages=pages)
    assert len(pages.rendered) == len(PEOPLE)
    edit(project, "dave.md", "lunch", "a long lunch")
    after = generate(settings, TODAY, pages=pages)
    assert pages.rendered == ["people/dave.md"]
    assert after.texts == generate(settings, TODAY).texts


def test_a_server_finds_the_pages_drawn_from_the_very_same_values_without_keying_them(
    vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = vault  # `run` served it once: every kept page's inputs are remembered
    keyed: list[str] = []
    look_up = PageCache.look_up

    def counting(self: PageCache, path: str, *args: Any) -> Any:
        made = self.recalled
        found = look_up(self, path, *args)
        if self.recalled == made:
            keyed.append(path)
        return found

    monkeypatch.setattr(PageCache, "look_up", counting)
    edit(project, "dave.md", "lunch", "a long lunch")
    serve(project)
    # Only Dave's page holds his new record.
    assert keyed == ["people/dave.md"]
    assert SERVING[project].rendered == {"people/dave.md"}
    keyed.clear()
    serve(project, TODAY + dt.timedelta(days=1))  # another day: every key is made again
    assert SERVING[project].recalled == 0 and set(keyed) == CONTACT_PAGES


def test_a_page_is_recalled_only_when_every_value_its_key_names_is_alike(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", PEOPLE)
    site = generate(read_mkdocs_settings(project / "mkdocs.yml"), TODAY).site
    inputs = page_source(next(p for p in site.pages if p.path == "people/bob.md"))
    assert isinstance(inputs, PersonInputs)
    assert inputs.same_as(dataclasses.replace(inputs))  # the very same values, another object
    keyed = [f.name for f in dataclasses.fields(PersonInputs) if f.name not in UNKEYED]
    assert len(keyed) > 10
    for name in keyed:
        value = getattr(inputs, name)
        if isinstance(value, Mapping):
            changed: object = {"x": object()}
        elif isinstance(value, tuple):
            changed = (object(),)
        else:
            changed = object()
        assert not inputs.same_as(dataclasses.replace(inputs, **{name: changed})), name


def test_a_neighbour_shown_only_in_the_ties_picture_redraws_the_page(tmp_path: Path) -> None:
    project = with_templates(tmp_path / "project", "# {{ person.name }}\n\n{{ ties_picture }}\n")
    before, _ = run(project)
    edit(project, "ada.md", "name: Ada", "name: Adaline")
    after, _ = run(project)  # served too, and the same as drawn from nothing
    assert "Adaline" not in before["people/bob.md"] and "Adaline" in after["people/bob.md"]
    assert "people/bob.md" in SERVING[project].rendered


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ((1, "a", None, True), (1, "a", None, True), True),
        (((1, 2), ("x",)), ((1, 2), ("x",)), True),
        ({"a": (1,), "b": 2.5}, {"a": (1,), "b": 2.5}, True),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2), True),
        (1, 1.0, False),
        (True, 1, False),
        (0.0, -0.0, False),
        (float("nan"), float("nan"), True),
        (float("nan"), -float("nan"), False),
        ("ada", Markup("ada"), False),
        ((1,), [1], False),
        ([1], [1], False),  # a list is alike only to itself
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),  # the order is drawn too
        ({"a": 1}, {"a": 1.0}, False),
        (dt.date(2026, 1, 2), dt.datetime(2026, 1, 2), False),
        ((("a", 1),), (("a", True),), False),
    ],
)
def test_values_are_alike_only_when_they_fingerprint_alike(a: Any, b: Any, same: bool) -> None:
    assert page_cache.alike(a, b) is same
    if same:
        prints = page_cache.Fingerprints()
        assert prints.value(a) == prints.value(b)


def test_records_are_alike_by_their_fields_and_persons_only_to_themselves() -> None:
    ada = Person(name="Ada", slug="ada", path="people/ada.md")
    twin = Person(name="Ada", slug="ada", path="people/ada.md")
    assert ada == twin and not page_cache.alike(ada, twin) and page_cache.alike(ada, ada)
    step = Tie(other="bob", strength=3)
    assert page_cache.alike((step,), (Tie(other="bob", strength=3),))
    assert not page_cache.alike(step, Tie(other="bob", strength=2))
    assert not page_cache.alike((step, ada), (step, twin))


@pytest.mark.parametrize("damage", ["zeros", "other texts"])
def test_pages_whose_kept_texts_are_damaged_are_drawn_again(
    vault: tuple[Path, dict[str, str]], damage: str
) -> None:
    """Each cache file keeps its pages' texts apart, read only when one is wanted: texts found
    damaged then are drawn again, and the file is dropped. Its head stays intact, and the file
    as long as before (one cut short is refused with its head): the second half of its texts
    zeros, or its texts replaced by others that still read as marshal, which only each text's
    digest in its entry tells (the file keeps no digest of all its texts)."""
    project, texts = vault
    stored = read_mkdocs_settings(project / "mkdocs.yml").cache_dir / FILE_NAME
    damaged = {}
    for name, data in cache_files(stored).items():
        stamp, index, blob = page_cache.split_file(data)
        kept = marshal.loads(blob)
        if not kept:
            continue  # a file that keeps no page's text
        if damage == "zeros":
            damaged[name] = data[: len(data) - len(blob) // 2] + bytes(len(blob) // 2)
        else:
            other = marshal.dumps(dict.fromkeys(kept, b"written by another hand\n"))
            damaged[name] = page_cache.join_file(stamp, index, other)
        (stored / name).write_bytes(damaged[name])
    assert damaged
    again, rendered = run(project)
    assert again == texts
    assert rendered == set()  # their keys still matched: only the texts were read again
    assert all(cache_files(stored).get(name) != data for name, data in damaged.items())
    again, rendered = run(project)  # draws the pages those files held, and keeps them
    assert again == texts and rendered
    assert run(project) == (texts, set())


def test_texts_are_read_only_from_a_file_stat_shows_as_its_head_was_read(
    vault: tuple[Path, dict[str, str]],
) -> None:
    # A file written between the read of its head and that of its texts (another build's,
    # or one written over) may hold other texts at other places: none are read from it.
    project, texts = vault
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    pages = open_page_cache(settings)
    assert pages.held()  # the heads, read
    stored = settings.cache_dir / FILE_NAME
    keys = [key for key, entry in pages._entries.items() if entry[2]]  # pages' texts
    assert keys
    past = time.time() - 3600
    for name in cache_files(stored):
        os.utime(stored / name, (past, past))  # the same bytes, another stat
    assert [pages.kept(key) for key in keys] == [None] * len(keys)  # and their files dropped
    assert run(project)[0] == texts


def test_a_save_reads_every_text_it_will_write_before_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `kith generate` leaves a big save of the page cache to a child process while it writes
    # the pages (`build._save_aside`), and may still read kept texts from the cache's files
    # then: what the save will write is read first, so a file it replaces is never read again.
    vault = tmp_path / "vault"
    assert run_kith("sample", "--people", "300", "--seed", "3", "--out", str(vault)).code == 0
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    generate(settings, TODAY, cache=open_cache(settings), pages=open_page_cache(settings))
    for path in sorted((vault / "people").glob("*.md"))[::10]:
        path.unlink()  # their entries go, and the pages that showed them are drawn again
    saves: list[SavedFiles] = []

    def left(cache: KeptEntries[Any, Any]) -> Callable[..., None]:
        saves.append(cache.saving())  # and not written (yet)
        return lambda *_: None

    monkeypatch.setattr("generator.build._save_aside", left)
    pages = open_page_cache(settings)
    with contextlib.ExitStack() as waits:
        made = generate(settings, TODAY, cache=open_cache(settings), pages=pages, waits=waits)
    (saved,) = saves[1:]  # the parse cache's, then the page cache's
    shelved = [
        key
        for entries in saved.shards.values()
        for key, (text, _, _) in entries.items()
        if isinstance(text, page_cache._Shelf)
    ]
    assert len(saved.shards) >= ASIDE_FILES and shelved
    for number in saved.shards:
        (settings.cache_dir / FILE_NAME / _shard_name(number)).unlink(missing_ok=True)
    assert all(pages.kept(key) is not None for key in shelved)
    saved()
    assert dict(made.texts) == generate(settings, TODAY).texts
    pages = open_page_cache(settings)
    generate(settings, TODAY, cache=open_cache(settings), pages=pages)
    assert pages.rendered == []


def test_a_run_that_finds_its_pages_unchanged_reads_none_of_their_texts(tmp_path: Path) -> None:
    # Each file's texts are read only when a page's text is wanted: `kith generate --out`
    # finding every page's file as it wrote it wants none. Texts damaged behind their heads
    # are then neither noticed nor needed, and the files stay as they are.
    project = make_project(tmp_path / "project", PEOPLE)
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    out = {p: p.read_bytes() for p in sorted((project / "out").rglob("*")) if p.is_file()}
    past = time.time() - 60  # written long enough ago to be recorded as they are
    for path in out:
        os.utime(path, (past, past))
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    stored = read_mkdocs_settings(project / "mkdocs.yml").cache_dir / FILE_NAME
    damaged = {}
    for name, data in cache_files(stored).items():
        _, _, blob = page_cache.split_file(data)
        damaged[name] = data[: len(data) - len(blob)] + bytes(len(blob))
        (stored / name).write_bytes(damaged[name])
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    assert "(0 written" in result.out
    assert {p: p.read_bytes() for p in sorted((project / "out").rglob("*")) if p.is_file()} == out
    assert cache_files(stored) == damaged
    # A page whose file is not as written wants its text: the damage is found, the page drawn.
    (project / "out" / "people" / "ada.md").write_text("changed by hand\n", encoding="utf-8")
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    assert (project / "out" / "people" / "ada.md").read_bytes() == out[
        project / "out" / "people" / "ada.md"
    ]


def test_two_generates_at_once_both_write_the_right_pages(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    sample = run_kith("sample", "--people", "150", "--seed", "3", "--out", str(vault))
    assert sample.code == 0, sample.err
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    argv = [str(Path(sys.executable).parent / "kith"), "generate", "--today", "2026-11-25"]
    procs = [
        subprocess.Popen([*argv, "--out", str(tmp_path / f"out{i}")], cwd=vault, env=env)
        for i in range(2)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert (
        run_kith(
            "generate", "--today", "2026-11-25", "--out", str(tmp_path / "out2"), cwd=vault
        ).code
        == 0
    )
    plain = tmp_path / "plain"
    (vault / ".cache").rename(tmp_path / "moved-cache")
    assert run_kith("generate", "--today", "2026-11-25", "--out", str(plain), cwd=vault).code == 0
    expected = {p.relative_to(plain): p.read_bytes() for p in plain.rglob("*") if p.is_file()}
    for i in range(3):
        out = tmp_path / f"out{i}"
        assert {
            p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
        } == expected


def test_a_thousand_contact_sample_is_the_same_with_and_without_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    sample = run_kith("sample", "--people", "1000", "--seed", "7", "--out", str(vault))
    assert sample.code == 0, sample.err
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    settle(*(vault / "people").rglob("*.md"))
    pages = open_page_cache(settings)
    generate(settings, TODAY, cache=open_cache(settings), pages=pages)

    def served() -> Generated:
        with monkeypatch.context() as env:
            env.setenv("KITH_WORKERS", "1")  # a server's rebuilds fork no workers
            return serve(vault)

    served()
    people = sorted((vault / "people").glob("*.md"))
    edited = people[len(people) // 2]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("## Log\n", "## Log\n- 2026-11-20: edited\n", 1)
    )
    caches = [settings.cache_dir / "parsed-contacts", settings.cache_dir / FILE_NAME]
    before = [cache_files(folder) for folder in caches]
    pages = open_page_cache(settings)
    warm = generate(settings, TODAY, cache=open_cache(settings), pages=pages)
    assert f"people/{edited.stem}.md" in pages.rendered
    assert len(pages.rendered) < 50
    assert warm.texts == generate(settings, TODAY).texts
    rebuilt = served()
    assert rebuilt.texts == warm.texts and rebuilt.files == warm.files
    state = SERVING[vault]
    assert state.rendered == set(pages.rendered)
    # The pages drawn from the edited record are keyed again (its own, its letter's, those
    # of the people it declares a tie to); every other kept page is recalled.
    sources = {page.path: page_source(page) for page in rebuilt.site.pages if page.kept}
    letter = next(
        path
        for path, source in sources.items()
        if isinstance(source, LetterInputs) and any(p.slug == edited.stem for p in source.people)
    )
    assert {f"people/{edited.stem}.md", letter} <= state.rendered
    assert len(sources) - 50 < state.recalled <= len(sources) - len(state.rendered)
    # One edit rewrites the few files of the caches that hold what changed, not the caches.
    after = [cache_files(folder) for folder in caches]
    rewritten = [
        {n for n in new if old.get(n) != new[n]} for old, new in zip(before, after, strict=True)
    ]
    assert len(rewritten[0]) == 1
    # A page drawn anew replaces its old entry in the same file (its path names the file):
    # besides those, only the files of the feed's changed events are written.
    drawn = {_shard_name(pages._shard(page_cache._file_of(path))) for path in pages.rendered}
    assert drawn <= rewritten[1] and len(rewritten[1] - drawn) <= 4
    assert len(rewritten[1]) < len(after[1]) // 2


def test_the_demo_is_the_same_with_and_without_caches(tmp_path: Path) -> None:
    settings = read_mkdocs_settings(REPO / "mkdocs.yml")
    today = settings.today or TODAY
    pages = PageCache(tmp_path / FILE_NAME)
    first = generate(settings, today, pages=pages)
    pages = PageCache(tmp_path / FILE_NAME)
    second = generate(settings, today, pages=pages)
    assert pages.rendered == []
    assert first.texts == second.texts == generate(settings, today).texts


def test_a_name_an_owner_template_looks_up_by_attribute_is_watched(tmp_path: Path) -> None:
    template = "# {{ person.name }}\n\nBob here is {{ people_by_slug.bob.name }}.\n"
    project = with_templates(tmp_path / "project", template)
    run(project)
    edit(project, "bob.md", "name: Bob", "name: Robert")
    after, rendered = run(project)
    assert rendered == CONTACT_PAGES
    assert "Bob here is Robert." in after["people/dave.md"]


def test_everything_held_of_the_people_a_page_shows_is_in_its_key(tmp_path: Path) -> None:
    # An owner's template may show any field of those who know a contact or stand on a path
    # to them, beyond the name the ties picture and the watched mappings cover.
    template = (
        "# {{ person.name }}\n\n{% for other, strength, how in known_by %}"
        "Known by {{ other.name }} of {{ other.company or 'no company' }}.\n{% endfor %}"
        "{% for path, picture in paths %}{{ picture or 'direct' }}\n{% endfor %}"
    )
    project = with_templates(tmp_path / "project", template)
    # The one way to Carol: you know Ada, who knows Bob, who knows Carol. Ada is on that path
    # and on no tie of Carol's.
    edit(project, "bob.md", "strength: 3\nknows: {ada: 4}", "knows: {carol: 3}")
    edit(project, "ada.md", "strength: 4", "strength: 4\nknows: {bob: 3}")
    # Dave, whom you do not know, knows Carol too: on no path to her.
    edit(project, "dave.md", "strength: 2", "knows: {carol: 1}")
    first, _ = run(project)
    assert "Ada" in first["people/carol.md"]
    assert "Known by Dave of no company." in first["people/carol.md"]
    edit(project, "ada.md", "name: Ada", "name: Adaline")
    after, rendered = run(project)
    assert "people/carol.md" in rendered
    assert "Adaline" in after["people/carol.md"]
    edit(project, "dave.md", "name: Dave", "name: Dave\ncompany: Acme")
    after, rendered = run(project)
    assert "people/carol.md" in rendered
    assert "Known by Dave of Acme." in after["people/carol.md"]


def test_an_owner_template_may_call_the_page_helpers_as_filters(tmp_path: Path) -> None:
    # Kith's own templates call them as filters (no `Context.call` each time); an owner's
    # template may call `person_link` either way, and each name read is watched as before.
    template = (
        "{{ person_link(people_by_slug.bob) }} = {{ people_by_slug.bob|person_link }}\n"
        "{% for entry in person.log %}{{ entry|log_line(people_by_slug, notes) }}\n{% endfor %}"
        "{% for field, value in person|free_values %}{{ field }}: {{ value }}\n{% endfor %}"
        "{{ 'drawn'|picture }}\n"
    )
    project = with_templates(tmp_path / "project", template)
    first, _ = run(project)
    assert first["people/carol.md"] == (
        "[Bob](bob.md) = [Bob](bob.md)\n"
        "- **2026-08-01** · meet · introduced by [Bob](bob.md) — met\n"
        '<div class="kith-picture" data-search-exclude>\ndrawn\n</div>\n'
    )
    assert "role: Engineer\n" in first["people/ada.md"]
    edit(project, "bob.md", "name: Bob", "name: Robert")
    after, rendered = run(project)
    assert rendered == CONTACT_PAGES
    assert "introduced by [Robert](bob.md) — met" in after["people/carol.md"]


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(
    vault: tuple[Path, dict[str, str]],
) -> None:
    project, before = vault
    folder = project / ".cache" / "kith" / COMPILED_FOLDER
    kept = sorted(folder.iterdir())
    builtin = render.builtin_templates()
    assert len(kept) == len(list(builtin.glob("*.j2")))  # one per template, compiled ahead
    for path in kept:
        path.write_bytes(b"damaged")
    after, _ = run(project)
    assert after == before
    assert sorted(folder.iterdir()) == kept
    # Each template a page is drawn from is compiled and kept again when the run loads it.
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    drawn = {page.template for page in generate(settings, TODAY).site.pages}
    compiled = render.CompiledTemplates(folder)
    files = {compiled.file(compiled.get_cache_key(name, str(builtin / name))) for name in drawn}
    assert len(drawn) >= 10 and files <= set(kept)
    assert all(path.read_bytes() != b"damaged" for path in files)


def test_templates_are_compiled_ahead_once_and_then_read_from_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, folder = tmp_path / "templates", tmp_path / "compiled"
    owner.mkdir()
    (owner / "_ours.md.j2").write_text("{{ 1 + 1 }}\n", encoding="utf-8")
    (owner / "_broken.md.j2").write_text("{% if %}\n", encoding="utf-8")
    env = render.make_environment(owner, folder)
    names = env.list_templates(extensions=["j2"])
    assert len(names) == len(list(render.builtin_templates().glob("*.j2"))) + 2
    compiling = render.compile_ahead(env)
    assert compiling is not None
    compiling.wait()
    # Every template but the one that does not parse, which the run itself names.
    assert len(list(folder.iterdir())) == len(names) - 1
    assert render.compile_ahead(render.make_environment(owner, folder)) is not None
    (owner / "_broken.md.j2").unlink()
    again = render.make_environment(owner, folder)
    assert render.compile_ahead(again) is None

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(again, "compile", compile_again)
    assert again.get_template("_ours.md.j2").render() == "2\n"
    for name in again.list_templates(extensions=["j2"]):
        again.get_template(name)
    # Where no compiled file can be written, no child compiles them all for nothing: the run
    # compiles what it draws, as it always did.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would go\n", encoding="utf-8")
    assert render.compile_ahead(render.make_environment(owner, blocked / "compiled")) is None


class _Inputs:
    """A page's inputs, counting the contexts made from them."""

    def __init__(self, keyed: object, people: dict[str, str]) -> None:
        self.keyed_value, self.people, self.made = keyed, people, 0

    def keyed(self, name: object) -> object:
        return self.keyed_value

    def watched(self) -> dict[str, dict[str, str]]:
        return {"people_by_slug": self.people}

    def context(self) -> dict[str, object]:
        self.made += 1
        return {"value": self.keyed_value, "people_by_slug": self.people}


def _draw(context: dict[str, object]) -> str:
    people = context["people_by_slug"]
    assert isinstance(people, page_cache.Watched)
    return f"{context['value']} knows {people['bob']}"


def test_a_page_named_by_its_inputs_is_found_without_making_its_context() -> None:
    cache, prints = PageCache(), page_cache.Fingerprints()
    key = ("stamp", "2026-11-25", "person.md.j2", "Ada")

    def look_up(inputs: _Inputs) -> tuple[str | None, int]:
        text, outcome = cache.look_up("people/ada.md", key, inputs, _draw, prints)
        cache.apply("people/ada.md", text, outcome)
        # A page found kept comes back without its text: read only when wanted.
        assert (text is None) == (outcome[0] == page_cache.KEPT)
        # A page drawn to keep comes back as the UTF-8 its file holds.
        assert isinstance(text, bytes) == (outcome[0] == page_cache.STORED)
        return page_cache.as_str(text) if text is not None else cache.kept(outcome[1]), outcome[0]

    first = _Inputs(("ada", 4), {"bob": "Bob", "carol": "Carol"})
    assert look_up(first) == ("('ada', 4) knows Bob", page_cache.STORED)
    assert first.made == 1
    again = _Inputs(("ada", 4), {"bob": "Bob", "carol": "Carole"})  # Carol is not read
    assert look_up(again) == ("('ada', 4) knows Bob", page_cache.KEPT)
    assert again.made == 0
    renamed = _Inputs(("ada", 4), {"bob": "Robert", "carol": "Carol"})  # a name it read
    assert look_up(renamed) == ("('ada', 4) knows Robert", page_cache.STORED)
    other = _Inputs(("ada", 5), {"bob": "Robert"})  # an input changed
    assert look_up(other) == ("('ada', 5) knows Robert", page_cache.STORED)
    assert (renamed.made, other.made) == (1, 1)


@pytest.mark.parametrize("data", [b"", b"\x01\x02\x03", b"\x05" + b"\x00" * 7 + b"junk"])
def test_split_file_refuses_what_is_no_page_cache_file(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a page cache file"):
        page_cache.split_file(data)


# Random edits (tests/vaultedits.py), each followed by a run that must find the pages a run
# without caches draws. `run` checks the page cache kept on disk (as a new process reads it)
# and a server's rebuild (its records, report and pages kept in memory) against drawing
# everything; `kith generate --out` must leave its folder holding exactly those pages, whatever
# its record of it says.
@edit_settings(6)  # 25 cases unless KITH_EXAMPLES is raised
@given(case=edit_cases())
def test_random_edits_never_leave_a_stale_page(case: EditCase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vault = EditedVault(Path(folder), case)
        project = vault.project

        def check() -> None:
            texts, _ = run(project, vault.today)
            # `kith generate --out` skips the files its record says it wrote as they are.
            done = run_kith("generate", "--out", "out", cwd=project)
            assert done.code == 0, done.err
            out = project / "out"
            written = {p.relative_to(out).as_posix() for p in out.glob("**/*.md")}
            assert written == set(texts)
            for path in written:
                assert (out / path).read_text(encoding="utf-8") == texts[path], path

        check()
        for edit in case.edits:
            vault.apply(edit)
            check()
        SERVING.pop(project, None)
