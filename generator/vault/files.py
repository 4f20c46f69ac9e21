"""Which files of people/ are contacts: `*.md`, hidden folders skipped, nothing outside people/.

A contact file can arrive in a pull request as a symbolic link. One that leads outside the
folder (to `~/.ssh/config`, another repository, a file the owner never meant to publish) is
not read: it is reported instead, and since edits only reach files found here, it is never
written through either. Links to folders are not followed, as `os.walk` does not follow them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..disk import open_regular, read_to_end, stat_facts


@dataclass(frozen=True, slots=True)
class Found:
    """A contact file (`outside` empty), or a link that leads outside people/ (where to)."""

    path: str
    rel: str
    outside: str = ""


def read_contact_stat(path: str) -> tuple[bytes, tuple[tuple[int, int, int, int, int], int]]:
    """Return the bytes of a contact file, with what `stat` said of it before it was read and
    the time it was asked (`vault/cache.file_stat`'s shape: the status `open` gives anyway).
    OSError if it cannot be read or is no regular file (a FIFO named `*.md` is refused, never
    waited on: `disk.open_regular`)."""
    fd, status = open_regular(path)
    try:
        asked = time.time_ns()
        return read_to_end(fd, status.st_size), (stat_facts(status), asked)
    finally:
        os.close(fd)


def is_contact_name(name: str) -> bool:
    """Tell whether a file name is a contact file's (`*.md`, not hidden)."""
    return name.endswith(".md") and not name.startswith(".")


def is_hidden_folder(name: str) -> bool:
    """Tell whether a folder of people/ is skipped with all it holds (`.git`, `.obsidian`)."""
    return name.startswith(".")


def walk_people(people_dir: Path, root: Path) -> Iterator[Found]:
    """Yield every contact file in a stable order (folders depth first, names sorted)."""
    base = os.path.realpath(people_dir)
    for folder, entries in folders_of(people_dir):
        prefix = _prefix(folder, root)
        for entry in entries:
            if entry.is_symlink() or is_contact_name(entry.name):
                found = _link_or_file(entry, prefix, base)
                if found is not None:
                    yield found


def folders_of(
    people_dir: Path, hidden: bool = False
) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """Yield each folder of people/ that is read, with its entries that are not folders, names
    sorted: hidden folders skipped (unless `hidden`), links to folders not followed, depth
    first. The loader (`walk_people`) and the watcher of `mkdocs serve` (`vault/watch.py`)
    both walk this way."""
    stack = [str(people_dir)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed holds nothing
        folders, others = [], []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if hidden or not is_hidden_folder(entry.name):
                    folders.append(entry.path)
            else:
                others.append(entry)
        yield folder, others
        stack.extend(reversed(folders))


def _link_or_file(entry: os.DirEntry[str], prefix: str, base: str) -> Found | None:
    rel = prefix + entry.name
    if not entry.is_symlink():
        return Found(entry.path, rel)
    if entry.is_dir() and is_hidden_folder(entry.name):
        return None
    if not entry.is_dir() and not is_contact_name(entry.name):
        return None
    target = os.path.realpath(entry.path)
    if os.path.commonpath((base, target)) != base:
        return Found(entry.path, rel, target)
    return None if entry.is_dir() else Found(entry.path, rel)


def _prefix(folder: str, root: Path) -> str:
    try:
        rel = Path(folder).relative_to(root).as_posix()
    except ValueError:
        rel = Path(folder).as_posix()
    return "" if rel == "." else f"{rel}/"
