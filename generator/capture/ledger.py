"""What `kith capture` has already captured, remembered as hashes in a file kept with the vault.

`kith-captured.txt`, beside mkdocs.yml, holds one line per captured interaction and contact:
the source, the interaction's day and a hash of the source's own identity of it (a calendar UID
and recurrence id, a Message-ID, a chat and day, a call's time and number) with the contact's
slug. No subject, address or name is written: the hash is BLAKE2b, 96 bits, so a Message-ID or
UID cannot be read back from it. The lines are sorted, so the file changes in git as a small,
readable diff and merges cleanly. Commit it with `people/`: it is what makes a capture safe to
run again, on the same export or a newer one that overlaps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..disk import blake2b, write_atomic
from .touches import refuse

FILE_NAME = "kith-captured.txt"
HEADER = (
    "# kith capture: what was captured, as hashes (no text, no addresses). Keep it in git\n"
    "# beside people/: it makes running capture again add nothing twice.\n"
)


def entry_hash(source: str, slug: str, key: str) -> str:
    """Return the hash that stands for one interaction of one contact."""
    data = f"{source}\x00{slug}\x00{key}".encode()
    return blake2b(data, digest_size=12, person=b"kith-capture").hexdigest()


@dataclass
class Ledger:
    """The hashes already captured, and the lines a run adds."""

    path: Path
    lines: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)

    def __contains__(self, digest: str) -> bool:
        return digest in self.hashes

    def add(self, source: str, day: dt.date, digest: str) -> None:
        """Remember one hash (written by `save`)."""
        if digest not in self.hashes:
            self.hashes.add(digest)
            self.added.add(f"{source} {day.isoformat()} {digest}")

    def save(self) -> None:
        """Write the file again with the new lines, sorted; durable and atomic."""
        if not self.added:
            return
        text = HEADER + "".join(f"{line}\n" for line in sorted(self.lines | self.added))
        write_atomic(self.path, text.encode("utf-8"), durable=True)
        self.lines |= self.added
        self.added = set()


def read_ledger(root: Path) -> Ledger:
    """Read `kith-captured.txt` from the project folder (an empty ledger when there is none)."""
    path = root / FILE_NAME
    ledger = Ledger(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ledger
    except (OSError, UnicodeDecodeError) as exc:
        raise refuse(FILE_NAME, 0, f"cannot read ({exc})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or len(parts[2]) != 24:
            raise refuse(FILE_NAME, number, "not a line kith capture writes; fix or remove it")
        ledger.lines.add(line.strip())
        ledger.hashes.add(parts[2])
    return ledger
