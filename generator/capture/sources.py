"""Every capture source by name: which files it reads, and the reader for one of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .calendar import read_calendar
from .context import Context
from .mail import read_mail
from .mailbox import is_maildir
from .notes import read_notes
from .phone import read_phone
from .telegram import read_telegram
from .touches import CaptureInputError, Findings, refuse
from .whatsapp import read_whatsapp

Reader = Callable[[Path, Context], Findings]


@dataclass(frozen=True, slots=True)
class Source:
    """A kind of export: its reader, and the files it takes from a folder given as PATH."""

    read: Reader
    patterns: tuple[str, ...] = ()  # a folder's files of this kind; () : the folder itself


SOURCES: dict[str, Source] = {
    "calendar": Source(read_calendar, ("*.ics",)),
    "mail": Source(read_mail),
    "whatsapp": Source(read_whatsapp, ("*.txt", "*.zip")),
    "telegram": Source(read_telegram),
    "calls": Source(read_phone, ("calls-*.xml", "sms-*.xml", "calls.xml", "sms.xml")),
    "notes": Source(read_notes),
}


def read_sources(
    kind: str, paths: Sequence[Path], ctx: Context, unchanged: Callable[[Path], bool]
) -> Findings:
    """Read every PATH of one kind; a file that cannot be read stops the run (nothing written).

    Files `unchanged` says an earlier run read in full are passed over and counted.
    """
    source = SOURCES[kind]
    found = Findings()
    problems = []
    for path in _files(source, paths, ctx):
        if unchanged(path):
            found.unchanged.append(path)
            continue
        found.read.append(path)
        try:
            part = source.read(path, ctx)
        except CaptureInputError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.extend(refuse(ctx.rel(path), 0, f"cannot read ({exc.strerror})").problems)
            continue
        found.files.append(part.touches)
        found.problems.extend(part.problems)
        for why, count in part.skipped.items():
            found.skipped[why] = found.skipped.get(why, 0) + count
    if problems:
        raise CaptureInputError(problems)
    return found


def _files(source: Source, paths: Sequence[Path], ctx: Context) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise refuse(ctx.rel(path), 0, "no such file or folder")
        if path.is_dir() and source.read is read_mail and not is_maildir(path):
            files.extend(_mbox_files(path, ctx))
        elif path.is_dir() and source.patterns:
            inside = sorted({f for p in source.patterns for f in path.glob(p) if f.is_file()})
            if not inside:
                wanted = ", ".join(source.patterns)
                raise refuse(ctx.rel(path), 0, f"a folder with no file of this kind ({wanted})")
            files.extend(inside)
        else:
            files.append(path)
    return files


def _mbox_files(folder: Path, ctx: Context) -> list[Path]:
    """The mbox files in a folder: `*.mbox` (Gmail, Thunderbird exports) and Apple Mail's `mbox`."""
    found = sorted(
        p for p in folder.rglob("*") if p.is_file() and (p.suffix == ".mbox" or p.name == "mbox")
    )
    if not found:
        raise refuse(ctx.rel(folder), 0, "a folder that is no Maildir and holds no mbox file")
    return found


def total_size(paths: Sequence[Path]) -> int:
    """Return the bytes a run will read at most, for a progress bar."""
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total
