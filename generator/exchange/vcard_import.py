"""vCard 2.1, 3.0 and 4.0 cards into records (cards read by vcard_cards, with vobject).

Kith's own `X-KITH-*` properties (see vcard_export) bring back what a plain vCard cannot hold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..model import KNOWN_FIELDS, Problem
from ..vault.body import parse_entry
from ..vault.fields import FieldError, convert_field
from ..vault.ties import DEFAULT_STRENGTH, TieError, check_strength
from .csvfile import raise_problems
from .records import (
    ORGANISATION,
    SYSTEM_GROUPS,
    Parsed,
    Record,
    Related,
    Skipped,
    linkedin_url,
    only_emails,
    only_phones,
    person_name,
)
from .vcard_cards import read_cards
from .vcard_export import caret_decode

_KITH_FIELDS = {
    "x-kith-circle": "circle",
    "x-kith-strength": "strength",
    "x-kith-influence": "influence",
    "x-kith-target": "target",
    "x-kith-why": "why",
    "x-kith-cadence": "cadence",
    "x-kith-last-contact": "last_contact",
    "x-kith-connected-on": "connected_on",
}
_WHOLE = {"strength", "influence", "cadence"}
# BDAY as vCard writes a date: 19800322, 1980-03-22, --0322, --03-22, with or without a time.
_BDAY = re.compile(r"(\d{4}|--)-?(\d{2})-?(\d{2})(?:T[\d:]+(?:Z|[+-][\d:]+)?)?")
_ANDROID_NICKNAME = "vnd.android.cursor.item/nickname"
_NO_YEAR = "1604"  # Apple Contacts and CardBook's year for a birthday without one


def parse_vcards(text: str, path: str) -> Parsed:
    """Read every card of a vCard file; a property that cannot be read is left out and said."""
    cards, warnings = read_cards(text, path)
    records: list[Record] = []
    skipped: list[Skipped] = []
    errors: list[Problem] = []
    for card in cards:
        reason = _not_a_person(card.component)
        record = None if reason else _record(card.component, card.line, path, errors, warnings)
        if record is None:
            skipped.append(Skipped(card.line, reason or "card has no name (FN or N)"))
        else:
            records.append(record)
    raise_problems(errors)
    return Parsed(tuple(records), tuple(skipped), tuple(warnings))


def _not_a_person(card: Any) -> str:
    """Say why a card is no person (an organisation or a group); '' for a person."""
    kind = str(_first(card, "kind") or _first(card, "x-addressbookserver-kind") or "").strip()
    shown_as = str(_first(card, "x-abshowas") or "").strip().upper()
    if kind.lower() in {"org", "organization"} or shown_as == "COMPANY":
        what = _company(card) or _name(card)
        return f"{ORGANISATION} ({what})" if what else ORGANISATION
    if kind.lower() == "group":
        return "a group of contacts, not a person"
    return ""


def _record(
    card: Any, line: int, path: str, errors: list[Problem], warnings: list[Problem]
) -> Record | None:
    name = _name(card)
    if not name:
        return None
    return Record(
        line=line,
        name=name,
        emails=_reach(card, "email", only_emails, path, warnings),
        phones=_reach(card, "tel", only_phones, path, warnings),
        aliases=_nicknames(card),
        company=_company(card),
        role=person_name(str(_first(card, "title") or _first(card, "role") or "")),
        linkedin=_linkedin(card),
        location=_location(card),
        tags=_tags(card),
        notes="\n\n".join(str(n).replace("\r\n", "\n").strip() for n in _all(card, "note")),
        log=_log(card, line, path, errors),
        uid=str(_first(card, "uid") or "").strip(),
        slug=str(_first(card, "x-kith-slug") or "").strip(),
        folder=str(_first(card, "x-kith-folder") or "").strip(),
        related=tuple(_related(p) for p in card.contents.get("related", [])),
        fields=_fields(card, line, path, errors),
    )


def _nicknames(card: Any) -> tuple[str, ...]:
    """NICKNAME's names, and Android's: vCard 2.1 has no NICKNAME, so Android writes
    `X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Bobby;1;;;…`."""
    found = [w for v in _all(card, "nickname") for w in _listed(v)]
    for value in _all(card, "x-android-custom"):
        kind, _, rest = str(value).partition(";")
        if kind.strip().lower() == _ANDROID_NICKNAME:
            found.append(rest.split(";", 1)[0])
    return tuple(dict.fromkeys(n for w in found if (n := person_name(w))))


def _company(card: Any) -> str:
    """The organisation's name: ORG's first part (the rest are departments)."""
    org = _first(card, "org")
    if org is None:
        return ""
    first = org[0] if isinstance(org, list) and org else org
    # An unescaped comma (`ORG:Acme, Inc.`) splits the name into a list of its own.
    if isinstance(first, list):
        return person_name(", ".join(str(p).strip() for p in first))
    return person_name(str(first))


def _all(card: Any, key: str) -> list[Any]:
    return [p.value for p in card.contents.get(key, [])]


def _first(card: Any, key: str) -> Any:
    values = _all(card, key)
    return values[0] if values else None


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else str(value).split(",")


def _tags(card: Any) -> tuple[str, ...]:
    # Google adds its own groups (`myContacts`, `starred`) to every card it exports.
    found = [t.strip() for c in _all(card, "categories") for t in _listed(c)]
    return tuple(dict.fromkeys(t for t in found if t and t.casefold() not in SYSTEM_GROUPS))


def _name(card: Any) -> str:
    full = person_name(str(_first(card, "fn") or ""))
    if full:
        return full
    n = _first(card, "n")
    if n is None:
        return ""
    parts = [getattr(n, a, "") for a in ("prefix", "given", "additional", "family", "suffix")]
    return person_name(*(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p))


def _is_preferred(prop: Any) -> bool:
    types = [t.lower() for v in prop.params.get("TYPE", []) for t in v.split(",")]
    return "pref" in types or "PREF" in prop.params or "PREF" in prop.singletonparams


def _preferred_first(props: list[Any]) -> list[Any]:
    return [p for p in props if _is_preferred(p)] + [p for p in props if not _is_preferred(p)]


Check = Callable[[list[str], str, int, str, list[Problem]], tuple[str, ...]]


def _reach(
    card: Any, key: str, check: Check, path: str, warnings: list[Problem]
) -> tuple[str, ...]:
    """E-mails or numbers, preferred first, each checked on its own line; each once."""
    found: list[str] = []
    for prop in _preferred_first(card.contents.get(key, [])):
        value = str(prop.value).strip().removeprefix("tel:")
        for kept in check([value], path, prop.lineNumber, key.upper(), warnings):
            if kept not in found:
                found.append(kept)
    return tuple(found)


def _linkedin(card: Any) -> str:
    # Google escapes URLs as text (`https\://`); vobject leaves URL values as they are.
    return linkedin_url(
        re.sub(r"\\([\\:;,])", r"\1", str(value)).strip()
        for key in ("url", "x-socialprofile")
        for value in _all(card, key)
    )


def _location(card: Any) -> str:
    adr = _first(card, "adr")
    if adr is None:
        return ""
    parts = [getattr(adr, a, "") for a in ("city", "region", "country")]
    return ", ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p).strip()


def _related(prop: Any) -> Related:
    def param(name: str) -> str:
        values = prop.params.get(name, [])
        return caret_decode(str(values[0])) if values else ""

    ref = str(prop.value).strip()
    return Related(
        ref=ref,
        slug=param("X-KITH-SLUG"),
        strength=_strength(ref, param("X-KITH-STRENGTH")),
        how=param("X-KITH-HOW") or _relation_type(prop),
    )


def _strength(ref: str, text: str) -> int:
    """Read an exported tie's strength; anything else counts as a tie of the default strength."""
    try:
        return check_strength(ref, int(text) if text.isdecimal() else None)
    except TieError:
        return DEFAULT_STRENGTH


def _relation_type(prop: Any) -> str:
    types = [t for v in prop.params.get("TYPE", []) for t in str(v).lower().split(",")]
    return ", ".join(t for t in types if t and t != "contact")


def _log(card: Any, line: int, path: str, errors: list[Problem]) -> tuple[str, ...]:
    entries = []
    for value in _all(card, "x-kith-log"):
        found: list[Problem] = []
        if parse_entry(str(value), line, path, found) is None or found:
            errors.extend(Problem(p.path, p.line, f"X-KITH-LOG: {p.message}") for p in found)
            continue
        entries.append(str(value).strip())
    return tuple(entries)


def _fields(card: Any, line: int, path: str, errors: list[Problem]) -> tuple[tuple[str, Any], ...]:
    fields: list[tuple[str, Any]] = []
    for prop_name, field in _KITH_FIELDS.items():
        raw = _first(card, prop_name)
        if raw is None:
            continue
        text = str(raw).strip()
        value: Any = int(text) if field in _WHOLE and text.isdigit() else text
        if field == "target":
            value = {"true": True, "false": False}.get(text.lower(), text)
        try:
            convert_field(field, value)
        except FieldError as exc:
            errors.append(Problem(path, line, f"{prop_name.upper()}: {exc.message}"))
            continue
        fields.append((field, value))
    for prop in card.contents.get("x-kith-field", []):
        key = caret_decode(str(prop.params.get("X-NAME", [""])[0]))
        if key in KNOWN_FIELDS:
            errors.append(Problem(path, line, f"X-KITH-FIELD: '{key}' is a Kith field"))
        elif key:
            fields.append((key, str(prop.value)))
    birthday = _first(card, "bday")
    if birthday and not any(k == "birthday" for k, _ in fields):
        fields.append(("birthday", _birthday(str(birthday).strip())))
    return tuple(fields)


def _birthday(text: str) -> str:
    """Write a vCard date as YYYY-MM-DD (--MM-DD without a year); other text as it is."""
    match = _BDAY.fullmatch(text)
    if match is None:
        return text
    year, month, day = match.groups()
    try:
        dt.date(2000 if year in ("--", _NO_YEAR) else int(year), int(month), int(day))
    except ValueError:
        return text
    return f"{'-' if year in ('--', _NO_YEAR) else year}-{month}-{day}"
