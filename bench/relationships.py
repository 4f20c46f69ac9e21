"""Time the relationship analysis on 10,000 contacts and 50,000 ties (run with `make bench`).

Each stage has a budget in seconds (below); the run exits 1 when a stage takes more than twice
its budget, so a slow machine does not fail it but an accidental quadratic search does.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic import make_vault

from generator.analysis.intro_paths import build_graph, find_best_paths
from generator.analysis.report import analyze
from generator.settings import Settings
from generator.site.contexts import intro_paths_context, network_context

BUDGETS = {"best paths from you": 0.5, "whole analysis": 1.0, "intro paths + network": 0.5}


def main() -> int:
    """Build the vault, time each stage against its budget, print the results."""
    vault = make_vault(10_000, 50_000, targets=30)
    settings = Settings()
    timings: dict[str, float] = {}

    start = time.perf_counter()
    best = find_best_paths(build_graph(vault), settings.thresholds.max_hops)
    timings["best paths from you"] = time.perf_counter() - start

    start = time.perf_counter()
    report = analyze(vault, settings, dt.date(2026, 11, 25))
    timings["whole analysis"] = time.perf_counter() - start

    start = time.perf_counter()
    intro_paths_context(vault, report)
    network_context(vault, report)
    timings["intro paths + network"] = time.perf_counter() - start

    print(f"10,000 contacts, 50,000 ties: {len(best)} reachable")
    failed = False
    for stage, seconds in timings.items():
        budget = BUDGETS[stage]
        mark = "ok" if seconds <= 2 * budget else "TOO SLOW"
        failed |= seconds > 2 * budget
        print(f"  {stage:<24} {seconds:6.2f} s  (budget {budget:.1f} s) {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
