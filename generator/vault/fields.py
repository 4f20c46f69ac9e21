"""Front-matter fields: what each may hold, and the message when it holds something else.

The loader and the edit commands both validate through `convert_field`, so a value `kith set`
accepts is exactly a value the loader accepts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

from ..model import CIRCLES, FREE_FIELDS, KNOWN_FIELDS, MAX_CADENCE, WHYS


class FieldError(Exception):
    """A front-matter value that is not allowed; `key` narrows the line (e.g. a tie's slug)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def close_matches(word: str, choices: Sequence[str], n: int, cutoff: float = 0.6) -> list[str]:
    """Return up to `n` of `choices` closest to `word` (difflib's, imported only for a typo)."""
    import difflib

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str], cutoff: float = 0.6) -> str:
    """Return "; did you mean 'x'?" for a close match, else ''."""
    if isinstance(choices, tuple):
        return _did_you_mean_cached(word, choices, cutoff)
    return _hint(word, choices, cutoff)


@functools.lru_cache(maxsize=1024)
def _did_you_mean_cached(word: str, choices: tuple[str, ...], cutoff: float) -> str:
    # The same unknown field (`birthday`) comes up in thousands of files.
    return _hint(word, choices, cutoff)


def _hint(word: str, choices: Sequence[str], cutoff: float) -> str:
    # A choice that differs only in case (`BOB` for the slug `bob`) is surely the one meant,
    # though difflib, which compares case, finds nothing alike.
    folded = word.casefold()
    same = [choice for choice in choices if choice.casefold() == folded]
    close = same or close_matches(word, choices, 1, cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def misspelt_field_hint(name: str) -> str:
    """Return a did-you-mean when an unknown field looks like a misspelt known one."""
    # Stricter than for values: a free field like `spouse` is no misspelt `source`.
    return did_you_mean(name, KNOWN_FIELDS, cutoff=0.75)


def _whole(name: str, low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FieldError(
                f"{name} must be a whole number from {low} to {high} (got {_show(value)})"
            )
        return value

    return convert


def _choice(name: str, choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value is None or value == "":
            return ""
        if not isinstance(value, str) or value not in choices:
            hint = did_you_mean(str(value), choices)
            raise FieldError(f"unknown {name} {_show(value)} (one of {', '.join(choices)}){hint}")
        return value

    return convert


def _circle(value: Any) -> str:
    return _choice("circle", CIRCLES)(value) or "acquaintance"


def _target(value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FieldError(f"target must be true or false (got {_show(value)})")
    return value


def _cadence(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CADENCE:
        raise FieldError(
            f"cadence must be a whole number of days from 0 (never) to {MAX_CADENCE} "
            f"(got {_show(value)})"
        )
    return value


def _name(value: Any) -> str:
    text = _text("name")(value)
    if not text.strip():
        raise FieldError("name is required: add 'name: Full Name' to the front matter")
    return text.strip()


def _text(name: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            raise FieldError(f"{name} must be text (got a {_kind(value)})")
        return scalar_text(value)

    return convert


def _items(value: Any) -> list[Any]:
    """A list as it is; a set (`!!set`) in a fixed order; anything else as one item."""
    if isinstance(value, list):
        return value
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return [value]


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = _items(value)
    tags: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise FieldError(f"tags must be a list of words (got {_show(item)} in the list)")
        text = scalar_text(item).strip()
        if text and text not in tags:
            tags.append(text)
    return tuple(tags)


def _source(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = _items(value)
    if any(isinstance(item, (dict, list)) or item is None for item in items):
        raise FieldError("source must be text or a list of texts, like 'linkedin 2026-11-25'")
    return tuple(text for item in items if (text := scalar_text(item).strip()))


def _texts(name: str, what: str) -> Callable[[Any], tuple[str, ...]]:
    def convert(value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        items = _items(value)
        if any(isinstance(item, (dict, list)) or item is None for item in items):
            raise FieldError(f"{name} must be {what} or a list of them (got {_show(value)})")
        return tuple(dict.fromkeys(text for item in items if (text := scalar_text(item).strip())))

    return convert


def parse_date(value: Any, name: str) -> dt.date:
    """Accept a YAML date or a YYYY-MM-DD string that names a real day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise FieldError(
            f"{name} must be a date that exists, YYYY-MM-DD (got {_show(value)})"
        ) from None


def _date_or_none(name: str) -> Callable[[Any], dt.date | None]:
    def convert(value: Any) -> dt.date | None:
        return None if value is None else parse_date(value, name)

    return convert


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "name": _name,
    "circle": _circle,
    "strength": _whole("strength", 0, 5),
    "influence": _whole("influence", 1, 5),
    "target": _target,
    "why": _choice("why", WHYS),
    "cadence": _cadence,
    "tags": _tags,
    "last_contact": _date_or_none("last_contact"),
    "connected_on": _date_or_none("connected_on"),
    "source": _source,
    **{f: _text(f) for f in FREE_FIELDS},
    "emails": _texts("emails", "an address"),
    "phones": _texts("phones", "a number"),
    "aliases": _texts("aliases", "a name"),
}
DEFAULTS: dict[str, Any] = {"influence": 1, "strength": 0}


def convert_field(name: str, value: Any) -> Any:
    """Validate one front-matter value and return it as the model holds it."""
    if value is None and name in DEFAULTS:
        return DEFAULTS[name]
    return CONVERTERS[name](value)


def scalar_text(value: Any) -> str:
    """Show a YAML scalar as the owner most likely wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {_kind(value)}"
    if isinstance(value, str):
        return repr(value)
    return scalar_text(value) or "nothing"
