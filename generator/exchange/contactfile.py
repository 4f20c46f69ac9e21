"""The text of contact files an import creates or fills in, made in memory with the edit module.

The import plans every file before it writes any (all or nothing), so it uses the edit module's
text changes (`frontedit`, `tieedit`, `logedit`), which keep every byte they do not mean to
change, rather than its one-file-at-a-time writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from anyascii import anyascii

from ..edit.front import LayoutError, set_value
from ..edit.front import yaml_scalar as scalar
from ..edit.knows import with_tie
from ..edit.log import entry_line, insert_entry
from ..edit.writer import ContactText
from ..model import Interaction
from ..vault.slugs import SlugError
from ..vault.slugs import make_slug as _make_slug
from ..vault.ties import tie_entry

__all__ = ["LayoutError", "filled_text", "make_slug", "new_contact_text"]

TieSpec = tuple[str, int, str]


def make_slug(name: str) -> str:
    """Make a file-name slug from a name (`María López` -> `maria-lopez`); '' when none."""
    try:
        return _make_slug(name)
    except SlugError:
        # A name with a '/' is no file name, but its words still make a slug.
        words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
        return _make_slug(" ".join(words)) if words else ""


def log_line(entry: Interaction) -> str:
    """Write a log entry as its `## Log` bullet, links (intro, via, next) included."""
    return entry_line(entry)


def new_contact_text(
    fields: Sequence[tuple[str, Any]],
    knows: Sequence[TieSpec] = (),
    notes: str = "",
    log: Sequence[Interaction] = (),
    private: str = "",
) -> str:
    """Write a new contact file: the fields in order, ties, notes, the log, a private part."""
    lines = ["---", *(f"{key}: {scalar(value)}" for key, value in fields)]
    if knows:
        lines.append("knows:")
        lines.extend(f"  {tie_entry(o, s, h)}" for o, s, h in knows)
    lines.append("---")
    if notes:
        lines.extend([notes, ""])
    lines.extend(["## Log", *(log_line(e) for e in sorted(log, key=lambda e: e.date))])
    if private:
        lines.extend(["", "## Private", private])
    return "\n".join(lines) + "\n"


def filled_text(
    text: str,
    fields: Sequence[tuple[str, Any]],
    knows: Sequence[TieSpec] = (),
    notes: str = "",
    log: Sequence[Interaction] = (),
) -> str:
    """Set fields, add ties, notes (where there were none) and log entries to a contact's text."""
    doc = ContactText.cut(text)
    front = doc.front
    for key, value in fields:
        if isinstance(value, (list, tuple)):
            front = set_value(front, key, [str(v) for v in value], doc.nl)
        else:
            front = set_value(front, key, scalar(value), doc.nl)
    for other, strength, how in knows:
        front = with_tie(front, other, strength, how, doc.nl)
    text = doc.with_front(front)
    for entry in log:
        text = insert_entry(
            text, ContactText.cut(text).body_start, log_line(entry), entry.date, doc.nl
        )
    if notes:
        start = ContactText.cut(text).body_start
        block = doc.nl.join(notes.split("\n")) + doc.nl + doc.nl
        text = text[:start] + block + text[start:]
    return text
