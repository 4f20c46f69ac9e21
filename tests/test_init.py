"""`kith init` and the empty vault: a vault of one's own that works before its first contact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import Result, build_site, make_project, run_kith
from test_browser import free_port

HINT = 'kith: no contacts yet in people/; add your first with: kith new "Full Name"\n'


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit as a known owner, whatever this machine's git configuration says."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Owner")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "owner@example.org")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True
    ).stdout


def test_init_writes_a_private_vault_that_checks_clean_and_builds(tmp_path: Path) -> None:
    vault = tmp_path / "network"
    result = run_kith("init", str(vault))
    assert result.code == 0, result.err
    assert result.out.startswith(
        f"kith: a new vault in {vault}: mkdocs.yml, .gitignore, docs/.gitkeep, people/\n"
    )
    assert f'next: cd {vault} && kith new "Full Name"' in result.out
    config = yaml.safe_load((vault / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    assert {"kith": {"people": "people", "help": True}} in config["plugins"]  # no `today`
    schemes = [(p["scheme"], p["toggle"]["name"]) for p in config["theme"]["palette"]]
    assert schemes == [("default", "Switch to dark mode"), ("slate", "Switch to light mode")]
    assert "pymdownx.blocks.details" in config["markdown_extensions"]
    assert (vault / ".gitignore").read_text() == "/site/\n/.cache/\n"
    assert (vault / "people").is_dir() and not any((vault / "people").iterdir())
    check = run_kith("check", cwd=vault)
    assert (check.code, check.out) == (0, "kith: 0 contacts, 0 errors, 0 warnings\n" + HINT)
    site = build_site(vault)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'No contacts yet.</strong> Add your first with <code>kith new "Full Name"' in home
    assert 'href="help/format/"' in home  # the Help pages are on, so the hint links the format
    assert not (site / ".gitkeep").exists() and not (site / "sitemap.xml").exists()


def test_init_in_the_current_folder_says_the_next_step_without_cd(tmp_path: Path) -> None:
    result = run_kith("init", cwd=tmp_path)
    assert result.code == 0, result.err
    assert 'next: kith new "Full Name" --circle friend --strength 3' in result.out
    assert (tmp_path / "mkdocs.yml").is_file()


def test_init_refuses_to_overwrite_anything_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pdf\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".gitkeep").write_text("mine")
    result = run_kith("init", str(tmp_path))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"kith: {tmp_path}/.gitignore, {tmp_path}/docs/.gitkeep already there; "
        "nothing was written\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "docs"]
    assert (tmp_path / ".gitignore").read_text() == "*.pdf\n"


def test_init_keeps_an_empty_people_folder_but_refuses_one_with_contacts(tmp_path: Path) -> None:
    (tmp_path / "a" / "people").mkdir(parents=True)
    assert run_kith("init", str(tmp_path / "a")).code == 0
    (tmp_path / "b" / "people").mkdir(parents=True)
    (tmp_path / "b" / "people" / "ada.md").write_text("---\nname: Ada\n---\n")
    refused = run_kith("init", str(tmp_path / "b"))
    assert refused.err == f"kith: {tmp_path}/b/people already there; nothing was written\n"
    assert not (tmp_path / "b" / "mkdocs.yml").exists()


def test_init_refuses_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "vault").write_text("")
    result = run_kith("init", str(tmp_path / "vault"))
    assert result.err == f"kith: {tmp_path}/vault is a file, not a folder; nothing was written\n"


@pytest.mark.usefixtures("git_identity")
def test_init_git_makes_a_repository_whose_first_commit_holds_the_vault(tmp_path: Path) -> None:
    vault = tmp_path / "network"
    result = run_kith("init", str(vault), "--git")
    assert result.code == 0, result.err
    assert f"kith: {vault} is now a git repository; the first commit holds them\n" in result.out
    assert git(vault, "log", "--format=%s").splitlines() == ["Start a Kith vault"]
    files = git(vault, "ls-files").split()
    assert files == [".gitignore", "docs/.gitkeep", "mkdocs.yml"]
    assert git(vault, "status", "--porcelain") == ""
    # A clone has no people/ (git keeps no empty folder): the vault still works.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(vault), str(clone))
    assert not (clone / "people").exists()
    assert run_kith("check", cwd=clone).out.endswith(HINT)
    assert "No contacts yet." in (build_site(clone) / "index.html").read_text(encoding="utf-8")


@pytest.mark.usefixtures("git_identity")
def test_init_git_refuses_a_folder_inside_another_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    result = run_kith("init", str(tmp_path / "vault"), "--git")
    assert result.code == 1
    assert result.err == (
        f"kith: {tmp_path / 'vault'} is already inside the git repository {tmp_path}; nothing "
        "was written (run kith init without --git and commit the files there)\n"
    )
    assert not (tmp_path / "vault").exists()


def test_the_first_contact_after_init_makes_a_site_with_them(tmp_path: Path) -> None:
    assert run_kith("init", str(tmp_path)).code == 0
    shutil.rmtree(tmp_path / "people")  # as in a fresh clone: kith new makes the folder
    new = run_kith("new", "Ada Lovelace", "--circle", "friend", "--strength", "3", cwd=tmp_path)
    assert (new.code, new.out) == (0, "created people/ada-lovelace.md\n")
    assert run_kith("check", cwd=tmp_path).out == "kith: 1 contact, 0 errors, 0 warnings\n"
    site = build_site(tmp_path)
    assert "No contacts yet" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "people" / "ada-lovelace" / "index.html").is_file()


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_every_view_of_an_empty_vault_says_how_to_start(tmp_path: Path, folder: str) -> None:
    project = make_project(tmp_path)
    if folder == "missing":
        shutil.rmtree(project / "people")
    check = run_kith("check", cwd=project)
    assert (check.code, check.out, check.err) == (
        0,
        "kith: 0 contacts, 0 errors, 0 warnings\n" + HINT,
        "",
    )
    for view in ("agenda", "targets"):
        assert run_kith(view, cwd=project) == Result(0, HINT, "")
    agenda = json.loads(run_kith("agenda", "--json", cwd=project).out)
    assert agenda["overdue"] == [] and agenda["today"] == "2026-11-25"
    refused = run_kith("find", "ada", cwd=project)
    assert (refused.code, refused.err) == (1, HINT)
    for command in (("show", "a"), ("log", "a", "Lunch"), ("path", "a"), ("set", "a", "x", "1")):
        refused = run_kith(*command, cwd=project)
        hint = HINT.removeprefix("kith: ").removesuffix("\n")
        assert (refused.code, refused.err) == (1, f"kith: no contact matches 'a' ({hint})\n")
    people = (build_site(project) / "people" / "index.html").read_text(encoding="utf-8")
    assert "No contacts yet: add your first with" in people


def test_a_file_where_the_people_folder_should_be_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    shutil.rmtree(project / "people")
    (project / "people").write_text("ada\n")
    result = run_kith("check", cwd=project)
    assert result.code == 1
    assert result.out == "people: not a folder: contacts go in a folder of Markdown files\n"


@pytest.fixture(params=["mkdocs", "properdocs"])
def served_without_people(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    """`mkdocs serve` (and ProperDocs' own) of a fresh vault whose people/ folder is missing,
    as in a clone."""
    pytest.importorskip(request.param, reason="the engines extra: pip install -e '.[engines]'")
    assert run_kith("init", str(tmp_path)).code == 0
    (tmp_path / "people").rmdir()
    url = f"http://127.0.0.1:{free_port()}/"
    command = [sys.executable, "-m", request.param, "serve", "--dev-addr", url[7:-1]]
    server = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert wait_for(url, "No contacts yet", server), "mkdocs serve did not start"
        yield tmp_path, url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(url: str, text: str, server: subprocess.Popen[bytes], seconds: float = 60) -> bool:
    """Poll the page until it holds the text; False when time is up or the server died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_without_a_people_folder_starts_and_shows_the_first_contact(
    served_without_people: tuple[Path, str, subprocess.Popen[bytes]],
) -> None:
    vault, url, server = served_without_people
    assert (vault / "people").is_dir()  # made, so that the watcher can see into it
    assert run_kith("new", "Ada Lovelace", cwd=vault).code == 0
    assert wait_for(url + "people/", "Ada Lovelace", server)
