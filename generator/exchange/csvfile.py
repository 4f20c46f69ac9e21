"""Read exported text files: decode them, find the header row of a CSV, yield rows with lines."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Problem, not_utf8
from .records import InputFileError, fail

_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive: unzip it first and import the file inside"),
    (b"%PDF", "a PDF document, not an export"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook: save it as CSV (UTF-8) first"),
)


def decode_text(data: bytes, path: str) -> str:
    """Decode an export: UTF-8 (with or without a BOM) or UTF-16 with a BOM, else say where."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise fail(path, 1, f"this is {what}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail(path, 1, "broken UTF-16 text; export the file again") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, byte = not_utf8(exc)
        raise fail(
            path, line, f"not UTF-8 text (byte {byte}); export the file again as UTF-8"
        ) from None


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the file line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """Return a cell, stripped, or '' when the column is missing."""
        return self.cells.get(column, "").strip()


HeaderTest = Callable[[list[str]], bool]
_HEADER_SEARCH = 50


def read_rows(text: str, path: str, is_header: HeaderTest, what: str, needs: str) -> Iterator[Row]:
    """Yield the rows after the first row `is_header` accepts; blank and comma-only rows skipped.

    `what` names the format, `needs` the columns its header must have (said when none has)."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text, is_header), strict=True)
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                if is_header([c.strip() for c in cells]):
                    header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise fail(
                    path, line, f"row has {len(cells)} cells but the header has {len(header)}"
                )
            yield Row(line, dict(zip(header, cells, strict=False)))
    except csv.Error as exc:
        if header is None:  # read with the wrong delimiter: no header of this kind was found
            raise _not_this_kind(text, path, what, needs) from None
        raise fail(path, reader.line_num, f"not valid CSV ({exc})") from None
    if header is None:
        raise _not_this_kind(text, path, what, needs)


def _not_this_kind(text: str, path: str, what: str, needs: str) -> InputFileError:
    first = text.lstrip().split("\n", 1)[0][:60].strip()
    said = f"no header row naming {needs}; the file starts {first!r}"
    return fail(path, 1, f"not {what}: {said}")


def _dialect(text: str, is_header: HeaderTest) -> type[csv.Dialect]:
    # Try each delimiter on the first lines until one splits a line into a header: preamble
    # notes and free text confuse csv.Sniffer, the header itself never does.
    for line in text.splitlines()[:_HEADER_SEARCH]:
        for delimiter in ",;\t":
            cells = [c.strip().strip('"').strip() for c in line.split(delimiter)]
            if len(cells) > 1 and is_header(cells):
                return type("Found", (csv.excel,), {"delimiter": delimiter})
    return csv.excel


def raise_problems(errors: list[Problem]) -> None:
    """Raise once for every problem collected while reading rows."""
    if errors:
        raise InputFileError(errors)
