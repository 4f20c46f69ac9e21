"""Fenced code blocks in Markdown: inside one, headings and markup are only text."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def next_fence(line: str, fence: str) -> str | None:
    """Return the open fence after `line` ('' when none), or None when `line` is no fence line.

    `fence` is the fence open before the line ('' outside code); a fence closes on a run of the
    same character at least as long as the one that opened it.
    """
    match = _FENCE.match(line)
    if match is None:
        return None
    mark = match.group(1)
    if not fence:
        return mark[0] * len(mark)
    return "" if mark.startswith(fence) else fence
