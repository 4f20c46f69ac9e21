"""What a log entry's parentheses hold: tags, and the introductions and next steps it records.

`- 2026-11-20 (ask, email, intro: catherine-vance, next: 2026-12-04): ...` is an ask of this
contact for an introduction to catherine-vance, with a next step due on 4 December. `made` or
`declined` beside `intro: SLUG` records how an introduction went; `via: SLUG` in the file of the
person you were introduced to says who opened the door. Every item is split on its first `:`,
so no pattern here can take more than linear time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import INTRO_OUTCOMES, LOG_TAGS, Person, Problem, Severity
from .fields import did_you_mean

_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
LINK_KEYS = ("intro", "via")


@dataclass(frozen=True, slots=True)
class EntryTags:
    """The parentheses of one log entry, read."""

    tags: tuple[str, ...] = ()
    intro: str = ""
    outcome: str = ""
    via: str = ""
    next: dt.date | None = None


# What a parenthesis reads as when it reports nothing: a function of its text alone. A vault
# writes the same few (`call`, `ask, email`) tens of thousands of times.
_CLEAN: dict[str, EntryTags] = {}
_CLEAN_MAX = 10_000


def parse_tags(text: str, number: int, rel: str, problems: list[Problem]) -> EntryTags:
    """Read `ask, call, intro: SLUG, made, via: SLUG, next: DATE`; report what is wrong."""
    found = _CLEAN.get(text)
    if found is not None:
        return found
    reported = len(problems)
    read = _parse_tags(text, number, rel, problems)
    if len(problems) == reported:
        if len(_CLEAN) >= _CLEAN_MAX:
            _CLEAN.clear()
        _CLEAN[text] = read
    return read


def _parse_tags(text: str, number: int, rel: str, problems: list[Problem]) -> EntryTags:
    tags: list[str] = []
    links: dict[str, str] = {}
    outcomes: list[str] = []
    next_date: dt.date | None = None
    for raw in text.split(","):
        item = raw.strip()
        key, colon, value = item.partition(":")
        key = key.strip().lower()
        if colon and key in (*LINK_KEYS, "next"):
            if key in links or (key == "next" and next_date is not None):
                problems.append(Problem(rel, number, f"'{key}:' appears twice in one log entry"))
                continue
            if key == "next":
                next_date = _next_date(value.strip(), number, rel, problems)
            else:
                links[key] = _slug(key, value.strip(), number, rel, problems)
            continue
        tag = item.lower()
        if not tag or tag in tags:
            continue
        if tag in INTRO_OUTCOMES:
            outcomes.append(tag)
            continue
        if tag not in LOG_TAGS:
            problems.append(_unknown_tag(tag, number, rel))
        tags.append(tag)
    intro = links.get("intro", "")
    if intro and not outcomes and "ask" not in tags:
        problems.append(_lone_intro(intro, number, rel))
    return EntryTags(
        tuple(tags) if intro or not outcomes else (*tags, *outcomes),
        intro,
        _outcome(outcomes, intro, number, rel, problems),
        links.get("via", ""),
        next_date,
    )


def _lone_intro(intro: str, number: int, rel: str) -> Problem:
    message = (
        f"'intro: {intro}' needs 'ask' (you asked them for the introduction) or 'made' or "
        f"'declined' (how it went); to say {intro} introduced you to this contact, write "
        f"'via: {intro}'"
    )
    return Problem(rel, number, message, Severity.WARNING)


def _unknown_tag(tag: str, number: int, rel: str) -> Problem:
    known = ", ".join(LOG_TAGS)
    message = f"unknown log tag '{tag}' (known: {known}); kept as is"
    return Problem(rel, number, message, Severity.WARNING)


def _slug(key: str, value: str, number: int, rel: str, problems: list[Problem]) -> str:
    if not value:
        example = "catherine-vance" if key == "intro" else "margaret-hale"
        problems.append(
            Problem(rel, number, f"'{key}:' needs the slug of a contact ({key}: {example})")
        )
    return value


def _next_date(value: str, number: int, rel: str, problems: list[Problem]) -> dt.date | None:
    if not _DATE.match(value):
        problems.append(Problem(rel, number, f"'next:' needs a date YYYY-MM-DD (got {value!r})"))
        return None
    year, month, day = value.split("-")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        problems.append(Problem(rel, number, f"next: date {value} does not exist"))
        return None


def _outcome(
    outcomes: list[str], intro: str, number: int, rel: str, problems: list[Problem]
) -> str:
    if not outcomes:
        return ""
    if not intro:
        message = (
            f"'{outcomes[0]}' is how an introduction went: write it beside the introduction "
            f"('intro: SLUG, {outcomes[0]}'); kept as a tag"
        )
        problems.append(Problem(rel, number, message, Severity.WARNING))
        return ""
    if len(outcomes) > 1:
        problems.append(
            Problem(rel, number, "an introduction is either made or declined, not both")
        )
        return ""
    return outcomes[0]


def check_log_links(people: Mapping[str, Person], problems: list[Problem]) -> None:
    """Warn about `intro:` and `via:` naming no contact, or the contact itself."""
    slugs = tuple(sorted(people))
    for person in people.values():
        for entry in person.log:
            for key in LINK_KEYS:
                other = entry.intro if key == "intro" else entry.via
                if not other or (other in people and other != person.slug):
                    continue
                if other == person.slug:
                    message = f"{key}: '{other}' is this contact (ignored)"
                else:
                    message = f"{key}: no contact '{other}'{did_you_mean(other, slugs)} (ignored)"
                problems.append(Problem(person.path, entry.line, message, Severity.WARNING))
