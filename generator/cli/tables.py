"""Plain-text tables for the terminal: aligned columns, wide characters counted as two."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def text_width(text: str) -> int:
    """Return how many terminal columns a text takes."""
    if text.isascii():  # every ASCII character takes one column: most cells, at once
        return len(text)
    if max(text) < "\u0300":  # Latin letters with their accents: no mark, nothing wide
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: int = 2) -> str:
    """Align columns under their headers; the last column is not padded."""
    measured = [[text_width(cell) for cell in row] for row in (headers, *rows)]
    widths = [max(column) for column in zip(*measured, strict=True)]
    lines = []
    for row, sizes in zip((headers, *rows), measured, strict=True):
        cells = [
            cell + " " * (width - size) if index < len(row) - 1 else cell
            for index, (cell, width, size) in enumerate(zip(row, widths, sizes, strict=True))
        ]
        lines.append(" " * indent + "  ".join(cells).rstrip())
    return "\n".join(lines)


def titled_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return a title line, then the table (or "none")."""
    if not rows:
        return f"{title}\n  none"
    return f"{title}\n{format_table(headers, rows)}"
