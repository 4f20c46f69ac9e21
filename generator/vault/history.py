"""Read how each contact changed from the git history of `people/`, in one pass.

Three git processes whatever the size of the vault: `rev-parse` (is this a full repository?),
one `log --raw` over the first-parent chain (which file got which blob in which commit), and one
`cat-file --batch` that streams every distinct blob. Front matter is parsed as the loader parses
it, so a value in the history means what it meant in the file. Dates are author dates (the day
the change was written, kept across rebases), in the author's own time zone. Read again (as
`mkdocs serve` does after every edit), the same `rev-parse` also names the commit HEAD is, and
nothing more runs while it is the commit read last.

What each blob's front matter gave is kept between runs (`SnapshotCache`, by the blob's id: a
blob's bytes never change), so a run streams and parses only the blobs of commits made since
the last one.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..disk import KeptEntries
from ..model import PRESENT, TRACKED, FieldChange, History, Timeline, TrackedValue
from .cache import fingerprint
from .fields import FieldError, convert_field
from .load import contact_slug
from .split import SplitError, split_front_matter

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_REGULAR = ("100644", "100755")
_LOG = (
    "log",
    "--first-parent",  # the history of the branch being built, one state after another
    "-m",  # with --first-parent: a merge shows what it brought into that branch
    "--reverse",
    "--raw",
    "--no-renames",  # slugs, not paths, carry a contact across moves
    "--no-abbrev",
    "--relative",
    "-z",
    "--format=%x01%as",
    "--",
    ".",
)


class GitError(Exception):
    """Git cannot tell the history here; the message says why, for the build log."""


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """The history, or None and the reason it is left out."""

    history: History | None
    reason: str = ""
    note: str = ""  # what the history could not take as it is, for the build log
    # The folder and the commit it was read at, when asked (`read_history`'s `before`).
    read_at: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class FileVersion:
    """One file a commit touched: its path under `people/` and its new blob (None: deleted)."""

    path: str
    blob: str | None


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the first-parent chain, as far as `people/` is concerned."""

    date: dt.date
    entries: tuple[FileVersion, ...]
    written: str = ""  # the date as git wrote it, when Python cannot hold it and `date` is a bound


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The tracked values of one version of a contact file; None where a value was invalid."""

    name: str
    values: tuple[tuple[str, TrackedValue | None], ...]


SNAPSHOTS_FOLDER = "history-snapshots"  # under the cache folder


class SnapshotCache(KeptEntries[str, Snapshot | None]):
    """What the front matter of each blob a history read gave, by the blob's id.

    A blob's id names its bytes, so an entry stays right for as long as the code that parsed
    it is the same: the stamp is the parse cache's (Kith's parsing modules, Python, PyYAML).
    An entry for a blob the last read did not meet is dropped when the cache is saved. A blob a
    partial clone has not fetched is never kept: fetched later, it is read then.
    """

    SHARDS = 16  # a few thousand small entries

    def known(self, blobs: Iterable[str]) -> dict[str, Snapshot | None]:
        """Return what the cache holds for these blobs (the others are left out)."""
        if not self._loaded:
            self._load()
        found: dict[str, Snapshot | None] = {}
        for blob in blobs:
            if blob in self._entries:
                found[blob] = self._entries[blob]
                self._used.add(blob)
        return found

    def keep(self, snapshots: dict[str, Snapshot | None]) -> None:
        """Remember what each of these blobs gave."""
        for blob, snapshot in snapshots.items():
            self._put(blob, snapshot)

    def _stamp(self) -> str:
        return fingerprint()

    def _dump(self, entries: dict[str, Snapshot | None]) -> Any:
        return {blob: None if s is None else (s.name, s.values) for blob, s in entries.items()}

    def _restore(self, payload: Any) -> dict[str, Snapshot | None]:
        if not isinstance(payload, dict):
            raise ValueError("not a history cache file")
        return {_blob_id(blob): _kept_snapshot(value) for blob, value in payload.items()}


def _blob_id(value: Any) -> str:
    if type(value) is not str or not value or value.strip("0123456789abcdef"):
        raise ValueError("not a blob id")
    return value


def _kept_snapshot(value: Any) -> Snapshot | None:
    """Return a snapshot from what `SnapshotCache._dump` wrote; raise when it is not one."""
    if value is None:
        return None
    name, values = value
    if type(name) is not str or type(values) is not tuple:
        raise ValueError("not a snapshot")
    for pair in values:
        key, tracked = pair
        if type(key) is not str or not (tracked is None or type(tracked) in (int, bool, str)):
            raise ValueError("not a snapshot")
    return Snapshot(name, values)


def read_history(
    people_dir: Path, before: HistoryResult | None = None, cache: SnapshotCache | None = None
) -> HistoryResult:
    """Read the committed history of the contacts folder, or say why there is none.

    `before` is what this process read last (`mkdocs serve`, again after each edit): while the
    repository's HEAD is the commit it was read at, in the same folder, it is the history still,
    and is returned as it is (the very same objects) after one `git rev-parse`. Without it, the
    commit is not asked (one git process less for a command that reads once). With `cache`,
    only the blobs it does not hold are streamed and parsed; the caller saves it.
    """
    if not people_dir.is_dir():
        return HistoryResult(None, "the contacts folder does not exist")
    where = head = ""
    log: subprocess.Popen[bytes] | None = None
    try:
        if before is None:
            # Nothing decides whether the log is wanted but the check below: both git processes
            # start at once, and the log's start costs no wait of its own.
            log = _start(people_dir, *_LOG)
            shallow = _git(people_dir, "rev-parse", "--is-shallow-repository").strip() == b"true"
        else:
            where = os.path.realpath(people_dir)
            shallow, head = _shallow_and_head(people_dir)
        if shallow:
            return HistoryResult(
                None,
                "the repository is a shallow clone (fetch the whole history: "
                "fetch-depth: 0 on GitHub, GIT_DEPTH: 0 on GitLab)",
            )
        if before is not None and head and before.read_at == (where, head):
            return before
        commits = parse_log(_answer(log or _start(people_dir, *_LOG), _LOG))
        blobs = sorted({e.blob for c in commits for e in c.entries if e.blob})
        snapshots = cache.known(blobs) if cache is not None else {}
        wanted = [blob for blob in blobs if blob not in snapshots]
        if wanted:
            batch = _git(people_dir, "cat-file", "--batch", stdin=_lines(wanted))
            found, missing = parse_blobs(batch)
            if cache is not None:
                cache.keep({blob: s for blob, s in found.items() if blob not in missing})
            snapshots.update(found)
    except GitError as exc:
        return HistoryResult(None, str(exc))
    finally:
        if log is not None and log.returncode is None:  # not read: the check said no
            log.kill()
            log.communicate()
    history = fold_history(commits, snapshots)
    read_at = (where, head) if head else ("", "")
    return HistoryResult(history, note=clamped_dates_note(commits), read_at=read_at)


def _shallow_and_head(people_dir: Path) -> tuple[bool, str]:
    """Return whether the repository is a shallow clone, and the commit HEAD names ("" when
    there is none yet), from one git process: `mkdocs serve` asks after every edit."""
    args = ("rev-parse", "--is-shallow-repository", "-q", "--verify", "HEAD")
    status, stdout, _ = _finish(_start(people_dir, *args))
    lines = stdout.split()
    # The first line answers the first question; the second is the commit, when there is one
    # (without one, git says nothing more and exits with 1).
    if status in (0, 1) and lines[:1] in ([b"true"], [b"false"]):
        found = status == 0 and len(lines) == 2
        return lines[0] == b"true", lines[1].decode("ascii") if found else ""
    # Anything else (no repository, another git): asked apart, as a command reading once does,
    # which raises `GitError` with what git said.
    shallow = _git(people_dir, "rev-parse", "--is-shallow-repository").strip() == b"true"
    return shallow, _head(people_dir)


def _head(people_dir: Path) -> str:
    """Return the commit HEAD names, or "" when there is none yet (`git log` then says so)."""
    try:
        return _git(people_dir, "rev-parse", "-q", "--verify", "HEAD").strip().decode("ascii")
    except GitError:
        return ""


def clamped_dates_note(commits: Iterable[Commit]) -> str:
    """Say which author dates were out of Python's range and what they count as."""
    odd = sorted({(c.written, c.date.isoformat()) for c in commits if c.written})
    return "; ".join(
        f"a commit dated {written} (beyond what Python can hold) counts as {date}"
        for written, date in odd
    )


def commit_date(text: str) -> tuple[dt.date, str]:
    """Read an author date; one Python cannot hold (year 10000) becomes the nearest it can."""
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        pass
    year = text.lstrip("-").split("-", 1)[0]
    late = year.isdigit() and int(year) > dt.MAXYEAR and not text.startswith("-")
    return (dt.date.max if late else dt.date.min), text


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return _answer(_start(cwd, *args), args, stdin)


def _start(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start git in `cwd`; `_answer` takes what it printed."""
    command = ("git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args)
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}  # messages in English, to tell them
    pipe = subprocess.PIPE
    try:
        return subprocess.Popen(command, cwd=cwd, env=env, stdin=pipe, stdout=pipe, stderr=pipe)
    except FileNotFoundError:
        raise GitError("git is not installed") from None


def _answer(
    process: subprocess.Popen[bytes], args: tuple[str, ...], stdin: bytes | None = None
) -> bytes:
    """Return what a git process printed, or raise `GitError` with what it said went wrong."""
    status, stdout, stderr = _finish(process, stdin)
    if status == 0:
        return stdout
    message = stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in message:
        raise GitError("the contacts folder is not in a git repository")
    if "does not have any commits" in message:
        raise GitError("the repository has no commits yet")
    first = message.splitlines()[0] if message else f"exit status {status}"
    raise GitError(f"git {args[0]} failed: {first}")


def _finish(
    process: subprocess.Popen[bytes], stdin: bytes | None = None
) -> tuple[int, bytes, bytes]:
    """Return a git process's exit status and what it printed on its two outputs."""
    with process:  # as `subprocess.run`: stopped if this is interrupted, always waited for
        try:
            stdout, stderr = process.communicate(stdin)
        except BaseException:
            process.kill()
            raise
    return process.returncode, stdout, stderr


def _lines(items: Iterable[str]) -> bytes:
    return "".join(f"{item}\n" for item in items).encode("ascii")


def parse_log(data: bytes) -> tuple[Commit, ...]:
    """Turn `git log -z --raw --format=%x01%as` output into commits, oldest first."""
    commits = []
    for chunk in data.split(b"\x01")[1:]:
        fields = chunk.split(b"\0")
        date, written = commit_date(fields[0].decode("ascii", "replace").strip())
        entries = []
        # After the date: pairs of ":oldmode newmode oldblob newblob status" and a path.
        for index in range(1, len(fields) - 1, 2):
            meta = fields[index].decode("ascii").strip().split()
            if len(meta) < 5:
                continue
            path = fields[index + 1].decode("utf-8", "surrogateescape")
            regular = meta[1] in _REGULAR and meta[3].strip("0") != ""
            entries.append(FileVersion(path, meta[3] if regular else None))
        commits.append(Commit(date, tuple(entries), written))
    return tuple(commits)


def parse_blobs(data: bytes) -> tuple[dict[str, Snapshot | None], set[str]]:
    """Turn `git cat-file --batch` output into the tracked values of each blob (None for a
    blob git does not have), and the set of the blobs it does not have."""
    snapshots: dict[str, Snapshot | None] = {}
    missing: set[str] = set()
    by_front: dict[str, Snapshot | None] = {}
    pos = 0
    while pos < len(data):
        end = data.index(b"\n", pos)
        header = data[pos:end].decode("ascii").split()
        pos = end + 1
        if len(header) != 3:  # "<sha> missing": a blob a partial clone has not fetched
            snapshots[header[0]] = None
            missing.add(header[0])
            continue
        size = int(header[2])
        snapshots[header[0]] = _snapshot(data[pos : pos + size], by_front)
        pos += size + 1
    return snapshots, missing


def _snapshot(data: bytes, cache: dict[str, Snapshot | None]) -> Snapshot | None:
    try:
        front = split_front_matter(data.decode("utf-8")).front
    except (UnicodeDecodeError, SplitError):
        return None
    if front not in cache:  # most commits change the log, not the front matter
        cache[front] = _parse_front(front)
    return cache[front]


def _parse_front(front: str) -> Snapshot | None:
    try:
        raw = yaml.load(front, Loader=_Loader)
    except (yaml.YAMLError, ValueError, OverflowError):
        return None
    if not isinstance(raw, dict):
        return None
    values: list[tuple[str, TrackedValue | None]] = []
    for key in TRACKED:
        try:
            values.append((key, convert_field(key, raw.get(key))))
        except FieldError:
            values.append((key, None))
    name = raw.get("name")
    return Snapshot(name.strip() if isinstance(name, str) else "", tuple(values))


def fold_history(commits: Iterable[Commit], snapshots: dict[str, Snapshot | None]) -> History:
    """Replay the commits in order into one timeline of changes per slug."""
    paths: dict[str, set[str]] = {}
    current: dict[str, dict[str, TrackedValue]] = {}
    names: dict[str, str] = {}
    changes: dict[str, list[FieldChange]] = {}
    count = 0
    for commit in commits:
        count += 1
        touched: set[str] = set()
        for entry in commit.entries:
            slug = contact_slug(entry.path)
            if slug is None:
                continue
            touched.add(slug)
            held = paths.setdefault(slug, set())
            if entry.blob is None:
                held.discard(entry.path)
                continue
            held.add(entry.path)
            snapshot = snapshots.get(entry.blob)
            if snapshot is not None:
                names[slug] = snapshot.name or names.get(slug, "")
                _observe(commit.date, snapshot.values, current, changes, slug)
        for slug in sorted(touched):
            present = bool(paths[slug])
            _observe(commit.date, ((PRESENT, present),), current, changes, slug)
    timelines = {
        slug: Timeline(slug, names.get(slug) or slug, tuple(changes[slug]))
        for slug in sorted(changes)
    }
    return History(timelines, count)


def _observe(
    date: dt.date,
    values: Iterable[tuple[str, TrackedValue | None]],
    current: dict[str, dict[str, TrackedValue]],
    changes: dict[str, list[FieldChange]],
    slug: str,
) -> None:
    known = current.setdefault(slug, {})
    for field, value in values:
        if value is None or known.get(field) == value:
            continue
        changes.setdefault(slug, []).append(FieldChange(date, field, known.get(field), value))
        known[field] = value
