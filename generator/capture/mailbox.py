"""Read the header blocks of messages from an mbox file or a Maildir folder, never their bodies.

An mbox is read line by line: a message starts at a `From ` line that follows a blank line (or
that looks like a separator, `From sender Mon Nov 20 ...`), and only the lines up to the first
blank line after it (its headers) are kept; body lines are passed over as they stream by, so a
mailbox of any size is read in little memory. A Maildir message is one file, read up to the
end of its headers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_SEPARATOR = re.compile(rb"^From \S*\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ")
_BLANK = (b"\n", b"\r\n")
MAX_HEADER = 1 << 20  # a header block longer than this is no header block
_PROGRESS_EVERY = 1 << 22  # bytes between two progress reports


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's header block; `cut` when the file ends (or breaks) inside it."""

    number: int  # 1 for the first message of the file
    line: int  # the line of its `From ` separator (mbox) or 1 (Maildir)
    where: str  # the file, for messages
    headers: bytes
    cut: bool = False


def iter_mbox(path: Path, where: str, step: Callable[[int], None]) -> Iterator[RawMessage]:
    """Yield the header block of every message of an mbox file, in file order."""
    number = line_no = start = 0
    lines: list[bytes] = []
    size = in_headers = 0
    prev_blank = True
    done = 0
    with path.open("rb") as handle:
        for raw in handle:
            line_no += 1
            done += len(raw)
            if done >= _PROGRESS_EVERY:
                step(done)
                done = 0
            if raw.startswith(b"From ") and (prev_blank or _SEPARATOR.match(raw)):
                if in_headers and lines:  # (a separator right after another is no message)
                    yield RawMessage(number, start, where, b"".join(lines), cut=True)
                number, start, lines, size, in_headers = number + 1, line_no, [], 0, 1
                prev_blank = False
                continue
            prev_blank = raw in _BLANK
            if in_headers:
                if prev_blank:
                    in_headers = 0
                    yield RawMessage(number, start, where, b"".join(lines))
                elif size < MAX_HEADER:
                    lines.append(raw)
                    size += len(raw)
    step(done)
    if in_headers:
        yield RawMessage(number, start, where, b"".join(lines), cut=True)


def is_maildir(path: Path) -> bool:
    """True for a folder that holds a Maildir (cur/ and new/) or Maildir++ sub-folders."""
    return path.is_dir() and bool(_mail_folders(path))


def iter_maildir(
    path: Path, shown: Callable[[Path], str], step: Callable[[int], None]
) -> Iterator[RawMessage]:
    """Yield the header block of every message in a Maildir tree (cur/ and new/), sorted."""
    number = 0
    for folder in _mail_folders(path):
        for name in sorted(os.listdir(folder)):
            file = folder / name
            if name.startswith(".") or not file.is_file():
                continue
            number += 1
            headers, cut = _read_headers(file)
            step(len(headers))
            yield RawMessage(number, 1, shown(file), headers, cut)


def _mail_folders(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, _ in os.walk(root):
        dirs.sort()
        base = Path(folder)
        if base.name in ("cur", "new") and (base.parent / "cur").is_dir():
            found.append(base)
    return found


def _read_headers(file: Path) -> tuple[bytes, bool]:
    lines: list[bytes] = []
    size = 0
    with file.open("rb") as handle:
        for raw in handle:
            if raw in _BLANK:
                return b"".join(lines), False
            if size < MAX_HEADER:
                lines.append(raw)
                size += len(raw)
    return b"".join(lines), not lines  # headers without a body are a whole message
