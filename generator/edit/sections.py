"""Add text to a contact's notes or its `## Private` part, as text: every other byte stays."""

from __future__ import annotations

from ..vault.body import split_sections


def with_notes(text: str, body_start: int, notes: str, nl: str) -> str:
    """Add a paragraph at the end of the notes (before `## Log`, or at the top of the body)."""
    body = text[body_start:]
    lines = body.splitlines(keepends=True)
    runs = split_sections([line.rstrip("\r\n") for line in lines])
    end = runs[0][2] if runs and runs[0][0] == "notes" else 0
    while end > 0 and not lines[end - 1].strip():
        end -= 1  # after the notes' last line, before the blank lines that follow them
    block = nl.join(notes.split("\n")) + nl
    head = "".join(lines[:end])
    if head and not head.endswith(("\n", "\r")):
        head += nl
    gap = nl if head else ""
    tail = "".join(lines[end:])
    after = "" if not tail or tail.startswith(("\n", "\r")) else nl
    return text[:body_start] + head + gap + block + after + tail


def with_private(text: str, body_start: int, private: str, nl: str) -> str:
    """Add lines at the end of the `## Private` part, which is made when there is none."""
    body = text[body_start:]
    lines = body.splitlines(keepends=True)
    runs = split_sections([line.rstrip("\r\n") for line in lines])
    block = nl.join(private.split("\n")) + nl
    found = [r for r in runs if r[0] == "private"]
    if not found:
        if text and not text.endswith(("\n", "\r")):
            text += nl
        gap = nl if text[body_start:].strip() and text.splitlines()[-1].strip() else ""
        return f"{text}{gap}## Private{nl}{block}"
    end = found[0][2]
    while end > found[0][1] + 1 and not lines[end - 1].strip():
        end -= 1
    head = "".join(lines[:end])
    if not head.endswith(("\n", "\r")):
        head += nl
    return text[:body_start] + head + block + "".join(lines[end:])
