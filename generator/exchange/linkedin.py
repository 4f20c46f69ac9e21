"""LinkedIn's Connections.csv, as LinkedIn exports it, into records.

The file opens with a few preamble lines (`Notes:`, a quoted note, a blank line) before the
header `First Name,Last Name,URL,Email Address,Company,Position,Connected On`; older exports lack
URL, Position or Connected On. Emails are often empty. The header row is found by its columns.
"""

from __future__ import annotations

import datetime as dt

from ..model import Problem
from .csvfile import Row, raise_problems, read_rows
from .records import Parsed, Record, Skipped

LOG_TEXT = "Connected on LinkedIn"
_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)}
_OPTIONAL = {"URL", "Email Address", "Company", "Position", "Connected On"}


def is_linkedin_header(cells: list[str]) -> bool:
    """True for the header row of a Connections.csv, old or new."""
    names = set(cells)
    return {"First Name", "Last Name"} <= names and bool(names & _OPTIONAL)


def parse_linkedin(text: str, path: str) -> Parsed:
    """Read every connection; rows without a name are skipped with their line."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    errors: list[Problem] = []
    for row in read_rows(text, path, is_linkedin_header, "a LinkedIn Connections.csv"):
        name = " ".join(p for p in (row.get("First Name"), row.get("Last Name")) if p)
        if not name:
            skipped.append(Skipped(row.line, "no first or last name"))
            continue
        log = _connected(row, path, errors)
        email = row.get("Email Address")
        records.append(
            Record(
                line=row.line,
                name=name,
                emails=(email,) if email else (),
                company=row.get("Company"),
                role=row.get("Position"),
                linkedin=row.get("URL"),
                log=log,
            )
        )
    raise_problems(errors)
    return Parsed(tuple(records), tuple(skipped))


def _connected(row: Row, path: str, errors: list[Problem]) -> tuple[str, ...]:
    text = row.get("Connected On")
    if not text:
        return ()
    date = parse_connected_on(text)
    if date is None:
        errors.append(
            Problem(path, row.line, f"Connected On {text!r} is not a date like '12 Jan 2023'")
        )
        return ()
    return (f"{date.isoformat()}: {LOG_TEXT}",)


def parse_connected_on(text: str) -> dt.date | None:
    """Read `12 Jan 2023` (any locale setting) or `2023-01-12`; None when it is no real day."""
    parts = text.split()
    try:
        if len(parts) == 3 and parts[1][:3].lower() in _MONTHS:
            return dt.date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
