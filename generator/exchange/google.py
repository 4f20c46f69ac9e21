"""Google Contacts CSV, current and older layouts, into records.

Current: `First Name, Middle Name, Last Name, ..., Organization Name, Organization Title, ...,
Labels, E-mail 1 - Label, E-mail 1 - Value, Phone 1 - ...`. Older: `Name, Given Name, ...,
Group Membership, E-mail 1 - Type, E-mail 1 - Value, ..., Organization 1 - Name, ...`; its
`Name` is the name as Google shows it (prefix and suffix included), so it wins over the parts.
One cell may hold several values separated by ` ::: `; a label starting with `* ` marks the
primary one, and a group starting with `* ` is one of Google's (`* myContacts`, `* coworkers`).
"""

from __future__ import annotations

import re

from ..model import Problem
from .csvfile import Row, read_rows
from .records import (
    SYSTEM_GROUPS,
    Parsed,
    Record,
    Related,
    Skipped,
    linkedin_url,
    only_emails,
    only_phones,
    person_name,
    why_nameless,
)

SEPARATOR = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Address|Website|Relation|Organization) (\d+) - (.+)$")
_NAME_PARTS = (
    ("First Name", "Middle Name", "Last Name"),
    ("Given Name", "Additional Name", "Family Name"),
)


# What `is_google_header` looks for, said when no row has it.
_NEEDS = (
    "First Name, Last Name and Labels, File As, Organization Name or E-mail 1 - Value "
    "(or Name, Given Name and Family Name)"
)


def is_google_header(cells: list[str]) -> bool:
    """True for the header row of a Google Contacts CSV, current or older layout."""
    names = set(cells)
    markers = {"Labels", "File As", "Organization Name", "E-mail 1 - Value"}
    current = {"First Name", "Last Name"} <= names and bool(names & markers)
    older = {"Name", "Given Name", "Family Name"} <= names
    return current or older


def parse_google(text: str, path: str) -> Parsed:
    """Read every contact; rows with no person's name are skipped with their line."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    warnings: list[Problem] = []
    for row in read_rows(text, path, is_google_header, "a Google Contacts CSV", _NEEDS):
        groups = _numbered(row)
        name = _name(row)
        if not name:
            skipped.append(Skipped(row.line, _why_skipped(row, groups)))
            continue
        emails = only_emails(_values(groups, "E-mail"), path, row.line, "E-mail", warnings)
        phones = only_phones(_values(groups, "Phone"), path, row.line, "Phone", warnings)
        records.append(_record(row, name, groups, (emails, phones)))
    return Parsed(tuple(records), tuple(skipped), tuple(warnings))


def _why_skipped(row: Row, groups: dict[str, list[dict[str, str]]]) -> str:
    return why_nameless(_company(row, groups), _values(groups, "E-mail"))


def _record(
    row: Row,
    name: str,
    groups: dict[str, list[dict[str, str]]],
    reach: tuple[tuple[str, ...], tuple[str, ...]],
) -> Record:
    websites = _values(groups, "Website")
    birthday = row.get("Birthday").lstrip()
    return Record(
        line=row.line,
        name=name,
        emails=reach[0],
        phones=reach[1],
        aliases=(nickname,) if (nickname := person_name(row.get("Nickname"))) else (),
        company=_company(row, groups),
        role=person_name(row.get("Organization Title") or _first(groups, "Organization", "Title")),
        linkedin=linkedin_url(websites),
        location=_location(row, groups),
        tags=_labels(row.get("Labels") or row.get("Group Membership")),
        notes=row.cells.get("Notes", "").strip(),
        related=_relations(groups),
        fields=(("birthday", birthday),) if birthday else (),
    )


def _name(row: Row) -> str:
    shown = person_name(row.get("Name"))
    if shown:
        return shown
    for parts in _NAME_PARTS:
        core = person_name(*(row.get(c) for c in parts))
        if core:
            return person_name(row.get("Name Prefix"), core, row.get("Name Suffix"))
    return person_name(row.get("Nickname"))


def _company(row: Row, groups: dict[str, list[dict[str, str]]]) -> str:
    return person_name(row.get("Organization Name") or _first(groups, "Organization", "Name"))


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
    """The owner's labels and Google's meaningful groups (`* coworkers` -> `coworkers`)."""
    found = (v.removeprefix("*").strip() for v in _split(cell))
    return tuple(dict.fromkeys(v for v in found if v and v.casefold() not in SYSTEM_GROUPS))


def _location(row: Row, groups: dict[str, list[dict[str, str]]]) -> str:
    for address in groups.get("Address", []):
        parts = [address.get(p, "") for p in ("City", "Region", "Country")]
        place = ", ".join(_split(p)[0] for p in parts if _split(p))
        formatted = " ".join(address.get("Formatted", "").split())
        if place or formatted:
            return place or formatted
    return row.get("Location")
