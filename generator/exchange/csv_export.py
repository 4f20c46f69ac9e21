"""Every contact as one CSV row with its computed fields, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from ..analysis.phrases import format_score
from ..analysis.report import Contact, Report
from ..model import Vault

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AFTER_SEPARATOR = re.compile(r"([;\t\r\n] *)([=+\-@])")


def _date(value: object) -> str:
    return "" if value is None else str(value)


def _days_overdue(contact: Contact, report: Report) -> str:
    if contact.due is None:
        return ""
    return str(max(0, (report.today - contact.due).days))


Column = tuple[str, Callable[[Contact, Report, Vault], object]]
COLUMNS: tuple[Column, ...] = (
    ("slug", lambda c, r, v: c.person.slug),
    ("name", lambda c, r, v: c.person.name),
    ("circle", lambda c, r, v: c.person.circle),
    ("strength", lambda c, r, v: c.person.strength),
    ("influence", lambda c, r, v: c.person.influence),
    ("target", lambda c, r, v: "yes" if c.person.target else ""),
    ("why", lambda c, r, v: c.person.why),
    ("cadence_days", lambda c, r, v: c.cadence),
    ("company", lambda c, r, v: c.person.company),
    ("role", lambda c, r, v: c.person.role),
    ("email", lambda c, r, v: c.person.email),
    ("phone", lambda c, r, v: c.person.phone),
    ("linkedin", lambda c, r, v: c.person.linkedin),
    ("location", lambda c, r, v: c.person.location),
    ("tags", lambda c, r, v: "; ".join(c.person.tags)),
    ("last_contact", lambda c, r, v: _date(c.last_contact)),
    ("days_since_contact", lambda c, r, v: _date(c.days_since)),
    ("next_due", lambda c, r, v: _date(c.due)),
    ("days_overdue", lambda c, r, v: _days_overdue(c, r)),
    ("interactions", lambda c, r, v: len(c.person.log)),
    ("asks", lambda c, r, v: c.asks),
    ("gives", lambda c, r, v: c.gives),
    ("ties", lambda c, r, v: len(v.neighbours(c.person.slug))),
    ("best_path_score", lambda c, r, v: _best_score(r, c.person.slug)),
    ("best_path", lambda c, r, v: _best_path(r, c.person.slug)),
    ("source", lambda c, r, v: "; ".join(c.person.source)),
)


def _best_score(report: Report, slug: str) -> str:
    path = report.best_paths.get(slug)
    return format_score(path.score) if path is not None else ""


def _best_path(report: Report, slug: str) -> str:
    path = report.best_paths.get(slug)
    return " > ".join(path.people) if path is not None else ""


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (OWASP's CSV injection advice).

    A spreadsheet that splits rows on `;` or tabs (common in Europe) starts a cell after each
    of them, inside this one too: what follows one gets the same leading `'`.
    """
    cell = _AFTER_SEPARATOR.sub(r"\1'\2", cell)
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def export_csv(vault: Vault, report: Report) -> str:
    """Return a header row and one row per contact (slug order), CRLF line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for person in vault.people:
        contact = report.contacts[person.slug]
        writer.writerow([neutralise(str(get(contact, report, vault))) for _, get in COLUMNS])
    return buffer.getvalue()
