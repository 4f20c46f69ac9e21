"""Help > Performance quotes the latest `make bench` run as `bench/report.py` prints it.

The tables are copied from the script's output after each run; these tests fail when the
manual and `bench/results.json` (or `bench/capture-results.json`) tell different runs.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from types import ModuleType
from typing import Any

from conftest import HELP, REPO

PERFORMANCE = HELP / "performance.md"


def report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_report", REPO / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def results(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((REPO / "bench" / name).read_text(encoding="utf-8"))
    return found


def section(text: str, heading: str) -> str:
    """Return what a `## ` section of the page holds, up to the next one."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_latest_figures_are_the_tables_of_the_committed_run() -> None:
    latest = section(PERFORMANCE.read_text(encoding="utf-8"), "Latest figures")
    assert report().markdown(results("results.json")) in latest


def test_the_latest_figures_open_with_the_day_and_hour_of_the_committed_run() -> None:
    latest = section(PERFORMANCE.read_text(encoding="utf-8"), "Latest figures")
    when = dt.datetime.fromisoformat(results("results.json")["date"]).astimezone(dt.UTC)
    opening = re.search(r"`bench/results\.json` of (\S+) \((\d\d:\d\d) to", latest)
    assert opening is not None
    assert opening.groups() == (f"{when:%Y-%m-%d}", f"{when:%H:%M}")


def test_the_capture_figures_are_the_table_of_the_committed_capture_run() -> None:
    capture = section(PERFORMANCE.read_text(encoding="utf-8"), "Capture")
    cores = results("results.json")["machine"]["cpus"]
    assert report().capture_markdown(results("capture-results.json"), cores) in capture
