"""Outlook's contacts CSV, as Outlook, Outlook.com, Microsoft 365 and Google write it, into records.

Three layouts share the column names: Outlook on Windows (`"Title","First Name","Middle
Name",…,"Job Title",…,"E-mail Address","E-mail Type","E-mail Display Name",…`), Outlook.com and
Microsoft 365 (`First Name,Middle Name,Last Name,Title,Suffix,Nickname,…,E-mail Address,…`) and
Google's "Outlook CSV" export (`First Name,Middle Name,Last Name,Title,Suffix,Initials,Web
Page,…,Categories`). `Title` is the name's prefix (Dr.); the role is `Job Title`. Outlook on
Windows writes an empty birthday as `0/0/00` and dates month first.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Problem
from .csvfile import Row, read_rows
from .records import (
    SYSTEM_GROUPS,
    Parsed,
    Record,
    Skipped,
    linkedin_url,
    only_emails,
    only_phones,
    person_name,
    why_nameless,
)

_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONES = (
    "Primary Phone",
    "Mobile Phone",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Other Phone",
    "Car Phone",
    "Company Main Phone",
)
_PLACES = ("Business", "Home", "Other")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


# What `is_outlook_header` looks for, said when no row has it.
_NEEDS = "First Name, Last Name and E-mail Address (or Middle Name and Job Title)"


def is_outlook_header(cells: list[str]) -> bool:
    """True for the header row of an Outlook contacts CSV, of any of its three layouts."""
    names = set(cells)
    return {"First Name", "Last Name"} <= names and (
        "E-mail Address" in names or {"Middle Name", "Job Title"} <= names
    )


def parse_outlook(text: str, path: str) -> Parsed:
    """Read every contact; rows without a person's name are skipped with their line."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    warnings: list[Problem] = []
    for row in read_rows(text, path, is_outlook_header, "an Outlook contacts CSV", _NEEDS):
        name = person_name(
            *(row.get(c) for c in ("Title", "First Name", "Middle Name", "Last Name", "Suffix"))
        ) or person_name(row.get("Nickname"))
        emails = _values(row, _EMAILS)
        if not name:
            skipped.append(Skipped(row.line, why_nameless(person_name(row.get("Company")), emails)))
            continue
        reach = (
            only_emails(emails, path, row.line, "E-mail", warnings),
            only_phones(_values(row, _PHONES), path, row.line, "Phone", warnings),
        )
        records.append(_record(row, name, reach))
    return Parsed(tuple(records), tuple(skipped), tuple(warnings))


def _record(row: Row, name: str, reach: tuple[tuple[str, ...], tuple[str, ...]]) -> Record:
    birthday = _birthday(row.get("Birthday"))
    return Record(
        line=row.line,
        name=name,
        emails=reach[0],
        phones=reach[1],
        aliases=(nickname,) if (nickname := person_name(row.get("Nickname"))) else (),
        company=person_name(row.get("Company")),
        role=person_name(row.get("Job Title")),
        linkedin=linkedin_url(_values(row, ("Web Page", "Personal Web Page"))),
        location=_location(row),
        tags=_categories(row.get("Categories")),
        notes=row.cells.get("Notes", "").replace("\r\n", "\n").strip(),
        fields=(("birthday", birthday),) if birthday else (),
    )


def _values(row: Row, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for c in columns if (v := row.get(c))))


def _location(row: Row) -> str:
    for place in _PLACES:
        country = row.get(f"{place} Country/Region") or row.get(f"{place} Country")
        parts = [row.get(f"{place} City"), row.get(f"{place} State"), country]
        found = ", ".join(p for p in parts if p)
        if found:
            return found
    return person_name(row.get("Location"))


def _categories(cell: str) -> tuple[str, ...]:
    found = (c.removeprefix("*").strip() for c in re.split(r";|:::", cell))
    return tuple(dict.fromkeys(c for c in found if c and c.casefold() not in SYSTEM_GROUPS))


def _birthday(text: str) -> str:
    """Write a birthday as YYYY-MM-DD when it is a month-first date; `0/0/00` is none."""
    match = _US_DATE.fullmatch(text)
    if match is None:
        return text
    month, day, year = (int(g) for g in match.groups())
    if not month or not day:
        return ""
    try:
        return dt.date(year, month, day).isoformat() if year > 99 else text
    except ValueError:
        return text
