"""Share a big, pure piece of work with forked worker processes on the cores the run may use.

`share(work, items)` returns `work(items)`; when the work is big and forking is safe it cuts
the items into runs, big ones first and smaller ones towards the end (`_cut`), and forks one
child per extra core. The parent and the children take the runs one at a time from a pipe that holds
their numbers (the parent the first, before it forks), each as soon as it is done with the
last (so a process whose runs turn out cheaper takes more of them, and none is left working
long after the others); a child writes what `work` gave for each run, with `marshal`
(plain values only), to a file in memory as soon as the run is done and says where on a pipe,
and the parent reads it between its own runs. The answer is the same whoever computes it:
`work` must be a pure function of its items whose result is a list (one entry per item, or any
list the runs can be joined from, in order).

Forking is safe only when nothing else runs in the process: it is used on Linux, in a process
with a single thread (so never inside `mkdocs serve`'s rebuilds, which run in the server's
threads), and never in a worker itself. A child that fails, is killed or sends something
unreadable costs time, not correctness: the parent does the runs it did not deliver.
`KITH_WORKERS=1` in the environment turns workers off; `KITH_WORKERS=N` caps the processes at N.

`in_background(produce, count)` is the same idea for work whose results are wanted one by one
while the parent does something else (`mkdocs build` converting pages while they are drawn):
one child runs `produce()` and sends each value as it is made; `Stream.get(i)` waits for the
i-th. Without a child, the parent runs `produce()` itself, as far as it is asked.

`Ahead(makers)` makes a list of values in one child before they are wanted; the parent takes
them all at once (`result()`), later.

`aside(job)` runs work whose result goes to disk (a cache's files) in one child while the
parent goes on; `wait()` returns once it is done.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import marshal
import mmap
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")
P = TypeVar("P")  # a run of items (`share`), or one job (`aside`)
# How `share` sends values marshal cannot hold: made plain in a child, and back in the parent.
Conversion = tuple[Callable[[Any], Any], Callable[[Any], Any]]
MIN_PART = 100  # items per process below which forking costs more than it saves
_ENV = "KITH_WORKERS"
_IN_WORKER: list[bool] = []  # set in a child: a worker never forks workers of its own


def processes(items: int, environ: dict[str, str] | os._Environ[str] | None = None) -> int:
    """Return how many processes should share `items` items of work (1: no workers)."""
    environ = os.environ if environ is None else environ
    if _IN_WORKER or not sys.platform.startswith("linux") or threading.active_count() != 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    wanted = environ.get(_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        cores = min(cores, int(wanted))
    return max(1, min(cores, items // MIN_PART))


def share(
    work: Callable[[Sequence[T]], list[Any]],
    items: Sequence[T],
    weigh: Callable[[T], int] | None = None,
    codec: Conversion | None = None,
) -> list[Any]:
    """Return `work(items)`, computed by up to one process per core when it is worth it.

    The items are cut into runs by weight (`weigh`, 1 each when not given), big ones first
    and smaller ones towards the end (`_cut`), which the processes take in turn, each as it
    finishes the last. With a `codec` (encode, decode),
    `work` may give values marshal cannot send: a child sends each as `encode` makes it plain,
    and the parent takes it back with `decode`; what the parent computes itself is neither.
    """
    count = processes(len(items))
    if count == 1:
        return work(items)
    parts = _cut(items, count, weigh)
    tickets = _tickets(len(parts))
    if tickets < 0:
        return work(items)
    children: list[_Worker] = []
    done: dict[int, list[Any]] = {}

    def keep(number: int, values: list[Any]) -> None:
        # A run of this process's, and what the children delivered meanwhile (read now, while
        # they work, not all at once after the last run).
        done[number] = values
        for child in children:
            child.take(done, wait=False)

    try:
        # The parent takes the first run before any child can: it does run 0 (the summary
        # pages, when drawing), whichever process the scheduler starts first.
        first = os.read(tickets, _TICKET.size)
        for _ in range(count - 1):
            store = _store()
            if store < 0:
                break  # nowhere for a child to put its runs: the processes there are do them
            child = _Worker(store, len(parts), codec)
            children.append(child)  # its files are closed below, whatever happens
            child.pid, child.reader = _fork(work, parts, tickets, codec, store)
        _take(work, parts, tickets, keep, first)
        for child in children:
            child.take(done, wait=True)
        result: list[Any] = []
        for number, part in enumerate(parts):
            found = done.get(number)
            # A run a child took and did not deliver (it failed, or was killed): done here.
            result.extend(found if found is not None else work(part))
        return result
    finally:
        os.close(tickets)
        for child in children:
            child.close()


def aside(*jobs: Callable[[], object]) -> Aside:
    """Start the jobs in a forked child while the caller goes on, when a core is spare and
    forking is safe (as for `share`); else do them here, now. The caller must call `wait()`.

    For work whose result is on disk, not in this process (writing a cache's files): the
    child sees this process's memory as it is at the fork. The child yields its core to any
    other process (the lowest priority, `nice` 19): it fills a core the run leaves idle and
    never slows the work the run waits for. It takes the jobs one at a time from a pipe of
    their numbers, as `share`'s workers take runs, and says which it did: `wait` does the
    ones it has not taken yet, so that the caller, done with its own work, shares the rest.
    A child that fails, or is killed, costs time, not the work: `wait` then does its jobs.
    """
    if jobs and len(jobs) <= _MOST_RUNS and processes(2 * MIN_PART) > 1:
        tickets = _tickets(len(jobs))
        if tickets >= 0:

            def send(out: BinaryIO) -> None:
                with contextlib.suppress(OSError):
                    os.nice(19)
                said = out.fileno()  # each job's number, as soon as it is done: 4 bytes a write
                _take(_call_one, jobs, tickets, lambda n, _: os.write(said, _TICKET.pack(n)))

            pid, reader = _child(send)
            if pid > 0:
                return Aside(jobs, pid, reader, tickets)
            os.close(tickets)
    for job in jobs:
        job()
    return Aside(jobs, -1, -1, -1)


def _call_one(job: Callable[[], object]) -> list[Any]:
    job()
    return []


class Aside:
    """Jobs `aside` started in a child (or did already)."""

    def __init__(
        self, jobs: Sequence[Callable[[], object]], pid: int, reader: int, tickets: int
    ) -> None:
        self._jobs, self._pid, self._reader, self._tickets = jobs, pid, reader, tickets

    def wait(self, redo: bool = True) -> None:
        """Do the jobs the child has not taken yet, then return once it is done with its own;
        jobs it did not finish (it failed) are done here. With `redo` False, no job is done
        here: the child's are waited for, and the ones it did not take or finish are left
        undone."""
        if self._pid < 0:
            return
        pid, self._pid = self._pid, -1
        mine: set[int] = set()
        tickets, self._tickets = self._tickets, -1
        said = b""
        try:
            if redo:
                _take(_call_one, self._jobs, tickets, lambda number, _: mine.add(number))
        finally:  # a job that fails here fails the caller, once the child is done
            _close(tickets)
            with contextlib.suppress(OSError), os.fdopen(self._reader, "rb") as source:
                said = source.read()
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        if redo:
            size = _TICKET.size
            ends = range(0, len(said) // size * size, size)
            done = {_TICKET.unpack_from(said, at)[0] for at in ends}
            for number, job in enumerate(self._jobs):
                if number not in done and number not in mine:
                    job()


# The smallest run is this fraction of a process's share of the work: the last run a process
# takes, which the others may have to wait for, is about that big.
PIECES = 32
_TICKET = struct.Struct("<I")
# The numbers of this many runs fill one page, the least a pipe holds (Linux gives a user who
# has many pipes open pipes of one page): writing them never waits for a reader.
_MOST_RUNS = 4096 // _TICKET.size


def _tickets(count: int) -> int:
    """Return the reading end of a pipe holding the numbers 0 to count - 1, its writing end
    closed; -1 when no pipe could be made.

    Every number is written before any process reads, and each read asks for exactly one
    (Linux serialises the reads of a pipe), so each number is taken once, by one process; once
    all are taken a read gives nothing.
    """
    try:
        reader, writer = os.pipe()
    except OSError:
        return -1
    try:
        os.write(writer, b"".join(_TICKET.pack(number) for number in range(count)))
    except OSError:
        os.close(reader)
        return -1
    finally:
        os.close(writer)
    return reader


def _take(
    work: Callable[[P], list[Any]],
    parts: Sequence[P],
    tickets: int,
    keep: Callable[[int, list[Any]], object],
    ticket: bytes = b"",
) -> None:
    """Do the run `ticket` names (when given), then take run after run from the pipe
    `tickets` and do it here until none is left; hand what `work` gave for each to `keep`
    with the run's number, as soon as it is done."""
    ticket = ticket or os.read(tickets, _TICKET.size)
    while len(ticket) == _TICKET.size:
        (number,) = _TICKET.unpack(ticket)
        keep(number, work(parts[number]))
        ticket = os.read(tickets, _TICKET.size)


def _cut(items: Sequence[T], count: int, weigh: Callable[[T], int] | None) -> list[Sequence[T]]:
    """Cut the items into runs for `count` processes, in order: each run about half of what
    each process would have left to do if the work still to cut were shared out now, and none
    under a `PIECES`th of a process's share (guided self-scheduling).

    The big runs first cost few hand-overs; the small ones at the end leave the processes to
    finish together: the one that takes the last run is done at most a small run after the
    others, where runs of equal weight (a sixteenth of the work each, at two processes) left
    it behind by 0.04 s (the parse) and 0.07 s (the drawing) on average in a first run at
    10,000 contacts.
    """
    weights = [1] * len(items) if weigh is None else [max(1, weigh(item)) for item in items]
    left = sum(weights)
    least = left / (count * PIECES)
    parts: list[Sequence[T]] = []
    start, total = 0, 0
    want = max(left / (2 * count), least)
    for index, weight in enumerate(weights):
        total += weight
        if total >= want and len(parts) < _MOST_RUNS - 1:
            parts.append(items[start : index + 1])
            start, left, total = index + 1, left - total, 0
            want = max(left / (2 * count), least)
    parts.append(items[start:])
    return [part for part in parts if part]


def call_all(makers: Sequence[Callable[[], Any]]) -> list[Any]:
    """Return what each function gives (many of them called in worker processes)."""
    return share(_call_each, makers)


def _call_each(makers: Sequence[Callable[[], Any]]) -> list[Any]:
    return [make() for make in makers]


def _fork(
    work: Callable[[Sequence[T]], list[Any]],
    parts: Sequence[Sequence[T]],
    tickets: int,
    codec: Conversion | None,
    store: int,
) -> tuple[int, int]:
    """Start a child that takes runs from the pipe `tickets` until none is left; as it
    finishes each, it writes what `work` gave, marshalled (each value encoded first, with a
    `codec`), to the file in memory `store` (`_store`), then the run's number and where the
    file holds it to its pipe (`_Worker.take` reads them)."""

    def send(out: BinaryIO) -> None:
        pipe = out.fileno()
        end = 0

        def deliver(number: int, values: list[Any]) -> None:
            nonlocal end
            if codec is not None:
                values = [codec[0](value) for value in values]
            data = marshal.dumps(values)
            view = memoryview(data)
            while view:
                view = view[os.write(store, view) :]
            # 24 bytes: a pipe takes them in one write, which a reader never sees cut.
            os.write(pipe, _RUN.pack(number, end, len(data)))
            end += len(data)

        _take(work, parts, tickets, deliver)

    return _child(send)


# What a child of `share` says of each run it did: its number, and where its file in memory
# holds what `work` gave (the start and the size).
_RUN = struct.Struct("<QQQ")


def _store() -> int:
    """Return a new file in memory for a child's runs; -1 when none can be made.

    A child's runs are the pages it drew: about 50 MB at 10,000 contacts. Sent through a pipe,
    which holds 64 KB, they took the parent a quarter of a second of reading after its own
    last run, turn about with the child's writing; written to a file in memory as each run is
    done, each is read by the parent between its own runs, and only the last after them.
    """
    try:
        return os.memfd_create("kith-worker")  # closed on exec
    except (AttributeError, OSError):
        return -1


def _close(fd: int) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


class _Worker:
    """A child of `share`: its process, its pipe, and the file in memory it writes runs to."""

    def __init__(self, store: int, count: int, codec: Conversion | None) -> None:
        self.pid, self.reader, self.store = -1, -1, store
        self.count, self.codec = count, codec
        self.said = b""  # what the pipe gave that is not a whole frame yet

    def take(self, done: dict[int, list[Any]], wait: bool) -> None:
        """Add to `done` each run the child said it finished, read from its file; with `wait`,
        until its pipe closes (it did its last run, or failed, or was killed).

        A run the child did not deliver, or whose values cannot be read back, is not added:
        the parent does it. A child whose pipe closed is not waited for: its exit, which
        unmaps its copy of the parent's heap, took about 10 ms at 10,000 contacts. It is
        reaped before the next fork (`_reap`), or with this process.
        """
        if self.reader < 0:
            return
        with contextlib.suppress(OSError):
            os.set_blocking(self.reader, wait)
        while True:
            try:
                said = os.read(self.reader, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                said = b""
            if not said:
                _close(self.reader)
                self.reader = -1
                _exiting(self.pid)
                return
            self.said += said
            whole = len(self.said) - len(self.said) % _RUN.size
            for at in range(0, whole, _RUN.size):
                self._read_run(done, *_RUN.unpack_from(self.said, at))
            self.said = self.said[whole:]

    def _read_run(self, done: dict[int, list[Any]], number: int, start: int, size: int) -> None:
        if not 0 <= number < self.count or number in done:
            return
        try:
            values = _loads_at(self.store, start, size)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if type(values) is list:
            if self.codec is not None:
                decode = self.codec[1]
                values = [decode(value) for value in values]
            done[number] = values

    def close(self) -> None:
        """Stop the child if it still runs (after an error or an interrupt); close its files."""
        if self.reader >= 0:
            _stop(self.pid, self.reader)
            self.reader = -1
        _close(self.store)


def _loads_at(fd: int, start: int, size: int) -> Any:
    """Return the value marshalled at `start` of a file, `size` bytes, read where the file is
    mapped rather than copied out of it first: a worker's runs are about 55 MB at 10,000
    contacts, and copying them took the parent about 0.03 s of a first run. Raise EOFError
    when the file holds less (a child killed while writing: touching a mapping past a file's
    end would kill this process)."""
    if size <= 0 or start < 0 or os.fstat(fd).st_size < start + size:
        raise EOFError("not written")
    base = start - start % mmap.ALLOCATIONGRANULARITY
    length = start - base + size
    with (
        mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ, offset=base) as held,
        memoryview(held) as view,
        view[start - base :] as run,
    ):
        return marshal.loads(run)


def _child(send: Callable[[BinaryIO], object]) -> tuple[int, int]:
    """Fork a child that runs `send` on the writing end of a pipe and exits (0 when `send`
    returned); return its pid and the reading end (-1, -1 when it could not be forked)."""
    _reap()
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(writer)
        os.close(reader)
        return -1, -1
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(reader)
            _IN_WORKER.append(True)
            with os.fdopen(writer, "wb") as out:
                send(out)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffers twice
    os.close(writer)
    return pid, reader


def _stop(pid: int, reader: int) -> None:
    if pid < 0:
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(reader)


# Children whose pipe closed, reaped once they have exited (`_Worker.take`).
_EXITING: list[int] = []


def _exiting(pid: int) -> None:
    """Leave a child whose pipe closed (it is exiting, or dead) to be reaped once it has
    exited, not waited for now; reap those that have."""
    _EXITING.append(pid)
    _reap()


def _reap() -> None:
    """Reap every child in `_EXITING` that has exited; leave the others for the next time."""
    for pid in list(_EXITING):
        try:
            exited, _ = os.waitpid(pid, os.WNOHANG)
        except OSError:  # reaped already (someone waited for every child)
            exited = pid
        if exited:
            _EXITING.remove(pid)


_FRAME = struct.Struct("<Q")  # the length of each marshalled value a background child sends


class Stream:
    """The values `produce()` yields, in order, made by a background child when it may fork.

    `get(i)` waits for the i-th value. When the child fails, is killed or sends something
    unreadable, the parent runs `produce()` itself and skips what it already has: `produce`
    must yield the same values whoever runs it, and `count` of them. `close()` waits for them
    all and for the end of `produce()`, or stops the child.
    """

    def __init__(self, produce: Callable[[], Iterable[Any]], count: int) -> None:
        self.values: list[Any] = []
        self._produce: Callable[[], Iterable[Any]] | None = produce
        self._count = count
        self._local: Iterator[Any] | None = None
        self._pid, self._source = -1, None
        if processes(count) > 1:
            self._pid, reader = _fork_stream(produce)
            if self._pid > 0:
                self._source = os.fdopen(reader, "rb")
        if self._source is None:
            self._local = iter(produce())

    @property
    def in_child(self) -> bool:
        """Tell whether a child is making the values (and has not failed yet)."""
        return self._source is not None

    def get(self, index: int) -> Any:
        """Return the index-th value, waiting for it (IndexError past the last one)."""
        while len(self.values) <= index:
            if not self._next():
                raise IndexError(index)
        return self.values[index]

    def _next(self) -> bool:
        """Take one more value from the child, or from `produce()` here; False at the end."""
        if len(self.values) >= self._count:
            return False
        if self._source is not None:
            value = self._receive()
            if value is not _END:
                self.values.append(value)
                if len(self.values) == self._count:
                    self._produce = None  # needed no more: what it holds may be freed
                return True
            # The child failed: go on here, from the start, past the values already taken.
            assert self._produce is not None
            self._local = iter(self._produce())
            collections.deque(itertools.islice(self._local, len(self.values)), maxlen=0)
        assert self._local is not None
        for value in self._local:
            self.values.append(value)
            return True
        return False

    def _receive(self) -> Any:
        """Read the child's next value; _END when it sent no more (the end, or a failure)."""
        assert self._source is not None
        try:
            head = self._source.read(_FRAME.size)
            if len(head) == _FRAME.size:
                (size,) = _FRAME.unpack(head)
                data = self._source.read(size)
                if len(data) == size:
                    return marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError):
            pass
        self._stop_child()
        return _END

    def close(self, complete: bool = True) -> None:
        """Wait for every value and for the end of `produce()` (what it does after its last
        value, such as saving a cache); with `complete` false, stop making them instead."""
        if complete and self._count:
            self.get(self._count - 1)
        if self._local is not None:
            local, self._local = self._local, None
            if complete:
                collections.deque(local, maxlen=0)
        if self._source is None:
            return
        if complete:
            with contextlib.suppress(OSError, ValueError):
                if not self._source.read(1):  # the child sent all it had and ended
                    self._source.close()
                    self._source = None
                    os.waitpid(self._pid, 0)
                    return
        self._stop_child()

    def _stop_child(self) -> None:
        source, self._source = self._source, None
        if source is not None:
            with contextlib.suppress(OSError):
                source.close()
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)


_END = object()  # what `Stream._receive` returns when the child sends nothing more


def in_background(produce: Callable[[], Iterable[Any]], count: int) -> Stream:
    """Start making `produce()`'s `count` values (plain values only) in a background child."""
    return Stream(produce, count)


class Ahead:
    """Values made ahead of being wanted: by a child while this process does something else,
    when they are many and forking is safe (as for `share`); else here, when wanted.

    The child makes them all, then sends them at once (a value sent as soon as it is made
    would wait for the parent to read it as soon as a pipe's worth were sent). `result()`
    returns them in order (passed through `finish`, when given); a child that failed or sent
    something unreadable costs time: the parent makes them then. `stop()` stops a child whose
    values will not be wanted (an error on the way). Either may be called more than once.
    """

    def __init__(
        self,
        makers: Sequence[Callable[[], Any]],
        finish: Callable[[list[Any]], list[Any]] | None = None,
        size: int | None = None,
    ) -> None:
        """`size` says how big the work is in items, when the makers are few and each is big
        (one search of a whole vault): forked only when that many items are worth it."""
        self._makers, self._finish = makers, finish
        self._pid, self._reader = -1, -1
        self._result: list[Any] | None = None
        if processes(len(makers) if size is None else size) > 1:
            self._pid, self._reader = _fork_ahead(makers)

    def result(self) -> list[Any]:
        """Return every value, waiting for the child's."""
        if self._result is None:
            made = self._made()
            self._result = self._finish(made) if self._finish is not None else made
        return self._result

    def _made(self) -> list[Any]:
        made: Any = None
        if self._pid > 0:
            data = b""
            # The file owns the pipe from here: `stop` (interrupted while reading) closes
            # nothing, so it never closes a number something else has opened since.
            reader, self._reader = self._reader, -1
            with contextlib.suppress(OSError), os.fdopen(reader, "rb") as source:
                data = source.read()
            _exiting(self._pid)  # its pipe closed: it is exiting, or dead
            self._pid = -1
            with contextlib.suppress(EOFError, ValueError, TypeError):
                made = marshal.loads(data)
        if not (isinstance(made, list) and len(made) == len(self._makers)):
            made = [make() for make in self._makers]
        return made  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Stop the child making the values, if one still is."""
        pid, self._pid = self._pid, -1
        _stop(pid, self._reader)


def _fork_ahead(makers: Sequence[Callable[[], Any]]) -> tuple[int, int]:
    """Start a child that makes every value and sends them at once, marshalled."""
    return _child(lambda out: out.write(marshal.dumps([make() for make in makers])))


def _fork_stream(produce: Callable[[], Iterable[Any]]) -> tuple[int, int]:
    """Start a child that sends each value of `produce()` as a length and its marshal."""

    def send(out: BinaryIO) -> None:
        for value in produce():
            data = marshal.dumps(value)
            out.write(_FRAME.pack(len(data)))
            out.write(data)
            out.flush()

    return _child(send)
