"""vCard 2.1, 3.0 and 4.0 files into records, parsed by vobject.

vobject reads every version when asked to allow quoted-printable (2.1's soft line breaks); it
does not say on which line a card starts, and reports a truncated file at its last line, so
card lines are found by a scan of BEGIN/END lines. Kith's own `X-KITH-*` properties (see
vcard_export) bring back what a plain vCard cannot hold.
"""

from __future__ import annotations

import io
import re
from typing import Any

import vobject

from ..model import KNOWN_FIELDS, Problem
from ..vault.body import parse_entry
from ..vault.fields import FieldError, convert_field
from ..vault.ties import DEFAULT_STRENGTH, TieError, check_strength
from .csvfile import raise_problems
from .records import Parsed, Record, Related, Skipped, fail
from .vcard_export import caret_decode

_KITH_FIELDS = {
    "x-kith-circle": "circle",
    "x-kith-strength": "strength",
    "x-kith-influence": "influence",
    "x-kith-target": "target",
    "x-kith-why": "why",
    "x-kith-cadence": "cadence",
    "x-kith-last-contact": "last_contact",
}
_WHOLE = {"strength", "influence", "cadence"}
_SYSTEM_GROUPS = {"mycontacts", "starred"}


def card_lines(text: str, path: str) -> list[int]:
    """Return the line of each top-level BEGIN:VCARD; fail on a card that is never closed."""
    starts: list[int] = []
    depth = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().upper()
        if line.startswith("BEGIN:"):
            if depth == 0:
                if line != "BEGIN:VCARD":
                    raise fail(path, number, f"not a vCard file ({raw.strip()!r})")
                starts.append(number)
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
    if not starts:
        raise fail(path, 1, "not a vCard file: no BEGIN:VCARD line")
    if depth > 0:
        raise fail(
            path, starts[-1], "this card is never closed (no END:VCARD): is the file cut off?"
        )
    return starts


def parse_vcards(text: str, path: str) -> Parsed:
    """Read every card of a vCard file."""
    starts = card_lines(text, path)
    records: list[Record] = []
    skipped: list[Skipped] = []
    errors: list[Problem] = []
    try:
        for line, card in zip(
            starts, vobject.readComponents(io.StringIO(text), allowQP=True), strict=False
        ):
            record = _record(card, line, path, errors)
            if record is None:
                skipped.append(Skipped(line, "card has no name (FN or N)"))
            else:
                records.append(record)
    except (vobject.base.VObjectError, ValueError, UnicodeDecodeError, LookupError) as exc:
        number = getattr(exc, "lineNumber", None) or 1
        raise fail(path, max(int(number), 1), f"not a valid vCard ({_reason(exc)})") from None
    raise_problems(errors)
    return Parsed(tuple(records), tuple(skipped))


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "msg", "") or exc).removeprefix("At line ").strip()


def _record(card: Any, line: int, path: str, errors: list[Problem]) -> Record | None:
    name = _name(card)
    if not name:
        return None
    org = _first(card, "org")
    return Record(
        line=line,
        name=name,
        emails=_ordered(card, "email"),
        phones=tuple(v.removeprefix("tel:") for v in _ordered(card, "tel")),
        company=(org[0] if isinstance(org, list) and org else str(org or "")).strip(),
        role=str(_first(card, "title") or _first(card, "role") or "").strip(),
        linkedin=_linkedin(card),
        location=_location(card),
        tags=_tags(card),
        notes="\n\n".join(str(n).replace("\r\n", "\n").strip() for n in _all(card, "note")),
        log=_log(card, line, path, errors),
        uid=str(_first(card, "uid") or "").strip(),
        slug=str(_first(card, "x-kith-slug") or "").strip(),
        related=tuple(_related(p) for p in card.contents.get("related", [])),
        fields=_fields(card, line, path, errors),
    )


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
    return tuple(dict.fromkeys(t for t in found if t and t.casefold() not in _SYSTEM_GROUPS))


def _name(card: Any) -> str:
    full = " ".join(str(_first(card, "fn") or "").split())
    if full:
        return full
    n = _first(card, "n")
    if n is None:
        return ""
    parts = [getattr(n, a, "") for a in ("prefix", "given", "additional", "family", "suffix")]
    return " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p).strip()


def _is_preferred(prop: Any) -> bool:
    types = [t.lower() for v in prop.params.get("TYPE", []) for t in v.split(",")]
    return "pref" in types or "PREF" in prop.params or "PREF" in prop.singletonparams


def _ordered(card: Any, key: str) -> tuple[str, ...]:
    props = card.contents.get(key, [])
    props = [p for p in props if _is_preferred(p)] + [p for p in props if not _is_preferred(p)]
    values: list[str] = []
    for prop in props:
        value = str(prop.value).strip()
        if value and value not in values:
            values.append(value)
    return tuple(values)


def _linkedin(card: Any) -> str:
    for key in ("url", "x-socialprofile"):
        for value in _all(card, key):
            # Google escapes URLs as text (`https\://`); vobject leaves URL values as they are.
            url = re.sub(r"\\([\\:;,])", r"\1", str(value)).strip()
            if "linkedin.com/" in url.lower():
                return url
    return ""


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
        fields.append(("birthday", str(birthday).strip()))
    return tuple(fields)
