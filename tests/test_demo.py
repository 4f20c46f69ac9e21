"""The repository's demo vault stays alive: the same balanced week whatever day it is opened."""

from __future__ import annotations

import json

import yaml
from conftest import REPO, run_kith


def test_the_demo_is_pinned_to_its_day_and_an_owners_vault_is_not() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    kith = next(p["kith"] for p in config["plugins"] if isinstance(p, dict) and "kith" in p)
    assert str(kith["today"]) == "2026-11-25"
    agenda = run_kith("agenda", "--json", cwd=REPO)
    assert agenda.code == 0, agenda.err
    assert json.loads(agenda.out)["today"] == "2026-11-25"  # whatever the clock says


def test_the_demo_shows_a_balanced_mix_of_what_to_do() -> None:
    agenda = run_kith("agenda", "--json", cwd=REPO)
    lists = {key: len(value) for key, value in json.loads(agenda.out).items() if key != "today"}
    people = len(list((REPO / "people").rglob("*.md")))
    assert people == 40
    assert 3 <= lists["overdue"] <= people // 4  # some late, not a wall of red
    for key in ("due_soon", "scheduled", "fading", "ready_to_ask", "next_steps"):
        assert lists[key] >= 2, key
    assert lists["reconnect"] >= 1 and lists["too_early_asks"] >= 1
    targets = json.loads(run_kith("targets", "--json", cwd=REPO).out)
    assert 20 <= len(targets["targets"]) <= 30 and 5 <= len(targets["short_list"]) <= 10
