"""Worker processes (generator/workers.py): the same answer whoever computes it.

Workers fork only in a process with a single thread, and this test process may hold others
(the browser tests' driver): the checks that need a fork run in a fresh interpreter.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import marshal
import mmap
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from generator import workers
from generator.analysis.report import KnownPaths
from generator.build import (
    ASIDE_FILES,
    PATHS_FILE,
    KeptPaths,
    LaterTexts,
    VaultError,
    _save_aside,
    generate,
    open_page_cache,
    open_paths,
)
from generator.cli import main
from generator.disk import KeptEntries
from generator.settings import Settings, read_mkdocs_settings
from generator.site import page_cache, render
from generator.site.render import TemplateFailed

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


def slow_pids(part: Sequence[int]) -> list[tuple[int, int]]:
    time.sleep(0.01)  # long enough a run that a child starts before the parent took them all
    return pids(part)


def check_shared_in_order() -> None:
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(slow_pids, items)
    assert [square for square, _ in found] == [i * i for i in items]
    assert found[0][1] == os.getpid()  # the parent takes the first run
    assert len({pid for _, pid in found}) == 2  # and a child some of the others


@can_fork
def test_a_big_piece_of_work_is_shared_and_answered_in_order() -> None:
    in_a_fresh_process("check_shared_in_order")


def check_runs_come_through_memory_or_stay_here() -> None:
    items = list(range(workers.MIN_PART * 2))
    opened = set(os.listdir("/proc/self/fd"))
    stores: list[int] = []
    real = workers._store

    def spied() -> int:
        stores.append(real())
        return stores[-1]

    workers._store = spied
    through_memory = workers.share(slow_pids, items)
    assert len(stores) == 1 and stores[0] >= 0
    assert len({pid for _, pid in through_memory}) == 2  # a child did some of the runs
    workers._store = lambda: -1  # no file in memory can be made: no child to write to one
    here = workers.share(slow_pids, items)
    assert {pid for _, pid in here} == {os.getpid()}
    for found in (through_memory, here):
        assert [square for square, _ in found] == [i * i for i in items]
    assert set(os.listdir("/proc/self/fd")) == opened  # every file and pipe closed


@can_fork
def test_a_childs_runs_come_through_a_file_in_memory_or_the_parent_does_them() -> None:
    in_a_fresh_process("check_runs_come_through_memory_or_stay_here")


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="files in memory are Linux's")
def test_a_run_is_taken_only_when_the_file_holds_what_the_child_said() -> None:
    first, second = marshal.dumps([1, 4, 9]), marshal.dumps([16, 25])
    # A run past the first pages of the file, not where a page starts: the parent maps the
    # file from the page that holds it.
    far, third = 3 * mmap.ALLOCATIONGRANULARITY + 5, marshal.dumps(["far", "away"])
    store = os.memfd_create("test")
    reader, writer = os.pipe()
    worker = workers._Worker(store, 4, None)
    worker.pid, worker.reader = os.getpid(), reader  # reaped as if exited: not waited for
    try:
        os.write(store, first + second + b"\xff not marshal")
        os.pwrite(store, third, far)
        said = [
            workers._RUN.pack(0, 0, len(first)),
            workers._RUN.pack(5, 0, len(first)),  # run 5 is not one of 4 runs
            workers._RUN.pack(1, len(first), len(second) + 40),  # within the file, too long
            workers._RUN.pack(3, far, len(third) + 1),  # more than the file holds
            workers._RUN.pack(2, len(first) + len(second), 15),  # not marshal
            workers._RUN.pack(1, len(first), len(second)),
            workers._RUN.pack(3, far, len(third)),
        ]
        data = b"".join(said)
        done: dict[int, list[object]] = {}
        os.write(writer, data[:30])  # a frame cut by the pipe: taken once it is whole
        worker.take(done, wait=False)
        assert done == {0: [1, 4, 9]}
        os.write(writer, data[30:])
        os.close(writer)
        worker.take(done, wait=True)
        assert done == {0: [1, 4, 9], 1: [16, 25], 3: ["far", "away"]}  # run 2: the parent's
        assert worker.reader == -1
    finally:
        workers._EXITING.clear()
        worker.close()


# What a codec made and took back, in this process (a child's calls stay in the child).
CODED: list[str] = []


def dated(part: Sequence[int]) -> list[tuple[int, dt.date]]:
    time.sleep(0.01)  # long enough a run that a child starts before the parent took them all
    return [(os.getpid(), TODAY + dt.timedelta(days=item)) for item in part]


def _encode_dated(value: tuple[int, dt.date]) -> tuple[int, int]:
    CODED.append("encoded")
    return value[0], value[1].toordinal()


def _decode_dated(value: tuple[int, int]) -> tuple[int, dt.date]:
    CODED.append("decoded")
    return value[0], dt.date.fromordinal(value[1])


def check_a_codec_carries_what_marshal_cannot() -> None:
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(dated, items, codec=(_encode_dated, _decode_dated))
    assert [day for _, day in found] == [TODAY + dt.timedelta(days=i) for i in items]
    from_child = sum(1 for pid, _ in found if pid != os.getpid())
    assert 0 < from_child < len(items)
    # Only what a child sent was encoded (there) and decoded (here): the parent's own values
    # went through neither.
    assert ["decoded"] * from_child == CODED


@can_fork
def test_a_codec_carries_what_marshal_cannot_and_only_what_a_child_sent() -> None:
    in_a_fresh_process("check_a_codec_carries_what_marshal_cannot")


def check_files_touched_are_found_in_the_parse_cache(folder: str) -> None:
    from generator.vault import load
    from generator.vault.cache import ParseCache

    vault = Path(folder) / "vault"
    argv = ["sample", "--people", "600", "--seed", "4", "--today", "2026-11-25"]
    assert main([*argv, "--out", str(vault)], out=io.StringIO(), err=io.StringIO()) == 0
    files = sorted((vault / "people").rglob("*.md"))
    past = time.time() - 600
    for path in files:
        os.utime(path, (past, past))
    cache = vault / ".cache" / "parsed"
    first = load.load_vault(vault / "people", vault, ParseCache(cache))
    # Each file's stat changes (a checkout, a copy), its bytes do not: found by their hash.
    later = past + 60
    for path in files:
        os.utime(path, (later, later))
    parsed: list[str] = []
    real = load.parse_person

    def counted(data: bytes, slug: str, rel: str, problems: list[object]) -> object:
        parsed.append(rel)
        return real(data, slug, rel, problems)  # type: ignore[arg-type]

    load.parse_person = counted  # type: ignore[assignment]
    forks = _spied("_fork")
    again = load.load_vault(vault / "people", vault, ParseCache(cache))
    assert forks  # read and hashed by workers
    assert parsed == []  # none parsed again here (a child's parses are not seen)
    assert again.vault.people == first.vault.people and again.sources == first.sources
    # And the cache keeps the new stats: the next load reads no file at all.
    opened: list[str] = []
    real_open = open

    def spied_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    load.open = spied_open  # type: ignore[attr-defined]
    third = load.load_vault(vault / "people", vault, ParseCache(cache))
    assert [name for name in opened if name.endswith(".md")] == []
    assert third.vault.people == first.vault.people


@can_fork
def test_contact_files_touched_but_unchanged_are_found_in_the_parse_cache(tmp_path: Path) -> None:
    in_a_fresh_process("check_files_touched_are_found_in_the_parse_cache", str(tmp_path))


def test_work_is_cut_into_runs_smaller_towards_the_end() -> None:
    # Each run is half of what each of the two processes would have left (a quarter of the
    # work, then a quarter of what is left, and so on), down to a 64th of the work (the last
    # run is what remains): 6400 items of weight 1.
    items = list(range(6400))
    runs = workers._cut(items, 2, None)
    sizes = [len(run) for run in runs]
    assert sizes == [1600, 1200, 900, 675, 507, 380, 285, 214, 160, 120, 100, 100, 100, 59]
    assert [item for run in runs for item in run] == items
    # Ten heavy items first (a summary page each), then light ones: the first run, a quarter of
    # the weight (590 in all), takes eight heavy items and no light one.
    items = list(range(workers.MIN_PART * 4))
    runs = workers._cut(items, 2, lambda item: 20 if item < 10 else 1)
    assert [len(run) for run in runs][:3] == [8, 70, 81]
    assert [item for run in runs for item in run] == items
    assert len(workers._cut(items, 3, None)[0]) == 67  # a sixth of 400, the item that passes it


def slow_here(part: Sequence[int]) -> list[tuple[int, int]]:
    time.sleep(0.002 if workers._IN_WORKER else 0.05)
    return pids(part)


def check_a_slower_process_takes_fewer_runs() -> None:
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(slow_here, items, weigh=lambda item: 1)
    assert [square for square, _ in found] == [i * i for i in items]
    if workers.processes(len(items)) == 2:
        runs = workers._cut(items, 2, None)
        by = dict(zip(items, (pid for _, pid in found), strict=True))
        mine = [run[0] for run in runs if by[run[0]] == os.getpid()]
        assert len(runs) == 13
        assert 1 <= len(mine) <= 3, mine  # cut in two halves, one each, it would be 6 or 7


@can_fork
def test_the_processes_take_runs_as_they_finish_them() -> None:
    in_a_fresh_process("check_a_slower_process_takes_fewer_runs")


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


def check_a_child_that_sent_its_answer_is_not_waited_for() -> None:
    real_exit = os._exit

    def slow_exit(code: int) -> None:
        if workers._IN_WORKER:
            time.sleep(2)  # the child is still exiting when the parent has its answer
        real_exit(code)

    os._exit = slow_exit  # type: ignore[assignment]
    items = list(range(workers.MIN_PART * 2))
    found = workers.share(slow_pids, items)
    assert [square for square, _ in found] == [i * i for i in items]
    (pid,) = workers._EXITING
    assert pid in {worker for _, worker in found}  # it did runs, and has not exited yet
    assert os.waitpid(pid, os.WNOHANG) == (0, 0)
    deadline = time.monotonic() + 60
    while workers._EXITING and time.monotonic() < deadline:
        time.sleep(0.1)
        workers._reap()
    assert not workers._EXITING  # reaped once it exited: no zombie is left
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    raise AssertionError(f"child {pid} was not reaped")


@can_fork
def test_a_child_that_sent_its_whole_answer_is_reaped_later_not_waited_for() -> None:
    in_a_fresh_process("check_a_child_that_sent_its_answer_is_not_waited_for")


def fails_everywhere(part: Sequence[int]) -> list[int]:
    raise ValueError("broken work")


def check_no_child_is_left_after_an_error() -> None:
    started = _spied("_fork")
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


Files = dict[str, bytes]


def _run(vault: Path, processes: str) -> tuple[Files, Files, Files, KnownPaths]:
    """`kith generate --out` from scratch: the pages written, then the parse and page caches,
    then the intro paths kept, as the next run reads them."""
    os.environ["KITH_WORKERS"] = processes
    cache_dir = read_mkdocs_settings(vault / "mkdocs.yml").cache_dir
    shutil.rmtree(cache_dir, ignore_errors=True)
    out = vault.parent / f"out-{processes}"
    argv = ["generate", "--out", str(out), "--today", TODAY.isoformat()]
    assert main(argv, out=io.StringIO(), err=io.StringIO()) == 0
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    caches = _files(cache_dir / "parsed-contacts"), _files(cache_dir / "rendered-pages")
    return pages, *caches, KeptPaths(cache_dir / PATHS_FILE).read()


# The functions that fork, as the module has them: a spy wraps these, never another spy.
REAL = {name: getattr(workers, name) for name in ("_fork", "_child", "_fork_stream", "_fork_ahead")}


def _spied(name: str) -> list[int]:
    """Return the list the pid of each child `workers.<name>` forks from now on is added to
    (`_fork`: the workers of `share`; `_child`: every child, the workers' and `aside`'s;
    `_fork_stream`: the background drawer's; `_fork_ahead`: the maker of values `Ahead`)."""
    children: list[int] = []
    fork = REAL[name]

    def spy(*args: object) -> tuple[int, int]:
        pid, reader = fork(*args)
        children.append(pid)
        return pid, reader

    setattr(workers, name, spy)
    return children


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def check_the_same_bytes_with_and_without_workers(folder: str) -> None:
    vault = Path(folder) / "vault"
    argv = ["sample", "--people", "600", "--seed", "3", "--today", "2026-11-25"]
    assert main([*argv, "--out", str(vault)], out=io.StringIO(), err=io.StringIO()) == 0
    # Files written less than two seconds ago are read without trusting their stat (the parse
    # cache keeps none): date them back, so both runs keep the same entries however long the
    # first one takes.
    past = time.time() - 60
    for path in (vault / "people").rglob("*.md"):
        os.utime(path, (past, past))
    os.chdir(vault)
    forks, children = _spied("_fork"), _spied("_child")
    streams = _spied("_fork_ahead")
    alone = _run(vault, "1")
    assert not forks and not children and not streams
    shared = _run(vault, "2")
    assert len(forks) >= 2  # the parse and the pages at least
    # One child found the intro paths while the contacts were described, one made the
    # follow-ups feed's events (412 of them) while the pages were drawn.
    assert len(streams) == 2
    # And three more children, which wrote the caches with this process's help: the compiled
    # templates while the vault was read, the parse cache while it was analysed, the page
    # cache while the pages were written. Each was waited for.
    asides = [pid for pid in children if pid not in forks and pid not in streams]
    assert len(asides) == 3
    compiled = read_mkdocs_settings(vault / "mkdocs.yml").cache_dir / render.COMPILED_FOLDER
    assert len(list(compiled.iterdir())) == len(list(render.builtin_templates().glob("*.j2")))
    for pid in asides:
        _not_left(pid)
    for pid in streams:  # not waited for once they had sent their values
        _reaped(pid)
    assert shared[0] == alone[0]
    assert len(alone[0]) > 600
    # The paths' child named the graph they were found from, as this process does alone (the
    # file's bytes may differ where marshal marks a value that is shared). A file the next run
    # could not use would read as no paths, under an empty key.
    assert shared[3].key
    assert shared[3] == alone[3]
    # The caches hold the same entries in the same order (marshal's bytes may differ where it
    # marks a value that is shared, which depends on where the value was made).
    for cache in (1, 2):
        assert shared[cache].keys() == alone[cache].keys()
        for name in alone[cache]:
            pages = cache == 2
            kept = _entries(shared[cache][name], pages)
            assert kept == _entries(alone[cache][name], pages)


def _entries(data: bytes, pages: bool) -> tuple[object, list[object]]:
    """Return a cache file's stamp and entries in order (the page cache keeps its texts apart)."""
    if pages:
        stamp, index, texts = page_cache.split_file(data)
        return stamp, [*index.items(), *marshal.loads(texts).items()]
    stamp, payload = marshal.loads(data)
    assert isinstance(payload, dict)
    return stamp, list(payload.items())


@can_fork
def test_a_cold_run_with_workers_gives_the_same_bytes_and_caches(tmp_path: Path) -> None:
    in_a_fresh_process("check_the_same_bytes_with_and_without_workers", str(tmp_path))


def squares(count: int, end: Path | None = None, die_at: int = -1) -> Iterator[tuple[int, int]]:
    """Yield (i * i, the pid that made it); after the last, write `end` (what a cache save
    would do); in a child, die before value `die_at`."""
    for item in range(count):
        if item == die_at and workers._IN_WORKER:
            os._exit(3)
        yield item * item, os.getpid()
    if end is not None:
        end.write_text(str(os.getpid()))


def _reaped(pid: int) -> None:
    """Wait until a child the parent did not wait for (`workers._EXITING`) is reaped."""
    deadline = time.monotonic() + 60
    while pid in workers._EXITING and time.monotonic() < deadline:
        time.sleep(0.05)
        workers._reap()
    _not_left(pid)


def _not_left(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return  # waited for already
    raise AssertionError(f"child {pid} left behind")


def check_a_stream_is_made_in_a_child_in_order(folder: str) -> None:
    end, count = Path(folder) / "end", workers.MIN_PART * 3
    stream = workers.in_background(lambda: squares(count, end), count)
    assert stream.in_child
    child = stream._pid
    assert [stream.get(i)[0] for i in range(count)] == [i * i for i in range(count)]
    assert {pid for _, pid in stream.values} == {child}
    try:
        stream.get(count)
    except IndexError:
        pass
    else:
        raise AssertionError("a value past the last one")
    stream.close()  # waits for the end of the work, after its last value
    assert end.read_text() == str(child)
    _not_left(child)


@can_fork
def test_a_stream_is_made_in_a_child_and_read_in_order(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_stream_is_made_in_a_child_in_order", str(tmp_path))


def check_a_stream_whose_child_dies_is_finished_here(folder: str) -> None:
    end, count = Path(folder) / "end", workers.MIN_PART * 3
    stream = workers.in_background(lambda: squares(count, end, die_at=150), count)
    child = stream._pid
    assert [stream.get(i)[0] for i in range(count)] == [i * i for i in range(count)]
    assert {pid for _, pid in stream.values[:150]} == {child}
    assert {pid for _, pid in stream.values[150:]} == {os.getpid()}
    assert not end.exists()  # the end comes after the last value is taken, here
    stream.close()
    assert end.read_text() == str(os.getpid())
    _not_left(child)


@can_fork
def test_a_stream_whose_child_dies_is_finished_by_the_parent(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_stream_whose_child_dies_is_finished_here", str(tmp_path))


def check_a_stream_stopped_part_way_leaves_no_child(folder: str) -> None:
    end, count = Path(folder) / "end", workers.MIN_PART * 1000
    stream = workers.in_background(lambda: squares(count, end), count)
    child = stream._pid
    assert stream.get(10)[0] == 100
    stream.close(complete=False)
    _not_left(child)
    assert not end.exists()


@can_fork
def test_a_stream_stopped_part_way_leaves_no_child(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_stream_stopped_part_way_leaves_no_child", str(tmp_path))


def test_a_small_stream_is_made_here_only_as_far_as_it_is_read(tmp_path: Path) -> None:
    made: list[int] = []

    def produce() -> Iterator[int]:
        for item in range(5):
            made.append(item)
            yield item
        (tmp_path / "end").write_text("done")

    stream = workers.in_background(produce, 5)
    assert not stream.in_child and made == []
    assert stream.get(2) == 2 and made == [0, 1, 2]
    stream.close()
    assert made == [0, 1, 2, 3, 4] and (tmp_path / "end").read_text() == "done"
    stopped = workers.in_background(produce, 5)
    stopped.get(0)
    stopped.close(complete=False)  # a build that failed: the rest is not made
    assert made == [0, 1, 2, 3, 4, 0]


def write_pid(path: Path, die_in_child: bool = False, taken: Path | None = None) -> None:
    """A job for `aside`: write the pid that did it (a child dies first when told to)."""
    if taken is not None:
        taken.write_text(str(os.getpid()))
    if die_in_child and workers._IN_WORKER:
        os._exit(3)
    time.sleep(0.2)  # long enough that the parent is still going on when it is done
    path.write_text(str(os.getpid()))


def _until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not done() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert done()


def check_an_aside_job_runs_in_a_child(folder: str, die: str) -> None:
    done, taken = Path(folder) / "done", Path(folder) / "taken"
    children = _spied("_child")
    started = time.monotonic()
    job = workers.aside(functools.partial(write_pid, done, die == "dies", taken))
    assert time.monotonic() - started < 0.2  # the caller goes on while the child works
    assert len(children) == 1
    # The child takes the job (at the lowest priority it may start late; a job it has not
    # taken when the caller waits is done by the caller).
    _until(taken.exists)
    assert taken.read_text() == str(children[0])
    job.wait()
    # Done by the child; by this process when the child died without doing it.
    assert done.read_text() == str(os.getpid() if die == "dies" else children[0])
    _not_left(children[0])
    job.wait()  # waiting again waits for nothing and does nothing again
    assert done.read_text() == str(os.getpid() if die == "dies" else children[0])


@can_fork
@pytest.mark.parametrize("die", ["lives", "dies"])
def test_an_aside_job_is_done_by_a_child_or_else_by_the_parent(tmp_path: Path, die: str) -> None:
    in_a_fresh_process("check_an_aside_job_runs_in_a_child", str(tmp_path), die)


def mark(folder: Path, number: int) -> None:
    """A job for `aside`: say who did it, at what priority; a job done twice fails ("x")."""
    time.sleep(0.02)
    with (folder / str(number)).open("x") as file:
        file.write(f"{os.getpid()} {os.nice(0)}")


def check_aside_jobs_are_shared_with_the_caller_that_waits(folder: str) -> None:
    children = _spied("_child")
    here = os.nice(0)
    job = workers.aside(*(functools.partial(mark, Path(folder), n) for n in range(60)))
    assert len(children) == 1
    _until(lambda: any(Path(folder).iterdir()))  # the child has begun
    job.wait()  # this process takes the jobs the child has not come to
    done = [(Path(folder) / str(n)).read_text().split() for n in range(60)]
    by = {pid for pid, _ in done}
    assert by == {str(os.getpid()), str(children[0])}  # each job once, some by each
    # The child runs at the lowest priority, never slowing the run; this process as it was.
    assert {nice for pid, nice in done if pid == str(children[0])} == {"19"}
    assert {nice for pid, nice in done if pid == str(os.getpid())} == {str(here)}
    _not_left(children[0])
    workers.aside().wait()  # no job (a cache whose folder cannot be written): no child
    assert len(children) == 1


@can_fork
def test_aside_jobs_the_child_has_not_taken_are_done_by_the_caller_that_waits(
    tmp_path: Path,
) -> None:
    in_a_fresh_process("check_aside_jobs_are_shared_with_the_caller_that_waits", str(tmp_path))


def fails_here(folder: Path, number: int) -> None:
    """A job for `aside` that fails in the parent and is done in a child."""
    if not workers._IN_WORKER:
        raise RuntimeError(f"job {number} failed")
    time.sleep(0.05)
    (folder / str(number)).write_text("done")


def check_an_aside_job_that_fails_in_the_caller(folder: str) -> None:
    children = _spied("_child")
    job = workers.aside(*(functools.partial(fails_here, Path(folder), n) for n in range(10)))
    _until(lambda: any(Path(folder).iterdir()))  # the child has done one
    try:
        job.wait()
    except RuntimeError as exc:
        assert str(exc).startswith("job ") and str(exc).endswith(" failed")
    else:
        raise AssertionError("the job that failed here did not fail the caller")
    _not_left(children[0])  # waited for all the same
    job.wait()  # and not again


@can_fork
def test_an_aside_job_that_fails_in_the_caller_fails_it_once_the_child_is_done(
    tmp_path: Path,
) -> None:
    in_a_fresh_process("check_an_aside_job_that_fails_in_the_caller", str(tmp_path))


class Numbers(KeptEntries[str, int]):
    """A cache of numbers (kept as marshal writes them)."""

    def _stamp(self) -> str:
        return "numbers"


def check_an_interrupted_save_is_left_to_its_child(folder: str, how: str) -> None:
    cache = Numbers(Path(folder) / "cache")
    for number in range(600):
        cache._put(f"entry {number}", number)

    write = KeptEntries._write_file

    def dies(self: Numbers, stamp: str, number: int, entries: dict[str, int]) -> None:
        if workers._IN_WORKER:
            os._exit(3)  # as Ctrl-C stops the child too
        write(self, stamp, number, entries)

    Numbers._write_file = dies  # type: ignore[method-assign]
    children = _spied("_child")
    leave = _save_aside(cache)
    assert len(children) == 1
    if how == "interrupted":
        leave(KeyboardInterrupt, KeyboardInterrupt(), None)
        # Not written here: the owner stops (the folder was made before the child started).
        assert not list((Path(folder) / "cache").iterdir())
    else:
        leave(ValueError, ValueError(), None)  # any other error: this process writes it
        assert len(list((Path(folder) / "cache").iterdir())) >= ASIDE_FILES
    _not_left(children[0])


class FewFiles(Numbers):
    """A cache kept in fewer files than a save must write to be left to a child."""

    SHARDS = ASIDE_FILES // 4


def check_a_save_of_every_file_is_left_to_a_child(folder: str, kind: str) -> None:
    cache = (FewFiles if kind == "few" else Numbers)(Path(folder) / "cache")
    for number in range(600):
        cache._put(f"entry {number}", number)
    cache.save()  # every file written here, as a first run's save of a small vault would
    cache._used.update(cache._entries)  # the next run looks every entry up, as runs do
    cache._put("entry 0", -1)  # one entry changed: one file to write again
    one = _spied("_child")
    _save_aside(cache)(None, None, None)
    assert one == []  # an edit's few files: written here, quicker than a fork
    for number in range(600):
        cache._put(f"entry {number}", number + 1)  # every entry changed: every file
    every = _spied("_child")
    _save_aside(cache)(None, None, None)
    assert len(every) == 1, kind  # left to a child, however few files the cache is kept in
    _not_left(every[0])
    files = _files(Path(folder) / "cache")
    assert len(files) == len(set(map(cache._shard, cache._entries)))
    read = [_entries(data, pages=False) for data in files.values()]  # what the child wrote
    assert {stamp for stamp, _ in read} == {"numbers"}
    kept = [pair for _, entries in read for pair in entries]
    assert len(kept) == 600
    assert set(kept) == {(f"entry {number}", number + 1) for number in range(600)}


@can_fork
@pytest.mark.parametrize("kind", ["few", "many"])
def test_a_save_of_every_file_of_a_cache_is_left_to_a_child(tmp_path: Path, kind: str) -> None:
    in_a_fresh_process("check_a_save_of_every_file_is_left_to_a_child", str(tmp_path), kind)


@can_fork
@pytest.mark.parametrize("how", ["interrupted", "failed"])
def test_a_save_whose_child_died_is_written_here_unless_interrupted(
    tmp_path: Path, how: str
) -> None:
    in_a_fresh_process("check_an_interrupted_save_is_left_to_its_child", str(tmp_path), how)


def test_an_aside_job_is_done_here_and_now_without_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_WORKERS", "1")
    done = tmp_path / "done"
    job = workers.aside(lambda: write_pid(done))
    assert done.read_text() == str(os.getpid())  # before `wait`
    job.wait()


def check_drawing_leaves_no_cyclic_garbage(folder: str, processes: str, background: str) -> None:
    import gc

    from generator.site.render import young_garbage_collected

    vault = _sample(folder)
    os.environ["KITH_WORKERS"] = processes
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    gc.disable()  # as in every `kith` command
    made = generate(settings, TODAY, background=background == "background")
    if isinstance(made.texts, LaterTexts):
        assert len(list(made.texts.values())) > 300
        made.texts.finish()
    assert not gc.isenabled()  # as it was
    # Jinja leaves each page's context, imported module and macros in a cycle: about 60
    # objects a contact page (18,440 for these 300 contacts) when nothing collects them.
    assert gc.collect() < 300 * 5
    gc.enable()
    with young_garbage_collected():
        assert gc.isenabled()
    assert gc.isenabled()  # as it was


@pytest.mark.parametrize(
    ("processes", "background"), [("1", "here"), ("2", "here"), ("1", "background")]
)
def test_drawing_pages_leaves_no_cyclic_garbage(
    tmp_path: Path, processes: str, background: str
) -> None:
    in_a_fresh_process(
        "check_drawing_leaves_no_cyclic_garbage", str(tmp_path), processes, background
    )


def _build(vault: Path, processes: str, site: Path) -> dict[str, bytes]:
    """Build the vault's site with a cold page cache; return the site's files and the cache."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["KITH_WORKERS"] = processes
    for name in CACHES:
        shutil.rmtree(vault / ".cache" / "kith" / name, ignore_errors=True)
    config = load_config(str(vault / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    found = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for name in CACHES:  # saved by the worker after the last page
        cache = _files(vault / ".cache" / "kith" / name)
        found.update((f"cache/{name}/{file}", data) for file, data in cache.items())
    return found


CACHES = ("parsed-contacts", "rendered-pages")


def _sample(folder: str, people: str = "300") -> Path:
    vault = Path(folder) / "vault"
    argv = ["sample", "--people", people, "--seed", "3", "--today", "2026-11-25"]
    assert main([*argv, "--out", str(vault)], out=io.StringIO(), err=io.StringIO()) == 0
    past = time.time() - 60  # settled files: the parse cache keeps their stat in both runs
    for path in (vault / "people").rglob("*.md"):
        os.utime(path, (past, past))
    os.chdir(vault)
    return vault


def _stream_children() -> list[int]:
    """Return the list every background child forked from here on is added to."""
    return _spied("_fork_stream")


def check_a_build_draws_its_pages_in_the_background(folder: str) -> None:
    vault = _sample(folder)
    children = _stream_children()
    alone = _build(vault, "1", Path(folder) / "alone")
    assert not children
    drawn = _build(vault, "2", Path(folder) / "drawn")
    assert len(children) == 1  # the pages and the feed, drawn while MkDocs converted them
    _not_left(children[0])
    assert drawn.keys() == alone.keys() and len(alone) > 300
    assert {name.split("/")[1] for name in alone if name.startswith("cache/")} == set(CACHES)
    different = [name for name in alone if drawn[name] != alone[name]]
    for name in different:  # a cache file: the same entries (marshal may mark sharing apart)
        assert name.startswith("cache/"), name
        pages = name.startswith("cache/rendered-pages/")  # the entries, then their texts
        assert _entries(drawn[name], pages) == _entries(alone[name], pages)


@can_fork
def test_a_build_draws_its_pages_in_the_background_and_gives_the_same_site(
    tmp_path: Path,
) -> None:
    in_a_fresh_process("check_a_build_draws_its_pages_in_the_background", str(tmp_path))


HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.startswith("people/z"):  # late in the build, the worker mid-way
        raise ValueError("a hook failed on " + page.file.src_uri)
    return markdown
"""


def check_a_build_that_fails_part_way_leaves_no_worker(folder: str) -> None:
    vault = _sample(folder)
    (vault / "hooks.py").write_text(HOOK, encoding="utf-8")
    with (vault / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    children = _stream_children()
    try:
        _build(vault, "2", Path(folder) / "site")
    except ValueError as exc:
        assert str(exc).startswith("a hook failed on people/z"), exc
    else:
        raise AssertionError("the build did not fail")
    assert len(children) == 1
    _not_left(children[0])


@can_fork
def test_a_build_that_fails_part_way_leaves_no_worker(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_build_that_fails_part_way_leaves_no_worker", str(tmp_path))


FAILING = """# {{ person.name }}
{% if person.slug.startswith("z") %}{{ person.nope }}{% endif %}
"""


def _failing_template(vault: Path) -> Settings:
    """Give the vault an owner's contact template that fails on contacts whose slug starts
    with z; return its settings, with two worker processes."""
    (vault / "templates").mkdir()
    (vault / "templates" / "person.md.j2").write_text(FAILING, encoding="utf-8")
    config = vault / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - kith:\n", "  - kith:\n      templates: templates\n"))
    os.environ["KITH_WORKERS"] = "2"
    return read_mkdocs_settings(config)


def check_a_template_failing_in_the_worker_is_named(folder: str) -> None:
    # `mkdocs build` draws an owner's templates before it empties site/ (the last good site
    # stays when one fails); Kith's own templates are drawn by the worker, where a failure is a
    # bug. Either way the page that fails is named, by the line of its template.
    settings = _failing_template(_sample(folder))
    children = _stream_children()
    made = generate(settings, TODAY, background=True)
    failed = None
    try:
        for path in made.texts:
            made.texts[path]
    except TemplateFailed as exc:
        failed = str(exc.problem(settings.root))
    assert len(children) == 1  # the worker failed; the parent drew again and named the line
    _not_left(children[0])
    where = "templates/person.md.j2:2: template failed while drawing people/z"
    assert failed is not None and failed.startswith(where), failed


@can_fork
def test_a_template_failing_in_the_background_worker_is_named(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_template_failing_in_the_worker_is_named", str(tmp_path))


def _ahead_value(item: int, die: bool) -> int:
    if die and workers._IN_WORKER:
        os._exit(3)
    return item * item


def check_values_made_ahead(die: str) -> None:
    started = _spied("_fork_ahead")
    count = workers.MIN_PART * 3
    makers = [functools.partial(_ahead_value, i, die == "dies") for i in range(count)]
    ahead = workers.Ahead(makers, finish=lambda made: [value + 1 for value in made])
    assert len(started) == 1  # made by a child from the start
    found = ahead.result()
    assert found == [i * i + 1 for i in range(count)]  # a child that died: made here
    assert ahead.result() is found
    _reaped(started[0])  # not waited for once its pipe closed: reaped once it has exited
    ahead.stop()
    stopped = workers.Ahead(makers)
    stopped.stop()
    _not_left(started[1])
    stopped.stop()


@can_fork
@pytest.mark.parametrize("die", ["lives", "dies"])
def test_values_made_ahead_by_a_child_come_in_order_or_are_made_here(die: str) -> None:
    in_a_fresh_process("check_values_made_ahead", die)


def check_one_big_value_made_ahead() -> None:
    started = _spied("_fork_ahead")
    few = workers.Ahead([functools.partial(_ahead_value, 3, False)], size=workers.MIN_PART)
    assert not started  # work of one process's worth: made here, when wanted
    assert few.result() == [9]
    big = workers.Ahead([functools.partial(_ahead_value, 4, False)], size=workers.MIN_PART * 2)
    assert len(started) == 1  # one value, but as big as two processes' worth: by a child
    assert big.result() == [16]
    _reaped(started[0])


@can_fork
def test_one_value_as_big_as_many_is_made_ahead_by_a_child() -> None:
    in_a_fresh_process("check_one_big_value_made_ahead")


def test_few_values_made_ahead_are_made_here_when_wanted() -> None:
    made: list[int] = []
    ahead = workers.Ahead([functools.partial(made.append, i) for i in range(3)])
    assert made == []
    assert ahead.result() == [None, None, None] and made == [0, 1, 2]


def check_a_first_runs_feed_is_found_by_the_next_run(folder: str) -> None:
    # A first run (no page cache) leaves listing and naming the feed's events to the child
    # that makes them: the next run finds every one under the name it looks for, and needs no
    # child at all (the intro paths are read from their file too).
    vault = _sample(folder, "600")
    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    started = _spied("_fork_ahead")
    first = generate(settings, TODAY, pages=open_page_cache(settings), paths=open_paths(settings))
    assert len(started) == 2  # the intro paths' child, then the feed's
    feed = first.files["follow-ups.ics"]
    assert feed.count("BEGIN:VEVENT") > workers.MIN_PART * 2
    again = generate(settings, TODAY, pages=open_page_cache(settings), paths=open_paths(settings))
    assert len(started) == 2  # no child this time: every event found
    assert again.files["follow-ups.ics"] == feed
    os.environ["KITH_WORKERS"] = "1"
    assert generate(settings, TODAY).files["follow-ups.ics"] == feed


@can_fork
def test_a_first_runs_feed_events_are_found_by_the_next_run(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_first_runs_feed_is_found_by_the_next_run", str(tmp_path))


def check_a_run_that_fails_stops_the_feeds_child(folder: str) -> None:
    # The follow-ups feed's events are made by a child while the pages are drawn: a page that
    # fails stops it, and the run says which page failed.
    vault = _sample(folder, "600")
    settings = _failing_template(vault)
    children = _spied("_fork_ahead")
    try:
        generate(settings, TODAY)
    except VaultError as exc:
        said = str(exc)
    else:
        raise AssertionError("the run did not fail")
    assert "templates/person.md.j2:2: template failed while drawing people/z" in said, said
    assert len(children) == 2  # the intro paths' child, then the feed's
    _reaped(children[0])
    _not_left(children[1])  # stopped, and waited for
    # With the template mended, the next run makes the same feed as one without workers.
    (vault / "templates" / "person.md.j2").write_text("# {{ person.name }}\n", encoding="utf-8")
    shared = generate(settings, TODAY).files["follow-ups.ics"]
    os.environ["KITH_WORKERS"] = "1"
    alone = generate(settings, TODAY).files["follow-ups.ics"]
    assert shared == alone and shared.count("BEGIN:VEVENT") > workers.MIN_PART * 2


@can_fork
def test_a_run_that_fails_stops_the_child_making_the_feed(tmp_path: Path) -> None:
    in_a_fresh_process("check_a_run_that_fails_stops_the_feeds_child", str(tmp_path))


class _Terminal(io.StringIO):
    """Standard error as a terminal: the import draws its progress bars there."""

    def isatty(self) -> bool:
        return True


def check_an_import_is_checked_by_workers_and_writes_the_same_bytes(folder: str) -> None:
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    rows += [f"Ana,Stone{n},,a{n}@example.com,Acme,Engineer,01 Jan 2024" for n in range(400)]
    written = []
    for processes in ("1", "2"):
        os.environ["KITH_WORKERS"] = processes
        project = Path(folder) / f"vault{processes}"
        (project / "people").mkdir(parents=True)
        (project / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - kith\n")
        (project / "Connections.csv").write_text("\n".join(rows) + "\n")
        forks = _spied("_fork")
        args = ["import", "linkedin", "Connections.csv", "--today", "2026-11-25"]
        os.chdir(project)
        err = _Terminal()  # the progress bars are drawn, and no thread stops the workers
        assert main(args, out=io.StringIO(), err=err) == 0, err.getvalue()
        workers._fork = REAL["_fork"]
        assert bool(forks) == (processes == "2")
        assert "Matching" in err.getvalue()  # a bar was drawn
        written.append({p.name: p.read_bytes() for p in sorted((project / "people").iterdir())})
    assert written[0] == written[1]
    assert len(written[0]) == 400


@can_fork
def test_an_import_is_checked_by_workers_and_writes_the_same_bytes(tmp_path: Path) -> None:
    in_a_fresh_process(
        "check_an_import_is_checked_by_workers_and_writes_the_same_bytes", str(tmp_path)
    )
