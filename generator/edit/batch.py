"""Write and remove many planned contact files all or nothing, under the edit module's guarantees.

Each planned file is first written beside its target as a temporary file, and all of them are
flushed to disk (one by one, or with one `sync` for a large batch: ten thousand flushes cost
seconds). Then, in order, each change takes the file's lock and goes ahead only if the file
still holds the bytes the plan was made from: a write renames its temporary file into place
keeping the file's permissions, a new file takes its name only if the name is free, and a
removal moves the file aside. When a change is refused, or the run is interrupted (Ctrl-C),
the changes already made are undone (each only if the file still holds what was written) and
nothing is left behind; otherwise the files moved aside are deleted and the folders flushed,
so the renames survive a crash too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..disk import CAN_SYNC_ALL, NEW_FILE_MODE, link_new, stage_file, sync_all, sync_folders
from .writer import EditError, check_planned, locked

_FLUSH_EACH_UP_TO = 64  # files; a larger batch is flushed with one sync


@dataclass(frozen=True, slots=True)
class FileWrite:
    """One planned file write: the bytes before (None for a new file) and after.

    `checked`: the writer has loaded `after` cleanly already (see `planned_write`).
    """

    path: Path
    rel: str
    before: bytes | None
    after: bytes
    checked: bool = False


@dataclass(frozen=True, slots=True)
class FileRemove:
    """One planned removal of a contact file, which must still hold `before`."""

    path: Path
    rel: str
    before: bytes


PlannedChange = FileWrite | FileRemove


class WriteError(Exception):
    """A change failed; the message says which file and whether the vault was restored."""


def planned_write(path: Path, rel: str, before: bytes | None, after: bytes) -> FileWrite:
    """Plan a write of bytes the loader reads cleanly; refuse others (EditError, with problems)."""
    check_planned(after, path.stem, rel)
    return FileWrite(path, rel, before, after, checked=True)


@dataclass
class _Done:
    change: PlannedChange
    aside: Path | None = None  # where a removed file waits until the batch succeeds


@dataclass
class _Batch:
    doing: str
    staged: dict[int, Path] = field(default_factory=dict)
    done: list[_Done] = field(default_factory=list)
    folders: set[Path] = field(default_factory=set)


def apply_changes(
    changes: Sequence[PlannedChange],
    step: Callable[[], None] | None = None,
    doing: str = "importing",
) -> None:
    """Make every change; if one fails, undo the ones made before it and raise WriteError."""
    batch = _Batch(doing)
    try:
        _check(changes)
        _stage(changes, batch)
        for index, change in enumerate(changes):
            batch.done.append(_make(change, batch.staged.get(index), doing))
            batch.folders.add(change.path.parent)
            if step is not None:
                step()
    except (EditError, KeyboardInterrupt) as exc:
        # A change refused, or Ctrl-C part-way: put back what was done.
        left = [d.change.rel for d in reversed(batch.done) if not _undo(d)]
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else _reason(exc)
        if left:
            raise WriteError(
                f"{why}; could not restore {', '.join(left)}: check them by hand"
            ) from None
        if isinstance(exc, KeyboardInterrupt):
            raise  # and stop, as asked
        raise WriteError(f"{why}; nothing was changed") from None
    finally:
        for tmp in batch.staged.values():
            tmp.unlink(missing_ok=True)
    for done in batch.done:
        if done.aside is not None:
            done.aside.unlink(missing_ok=True)
    sync_folders(batch.folders)


def _check(changes: Sequence[PlannedChange]) -> None:
    for change in changes:
        if isinstance(change, FileWrite) and not change.checked:
            check_planned(change.after, change.path.stem, change.rel)


def _stage(changes: Sequence[PlannedChange], batch: _Batch) -> None:
    writes = [(i, c) for i, c in enumerate(changes) if isinstance(c, FileWrite)]
    one_sync = CAN_SYNC_ALL and len(writes) > _FLUSH_EACH_UP_TO
    for index, change in writes:
        try:
            batch.staged[index] = stage_file(change.path, change.after, flush=not one_sync)
        except OSError as exc:
            raise EditError(f"{change.rel}: cannot write ({exc.strerror})") from None
    if one_sync:
        sync_all()


def _make(change: PlannedChange, staged: Path | None, doing: str) -> _Done:
    if isinstance(change, FileRemove):
        return _Done(change, _remove(change, doing))
    assert staged is not None
    write_planned(change.path, change.rel, change.before, staged, doing)
    return _Done(change)


def write_planned(path: Path, rel: str, before: bytes | None, staged: Path, doing: str) -> None:
    """Put one staged file in place: a new file only where the name is free, an existing one
    under its lock and only if it still holds `before`, keeping its permissions."""
    if before is None:
        os.chmod(staged, NEW_FILE_MODE)
        try:
            link_new(staged, path)
        except FileExistsError:
            raise EditError(f"{rel} appeared while {doing}") from None
        except OSError as exc:
            raise EditError(f"{rel}: cannot write ({exc.strerror})") from None
        return
    with locked(path, rel) as (data, mode):
        if data != before:
            raise EditError(f"{rel} changed while {doing}")
        os.chmod(staged, mode)
        os.replace(staged, path.resolve())


def _remove(change: FileRemove, doing: str) -> Path:
    """Move the file aside (kept until the whole batch succeeds); return where it went."""
    real = change.path.resolve()
    with locked(change.path, change.rel) as (data, _mode):
        if data != change.before:
            raise EditError(f"{change.rel} changed while {doing}")
        import tempfile  # as in disk.stage_file: only a run that writes needs it

        fd, aside = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".removed", dir=real.parent)
        os.close(fd)
        os.replace(real, aside)
    return Path(aside)


def _undo(done: _Done) -> bool:
    """Put back what a change did, if the file still holds what the change left; True if so."""
    change = done.change
    try:
        if isinstance(change, FileRemove):
            assert done.aside is not None
            link_new(done.aside, change.path)
            return True
        if change.before is None:
            try:
                if change.path.read_bytes() == change.after:
                    change.path.unlink()
            except FileNotFoundError:
                pass
            return True
        with locked(change.path, change.rel) as (data, mode):
            if data == change.after:
                tmp = stage_file(change.path, change.before, flush=True)
                os.chmod(tmp, mode)
                os.replace(tmp, change.path.resolve())
        return True
    except (OSError, EditError):
        return False


def _reason(exc: EditError) -> str:
    """The refusal without the writer's own "nothing was changed", which depends on the batch."""
    return exc.message.removesuffix("; nothing was changed").removesuffix(" (nothing was changed)")
