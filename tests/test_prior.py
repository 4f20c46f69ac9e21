"""A process that builds again and again (`mkdocs serve`) reuses what it made of unchanged
records: the same pages as a build from nothing, and nothing reused that changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from conftest import make_project
from gitrepo import contact

from generator.build import generate, open_cache
from generator.settings import read_mkdocs_settings

TODAY = dt.date(2026, 11, 25)
PEOPLE = {
    "ada.md": contact("Ada", email="ada@example.org", strength=4, log="- 2026-10-01: coffee\n"),
    "bob.md": contact("Bob", strength=3, knows="{ada: 4}", log="- 2026-09-01: call\n"),
    "cy.md": contact("Cy", target="true", influence=5, knows="{bob: 3}"),
}


def test_an_unchanged_record_keeps_its_redaction_and_facts_and_a_changed_one_does_not(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    cache = open_cache(settings)  # in memory, as while serving: the same records come back
    first = generate(settings, TODAY, cache=cache)
    ada = project / "people" / "ada.md"
    ada.write_text(PEOPLE["ada.md"].replace("coffee", "coffee\n- 2026-11-20: lunch"))
    again = generate(settings, TODAY, cache=cache, prior=first.prior)
    assert again.texts == generate(settings, TODAY).texts
    before, after = first.report.contacts, again.report.contacts
    assert after["bob"] is before["bob"]  # the very same record: nothing made again
    assert after["ada"] is not before["ada"]
    # What a ties picture shows of Bob is the very same value too (`PersonInputs.same_as`).
    assert first.prior.lists is not None and again.prior.lists is not None
    assert again.prior.lists.who["bob"] is first.prior.lists.who["bob"]
    assert again.prior.lists.who["ada"] is not first.prior.lists.who["ada"]
    assert after["ada"].last_contact == dt.date(2026, 11, 20)
    assert "ada@example.org" not in again.texts["people/ada.md"]  # redacted all the same
    # A log entry changes no tie: the joined ties and the intro paths are the same objects.
    assert again.loaded.vault.edges is first.loaded.vault.edges
    assert again.loaded.vault.adjacency is first.loaded.vault.adjacency
    assert again.report.best_paths is first.report.best_paths
    assert again.report.target_paths is first.report.target_paths


def test_a_tie_or_a_target_changed_finds_the_paths_again(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    cache = open_cache(settings)
    first = generate(settings, TODAY, cache=cache)
    assert first.report.best_paths["cy"].people == ("bob", "cy")
    bob = project / "people" / "bob.md"
    bob.write_text(PEOPLE["bob.md"].replace("strength: 3", "strength: 1"))
    weaker = generate(settings, TODAY, cache=cache, prior=first.prior)
    assert weaker.texts == generate(settings, TODAY).texts
    assert weaker.report.best_paths is not first.report.best_paths
    assert weaker.loaded.vault.edges is first.loaded.vault.edges  # your strength is no tie
    cy = project / "people" / "cy.md"
    cy.write_text(PEOPLE["cy.md"].replace("{bob: 3}", "{bob: 1}"))
    looser = generate(settings, TODAY, cache=cache, prior=weaker.prior)
    assert looser.texts == generate(settings, TODAY).texts
    assert looser.loaded.vault.edges != weaker.loaded.vault.edges
    assert looser.report.best_paths["cy"].strengths[-1] == 1
    assert weaker.report.best_paths["cy"].people == ("ada", "bob", "cy")  # now through Ada
    ada = project / "people" / "ada.md"
    ada.write_text(PEOPLE["ada.md"].replace("strength: 4", "strength: 4\ntarget: true"))
    targeted = generate(settings, TODAY, cache=cache, prior=looser.prior)
    assert targeted.texts == generate(settings, TODAY).texts
    assert set(targeted.report.target_paths) == {"ada", "cy"}


def test_another_day_or_other_settings_reuse_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    cache = open_cache(settings)
    first = generate(settings, TODAY, cache=cache)
    later = TODAY + dt.timedelta(days=40)
    next_day = generate(settings, later, cache=cache, prior=first.prior)
    assert next_day.report.contacts["bob"] is not first.report.contacts["bob"]
    assert next_day.texts == generate(settings, later).texts
    shown = dataclasses.replace(settings, private_fields=())
    other = generate(shown, TODAY, cache=cache, prior=first.prior)
    assert "ada@example.org" in other.texts["people/ada.md"]
    assert other.report.contacts["bob"] is not first.report.contacts["bob"]
    assert other.texts == generate(shown, TODAY).texts


def test_a_tie_to_no_contact_is_still_warned_of_when_the_ties_are_reused(tmp_path: Path) -> None:
    people = {**PEOPLE, "dee.md": contact("Dee", knows="{zed: 2}", log="- 2026-10-02: tea\n")}
    project = make_project(tmp_path, people)
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    cache = open_cache(settings)
    first = generate(settings, TODAY, cache=cache)
    dee = project / "people" / "dee.md"
    dee.write_text(people["dee.md"].replace("tea", "tea\n- 2026-11-02: walk"))
    again = generate(settings, TODAY, cache=cache, prior=first.prior)
    assert again.loaded.vault.edges is first.loaded.vault.edges
    warned = [str(p) for p in again.loaded.warnings]
    assert warned == [str(p) for p in first.loaded.warnings]
    assert warned == ["people/dee.md:3: warning: knows: no contact 'zed' (tie ignored)"]
