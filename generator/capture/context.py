"""What every source reader is handed: the window, the owner, the limits, where to report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .touches import Owner, Window, shown


@dataclass(frozen=True, slots=True)
class Context:
    """The settings of one capture run, as the readers need them."""

    window: Window
    owner: Owner
    root: Path  # the project folder: paths in messages are shown relative to it
    max_people: int = 20  # mail and meetings with more people than this are left out
    subjects: bool = True  # keep mail subjects and meeting summaries
    step: Callable[[int], None] | None = None  # progress: bytes or records done

    def rel(self, path: Path) -> str:
        """Return a path as messages show it."""
        return shown(path, self.root)

    def advance(self, amount: int) -> None:
        """Report progress, if anyone is watching."""
        if self.step is not None:
            self.step(amount)


BINARY_PROBE = 8192


def looks_binary(head: bytes) -> bool:
    """True for data that is no text file (a NUL byte in its first bytes)."""
    return b"\x00" in head[:BINARY_PROBE]


def read_prefix(path: Path, size: int = BINARY_PROBE) -> bytes:
    """Return the first bytes of a file."""
    with path.open("rb") as handle:
        return handle.read(size)
