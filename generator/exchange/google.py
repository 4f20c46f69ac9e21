"""Google Contacts CSV, current and older layouts, into records.

Current: `First Name, Middle Name, Last Name, ..., Organization Name, Organization Title, ...,
Labels, E-mail 1 - Label, E-mail 1 - Value, Phone 1 - ...`. Older: `Name, Given Name, ...,
Group Membership, E-mail 1 - Type, E-mail 1 - Value, ..., Organization 1 - Name, ...`. One cell
may hold several values separated by ` ::: `; a label starting with `* ` marks the primary one.
"""

from __future__ import annotations

import re

from .csvfile import Row, read_rows
from .records import Parsed, Record, Related, Skipped

SEPARATOR = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Address|Website|Relation|Organization) (\d+) - (.+)$")
_NAME_PARTS = (
    ("First Name", "Middle Name", "Last Name"),
    ("Given Name", "Additional Name", "Family Name"),
)


def is_google_header(cells: list[str]) -> bool:
    """True for the header row of a Google Contacts CSV, current or older layout."""
    names = set(cells)
    current = {"First Name", "Last Name"} <= names and bool(names & {"Labels", "File As"})
    older = {"Name", "Given Name", "Family Name"} <= names
    return current or older


def parse_google(text: str, path: str) -> Parsed:
    """Read every contact; rows with no person's name are skipped with their line."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    for row in read_rows(text, path, is_google_header, "a Google Contacts CSV"):
        groups = _numbered(row)
        name = _name(row)
        if not name:
            what = _first(groups, "Organization", "Name") or row.get("Organization Name")
            reason = f"no person's name (only {what!r})" if what else "no name"
            skipped.append(Skipped(row.line, reason))
            continue
        records.append(_record(row, name, groups))
    return Parsed(tuple(records), tuple(skipped))


def _record(row: Row, name: str, groups: dict[str, list[dict[str, str]]]) -> Record:
    websites = _values(groups, "Website")
    birthday = row.get("Birthday").lstrip()
    return Record(
        line=row.line,
        name=name,
        emails=_values(groups, "E-mail"),
        phones=_values(groups, "Phone"),
        company=row.get("Organization Name") or _first(groups, "Organization", "Name"),
        role=row.get("Organization Title") or _first(groups, "Organization", "Title"),
        linkedin=next((w for w in websites if "linkedin.com/" in w.lower()), ""),
        location=_location(row, groups),
        tags=_labels(row.get("Labels") or row.get("Group Membership")),
        notes=row.cells.get("Notes", "").strip(),
        related=_relations(groups),
        fields=(("birthday", birthday),) if birthday else (),
    )


def _name(row: Row) -> str:
    for parts in _NAME_PARTS:
        joined = " ".join(p for p in (row.get(c) for c in parts) if p)
        if joined:
            return joined
    return row.get("Name") or row.get("Nickname") or row.get("File As")


def _numbered(row: Row) -> dict[str, list[dict[str, str]]]:
    """Group `E-mail 2 - Value` style columns: kind -> [{'Value': ..., 'Label': ...}, ...]."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for column, value in row.cells.items():
        match = _NUMBERED.match(column)
        if match and value and value.strip():
            kind, number, part = match.group(1), int(match.group(2)), match.group(3)
            found.setdefault(kind, {}).setdefault(number, {})[part] = value.strip()
    return {kind: [items[n] for n in sorted(items)] for kind, items in found.items()}


def _values(groups: dict[str, list[dict[str, str]]], kind: str) -> tuple[str, ...]:
    """Every value of a kind, primary (`* ` label) first, without repeats."""
    entries = groups.get(kind, [])
    primary = [e for e in entries if (e.get("Label") or e.get("Type") or "").startswith("*")]
    values: list[str] = []
    for entry in primary + [e for e in entries if e not in primary]:
        for value in _split(entry.get("Value", "")):
            if value not in values:
                values.append(value)
    return tuple(values)


def _relations(groups: dict[str, list[dict[str, str]]]) -> tuple[Related, ...]:
    found: list[Related] = []
    for entry in groups.get("Relation", []):
        how = (entry.get("Label") or entry.get("Type") or "").lstrip("* ").lower()
        found.extend(Related(ref=name, how=how) for name in _split(entry.get("Value", "")))
    return tuple(found)


def _first(groups: dict[str, list[dict[str, str]]], kind: str, part: str) -> str:
    for entry in groups.get(kind, []):
        for value in _split(entry.get(part, "")):
            return value
    return ""


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(SEPARATOR.strip()) if v.strip()]


def _labels(cell: str) -> tuple[str, ...]:
    # `* myContacts` and `* starred` are Google's own groups, not the owner's labels.
    return tuple(v for v in _split(cell) if not v.startswith("*"))


def _location(row: Row, groups: dict[str, list[dict[str, str]]]) -> str:
    for address in groups.get("Address", []):
        parts = [address.get(p, "") for p in ("City", "Region", "Country")]
        place = ", ".join(_split(p)[0] for p in parts if _split(p))
        formatted = " ".join(address.get("Formatted", "").split())
        if place or formatted:
            return place or formatted
    return row.get("Location")
