"""LinkedIn's Connections.csv, in every layout LinkedIn has shipped, into records.

Current exports open with a few preamble lines (`Notes:`, a quoted note, a blank line) before
the header `First Name,Last Name,URL,Email Address,Company,Position,Connected On`. Earlier ones
have no preamble, no `URL` (2018), or `Address`, `Websites` and `Instant Messengers` (2016), and
write `Connected On` as `1/8/18, 6:14 PM` (US month first) instead of `08 Jan 2018`; a file saved
again by a spreadsheet may hold `8-Jan-18`. Emails are often empty, or a member URN
(`urn:li:member:…`) rather than an address. The header row is found by its columns.

Every row is a different connection: rows of one file are never merged with each other.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Problem
from .csvfile import Row, raise_problems, read_rows
from .records import Parsed, Record, Skipped, only_emails, person_name

CONNECTED_FIELD = "connected_on"
_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)}
_OPTIONAL = {"URL", "Email Address", "Company", "Position", "Connected On"}
# Columns of other exports (Outlook, Google) that a Connections.csv never has.
_NOT_LINKEDIN = {"Middle Name", "E-mail Address", "Job Title", "Labels", "File As", "Given Name"}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})")
_MONTH_DAY_YEAR = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?"
)
# The host before `linkedin.com` is found by a scan back: `[\w.-]*linkedin` searched along a
# long cell tries every start in it, quadratic time (20,000 letters: 1.6 s).
_PROFILE = re.compile(r"linkedin\.com/[^\s,;\]]+", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


# What `is_linkedin_header` looks for, said when no row has it.
_NEEDS = "First Name, Last Name and URL, Email Address, Company, Position or Connected On"


def is_linkedin_header(cells: list[str]) -> bool:
    """True for the header row of a Connections.csv, of any year."""
    names = set(cells)
    return (
        {"First Name", "Last Name"} <= names
        and bool(names & _OPTIONAL)
        and not names & _NOT_LINKEDIN
    )


def parse_linkedin(text: str, path: str) -> Parsed:
    """Read every connection; rows without a name are skipped with their line."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for row in read_rows(text, path, is_linkedin_header, "a LinkedIn Connections.csv", _NEEDS):
        name = person_name(row.get("First Name"), row.get("Last Name"))
        if not name:
            skipped.append(Skipped(row.line, "no first or last name"))
            continue
        connected = _connected(row, path, errors)
        email = row.get("Email Address")
        records.append(
            Record(
                line=row.line,
                name=name,
                emails=only_emails(
                    [email] if email else [], path, row.line, "Email Address", warnings
                ),
                company=person_name(row.get("Company")),
                role=person_name(row.get("Position")),
                linkedin=row.get("URL") or _profile(row.get("Websites")),
                location=person_name(row.get("Address")),
                fields=((CONNECTED_FIELD, connected),) if connected else (),
            )
        )
    raise_problems(errors)
    return Parsed(tuple(records), tuple(skipped), tuple(warnings), distinct=True)


def _connected(row: Row, path: str, errors: list[Problem]) -> dt.date | None:
    text = row.get("Connected On")
    if not text:
        return None
    date = parse_connected_on(text)
    if date is None:
        message = f"Connected On {text!r} is not a date like '12 Jan 2023' or '1/12/23'"
        errors.append(Problem(path, row.line, message))
    return date


def parse_connected_on(text: str) -> dt.date | None:
    """Read a `Connected On` date as LinkedIn has written it; None when it is no real day.

    `12 Jan 2023`, `12-Jan-23`, `1/12/23, 6:14 PM` (month first, as LinkedIn's US export
    writes it), `1/12/2023` and `2023-01-12` are all the 12th of January 2023.
    """
    text = text.strip()
    try:
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            month = _MONTHS.get(match.group(2)[:3].lower())
            if month is None:
                return None
            return dt.date(_year(match.group(3)), month, int(match.group(1)))
        if match := _MONTH_DAY_YEAR.fullmatch(text):
            return dt.date(_year(match.group(3)), int(match.group(1)), int(match.group(2)))
        if match := _ISO.fullmatch(text):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    # Two-digit years are this century's: LinkedIn began in 2003.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _profile(websites: str) -> str:
    """Find the LinkedIn profile among the 2016 layout's `Websites`, if it is there."""
    found = _PROFILE.search(websites)
    if found is None:
        return ""
    start = found.start()
    while start and (websites[start - 1].isalnum() or websites[start - 1] in "_.-"):
        start -= 1
    for scheme in ("https://", "http://"):
        if websites[:start].lower().endswith(scheme):
            start -= len(scheme)
            break
    return websites[start : found.end()]
