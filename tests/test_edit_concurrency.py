"""Concurrent writers: edits of one contact queue on a lock, and none is lost."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from conftest import make_project

from generator.cli import main
from generator.vault.load import load_person

RUNS = 50


def _append_entries(project: str, worker: int, start: object) -> None:
    """Log RUNS entries through the real CLI entry point, in this process."""
    os.chdir(project)
    start.wait()  # type: ignore[attr-defined]
    for run in range(RUNS):
        code = main(["log", "ada", f"worker {worker} entry {run}", "--date", "2026-11-01"])
        if code != 0:
            raise SystemExit(code)


def test_two_processes_logging_fifty_entries_each_leave_a_hundred(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"ada.md": "---\nname: Ada\n---\n\n## Log\n"})
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=_append_entries, args=(str(project), n, start)) for n in (1, 2)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]

    problems: list[object] = []
    person = load_person(project / "people" / "ada.md", "people/ada.md", problems)
    assert person is not None and problems == []
    texts = sorted(i.text for i in person.log)
    expected = sorted(f"worker {w} entry {r}" for w in (1, 2) for r in range(RUNS))
    assert texts == expected
    leftovers = [p.name for p in (project / "people").iterdir() if p.name != "ada.md"]
    assert leftovers == []
