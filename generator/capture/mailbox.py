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
from typing import BinaryIO

_SEPARATOR = re.compile(rb"^From \S*\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ")
_BLANK = (b"\n", b"\r\n")
MAX_HEADER = 1 << 20  # a header block longer than this is no header block
_CHUNK = 1 << 22  # bytes read at a time


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message's header block; `cut` when the file ends (or breaks) inside it."""

    number: int  # 1 for the first message of the file; 0 for a file that is one message
    line: int  # the line of its `From ` separator (mbox) or 1 (Maildir)
    where: str  # the file, for messages
    headers: bytes
    cut: bool = False


def iter_mbox(path: Path, where: str, step: Callable[[int], None]) -> Iterator[RawMessage]:
    """Yield the header block of every message of an mbox file, in file order."""
    with path.open("rb") as handle:
        yield from _Scanner(handle, where, step).messages()


class _Scanner:
    """Walk an mbox in large chunks: `bytes.find` skips the bodies, only headers are cut out.

    `buf` holds the unread part of the file from absolute offset `base`; `line_at` is the line
    number of offset `counted`, so the line of any later offset is found by counting line
    breaks from there (in C), never from the start.
    """

    def __init__(self, handle: BinaryIO, where: str, step: Callable[[int], None]) -> None:
        self.handle, self.where, self.step = handle, where, step
        self.buf = b""
        self.base = 0  # file offset of buf[0]
        self.counted, self.line_at = 0, 1
        self.eof = False

    def messages(self) -> Iterator[RawMessage]:
        number = 0
        at = self._first_separator()
        while at is not None:
            number += 1
            line = self._line_of(at)
            start = self._line_end(at)
            end, cut, after = self._headers_end(start)
            headers = self.buf[start - self.base : end - self.base][:MAX_HEADER]
            if headers.strip() or not cut:  # (a separator right after another is no message)
                yield RawMessage(number, line, self.where, headers.replace(b"\r\n", b"\n"), cut)
            at = after if after is not None else self._next_separator(end)

    def _fill(self) -> bool:
        """Read the next chunk; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        self.step(len(chunk))
        return True

    def _drop(self, upto: int) -> None:
        """Forget the file before absolute offset `upto` (counting its lines first)."""
        self._line_of(upto)
        cut = upto - self.base
        self.buf = self.buf[cut:]
        self.base = upto

    def _line_of(self, offset: int) -> int:
        self.line_at += self.buf.count(b"\n", self.counted - self.base, offset - self.base)
        self.counted = offset
        return self.line_at

    def _first_separator(self) -> int | None:
        while self._fill() and len(self.buf) < 5:
            pass
        index = 0
        while index < len(self.buf) and self.buf[index : index + 1] in (b"\n", b"\r"):
            index += 1
        return self.base + index if self.buf[index : index + 5] == b"From " else None

    def _line_end(self, at: int) -> int:
        """Return the offset after the line starting at `at`."""
        while True:
            found = self.buf.find(b"\n", at - self.base)
            if found != -1:
                return self.base + found + 1
            if not self._fill():
                return self.base + len(self.buf)

    def _headers_end(self, start: int) -> tuple[int, bool, int | None]:
        """Return where the headers from `start` end, whether they were cut, and a separator
        found inside them (a message whose headers never ended)."""
        while True:
            rel = start - self.base
            if self.buf[rel : rel + 1] == b"\n" or self.buf[rel : rel + 2] == b"\r\n":
                return start, False, None  # no headers at all
            blank = _blank_line(self.buf, rel)
            inner = self._separator_in(rel, blank if blank != -1 else len(self.buf))
            if inner is not None:
                return inner, True, inner
            if blank != -1:
                return self.base + blank, False, None
            if len(self.buf) - rel > MAX_HEADER * 4 or not self._fill():
                return self.base + len(self.buf), True, None

    def _separator_in(self, rel: int, stop: int) -> int | None:
        index = self.buf.find(b"\nFrom ", rel - 1 if rel else 0, stop)
        while index != -1:
            if _is_separator(self.buf, index + 1):
                return self.base + index + 1
            index = self.buf.find(b"\nFrom ", index + 1, stop)
        return None

    def _next_separator(self, start: int) -> int | None:
        """Find the next message's `From ` line after `start`, reading on as needed."""
        rel = start - self.base
        while True:
            index = self.buf.find(b"\nFrom ", max(rel - 1, 0))
            while index != -1:
                if index + 2 >= len(self.buf) or self.buf.find(b"\n", index + 1) == -1:
                    break  # the candidate line is not whole yet: read on
                if _is_separator(self.buf, index + 1):
                    return self.base + index + 1
                index = self.buf.find(b"\nFrom ", index + 1)
            # Keep the bytes a separator split by the chunk needs: its line break and the
            # blank line before it.
            keep = max(len(self.buf) - 8, rel - 3, 0) if index == -1 else max(index - 3, 0)
            self._drop(self.base + keep)
            rel = 0
            if not self._fill():
                return None


def _blank_line(buf: bytes, rel: int) -> int:
    """Return the offset of the blank line that ends the headers starting at `rel` (-1: none).

    The search looks a little way ahead first and then further, so that a file with only one
    kind of line break is not scanned to the end of the chunk for the other kind.
    """
    size = 4096
    while True:
        end = min(rel + size, len(buf))
        found = [i + 1 for i in (buf.find(b"\n\n", rel, end), buf.find(b"\n\r\n", rel, end))]
        found = [i for i in found if i]
        if found:
            return min(found)
        if end == len(buf):
            return -1
        size *= 4


def _is_separator(buf: bytes, at: int) -> bool:
    """A `From ` line starts a message after a blank line, or when it looks like a separator.

    `at` is at least 1 (a line break precedes it); the scanner keeps 3 bytes before it.
    """
    before = buf[max(at - 3, 0) : at]
    if before.endswith((b"\n\n", b"\n\r\n")):
        return True
    end = buf.find(b"\n", at)
    return _SEPARATOR.match(buf[at : end if end != -1 else len(buf)]) is not None


def is_maildir(path: Path) -> bool:
    """True for a folder that holds a Maildir (cur/ and new/) or Maildir++ sub-folders."""
    return path.is_dir() and bool(_mail_folders(path))


def iter_maildir(
    path: Path, shown: Callable[[Path], str], step: Callable[[int], None]
) -> Iterator[RawMessage]:
    """Yield the header block of every message in a Maildir tree (cur/ and new/), sorted.

    Each file is one message: it is named by the file alone (number 0), never by a count of
    the messages of the whole tree, which would say nothing more and change with every file
    added before it."""
    for folder in _mail_folders(path):
        for name in sorted(os.listdir(folder)):
            file = folder / name
            if name.startswith(".") or not file.is_file():
                continue
            headers, cut = _read_headers(file)
            step(len(headers))
            yield RawMessage(0, 1, shown(file), headers, cut)


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
