"""Worker processes (generator/workers.py): the same answer whoever computes it.

Workers fork only in a process with a single thread, and this test process may hold others
(the browser tests' driver): the checks that need a fork run in a fresh interpreter.
"""

from __future__ import annotations

import datetime as dt
import io
import marshal
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from generator import workers
from generator.build import generate, open_cache, open_page_cache
from generator.cli import main
from generator.settings import read_mkdocs_settings

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 25)
can_fork = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="workers fork only on Linux, with two cores or more",
)


def in_a_fresh_process(check: str, *args: str) -> None:
    """Run `check(*args)` of this module in a new, single-threaded interpreter."""
    code = f"import sys, test_workers; test_workers.{check}(*sys.argv[1:])"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(HERE), str(HERE.parent)))}
    env.pop("KITH_WORKERS", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=HERE, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def pids(part: Sequence[int]) -> list[tuple[int, int]]:
    return [(item * item, os.getpid()) for item in part]


def check_shared_in_order() -> None:
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(pids, items)
    assert [square for square, _ in found] == [i * i for i in items]
    assert found[0][1] == os.getpid()
    assert found[-1][1] != os.getpid()  # the last part came from a child


@can_fork
def test_a_big_piece_of_work_is_shared_and_answered_in_order() -> None:
    in_a_fresh_process("check_shared_in_order")


def check_cut_by_weight() -> None:
    # Ten heavy items first (a summary page each), then light ones: the first part, the
    # parent's, takes the heavy items and fewer light ones; the answer is the same.
    items = list(range(workers.MIN_PART * 4))
    found = workers.share(pids, items, weigh=lambda item: 20 if item < 10 else 1)
    assert [square for square, _ in found] == [i * i for i in items]
    parent = [item for item, (_, pid) in zip(items, found, strict=True) if pid == os.getpid()]
    assert parent == items[: len(parent)]
    if workers.processes(len(items)) == 2:  # 590 in all: 200 + 95 in the first part
        assert len(parent) == 10 + 95


@can_fork
def test_work_is_cut_into_parts_of_equal_weight() -> None:
    in_a_fresh_process("check_cut_by_weight")


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


def check_a_failed_child_is_redone(name: str) -> None:
    items = list(range(workers.MIN_PART * 2))
    assert workers.share(globals()[name], items) == [i + 1 for i in items]


@can_fork
@pytest.mark.parametrize("work", ["dies_in_a_child", "sends_nothing_readable"])
def test_a_child_that_fails_costs_time_not_the_answer(work: str) -> None:
    in_a_fresh_process("check_a_failed_child_is_redone", work)


def fails_everywhere(part: Sequence[int]) -> list[int]:
    raise ValueError("broken work")


def check_no_child_is_left_after_an_error() -> None:
    started: list[int] = []
    fork = workers._fork

    def spy(*args: object) -> tuple[int, int]:
        pid, reader = fork(*args)  # type: ignore[arg-type]
        started.append(pid)
        return pid, reader

    workers._fork = spy  # type: ignore[assignment]
    try:
        workers.share(fails_everywhere, list(range(workers.MIN_PART * 2)))
    except ValueError as exc:
        assert str(exc) == "broken work"
    else:
        raise AssertionError("the error was not raised")
    assert started
    for pid in started:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # waited for already
        raise AssertionError(f"child {pid} left behind")


@can_fork
def test_an_error_in_the_work_is_raised_and_no_child_is_left() -> None:
    in_a_fresh_process("check_no_child_is_left_after_an_error")


def _run(vault: Path, processes: str) -> tuple[dict[str, str], dict[str, bytes], dict[str, bytes]]:
    os.environ["KITH_WORKERS"] = processes
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    cache_dir = settings.cache_dir
    for name in ("parsed-contacts", "rendered-pages"):
        shutil.rmtree(cache_dir / name, ignore_errors=True)
    made = generate(settings, TODAY, cache=open_cache(settings), pages=open_page_cache(settings))
    texts = {**made.texts, **made.files}
    return texts, _files(cache_dir / "parsed-contacts"), _files(cache_dir / "rendered-pages")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def check_the_same_bytes_with_and_without_workers(folder: str) -> None:
    vault = Path(folder) / "vault"
    argv = ["sample", "--people", "600", "--seed", "3", "--today", "2026-11-25"]
    assert main([*argv, "--out", str(vault)], out=io.StringIO(), err=io.StringIO()) == 0
    os.chdir(vault)
    forks: list[int] = []
    fork = workers._fork

    def counted(*args: object) -> tuple[int, int]:
        forks.append(1)
        return fork(*args)  # type: ignore[arg-type]

    workers._fork = counted  # type: ignore[assignment]
    alone = _run(vault, "1")
    assert not forks
    shared = _run(vault, "2")
    assert len(forks) >= 2  # the parse and the pages at least
    assert shared[0] == alone[0]
    assert len(alone[0]) > 600
    # The caches hold the same entries in the same order (marshal's bytes may differ where it
    # marks a value that is shared, which depends on where the value was made).
    for cache in (1, 2):
        assert shared[cache].keys() == alone[cache].keys()
        for name in alone[cache]:
            kept, made = marshal.loads(shared[cache][name]), marshal.loads(alone[cache][name])
            assert kept[0] == made[0]
            assert list(kept[1].items()) == list(made[1].items())


@can_fork
def test_a_cold_run_with_workers_gives_the_same_bytes_and_caches(tmp_path: Path) -> None:
    in_a_fresh_process("check_the_same_bytes_with_and_without_workers", str(tmp_path))
