"""`kith capture notes`: mentions of contacts in your own Markdown notes (a journal, meetings).

A note counts when it carries a date (front matter `date:`, or a file name that starts with
YYYY-MM-DD) and links a contact as `[[slug]]`, `[[Name]]`, `[[slug|label]]` or
`[[Name#heading]]`: one entry per note and contact, "mentioned in journal/2026-11-20.md".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..model import MENTIONED
from .context import Context, looks_binary
from .touches import Findings, Handle, Touch, refuse

SLUG = "slug"  # a wiki-link target that may be a contact's slug as well as a name
_LINK = re.compile(r"\[\[([^\]\[|#\n]+)(?:#[^\]\[|\n]*)?(?:\|[^\]\[\n]*)?\]\]")
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def read_notes(path: Path, ctx: Context) -> Findings:
    """Read a folder of notes (or one note) into one mention per note and contact."""
    found = Findings()
    files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
    if not path.exists():
        raise refuse(ctx.rel(path), 0, "no such file or folder")
    for file in files:
        _read_note(file, ctx, found)
    return found


def _read_note(file: Path, ctx: Context, found: Findings) -> None:
    rel = ctx.rel(file)
    data = file.read_bytes()
    if looks_binary(data):
        found.warn(rel, 0, "not a text file; left out")
        return
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    day = _date(text, file, rel, found)
    if day is None:
        found.skip("notes without a date")
        return
    targets = list(dict.fromkeys(m.group(1).strip() for m in _LINK.finditer(text)))
    if not targets or not ctx.window.holds(day):
        return
    for target in targets:
        found.touches.append(
            Touch(
                key=rel,
                date=day,
                people=(Handle(SLUG, target, target),),
                tag="",
                label="mention",
                single=True,
                subject=f"{MENTIONED}{rel}",
            )
        )


def _date(text: str, file: Path, rel: str, found: Findings) -> dt.date | None:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                front = yaml.load(text[3:end], Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                found.warn(
                    rel,
                    1,
                    "its front matter is not valid YAML; its date is read from the file name",
                )
                front = None
            value = front.get("date") if isinstance(front, dict) else None
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str) and _DATED_NAME.match(value):
                return _iso(value[:10])
    match = _DATED_NAME.match(file.name)
    return _iso(match.group(1)) if match else None


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
