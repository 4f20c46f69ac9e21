"""The text of contact files an import creates or fills in, made in memory.

This is the one place the import touches contact-file text, kept to additions: new files, and in
existing files new keys before the closing fence, a value for a key left empty, a tie under a
block `knows:`, log entries at the end of `## Log`, notes where there were none. Every byte it
does not mean to change stays. (Meant to give way to the edit module once that is merged.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

import yaml
from anyascii import anyascii

from ..body import split_sections
from ..frontmatter import split_front_matter

Tie = tuple[str, int, str]
_PLAIN = re.compile(r"\w[\w .,'&/+@()#:?=%~-]*(?<! )")
_EMPTY_VALUE = re.compile(r"^[ \t]*(?:|~|null|Null|NULL|''|\"\")[ \t]*(?:#.*)?$")


class LayoutError(Exception):
    """A change the file's layout does not allow without rewriting parts of it."""


def make_slug(name: str) -> str:
    """Make a file-name slug from a name (`María López` -> `maria-lopez`); '' when none."""
    words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def scalar(value: Any, flow: bool = False) -> str:
    """Write a value as YAML that reads back as exactly that value (in a `[...]` list if flow)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text):
        document = f"[{text}]" if flow else f"k: {text}"
        try:
            if yaml.load(document, Loader=yaml.CSafeLoader) == ([text] if flow else {"k": text}):
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _tie_value(strength: int, how: str) -> str:
    return f"{{strength: {strength}, how: {scalar(how, flow=True)}}}" if how else str(strength)


def new_contact_text(
    fields: Sequence[tuple[str, Any]],
    knows: Sequence[Tie] = (),
    notes: str = "",
    log: Sequence[str] = (),
    private: str = "",
) -> str:
    """Write a new contact file: the fields in order, ties, notes, the log, a private part."""
    lines = ["---", *(f"{key}: {scalar(value)}" for key, value in fields)]
    if knows:
        lines.append("knows:")
        lines.extend(f"  {scalar(o, flow=True)}: {_tie_value(s, h)}" for o, s, h in knows)
    lines.append("---")
    if notes:
        lines.extend([notes, ""])
    lines.extend(["## Log", *(f"- {entry}" for entry in log)])
    if private:
        lines.extend(["", "## Private", private])
    return "\n".join(lines) + "\n"


def filled_text(
    text: str,
    fields: Sequence[tuple[str, Any]],
    knows: Sequence[Tie] = (),
    notes: str = "",
    log: Sequence[str] = (),
    replace: tuple[str, ...] = ("source",),
) -> str:
    """Add fields (absent or empty keys), ties, notes and log entries to a contact's text.

    Keys in `replace` (Kith's own bookkeeping) get their value replaced instead.
    """
    split = split_front_matter(text)
    nl = "\r\n" if "\r\n" in text[:200] else "\n"
    head_end = text.index("\n") + 1
    front = _fill_front(split.front, fields, knows, nl, replace)
    body = _fill_body(split.body, notes, log, nl)
    fence_end = head_end + len(split.front)
    closing = text[fence_end : len(text) - len(split.body)]
    return text[:head_end] + front + closing + body


def _fill_front(
    front: str,
    fields: Sequence[tuple[str, Any]],
    knows: Sequence[Tie],
    nl: str,
    replace: tuple[str, ...],
) -> str:
    lines = front.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    added: list[str] = []
    for key, value in fields:
        index = _key_line(lines, key)
        if index is None:
            added.append(f"{key}: {scalar(value)}{nl}")
        elif key in replace:
            end = index + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t", "-"):
                end += 1
            lines[index:end] = [f"{key}: {scalar(value)}{nl}"]
        elif _EMPTY_VALUE.match(lines[index][len(key) + 1 :].rstrip("\r\n")) and not _block_follows(
            lines, index
        ):
            lines[index] = f"{key}: {scalar(value)}{nl}"
        else:
            raise LayoutError(f"'{key}' already has a value")
    if knows:
        entries = [f"  {scalar(o, flow=True)}: {_tie_value(s, h)}{nl}" for o, s, h in knows]
        index = _key_line(lines, "knows")
        if index is None:
            added.extend([f"knows:{nl}", *entries])
        elif lines[index].rstrip() == "knows:" and _block_follows(lines, index):
            lines[index + 1 : index + 1] = entries
        else:
            raise LayoutError("'knows' is not a block of 'slug: strength' lines")
    return "".join(lines + added)


def _key_line(lines: list[str], key: str) -> int | None:
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            return index
    return None


def _block_follows(lines: list[str], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return following[:1] in (" ", "\t", "-") and following.strip() != ""


def _fill_body(body: str, notes: str, log: Sequence[str], nl: str) -> str:
    lines = body.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += nl
    sections = split_sections([line.rstrip("\r\n") for line in lines])
    if log:
        entries = [f"- {entry}{nl}" for entry in log]
        logs = [(start, end) for kind, start, end in sections if kind == "log"]
        if logs:
            start, end = logs[-1]
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            lines[end:end] = entries
        else:
            gap = [nl] if lines and lines[-1].strip() else []
            lines.extend([*gap, f"## Log{nl}", *entries])
    if notes:
        lines[0:0] = [line + nl for line in notes.split("\n")] + [nl]
    return "".join(lines)
