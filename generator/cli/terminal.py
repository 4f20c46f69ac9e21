"""Text for a terminal: what a contact file holds is shown, never obeyed.

A name, a `knows` key or a log tag may carry escape sequences (an import, a pull request):
printed raw, they write to the clipboard (OSC 52), retitle the window, or move the cursor and
rewrite the lines above. Every C0 and C1 control character but the newline and the tab is
shown as a visible stand-in instead (`model.printable`, which problems use too, so MkDocs'
log is safe as well). Kith's own output never needs more than newlines and tabs; data formats
(an export to standard output, a completion script, JSON) go to the raw stream.
"""

from __future__ import annotations

import io
from typing import Any, TextIO, cast

from ..model import printable

__all__ = ["TerminalText", "for_people", "json_text", "printable"]

# JSON escapes C0 itself; C1 and DEL are written as \u escapes too (the same data, unreadable
# by a terminal).
_JSON = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def json_text(data: Any) -> str:
    """Return data as indented JSON with no control character left raw."""
    import json  # only the commands that print JSON need it

    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON)


class TerminalText(io.TextIOBase):
    """A text stream that makes control characters visible before they reach `raw`."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def writable(self) -> bool:
        return True


def for_people(raw: TextIO) -> TextIO:
    """Wrap a stream people read, so control characters are shown, not obeyed."""
    return cast(TextIO, TerminalText(raw))
