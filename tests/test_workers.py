"""Worker processes (generator/workers.py): the same answer whoever computes it."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import run_kith

from generator import workers
from generator.build import generate, open_cache, open_page_cache
from generator.settings import read_mkdocs_settings

TODAY = dt.date(2026, 11, 25)
can_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="workers fork only on Linux, with two cores or more",
)


def pids(part: Sequence[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in part]


@can_fork
def test_a_big_piece_of_work_is_shared_and_answered_in_order() -> None:
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(pids, items)
    assert [square for square, _ in found] == [i * i for i in items]
    assert found[0][1] == os.getpid()
    assert found[-1][1] != os.getpid()  # the last part came from a child


def test_small_work_stays_in_this_process() -> None:
    items = list(range(workers.MIN_PART - 1))
    assert {pid for _, pid in workers.share(pids, items)} == {os.getpid()}


def test_kith_workers_1_turns_workers_off_and_n_caps_them() -> None:
    many = workers.MIN_PART * 64
    assert workers.processes(many, {"KITH_WORKERS": "1"}) == 1
    assert workers.processes(many, {"KITH_WORKERS": "2"}) <= 2
    assert workers.processes(many, {"KITH_WORKERS": "many"}) >= 1


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers.processes(workers.MIN_PART * 64, {}) == 1
    finally:
        stop.set()
        thread.join()


def dies_in_a_child(part: Sequence[int]) -> list[int]:
    if workers._IN_WORKER:
        os._exit(3)
    return [item + 1 for item in part]


def sends_nothing_readable(part: Sequence[int]) -> list[object]:
    if workers._IN_WORKER:
        return [object()]  # marshal cannot send it: the child fails
    return [item + 1 for item in part]


@can_fork
@pytest.mark.parametrize("work", [dies_in_a_child, sends_nothing_readable])
def test_a_child_that_fails_costs_time_not_the_answer(work: object) -> None:
    items = list(range(workers.MIN_PART * 2))
    assert workers.share(work, items) == [i + 1 for i in items]  # type: ignore[arg-type]


def fails_everywhere(part: Sequence[int]) -> list[int]:
    raise ValueError("broken work")


@can_fork
def test_an_error_in_the_work_is_raised_and_no_child_is_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[int] = []
    fork = workers._fork

    def spy(*args: object) -> tuple[int, int]:
        pid, reader = fork(*args)  # type: ignore[arg-type]
        started.append(pid)
        return pid, reader

    monkeypatch.setattr(workers, "_fork", spy)
    with pytest.raises(ValueError, match="broken work"):
        workers.share(fails_everywhere, list(range(workers.MIN_PART * 2)))
    assert started
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # waited for already


def _run(vault: Path, monkeypatch: pytest.MonkeyPatch, processes: str) -> tuple[dict, bytes, bytes]:
    monkeypatch.setenv("KITH_WORKERS", processes)
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    cache_dir = settings.cache_dir
    for name in ("parsed-contacts.marshal", "rendered-pages.marshal"):
        (cache_dir / name).unlink(missing_ok=True)
    made = generate(settings, TODAY, cache=open_cache(settings), pages=open_page_cache(settings))
    texts = {**made.texts, **made.files}
    parsed = (cache_dir / "parsed-contacts.marshal").read_bytes()
    pages = (cache_dir / "rendered-pages.marshal").read_bytes()
    return texts, parsed, pages


@can_fork
def test_a_cold_run_with_workers_gives_the_same_bytes_and_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    made = run_kith(
        "sample", "--people", "600", "--seed", "3", "--today", "2026-11-25", "--out", str(vault)
    )
    assert made.code == 0, made.err
    monkeypatch.chdir(vault)
    alone = _run(vault, monkeypatch, "1")
    shared = _run(vault, monkeypatch, "2")
    assert shared[0] == alone[0]
    # The caches hold the same entries in the same order (marshal's bytes may differ where it
    # marks a value that is shared, which depends on where the value was made).
    for cache in (1, 2):
        kept, made = marshal.loads(shared[cache]), marshal.loads(alone[cache])
        assert kept[0] == made[0]
        assert list(kept[1].items()) == list(made[1].items())
    assert len(alone[0]) > 600
