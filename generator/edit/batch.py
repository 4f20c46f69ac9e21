"""Write many planned contact files all or nothing, each through the edit module's writer.

Every file is written as every edit is: under the file's lock, only if it still holds the bytes
the plan was made from, keeping its permissions, flushed to disk and renamed into place. When a
write fails, the files already written are put back (each only if it still holds what was
written), so the vault ends as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .writer import EditError, undo_planned, write_planned


@dataclass(frozen=True, slots=True)
class FileWrite:
    """One planned file write: the bytes before (None for a new file) and after."""

    path: Path
    rel: str
    before: bytes | None
    after: bytes


class WriteError(Exception):
    """A write failed; the message says which file and whether the vault was restored."""


def apply_changes(
    changes: Sequence[FileWrite],
    step: Callable[[], None] | None = None,
    doing: str = "importing",
) -> None:
    """Write every change; if one fails, undo the ones written before it and raise WriteError."""
    done: list[FileWrite] = []
    for change in changes:
        try:
            write_planned(change.path, change.rel, change.before, change.after, doing)
        except EditError as exc:
            left = _roll_back(done)
            if left:
                raise WriteError(
                    f"{_reason(exc)}; could not restore {', '.join(left)}: check them by hand"
                ) from None
            raise WriteError(f"{_reason(exc)}; nothing was changed") from None
        done.append(change)
        if step is not None:
            step()


def _reason(exc: EditError) -> str:
    """The refusal without the writer's own "nothing was changed", which depends on the batch."""
    return exc.message.removesuffix("; nothing was changed").removesuffix(" (nothing was changed)")


def _roll_back(done: list[FileWrite]) -> list[str]:
    """Undo written changes, newest first; return the files that could not be restored."""
    return [c.rel for c in reversed(done) if not undo_planned(c.path, c.rel, c.before, c.after)]
