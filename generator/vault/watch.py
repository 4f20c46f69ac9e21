"""Watching the contact files for `mkdocs serve` (and the owner's templates, the same way):
what the loader reads, and nothing while a build runs.

MkDocs' own watcher polls a folder every half second and compares every file in it, in the
server's process: with 10,000 contacts each poll took about 0.13 s, and the polls that fell
while a page rebuild ran took the interpreter from it (about 0.5 s of each rebuild). This one
compares only the files the loader reads (so an editor's swap file is no change), from one
`stat` each, and waits while a build runs: the build reads the files anyway, and what changed
meanwhile is found by the first look after it, against the last look before it.

When it can, it also asks the system to tell it of changes in the folder (watchdog's native
observer: inotify on Linux, FSEvents on macOS): a change to a contact file or a folder then
starts a look at once (after `SETTLE`, for an editor's save to end), and the looks on the clock
come only every `safety` seconds, for what the system does not report (a folder shared with
another machine, a container's mount). A change is still only what a look finds: the system's
word decides when to look, never what changed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .files import folders_of, is_contact_name, is_hidden_folder

if TYPE_CHECKING:  # imported when serving starts, not by every command that loads the vault
    from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.plugins.kith")

# What a look notes of each contact file, by path: modification time, size and inode (as
# MkDocs' watcher does); None when `stat` fails.
Look = dict[str, tuple[int, int, int] | None]


def look(people_dir: Path, every_file: bool = False) -> Look:
    """Note what `stat` says of every contact file: the files `walk_people` finds, from the
    same folders (`folders_of`), with nothing else made (10,000 files in about 40 ms). With
    `every_file`, of every file in every folder (what `templates_stamp` reads of the owner's
    templates folder)."""
    seen: Look = {}
    for _, entries in folders_of(people_dir, hidden=every_file):
        for entry in entries:
            if every_file or is_contact_name(entry.name):
                try:
                    facts = entry.stat()
                except OSError:
                    seen[entry.path] = None
                    continue
                seen[entry.path] = (facts.st_mtime_ns, facts.st_size, facts.st_ino)
    return seen


# After the system tells of a change, how long to wait before looking: an editor's save (a
# temporary file written, then renamed over the contact) is over by then.
SETTLE = 0.05
# Where the system tells of changes, the clock's looks come at least this many times their own
# length apart (at most 2% of a core).
_SHARE = 50


class ContactWatcher:
    """Look at the contact files every `interval` seconds, in a thread of its own, and call
    `changed` with the path of a file that changed (or appeared, or went) since the last look.

    With `native`, the system's notices of changes start looks too, and the clock's come only
    every `safety` seconds (every `interval` when the system gives no notices).
    `pause` while a build runs and `resume` after it; `stop` when the server stops.

    With `every_file`, every file in every folder counts: the owner's templates folder is
    watched so (each of its files is in `templates_stamp`, and a template may include any of
    them), and a folder removed and made again while serving is still watched (MkDocs' own
    watcher of a folder stops when the folder goes, and says nothing of a folder).
    """

    def __init__(
        self,
        people_dir: Path,
        changed: Callable[[str], None],
        interval: float = 0.5,
        *,
        native: bool = True,
        safety: float = 2.0,
        every_file: bool = False,
    ) -> None:
        self.people_dir = people_dir
        self.every_file = every_file
        self.changed = changed
        self.interval = interval
        self.safety = safety
        self.native = native
        self.looks = 0  # how many looks were taken (for the tests)
        self.blind = False  # a change was found the system did not tell of: the clock only
        self._last = look(people_dir, every_file)
        self._stopped = threading.Event()
        self._idle = threading.Event()  # set while no build runs
        self._idle.set()
        self._nudged = threading.Event()  # set when the system told of a change
        self._observer: BaseObserver | None = None
        self._thread = threading.Thread(target=self._run, name="kith-contact-watcher", daemon=True)

    @property
    def notified(self) -> bool:
        """Tell whether the system tells this watcher of changes (else it only polls)."""
        return self._observer is not None

    def _trusted(self) -> bool:
        """Tell whether the system's notices are taken to tell of every change."""
        return self.notified and not self.blind

    def start(self) -> None:
        """Start looking."""
        if self.native:
            self._observer = _observe(self.people_dir, self._nudged.set, self.every_file)
        if self._observer is not None:
            # A first look at once, as if told: a change made since the look this watcher was
            # made with, before the system's notices began, is not taken for an unannounced one.
            self._nudged.set()
        self._thread.start()

    def pause(self) -> None:
        """Stop looking until `resume` (a build runs)."""
        self._idle.clear()

    def resume(self) -> None:
        """Look again, against the last look before `pause`."""
        self._idle.set()

    def stop(self) -> None:
        """Stop looking for good, and wait for the thread (and the system's observer) to end."""
        self._stopped.set()
        self._idle.set()
        self._nudged.set()
        observer, self._observer = self._observer, None
        if observer is not None:
            _end(observer)
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        failed = False
        cost = 0.0  # how long the last look took
        while True:
            # The clock's looks, where the system tells of changes, take at most about 2% of
            # a core (a look of 10,000 files takes 40 to 80 ms), and at least every `safety`.
            wait = max(self.safety, cost * _SHARE) if self._trusted() else self.interval
            told = self._nudged.wait(wait)
            if self._stopped.is_set():
                return
            if told:  # let the change end, then look (a notice meanwhile is seen by this look)
                self._stopped.wait(SETTLE)
                self._nudged.clear()
            self._idle.wait()
            if self._stopped.is_set():
                return
            try:
                self.looks += 1
                start = time.monotonic()
                now = look(self.people_dir, self.every_file)
                cost = time.monotonic() - start
                if now != self._last:
                    which = _first_change(self._last, now)
                    self._last = now
                    if not told and not self._nudged.is_set() and self._trusted():
                        # The clock found a change the system did not tell of (a folder shared
                        # with another machine, a container's mount): look on the clock alone.
                        self.blind = True
                        log.info(
                            "kith: %s changed unannounced: looking at it every %s s",
                            self.people_dir,
                            self.interval,
                        )
                    self.changed(which)
            except Exception:  # a bug must not end the watching unseen; say it once, go on
                if not failed:
                    log.exception("kith: watching %s failed (it goes on trying)", self.people_dir)
                failed = True


def _first_change(before: Look, now: Look) -> str:
    """Return the first path (sorted) that differs between two looks."""
    return min(
        path for path in before.keys() | now.keys() if before.get(path, 0) != now.get(path, 0)
    )


def _observe(people_dir: Path, nudge: Callable[[], None], every_file: bool) -> BaseObserver | None:
    """Start the system's observer of the folder, calling `nudge` at each change of a contact
    file (any file, with `every_file`) or a folder in it (not in a hidden folder, unless
    `every_file`); None when none can be started."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    base = os.path.realpath(people_dir)

    class Nudge(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in _READS or (event.is_directory and event.event_type == _MODIFIED):
                return  # a folder is "modified" by each file made in it: that file's own says
            for path in (event.src_path, event.dest_path):
                if path and _concerns(base, os.fsdecode(path), event.is_directory, every_file):
                    nudge()
                    return

    observer = Observer()
    try:
        observer.schedule(Nudge(), base, recursive=True)
        observer.start()
    except Exception:  # no notices here (too many watches, no such API): the clock only
        _end(observer)
        return None
    return observer


# What the system tells of files being read (the build reads every contact): no change.
# watchdog tells a file closed after reading from one closed after writing only from 5.0
# (`pyproject.toml` asks for it): before, each read came as "closed", a look after each build.
_READS = frozenset({"opened", "closed_no_write"})
_MODIFIED = "modified"


def _concerns(base: str, path: str, is_folder: bool, every_file: bool) -> bool:
    """Tell whether a change at `path` may change what a look finds: a contact file's, or a
    folder's, not inside a hidden folder of the people folder; with `every_file`, anything
    inside the folder."""
    rel = os.path.relpath(path, base)
    if rel == os.curdir:
        return True  # the folder itself (removed, moved)
    parts = rel.split(os.sep)
    if parts[0] == os.pardir:
        return False
    if every_file:
        return True
    if any(is_hidden_folder(part) for part in parts[:-1]):
        return False
    return not is_hidden_folder(parts[-1]) if is_folder else is_contact_name(parts[-1])


def _end(observer: BaseObserver) -> None:
    """Stop an observer and wait for its threads."""
    try:
        observer.stop()
        if observer.is_alive():
            observer.join()
    except Exception:  # pragma: no cover - stopping what never started
        pass
