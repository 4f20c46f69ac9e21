"""Load a fixture vault and analyse it, the way the site and the CLI do."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import VAULTS

from generator.analysis.report import Report, analyze
from generator.model import Vault
from generator.settings import Settings
from generator.thresholds import Thresholds
from generator.vault.load import load_vault

TODAY = dt.date(2026, 11, 25)


def load_case(name: str) -> Vault:
    """Load tests/vaults/<name>/people; the fixture must be free of problems."""
    loaded = load_vault(VAULTS / name / "people")
    assert loaded.problems == (), loaded.problems
    return loaded.vault


def analyze_case(name: str, today: dt.date = TODAY, **limits: int) -> Report:
    """Analyse a fixture vault with the default settings, some thresholds changed."""
    settings = dataclasses.replace(Settings(), thresholds=Thresholds(**limits))
    return analyze(load_case(name), settings, today)


def chain(report: Report, slug: str) -> list[tuple[list[str], str]]:
    """Return every intro path to `slug` as (people, score with 4 decimals)."""
    return [(list(p.people), f"{float(p.score):.4f}") for p in report.intro_paths(slug)]
