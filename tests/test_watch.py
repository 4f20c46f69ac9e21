"""`mkdocs serve` watches the contact files with Kith's watcher, not MkDocs' one."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, add_kith_settings, copy_vault

from generator.vault.watch import ContactWatcher


def wait_until(ready: Callable[[], bool], seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if ready():
            return True
        time.sleep(0.01)
    return ready()


def quiet_for(told: list[str], seconds: float = 0.3) -> bool:
    """Return True when nothing was told for a while (several looks of the watcher)."""
    time.sleep(seconds)
    return told == []


def edit(path: Path, text: str = "\n- 2026-11-24: Tea\n") -> None:
    with path.open("a", encoding="utf-8") as handle:  # in place: the size changes
        handle.write(text)


def one_contact(tmp_path: Path) -> Path:
    """Make a people/ folder holding Ada's file; return the folder."""
    people = tmp_path / "people"
    people.mkdir()
    (people / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    return people


@contextmanager
def served(config: Any, builder: Callable[[], None], root: Path) -> Iterator[Any]:
    """Run MkDocs' own server as `mkdocs serve` does, handed to the plugins (`on_serve`), in a
    thread, past the watchers' first looks; stop it and the plugins when the block ends."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(root))
    config.plugins.on_serve(server, config=config, builder=builder)
    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    try:
        time.sleep(1.2)
        yield server
    finally:
        server.shutdown()
        serving.join(10)
        config.plugins.on_shutdown()


def test_the_watcher_tells_of_a_changed_contact_file_and_of_nothing_else(tmp_path: Path) -> None:
    people = tmp_path / "people"
    (people / "work").mkdir(parents=True)
    (people / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    (people / "work" / "bo.md").write_text("---\nname: Bo\n---\n", encoding="utf-8")
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=0.02)
    watcher.start()
    try:
        (people / ".ada.md.swp").write_bytes(b"an editor's swap file")
        (people / "notes.txt").write_text("not a contact", encoding="utf-8")
        (people / ".git").mkdir()
        (people / ".git" / "x.md").write_text("hidden folder", encoding="utf-8")
        assert quiet_for(told)
        edit(people / "work" / "bo.md")
        assert wait_until(lambda: told == [str(people / "work" / "bo.md")])
        (people / "ada.md").unlink()
        assert wait_until(lambda: told[1:] == [str(people / "ada.md")])
        (people / "cy.md").write_text("---\nname: Cy\n---\n", encoding="utf-8")
        assert wait_until(lambda: told[2:] == [str(people / "cy.md")])
    finally:
        watcher.stop()


def test_the_watcher_waits_while_a_build_runs_and_then_tells_what_changed_meanwhile(
    tmp_path: Path,
) -> None:
    people = one_contact(tmp_path)
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=0.02)
    watcher.start()
    try:
        watcher.pause()
        edit(people / "ada.md")
        assert quiet_for(told)
        watcher.resume()
        assert wait_until(lambda: told == [str(people / "ada.md")])
        assert quiet_for(told[1:])  # told once
    finally:
        watcher.stop()


def test_the_system_tells_the_watcher_of_a_change_long_before_its_clock_would(
    tmp_path: Path,
) -> None:
    """With the system's notices, a look follows a change at once; the clock's looks come
    only every `safety` seconds (an hour here: any look within the test is a notice's)."""
    people = tmp_path / "people"
    (people / "work").mkdir(parents=True)
    (people / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=3600, safety=3600)
    watcher.start()
    try:
        assert watcher.notified
        assert wait_until(lambda: watcher.looks == 1)  # the first, at once
        # What changes no look: a swap file, a file that is no contact, a hidden folder and
        # what is in it, and reading every contact (as each build does).
        (people / ".ada.md.swp").write_bytes(b"an editor's swap file")
        (people / "notes.txt").write_text("not a contact", encoding="utf-8")
        (people / ".git").mkdir()
        (people / ".git" / "x.md").write_text("hidden folder", encoding="utf-8")
        (people / "ada.md").read_bytes()
        time.sleep(0.3)
        assert (watcher.looks, told) == (1, [])
        edit(people / "ada.md")
        assert wait_until(lambda: told == [str(people / "ada.md")], 5)
        # An editor's save: a new file renamed over the contact, in a sub-folder.
        staged = people / "work" / ".bo.md.tmp"
        staged.write_text("---\nname: Bo\n---\n", encoding="utf-8")
        staged.rename(people / "work" / "bo.md")
        assert wait_until(lambda: told[1:] == [str(people / "work" / "bo.md")], 5)
        (people / "new").mkdir()  # a folder made, then a contact in it
        (people / "new" / "cy.md").write_text("---\nname: Cy\n---\n", encoding="utf-8")
        assert wait_until(lambda: told[2:] == [str(people / "new" / "cy.md")], 5)
    finally:
        watcher.stop()
    assert not watcher.notified  # the system's observer is stopped with the watcher


def test_without_the_systems_notices_the_watcher_looks_on_its_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.vault import watch

    monkeypatch.setattr(watch, "_observe", lambda folder, nudge, every_file: None)  # none can start
    people = one_contact(tmp_path)
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=0.02, safety=3600)
    watcher.start()
    try:
        assert not watcher.notified
        assert wait_until(lambda: watcher.looks >= 3)  # every `interval`, not every `safety`
        edit(people / "ada.md")
        assert wait_until(lambda: told == [str(people / "ada.md")])
    finally:
        watcher.stop()


def test_a_change_the_system_did_not_tell_of_puts_the_watcher_back_on_its_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A folder shared with another machine changes without the system's notices: the first
    change the clock finds unannounced makes the watcher look every `interval` again."""
    import logging

    from generator.vault import watch

    class Deaf:  # an observer that started and tells of nothing
        def stop(self) -> None:
            pass

        def is_alive(self) -> bool:
            return False

    monkeypatch.setattr(watch, "_observe", lambda folder, nudge, every_file: Deaf())
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.kith")
    people = one_contact(tmp_path)
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=0.02, safety=0.4)
    # A change before the watcher starts is found by its first look, as told: not unannounced.
    edit(people / "ada.md")
    watcher.start()
    try:
        assert wait_until(lambda: told == [str(people / "ada.md")])
        assert watcher.notified and not watcher.blind
        edit(people / "ada.md", "\n- 2026-11-25: Lunch\n")
        assert wait_until(lambda: told[1:] == [str(people / "ada.md")])
        assert watcher.blind
        looks = watcher.looks
        time.sleep(0.4)
        assert watcher.looks >= looks + 5  # every 0.02 s now; one at most on the 0.4 s clock
    finally:
        watcher.stop()
    said = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kith"]
    assert said == [f"kith: {people} changed unannounced: looking at it every 0.02 s"]


def test_serve_rebuilds_when_a_contact_changes(tmp_path: Path) -> None:
    """Through MkDocs' own server: Kith's watcher makes it rebuild, as its watcher would."""
    from mkdocs.config import load_config

    project = copy_vault("basic", tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    built = threading.Event()
    with served(config, built.set, tmp_path) as server:
        people = str((project / "people").resolve())
        polled = {emitter.watch.path for emitter in server.observer.emitters}
        assert people not in polled and not any(p.startswith(people + os.sep) for p in polled)
        assert not built.is_set()
        edit(project / "people" / "rosa-marsh.md")
        assert built.wait(10)


def test_serve_leaves_contacts_inside_docs_to_mkdocs_watcher(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    project = copy_vault("basic", tmp_path / "p")
    (project / "people").rename(project / "docs" / "people")
    yml = project / "mkdocs.yml"
    add_kith_settings(yml, people="docs/people")
    config = load_config(str(yml))
    assert config.plugins["kith"].settings.people == (project / "docs" / "people").resolve()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)  # as `mkdocs serve` does before the plugins' on_serve
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    try:
        assert config.plugins["kith"].watcher is None
    finally:
        config.plugins.on_shutdown()


URL = "http://127.0.0.1:8000/"


def first_build(project: Path, site: Path) -> Any:
    """Build as `mkdocs serve` does first; return the config (its plugins live on)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=URL, dirty=True)
    return config


def rebuilder(project: Path, site: Path, outcomes: list[str]) -> Callable[[], None]:
    """Return what rebuilds as `mkdocs serve` does (its config read again), noting each
    outcome."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def builder() -> None:
        try:
            build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), serve_url=URL)
        except Exception:
            outcomes.append("failed")
            raise
        outcomes.append("built")

    return builder


def test_serve_goes_on_watching_after_a_build_that_fails(tmp_path: Path) -> None:
    """A contact that does not load stops the rebuild (MkDocs says why); fixing it rebuilds."""
    project, site = copy_vault("basic", tmp_path / "p"), tmp_path / "site"
    config = first_build(project, site)
    outcomes: list[str] = []
    builder = rebuilder(project, site, outcomes)
    rosa = project / "people" / "rosa-marsh.md"
    good = rosa.read_text(encoding="utf-8")
    with served(config, builder, site):
        rosa.write_text(good.replace("---\n", "---\nstrength: [\n", 1), encoding="utf-8")
        assert wait_until(lambda: outcomes == ["failed"], 30)
        rosa.write_text(good + "\n", encoding="utf-8")
        assert wait_until(lambda: outcomes == ["failed", "built"], 30)


def test_a_failing_look_is_said_once_and_the_watching_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from generator.vault import watch

    people = one_contact(tmp_path)
    told: list[str] = []
    watcher = ContactWatcher(people, told.append, interval=0.02)
    real, failures = watch.look, [2]

    def failing(folder: Path, every_file: bool) -> watch.Look:
        if failures[0]:
            failures[0] -= 1
            raise RuntimeError("a bug")
        return real(folder, every_file)

    monkeypatch.setattr(watch, "look", failing)
    watcher.start()
    try:
        assert wait_until(lambda: failures == [0])
        edit(people / "ada.md")
        assert wait_until(lambda: told == [str(people / "ada.md")])
    finally:
        watcher.stop()
    said = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kith"]
    assert said == [f"kith: watching {people} failed (it goes on trying)"]


def test_serve_watches_the_contacts_folder_mkdocs_yml_names_now(tmp_path: Path) -> None:
    """`people` changed in mkdocs.yml while serving: the new folder is watched, the old one
    let go."""
    project, site = copy_vault("basic", tmp_path / "p"), tmp_path / "site"
    config = first_build(project, site)
    outcomes: list[str] = []
    yml = project / "mkdocs.yml"
    with served(config, rebuilder(project, site, outcomes), site):
        plugin = config.plugins["kith"]
        assert plugin.watcher.people_dir == (project / "people").resolve()
        add_kith_settings(yml, people="contacts")
        (project / "people").rename(project / "contacts")  # seen by the watcher of people/
        assert wait_until(lambda: outcomes == ["built"], 30)
        assert plugin.watcher.people_dir == (project / "contacts").resolve()
        edit(project / "contacts" / "rosa-marsh.md")
        assert wait_until(lambda: outcomes == ["built", "built"], 30)
        (project / "people").mkdir()  # the old folder, watched no more
        (project / "people" / "ada.md").write_text("---\nname: Ada\n---\n", encoding="utf-8")
        assert quiet_for(outcomes[2:], 1.2)


def test_serve_watches_the_templates_folder_mkdocs_yml_names_now(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    project, site = copy_vault("basic", tmp_path / "p"), tmp_path / "site"
    config = first_build(project, site)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    plugin, yml = config.plugins["kith"], project / "mkdocs.yml"
    try:
        (project / "mine").mkdir()
        plain = add_kith_settings(yml, templates="mine")
        build(load_config(str(yml), site_dir=str(site)), serve_url=URL)
        # Kith's own watcher, not MkDocs' (whose watch of a folder ends when the folder goes).
        assert plugin.template_watcher.people_dir == (project / "mine").resolve()
        assert str((project / "mine").resolve()) not in server._watched_paths
        yml.write_text(plain)
        build(load_config(str(yml), site_dir=str(site)), serve_url=URL)
        assert plugin.template_watcher is None
    finally:
        config.plugins.on_shutdown()


def test_serve_sees_the_templates_folder_go_and_come_back(tmp_path: Path) -> None:
    """The folder removed while serving: the rebuild says there is no such folder; made again,
    the site is built with it, and a template edited in it after that is seen too."""
    project, site = copy_vault("basic", tmp_path / "p"), tmp_path / "site"
    yml, mine, away = project / "mkdocs.yml", project / "mine", tmp_path / "away"
    add_kith_settings(yml, templates="mine")
    builtin = (REPO / "generator" / "site" / "templates" / "person.md.j2").read_text()
    mine.mkdir()
    (mine / "person.md.j2").write_text(builtin + "\nOurs.\n")
    config = first_build(project, site)
    outcomes: list[str] = []
    rosa = site / "people" / "rosa-marsh" / "index.html"
    assert "Ours." in rosa.read_text()
    with served(config, rebuilder(project, site, outcomes), site):
        mine.rename(away)
        assert wait_until(lambda: outcomes == ["failed"], 30)
        away.rename(mine)
        assert wait_until(lambda: outcomes == ["failed", "built"], 30)
        (mine / "person.md.j2").write_text(builtin + "\nTheirs.\n")
        assert wait_until(lambda: outcomes == ["failed", "built", "built"], 30)
        assert "Theirs." in rosa.read_text()
        # Any file of the folder, in any folder of it, names the templates (`templates_stamp`)
        # and may be included by one: a change to it rebuilds, as MkDocs' watcher of the
        # folder did.
        (mine / ".parts").mkdir()
        (mine / ".parts" / "footer.md").write_text("A footer.\n")
        assert wait_until(lambda: outcomes == ["failed", "built", "built", "built"], 30)
