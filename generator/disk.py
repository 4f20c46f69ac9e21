"""Write generated files into a folder: only what changed, each atomically, stale ones removed."""

from __future__ import annotations

import contextlib
import errno
import functools
import marshal
import os
import stat
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

try:  # CPython's own BLAKE2, which is hashlib's too; `import hashlib` would load OpenSSL as
    # well (about 4 ms of every start, for digests Kith never asks OpenSSL for).
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python built without its own hashes
    from hashlib import blake2b as blake2b

from xxhash import xxh3_128_digest

MANIFEST = ".kith-manifest"


@dataclass(frozen=True, slots=True)
class Written:
    """How a folder was brought up to date."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    ignored: tuple[str, ...] = ()  # manifest lines that name no plain file inside the folder
    # The unchanged files read back to be compared; the others were known by their record.
    compared: tuple[str, ...] = ()


def content_digest(data: bytes) -> bytes:
    """Return the short content hash Kith's caches key by (16 bytes of BLAKE2b)."""
    return blake2b(data, digest_size=16).digest()


def bulk_digest(data: bytes) -> bytes:
    """Return the content hash of many bytes (a generated file's text): XXH3's 128 bits, about
    fifteen times as fast as OpenSSL's SHA-256 (5 ms for the 90 MB of pages of a first run at
    10,000 contacts, where SHA-256 took 60 ms). It tells a file's text from another (a file to
    write again, a cached text damaged); no key Kith looks anything up by is made with it
    (`content_digest`)."""
    return xxh3_128_digest(data)


def text_digest(text: str) -> bytes:
    """Return the content hash of a page's text as a file holds it (UTF-8; `bulk_digest`)."""
    return bulk_digest(text.encode("utf-8", "surrogatepass"))


# How a file is opened to be read: read only, as bytes where the system has a text mode (a
# descriptor is not inherited by a child process in any case, PEP 446), and without waiting.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def open_regular(path: str | Path) -> tuple[int, os.stat_result]:
    """Open a regular file to read; return its descriptor, which the caller closes, and its
    status. Anything else is an OSError (EINVAL for no regular file).

    A FIFO (an unpacked archive's, a sync tool's) would make a plain open wait for a writer for
    ever: it is opened without waiting and refused, as a socket or a device is.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, status


def read_to_end(fd: int, size: int) -> bytes:
    """Read an open file from where it is to its end; `size` is what `fstat` gave as its size.

    What `open(path, "rb").read()` does without the buffered file around it (its `isatty`
    question, two seeks and a second `fstat` a file): reading the 20,000 contacts and pages of
    a first run at 10,000 contacts this way takes a third less time.
    """
    chunks = []
    want = size + 1  # one more byte than it holds: a file that grew meanwhile is read on
    while chunk := os.read(fd, want):
        chunks.append(chunk)
        want = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def files_stamp(facts: Iterable[str], files: Iterable[Path], root: Path) -> str:
    """Name what decides a cache's contents: some facts (versions), then files by their path
    from `root` and their bytes. Any change to either gives another name."""
    hasher = blake2b(digest_size=16)
    hasher.update("\0".join(facts).encode())
    for path in files:
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def current_umask() -> int:
    """Return the process's umask (reading it means setting it; this puts it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# A new file gets the permissions `open()` would give it; mkstemp's 0600 would hide generated
# pages from a web server or an engine running as another user.
NEW_FILE_MODE = 0o666 & ~current_umask()


def write_atomic(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    durable: bool = False,
    exclusive: bool = False,
    folder_exists: bool = False,
) -> None:
    """Write a file through a temporary file in the same folder and a rename.

    `mode` sets its permissions (default: as `open()` would, under the umask), `durable`
    flushes it to disk before the rename, `exclusive` refuses (FileExistsError) to replace a
    file that exists, and `folder_exists` skips making the folder (a caller writing many files
    made it once).
    """
    tmp = stage_file(path, data, flush=durable, make_folder=not folder_exists)
    try:
        os.chmod(tmp, NEW_FILE_MODE if mode is None else mode)
        if exclusive:
            link_new(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def stage_file(path: Path, data: bytes, *, flush: bool, make_folder: bool = True) -> Path:
    """Write `data` to a new temporary file beside `path` (folders made); return its path.

    `flush` forces it to disk now; a caller staging many files may instead call `os.sync`
    once (see `sync_all`). The caller renames it into place or removes it.
    """
    if make_folder:
        _make_folder(path.parent)
    import tempfile  # here: it imports shutil and the compressors, which a reading command skips

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if flush:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


# `os.sync` flushes everything written so far in one call (Unix only).
CAN_SYNC_ALL = hasattr(os, "sync")


def sync_all() -> None:
    """Flush every file written so far to disk, in one call (see CAN_SYNC_ALL)."""
    os.sync()


def sync_folders(folders: set[Path]) -> None:
    """Flush folders to disk, so the renames and removals in them survive a crash."""
    for folder in sorted(folders):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass  # some filesystems cannot flush a folder; the files themselves are flushed
        finally:
            os.close(fd)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file stands where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None


def link_new(tmp: Path, path: Path) -> None:
    """Give the finished file its name only if the name is free."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (FAT, some network shares): claim the name, then swap the content in.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, path)
        return
    tmp.unlink()


def write_tree(
    folder: Path,
    files: Mapping[str, str | bytes],
    wrote: Mapping[str, str | bytes] | None = None,
    *,
    record: Path | None = None,
    digests: Mapping[str, bytes] | None = None,
) -> Written:
    """Make `folder` hold exactly these generated files; files Kith did not write stay.

    Each file's text is a string, or the UTF-8 bytes the file must hold. The files the last
    run wrote are listed in `folder/.kith-manifest`; those no longer generated are removed.
    Only plain relative paths inside the folder are honoured.
    `wrote` is what the caller wrote there last time, when it knows (a process that writes the
    folder again and again, and alone): a file it wrote with the same text is not read back
    to compare, only checked to be there.

    `record` is a file (in a cache) where the run keeps each file's text digest (`text_digest`)
    and what `stat` said of it (size, times, inode, device), as the parse cache does of the
    contacts (vault/cache.py). The next run need not read back a file `stat` shows as recorded
    when the text it would write has the digest recorded: any write changes the change time
    (`st_ctime`), which no program can set. Only a file found holding its text at least
    `SETTLED` after it was last written is recorded; a newer one could change again within the
    same tick of the file system's clock. `digests` gives the digests of texts known without
    hashing them (the page cache keeps them): such a file's text is not even looked at.
    """
    previous, ignored = _read_manifest(folder)
    written, unchanged, compared = [], [], []
    made: set[Path] = set()
    wrote = wrote or {}
    digests = digests or {}
    known = _read_record(record) if record is not None else {}
    settled = time.time_ns() - SETTLED  # a file last written before this may be recorded
    seen: dict[str, _Status] = {}
    base = os.path.join(os.fspath(folder), "")  # each file's path is this and its own
    for rel in sorted(files):
        status = known.get(rel)
        digest = digests.get(rel)
        if status is not None:
            # A text the cache keeps is read from it only when its digest is not known.
            digest = digest or file_digest(files[rel])
            if _as_recorded(base + rel, status, digest):
                unchanged.append(rel)
                seen[rel] = status
                continue
        text = files[rel]
        if wrote.get(rel) == text and os.path.isfile(base + rel):  # often the very same object
            unchanged.append(rel)
            continue
        data = _data(text)
        held = _holds(base + rel, data)  # a string: a path object is made only to write
        if held is None:
            target = folder / rel
            write_atomic(target, data, folder_exists=target.parent in made)
            made.add(target.parent)
            written.append(rel)
            continue  # just written: not settled, so not recorded (read back next time)
        unchanged.append(rel)
        compared.append(rel)
        if record is not None and held.st_mtime_ns <= settled:
            seen[rel] = (digest or bulk_digest(data), *stat_facts(held))
    removed = sorted(previous - set(files))
    inside = folder.resolve()
    for rel in removed:
        target = folder / rel
        # A folder on the way may be a link that leads elsewhere: remove only what is inside.
        if target.parent.resolve().is_relative_to(inside):
            target.unlink(missing_ok=True)
            _remove_emptied(target.parent, folder)
    write_atomic(folder / MANIFEST, "".join(f"{rel}\n" for rel in sorted(files)).encode())
    if record is not None:
        _write_record(record, seen)
    return Written(tuple(written), tuple(unchanged), tuple(removed), ignored, tuple(compared))


# How long before `stat` is asked a file must have last been written for what it says to be
# kept: a write within the same tick of the file system's clock as the one before leaves the
# same times. Older than every file system's tick (FAT's is 2 s), in nanoseconds.
SETTLED = 2_000_000_000
_RECORD_FORMAT = "kith written files 2"  # 2: XXH3 digests (`bulk_digest`)

# A file's text digest, then its size, modification and change times, inode and device.
_Status = tuple[bytes, int, int, int, int, int]


def stat_facts(stat: os.stat_result) -> tuple[int, int, int, int, int]:
    """Return what `stat` says of a file that any write changes: size, modification and change
    times, inode and device (the parse cache and `write_tree`'s record keep these)."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


def written_record(cache_dir: Path, folder: Path) -> Path:
    """Return the record file `write_tree` keeps in a cache folder for an output folder."""
    name = content_digest(os.fsencode(folder.resolve())).hex()
    return cache_dir / "written-files" / f"{name}.marshal"


def _as_recorded(path: str, status: _Status, digest: bytes) -> bool:
    """Tell whether `stat` shows a file as recorded, holding a text of this digest."""
    if not (
        type(status) is tuple  # a record is input like any other file: it may hold anything
        and len(status) == 6
        and status[0] == digest
        and all(type(value) is int for value in status[1:])
    ):
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat_facts(stat) == status[1:]


def _read_record(path: Path) -> dict[str, _Status]:
    """Return the statuses a record holds; a record missing, damaged or of other code: none."""
    try:
        found = marshal.loads(path.read_bytes())
    except Exception:  # a record is only a help: a damaged one is not used
        return {}
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == _RECORD_FORMAT):
        return {}
    statuses = found[1]  # each status is checked when it is used (`_as_recorded`)
    return statuses if isinstance(statuses, dict) else {}


def _write_record(path: Path, seen: dict[str, _Status]) -> None:
    """Keep what a run found of the files it did not write."""
    # A read-only cache: the next run reads the files back, as without a record.
    with contextlib.suppress(OSError):
        write_atomic(path, marshal.dumps((_RECORD_FORMAT, seen)))  # its folder made too


def _remove_emptied(parent: Path, folder: Path) -> None:
    """Remove the folders inside `folder` that removing a file left empty (a vault that went
    back under the People page's limit leaves no empty `people/a-z/`); a folder holding
    anything, someone's own files included, stays."""
    while parent != folder and parent.is_relative_to(folder):
        try:
            parent.rmdir()
        except OSError:  # not empty, or gone already
            return
        parent = parent.parent


def owner_files(folder: Path, files: Mapping[str, str | bytes]) -> list[str]:
    """Return the files `write_tree` would overwrite that its last run did not write.

    Such a file is someone's own (an `index.md` in `docs/`, a contact in a vault); writing a
    generated file over it would lose what they wrote. A file already holding the same bytes
    is no loss.
    """
    previous, _ = _read_manifest(folder)
    return [
        rel
        for rel in sorted(files)
        if rel not in previous
        and (folder / rel).exists()
        and _holds(folder / rel, _data(files[rel])) is None
    ]


def file_digest(text: str | bytes) -> bytes:
    """Return the `text_digest` of a file's text, given as a string or as its bytes."""
    return bulk_digest(text) if isinstance(text, bytes) else text_digest(text)


def _data(text: str | bytes) -> bytes:
    """Return the bytes a file of this text holds (a string as UTF-8)."""
    return text if isinstance(text, bytes) else text.encode("utf-8")


def ignored_line(folder: Path, line: str) -> str:
    """Say that a manifest line was not honoured, for the build log."""
    where = (folder / MANIFEST).as_posix()
    return f"warning: {where}: ignored {line!r}: not a plain path inside the folder"


def _holds(path: str | Path, data: bytes) -> os.stat_result | None:
    """Return the status of the file at `path` when it holds exactly `data`, else None."""
    try:
        fd, status = open_regular(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # no regular file (a folder, a FIFO): not these bytes
            return None
        raise
    try:
        # Another size: not these bytes, and nothing need be read.
        if status.st_size != len(data):
            return None
        return status if read_to_end(fd, status.st_size) == data else None
    finally:
        os.close(fd)


def _read_manifest(folder: Path) -> tuple[set[str], tuple[str, ...]]:
    """Return the plain relative paths the manifest lists, and the lines that are anything else.

    The manifest is input like any other file in the folder: a line naming an absolute path, a
    parent folder or a drive would let the next run delete a file outside the folder.
    """
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set(), ()
    listed: set[str] = set()
    ignored: list[str] = []
    # Split where the writer put its line breaks: `splitlines` would also split a path at
    # U+2028 (a file name may hold one) and hand the next run a path it never wrote.
    for line in filter(None, text.split("\n")):
        if is_plain_path(line):
            listed.add(line)
        else:
            ignored.append(line)
    return listed, tuple(ignored)


def is_plain_path(rel: str) -> bool:
    """Tell whether `rel` is a relative path of plain names ('a/b.md'), never leaving its folder."""
    if rel.startswith("/") or "\\" in rel or "\0" in rel:
        return False
    parts = rel.split("/")  # each `in` a scan in C: the manifest has a line for every page
    return ":" not in parts[0] and "" not in parts and "." not in parts and ".." not in parts


K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class SavedFiles:
    """The files of a cache whose entries changed, each with its entries as they were when the
    save began (`KeptEntries.saving`); calling it writes them."""

    cache: KeptEntries[Any, Any]
    shards: Mapping[int, dict[Any, Any]]  # the entries of each file, by its number

    @property
    def files(self) -> int:
        return len(self.shards)

    def __call__(self) -> None:
        for write in self.parts():
            write()

    def parts(self) -> list[Callable[[], None]]:
        """Make the cache's folder and return what writes each file: each to be called once,
        in any order, by this process or a child (`workers.aside`); none where the folder
        cannot be written."""
        if not self.shards or not self.cache._prepare():
            return []
        stamp = self.cache._stamp()
        write = self.cache._write_file
        return [
            functools.partial(write, stamp, number, entries)
            for number, entries in sorted(self.shards.items())
        ]


class KeptEntries(Generic[K, V]):
    """Entries kept between runs in a folder of files (`marshal`, or the layout a subclass
    writes: `_file_data`, `_read_file`), under a stamp of the code that made them.

    The parse cache and the page cache are both this. An entry neither looked up nor stored
    since the last save is dropped at the save. The entries are spread over `SHARDS` files by
    a hash of their key, and a save writes only the files whose entries changed: one edited
    contact rewrites a few small files, not the whole cache (at 10,000 contacts the page cache
    is about 110 MB). Each file is written atomically, only when something in it changed, and
    not while `deferred` (while `mkdocs serve` runs they are written when the server stops:
    `flush`). A file that is missing, damaged, from other code, or that `_restore` refuses,
    holds no entries: a cache is only a help, and each file is correct for its own keys, so
    two builds at once that each write some files leave a cache of correct entries. Without a
    path it lives in memory only.
    """

    SHARDS = 256

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # the folder of the files
        self._entries: dict[K, V] = {}
        self._used: set[K] = set()
        self._dirty: set[int] = set()  # the files whose entries changed since the last save
        self._loaded = path is None
        self.deferred = False

    def held(self) -> int:
        """Return how many entries the cache holds (reading its files first if not yet read).

        Not `__len__`: an empty cache is still a cache wherever one is tested for None.
        """
        if not self._loaded:
            self._load()
        return len(self._entries)

    def flush(self) -> None:
        """Save now, and after every run from here on."""
        self.deferred = False
        self.save()

    def _put(self, key: K, value: V) -> None:
        """Keep an entry (used by this run) and mark its file to be written."""
        self._used.add(key)
        self._entries[key] = value
        self._dirty.add(self._shard(key))

    def save(self) -> None:
        """Forget entries not used since the last save and write the files whose entries
        changed (unless deferred: then nothing happens until `flush`)."""
        if not self.deferred:
            self.saving()()

    def saving(self) -> SavedFiles:
        """Forget entries not used since the last save, as `save` does, and return what
        writes the files whose entries changed, each as its entries are now: to be called
        once, here or by a child process while this one goes on (`build.generate`)."""
        gone = self._entries.keys() - self._used
        for key in gone:
            del self._entries[key]
            self._dirty.add(self._shard(key))
        dirty, self._dirty, self._used = self._dirty, set(), set()
        if self.path is None or not dirty:
            return SavedFiles(self, {})
        shards: dict[int, dict[K, V]] = {number: {} for number in dirty}
        for key, value in self._entries.items():
            found = shards.get(self._shard(key))
            if found is not None:
                found[key] = value
        return SavedFiles(self, shards)

    def _prepare(self) -> bool:
        """Make the cache's folder for a save; tell whether its files can be written there."""
        assert self.path is not None
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            # Kith 0.1 kept the whole cache in one file beside the folder: it is read no more.
            self.path.with_name(self.path.name + _SHARD_SUFFIX).unlink(missing_ok=True)
        except OSError:
            return False
        return os.access(self.path, os.W_OK)

    def _write_file(self, stamp: str, number: int, entries: dict[K, V]) -> None:
        """Write one file of the cache (one without entries is removed)."""
        assert self.path is not None
        target = self.path / _shard_name(number)
        try:
            if entries:
                write_atomic(target, self._file_data(stamp, entries), folder_exists=True)
            else:
                target.unlink(missing_ok=True)
        except (ValueError, OSError):
            return  # a value marshal cannot hold, or a full disk: this file is not kept

    def _load(self) -> None:
        self._loaded = True
        assert self.path is not None
        stamp = self._stamp()
        try:
            names = sorted(os.listdir(self.path))
        except OSError:
            return  # no cache yet (or something else in its place): empty
        for name in names:
            number = _shard_number(name)
            if number is None:
                continue
            if number >= self.SHARDS:  # a file of code that kept more files: removed at the save
                self._dirty.add(number)
                continue
            try:
                found = self._read_file(self.path / name, stamp)
                if found is not None:
                    self._entries.update(found)
                    continue
            except Exception:  # a damaged or foreign file is simply not used
                pass
            self._dirty.add(number)  # and is written again (or removed) at the next save

    def _drop_damaged(self, key: K) -> None:
        """Forget an entry whose value turned out unreadable after its file was read (a value
        read only when wanted), and remove that file: whether or not this run saves again, it
        is not read again as it is."""
        self._entries.pop(key, None)
        self._used.discard(key)
        number = self._shard(key)
        self._dirty.add(number)
        if self.path is not None:
            # In a read-only cache it stays: the entry is drawn again each run, as if not kept.
            with contextlib.suppress(OSError):
                (self.path / _shard_name(number)).unlink(missing_ok=True)

    def _shard(self, key: K) -> int:
        """Return which file holds a key: a hash of it (keys are strings or bytes)."""
        data = key if isinstance(key, bytes) else str(key).encode("utf-8", "surrogatepass")
        return zlib.crc32(data) % self.SHARDS

    def _stamp(self) -> str:
        """Name the code whose entries these are; a file under another stamp is not read."""
        raise NotImplementedError

    def _file_data(self, stamp: str, entries: dict[K, V]) -> bytes:
        """Return the bytes of a file that keeps these entries."""
        return marshal.dumps((stamp, self._dump(entries)))

    def _read_file(self, path: Path, stamp: str) -> dict[K, V] | None:
        """Return the entries a file keeps; None when other code wrote it. Raise when it is
        damaged (any exception: the file is not used)."""
        found_stamp, payload = marshal.loads(path.read_bytes())
        return self._restore(payload) if found_stamp == stamp else None

    def _dump(self, entries: dict[K, V]) -> Any:
        """Return some entries as plain values `marshal` can write."""
        return entries

    def _restore(self, payload: Any) -> dict[K, V]:
        """Return the entries from what `_dump` gave; raise when it is not that."""
        raise NotImplementedError


_SHARD_SUFFIX = ".marshal"


def _shard_name(number: int) -> str:
    return f"{number:02x}{_SHARD_SUFFIX}"


def _shard_number(name: str) -> int | None:
    """Return the number of a cache file's name ("2f.marshal"), or None for another file."""
    stem = name.removesuffix(_SHARD_SUFFIX)
    if stem == name or len(stem) != 2 or stem.strip("0123456789abcdef"):
        return None
    return int(stem, 16)
