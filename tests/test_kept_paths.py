"""The intro paths kept between runs (`build.KeptPaths`): used only for the very graph and
limits they were found from, so a run that uses them makes the same pages as a run without."""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
from pathlib import Path

import pytest
from conftest import make_project, run_kith
from gitrepo import contact

import generator.analysis.report as report_module
from generator.build import PATHS_FILE, generate, open_paths
from generator.settings import read_mkdocs_settings
from generator.thresholds import Thresholds

TODAY = dt.date(2026, 11, 25)
PEOPLE = {
    "ada.md": contact("Ada", strength=4, log="- 2026-10-01: coffee\n"),
    "bob.md": contact("Bob", strength=3, knows="{ada: 4}", log="- 2026-09-01: call\n"),
    "cy.md": contact("Cy", target="true", influence=5, knows="{bob: 3}"),
    "dee.md": contact("Dee", strength=2, knows="{cy: 2}"),
}


def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make finding paths fail: a run that passes used the kept ones."""

    def refuse(*args: object) -> None:
        raise AssertionError("the paths were searched again")

    monkeypatch.setattr(report_module, "find_best_paths", refuse)
    monkeypatch.setattr(report_module, "find_alternatives", refuse)


def _texts(project: Path) -> dict[str, str]:
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    return dict(generate(settings, TODAY).texts)  # no cache of any kind


def test_kith_generate_keeps_the_paths_and_the_next_run_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, PEOPLE)
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    kept = project / ".cache" / "kith" / PATHS_FILE
    first = kept.read_bytes()
    # A log entry changes no tie: the next run finds nothing again, and writes nothing.
    bob = project / "people" / "bob.md"
    bob.write_text(PEOPLE["bob.md"].replace("call", "call\n- 2026-11-20: lunch"))
    with monkeypatch.context() as patched:
        _no_search(patched)
        assert run_kith("generate", "--out", "out", cwd=project).code == 0
    assert kept.read_bytes() == first
    written = {p.relative_to(project / "out").as_posix() for p in (project / "out").rglob("*.md")}
    expected = _texts(project)
    assert written == set(expected)
    for rel, text in expected.items():
        assert (project / "out" / rel).read_text(encoding="utf-8") == text, rel


def test_a_changed_tie_finds_the_paths_again(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    first = generate(settings, TODAY, paths=open_paths(settings))
    assert first.report.best_paths["cy"].people == ("bob", "cy")
    cy = project / "people" / "cy.md"
    cy.write_text(PEOPLE["cy.md"].replace("{bob: 3}", "{bob: 1}"))
    dee = project / "people" / "dee.md"
    dee.write_text(PEOPLE["dee.md"].replace("strength: 2", "strength: 5"))
    again = generate(settings, TODAY, paths=open_paths(settings))
    assert again.report.paths_key != first.report.paths_key
    assert again.report.best_paths["cy"].people == ("dee", "cy")
    assert dict(again.texts) == _texts(project)
    # The new paths were kept: a third run uses them.
    third = generate(settings, TODAY, paths=open_paths(settings))
    assert third.report.paths_key == again.report.paths_key
    assert third.report.best_paths == again.report.best_paths


def test_a_new_target_on_the_same_graph_gets_its_alternatives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    generate(settings, TODAY, paths=open_paths(settings))
    ada = project / "people" / "ada.md"
    ada.write_text(PEOPLE["ada.md"].replace("strength: 4", "strength: 4\ntarget: true"))
    with monkeypatch.context() as patched:
        # The best paths are kept; only the targets' alternatives are searched.
        patched.setattr(report_module, "find_best_paths", _refuse)
        targeted = generate(settings, TODAY, paths=open_paths(settings))
    assert set(targeted.report.target_paths) == {"ada", "cy"}
    assert dict(targeted.texts) == _texts(project)


def _refuse(*args: object) -> None:
    raise AssertionError("the best paths were searched again")


@pytest.mark.parametrize("limit", ["max_hops", "alternatives", "direct_strength"])
def test_other_limits_find_the_paths_again(tmp_path: Path, limit: str) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    first = generate(settings, TODAY, paths=open_paths(settings))
    value = {"max_hops": 1, "alternatives": 0, "direct_strength": 4}[limit]
    limits = dataclasses.replace(settings.thresholds, **{limit: value})
    assert limits != Thresholds()
    other = dataclasses.replace(settings, thresholds=limits)
    again = generate(other, TODAY, paths=open_paths(other))
    assert again.report.paths_key != first.report.paths_key
    assert again.report.best_paths == generate(other, TODAY).report.best_paths
    assert again.report.target_paths == generate(other, TODAY).report.target_paths
    assert dict(again.texts) == dict(generate(other, TODAY).texts)


@pytest.mark.parametrize("damage", ["truncated", "other code", "flipped byte", "not marshal"])
def test_a_damaged_or_foreign_file_is_not_used_and_is_written_again(
    tmp_path: Path, damage: str
) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    first = generate(settings, TODAY, paths=open_paths(settings))
    kept = settings.cache_dir / PATHS_FILE
    data = kept.read_bytes()
    stamp, digest, payload = marshal.loads(data)
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "other code":
        data = marshal.dumps(("another stamp", digest, payload))
    elif damage == "flipped byte":
        # A path through someone else, its digest left as it was.
        changed = payload.replace(b"bob", b"dee")
        assert changed != payload
        data = marshal.dumps((stamp, digest, changed))
    else:
        data = b"not a cache at all"
    kept.write_bytes(data)
    paths = open_paths(settings)
    assert paths.read().key == b""  # nothing known
    again = generate(settings, TODAY, paths=paths)
    assert again.report.best_paths == first.report.best_paths
    assert dict(again.texts) == _texts(project)
    written = marshal.loads(kept.read_bytes())  # written again, whole
    assert written[0] == stamp
    assert marshal.loads(written[2]) == marshal.loads(payload)


def test_serve_names_the_kept_paths_and_does_not_write_them_at_each_rebuild(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    paths = open_paths(settings)  # one object for the whole session, as the plugin keeps it
    first = generate(settings, TODAY, paths=paths)
    kept = settings.cache_dir / PATHS_FILE
    kept.unlink()
    ada = project / "people" / "ada.md"
    ada.write_text(PEOPLE["ada.md"].replace("coffee", "coffee\n- 2026-11-20: lunch"))
    again = generate(settings, TODAY, paths=paths, prior=first.prior)
    assert again.report.best_paths is first.report.best_paths  # reused in memory
    assert again.report.paths_key == first.report.paths_key
    assert not kept.exists()  # the same paths as the file held: not written again


def test_a_read_only_cache_folder_is_no_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    settings.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.write_text("a file where the cache folder would be")
    made = generate(settings, TODAY, paths=open_paths(settings))
    assert dict(made.texts) == _texts(project)


COMMANDS = [
    ("show", "cy"),
    ("show", "dee"),
    ("agenda",),
    ("targets", "--json"),
    ("path", "cy"),
    ("connectors", "--json"),
    ("export", "csv"),
]


def test_commands_that_show_paths_use_the_kept_ones_and_keep_those_they_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, PEOPLE)
    kept = project / ".cache" / "kith" / PATHS_FILE
    said = {}
    for command in COMMANDS:
        kept.unlink(missing_ok=True)
        done = run_kith(*command, "--today", TODAY.isoformat(), cwd=project)
        assert done.code == 0, done.err
        said[command] = done.out
        assert kept.exists(), command  # found, and kept for the next command
    assert "introduce you to Cy (score 0.36)" in said[("show", "cy")]  # through Bob
    with monkeypatch.context() as patched:
        _no_search(patched)
        for command in COMMANDS:
            done = run_kith(*command, "--today", TODAY.isoformat(), cwd=project)
            assert (done.code, done.out) == (0, said[command]), command
    # A tie changed: the kept paths are of another graph, and are found again.
    cy = project / "people" / "cy.md"
    cy.write_text(PEOPLE["cy.md"].replace("{bob: 3}", "{bob: 1}"))
    before = kept.read_bytes()
    assert run_kith("show", "cy", "--today", TODAY.isoformat(), cwd=project).code == 0
    assert kept.read_bytes() != before


def test_the_site_and_the_commands_share_the_paths_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The site is planned from the redacted vault, the commands from the whole one: redaction
    # leaves the graph as it is, so the paths one keeps serve the other.
    people = {
        **PEOPLE,
        "bob.md": PEOPLE["bob.md"].replace("strength: 3", "strength: 3\nemail: b@x.org"),
    }
    project = make_project(tmp_path, people)
    assert "email" in read_mkdocs_settings(project / "mkdocs.yml").private_fields
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    with monkeypatch.context() as patched:
        _no_search(patched)
        for command in COMMANDS:
            done = run_kith(*command, "--today", TODAY.isoformat(), cwd=project)
            assert done.code == 0, (command, done.err)
