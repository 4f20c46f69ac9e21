"""Days of chat, whatever app they come from: one touch per contact per day, with the count.

In a chat between you and one other person, every day with a message (yours or theirs) counts
for them. In a group, a day counts for a member when they and you both wrote that day; when the
chat does not show which author is you (the `me: names` setting), a day counts for each member
who wrote. Only dates and authors reach this module; message text never does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .context import Context
from .touches import NAME, PHONE, Findings, Handle, Touch

_PHONE_LIKE = re.compile(r"^\+?[\d\s\-().]{6,}$")


@dataclass(frozen=True, slots=True)
class ChatLine:
    """One message of a chat: its line in the file, its day, its author."""

    line: int
    day: dt.date
    author: str
    mine: bool = False  # the export itself says you wrote it


def author_handle(author: str) -> Handle:
    """Return how a chat names its author: a phone number, or a name."""
    if _PHONE_LIKE.match(author) and sum(c.isdigit() for c in author) >= 6:
        return Handle(PHONE, author, "")
    return Handle(NAME, author, author)


def chat_touches(
    lines: Sequence[ChatLine],
    where: str,
    label: str,
    ctx: Context,
    found: Findings,
    partner: str = "",
) -> None:
    """Turn a chat's messages into touches; `partner` names the other side of a two-person chat."""
    mine = {ln.author for ln in lines if ln.mine or ctx.owner.is_me(author_handle(ln.author))}
    others = sorted({ln.author for ln in lines} - mine)
    if not mine and len(others) == 2 and partner in others:
        mine = {
            o for o in others if o != partner
        }  # the file names the other side: you wrote the rest
        others = [partner]
    if not others and partner:
        others = [partner]
    group = len(others) > 1
    if group and not mine:
        found.warn(
            where,
            0,
            "none of the chat's authors is you (add your name as the chat shows it to the "
            "'me: names' setting): a day counts for every member who wrote",
        )
    by_day: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for ln in lines:
        if ctx.window.holds(ln.day):
            by_day[ln.day]["" if ln.author in mine else ln.author] += 1
    for day, counts in sorted(by_day.items()):
        for other in others:
            if group:
                if not counts[other] or (mine and not counts[""]):
                    continue
                count = counts[other] + counts[""]
            else:
                count = sum(counts.values())
            found.touches.append(
                Touch(
                    key=day.isoformat(),
                    date=day,
                    people=(author_handle(other),),
                    tag="message",
                    label=label,
                    count=count,
                )
            )
