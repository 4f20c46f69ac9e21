"""Which source files a capture already read in full, so running it again can pass them over.

A cache, in `.cache/kith/capture-sources.json`: for each file read by a run that was written
(not a dry run), its size, modification time and a hash of its first and last megabyte, with
a fingerprint of everything that decides what a file gives: Kith's version, the kind, the day,
the window, your `me`, `timezone` and `max_recipients` settings, and every contact's names and
addresses.
A file whose entry still matches gives nothing new and is not read again; any change (a file
that grew, a new contact, another day) reads it in full. Losing the cache costs only time:
the ledger (`kith-captured.txt`) is what keeps entries from being added twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..disk import blake2b, write_atomic
from ..model import Vault
from .context import Context

FILE_NAME = "capture-sources.json"
_EDGE = 1 << 20  # bytes hashed at each end of a file


def fingerprint(kind: str, ctx: Context, vault: Vault) -> str:
    """Return a hash of everything besides a file's bytes that decides what it gives."""
    window, owner = ctx.window, ctx.owner
    parts: list[object] = [
        __version__,  # a newer Kith may read a file differently (a fix of what it left out)
        kind,
        str(window.today),
        str(window.since),
        str(window.until),
        window.horizon,
        window.zone.key,
        sorted(owner.emails),
        sorted(owner.phones),
        sorted(owner.names),
        owner.region,
        ctx.max_people,
        ctx.subjects,
    ]
    parts.extend(
        (p.slug, p.name, p.all_emails, p.all_phones, p.aliases, p.linkedin) for p in vault.people
    )
    return blake2b(json.dumps(parts, default=str).encode(), digest_size=16).hexdigest()


def _stamp(path: Path) -> list[object] | None:
    """Return what identifies a file's content cheaply: size, time, hashes of both ends."""
    try:
        info = path.stat()
        with path.open("rb") as handle:
            head = handle.read(_EDGE)
            handle.seek(max(info.st_size - _EDGE, 0))
            tail = handle.read(_EDGE)
    except OSError:
        return None
    digest = blake2b(head + tail, digest_size=16).hexdigest()
    return [info.st_size, info.st_mtime_ns, digest]


@dataclass
class Seen:
    """The files read by earlier runs, and the fingerprint of this one."""

    path: Path
    print_: str
    entries: dict[str, list[object]] = field(default_factory=dict)

    def unchanged(self, file: Path) -> bool:
        """True when this file was read in full by a run like this one and has not changed."""
        if not file.is_file():
            return False
        entry = self.entries.get(str(file.resolve()))
        return entry is not None and entry == [self.print_, *(_stamp(file) or [None])]

    def remember(self, files: Iterable[Path]) -> None:
        """Record files read in full by this run (after its entries were written)."""
        for file in files:
            stamp = _stamp(file) if file.is_file() else None
            if stamp is not None:
                self.entries[str(file.resolve())] = [self.print_, *stamp]
        data = json.dumps(self.entries, indent=0, sort_keys=True).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data)
        except OSError:
            pass  # a cache: without it the next run reads everything again


def read_seen(cache_dir: Path, print_: str) -> Seen:
    """Read the cache (empty when missing or unreadable)."""
    path = cache_dir / FILE_NAME
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = {}
    if not isinstance(entries, dict):
        entries = {}
    return Seen(path, print_, entries)
