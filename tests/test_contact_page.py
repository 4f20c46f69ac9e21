"""Contact pages are drawn by a twin of Kith's own `person.md.j2` in Python
(`generator/site/contact_page.py`), in about half the time Jinja takes; the template stays what an
owner copies and changes. Every page the twin draws must be the very text the template draws.

Each vault here is drawn both ways: as it is, and with an owner's templates folder holding a
copy of Kith's own `person.md.j2`, which turns the twin off, and every page is compared. The
vaults between them take every line of the twin: each test vault, the demo (with its git
history), a `kith sample`, and one written here for what the others lack (a history of every
kind, a note a log entry mentions, names no contact has, a name YAML cannot hold as it is).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, VAULTS, copy_vault, make_project, run_kith
from gitrepo import Repo, commit_history, contact

from generator.build import generate
from generator.settings import read_mkdocs_settings
from generator.site.contact_page import TWIN_OF
from generator.site.render import builtin_templates, make_environment, page_twin

TODAY = dt.date(2026, 11, 25)
TESTED_VAULTS = sorted(p.name for p in VAULTS.iterdir() if p.name != "broken")


def both_ways(project: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return the project's pages drawn by the twin, and by a copy of Kith's template."""
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    docs = project / "docs"
    twin = dict(generate(settings, TODAY, docs=docs).texts)
    own = tmp_path / "owner-templates"
    own.mkdir()
    shutil.copy(builtin_templates() / "person.md.j2", own / "person.md.j2")
    assert page_twin(make_environment(settings.templates))
    assert not page_twin(make_environment(own))
    copied = dataclasses.replace(settings, templates=own)
    template = dict(generate(copied, TODAY, docs=docs).texts)
    return twin, template


def assert_same(twin: dict[str, str], template: dict[str, str]) -> None:
    assert twin.keys() == template.keys()
    contacts = [path for path in twin if path.startswith("people/")]
    assert contacts
    for path in contacts:
        assert twin[path] == template[path], path


@pytest.mark.parametrize("name", TESTED_VAULTS)
def test_each_test_vault_s_contact_pages_are_the_template_s(name: str, tmp_path: Path) -> None:
    assert_same(*both_ways(copy_vault(name, tmp_path / "project"), tmp_path))


def test_the_demo_s_contact_pages_are_the_template_s(tmp_path: Path) -> None:
    twin, template = both_ways(REPO, tmp_path)
    assert any("\n## History\n" in text for text in twin.values())  # the demo is in git
    assert_same(twin, template)


def test_a_vault_with_years_of_history_draws_the_template_s_pages(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path / "project")
    commit_history(VAULTS / "method" / "history", project)
    twin, template = both_ways(project, tmp_path)
    assert any("below it, the strength, from the git history" in text for text in twin.values())
    assert_same(twin, template)


def test_a_sample_s_contact_pages_are_the_template_s(tmp_path: Path) -> None:
    project = tmp_path / "sample"
    made = run_kith("sample", "--people", "300", "--seed", "11", "--out", str(project))
    assert made.code == 0, made.err
    assert_same(*both_ways(project, tmp_path))


def test_what_the_other_vaults_lack_is_the_template_s_too(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", today=TODAY.isoformat())
    (project / "docs" / "journal").mkdir()
    (project / "docs" / "journal" / "lunch.md").write_text("# Lunch\n", encoding="utf-8")
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=2, target=True))
    repo.write("people/ben.md", contact("Ben Okafor", circle="friend", strength=3))
    repo.commit("2026-01-05")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=4, target=False))
    repo.remove("people/ben.md")
    repo.commit("2026-03-01")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=4, target=True))
    repo.write("people/ben.md", contact("Ben Okafor", circle="friend", strength=3))
    repo.commit("2026-06-01")
    log = (
        "- 2026-10-01: mentioned in docs/journal/lunch.md\n"
        "- 2026-10-02 (ask, intro: zed, next: 2026-12-01): asked about zed\n"
        "- 2026-10-03 (via: nobody): met at a dinner\n"
    )
    repo.write(
        "people/cy.md",
        contact(
            '"Cy\\x7f [Doe](javascript:x)"',  # YAML's escape: DEL in the name
            connected_on="2025-02-03",
            knows="{ghost: 2, ada: 3}",
            log=log,
        ),
    )
    twin, template = both_ways(project, tmp_path)
    assert "| Connected | 2025-02-03 |" in twin["people/cy.md"]
    assert "(no such contact)" in twin["people/cy.md"]
    assert "mentioned in [journal/lunch.md](../journal/lunch.md)" in twin["people/cy.md"]
    assert "Not committed yet" in twin["people/cy.md"]
    assert 'title: "Cy\\u007f [Doe](javascript:x)"' in twin["people/cy.md"]
    history = twin["people/ada.md"].split("## History", 1)[1]
    assert "left the target list" in history and "joined the target list" in history
    assert "strength 2 → 4" in history
    assert "file removed" in twin["people/ben.md"] and "added again" in twin["people/ben.md"]
    assert_same(twin, template)


@pytest.mark.parametrize("name", TWIN_OF)
def test_an_owner_s_copy_of_any_template_the_page_takes_in_is_drawn_as_written(
    name: str, tmp_path: Path
) -> None:
    # The twin draws only Kith's own templates: the owner's version of any of them is used.
    project = copy_vault("method", tmp_path / "project")
    commit_history(VAULTS / "method" / "history", project)
    own = project / "mine"
    own.mkdir()
    text = (builtin_templates() / name).read_text(encoding="utf-8")
    changed = {
        "person.md.j2": ("## Log\n", "## Our log\n"),
        "_intel.md.j2": ("'Best path'", "'Best route'"),
        "_history.md.j2": ("## History\n", "## Our history\n"),
    }[name]
    assert changed[0] in text
    (own / name).write_text(text.replace(*changed), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      today:", "      templates: mine\n      today:"
        ),
        encoding="utf-8",
    )
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert result.code == 0, result.err
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "people").glob("*.md")]
    assert not page_twin(make_environment(own))
    assert any(changed[1].strip("'\n") in page for page in pages)


def test_an_owner_s_other_templates_leave_the_contact_page_to_the_twin(tmp_path: Path) -> None:
    own = tmp_path / "mine"
    own.mkdir()
    (own / "people.md.j2").write_text("# Everyone\n", encoding="utf-8")
    (own / "_extra.md.j2").write_text("{% macro x() %}x{% endmacro %}\n", encoding="utf-8")
    assert page_twin(make_environment(own))
    (own / "_history.md.j2").write_text("", encoding="utf-8")
    assert not page_twin(make_environment(own))
