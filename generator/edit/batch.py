"""Write planned contact files all or nothing: on any failure, put back what was written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..disk import write_atomic


@dataclass(frozen=True, slots=True)
class FileWrite:
    """One file write: the bytes before (None for a new file) and after."""

    path: Path
    rel: str
    before: bytes | None
    after: bytes


class WriteError(Exception):
    """A write failed; the message says which file and whether the vault was restored."""


def apply_changes(changes: Sequence[FileWrite], step: Callable[[], None] | None = None) -> None:
    """Write every change; if one fails, undo the ones written before it and raise WriteError."""
    done: list[FileWrite] = []
    try:
        for change in changes:
            _check_untouched(change)
            write_atomic(change.path, change.after)
            done.append(change)
            if step is not None:
                step()
    except (OSError, WriteError) as exc:
        reason = str(exc) if isinstance(exc, WriteError) else f"{change.rel}: {exc.strerror or exc}"
        left = _roll_back(done)
        if left:
            raise WriteError(
                f"{reason}; could not restore {', '.join(left)}: check them by hand"
            ) from None
        raise WriteError(f"{reason}; nothing was changed") from None


def _check_untouched(change: FileWrite) -> None:
    """Refuse to write over a file that changed since the import was planned."""
    try:
        now: bytes | None = change.path.read_bytes()
    except FileNotFoundError:
        now = None
    if now != change.before:
        what = "appeared" if change.before is None else "changed"
        raise WriteError(f"{change.rel} {what} while importing")


def _roll_back(done: list[FileWrite]) -> list[str]:
    """Undo written changes, newest first; return the files that could not be restored."""
    left: list[str] = []
    for change in reversed(done):
        try:
            if change.before is None:
                Path(change.path).unlink(missing_ok=True)
            else:
                write_atomic(change.path, change.before)
        except OSError:
            left.append(change.rel)
    return left
