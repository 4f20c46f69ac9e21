"""`kith show` and `kith find`: a contact as a card, and contacts by a piece of text.

Output goes through rich: colour on a terminal, plain text when piped. Every value from a contact
file is printed as a `Text`, never as markup, so `[bold]` in a note stays `[bold]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from ...analysis.phrases import due_in, time_ago
from ...analysis.report import Contact, Report
from ...build import analyze_kept, history_for
from ...edit.log import entry_items
from ...model import LIST_FIELDS, Person, Vault
from ...vault.load import LoadResult, collector_paused
from ..advice import advice_rows, describe_rhythm
from ..common import Sub, add_parser, empty_vault, load, pick, slug_argument
from ..session import Session, UserError
from ..terminal import printable


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add `show` and `find`."""
    show = add_parser(
        sub,
        common,
        "show",
        "print a contact as a card",
        "Print a contact's facts (private fields too: this is your terminal), ties both ways, "
        "last contact and next touch, the log newest first, and the notes.",
        ("kith show ada", 'kith show "maría" --today 2026-11-25'),
    )
    slug_argument(show)
    show.set_defaults(run=run_show)
    find = add_parser(
        sub,
        common,
        "find",
        "search names, work, tags, ties, notes and logs",
        "List the contacts that hold every word of TEXT, in any order, in their name, company "
        "or role, tags, tie descriptions, notes or log, ignoring accents and case. Whole words "
        "come first, then words that start with one, then words that hold one ('board' in "
        "'onboarding'); then name matches before work, tags, ties, notes and the log. "
        "Exits 1 when nothing matches.",
        ("kith find lopez maria", "kith find hospital board"),
    )
    find.add_argument("text", nargs="+", metavar="TEXT", help="what to look for")
    find.set_defaults(run=run_find)


def emit(session: Session, renderable: RenderableType) -> None:
    """Print through rich: styled on a terminal; plain, unwrapped and unpadded when piped."""
    console = Console(file=session.data_out, highlight=False, emoji=False)
    if console.is_terminal:  # a tty, or FORCE_COLOR / TTY_COMPATIBLE=1 say to treat it as one
        # Rich writes its own styles as escape sequences; the text it lays out is made visible.
        segments = console.render(renderable, console.options)
        console.print(Segments(Segment(printable(s.text), s.style, s.control) for s in segments))
        return
    plain = Console(
        file=session.out,
        width=10_000,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
    )
    with plain.capture() as captured:
        plain.print(renderable)
    session.out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def run_show(session: Session) -> int:
    """Print one contact's card."""
    loaded = load(session)
    contact = pick(session, session.args.slug, loaded)
    person = loaded.vault.by_slug.get(contact.slug)
    if person is None or person.path != contact.rel:
        for problem in loaded.problems:
            if problem.path == contact.rel:
                print(problem, file=session.err)
        raise UserError(f"{contact.rel} does not load; fix it first")
    history = history_for(session.settings).history
    with collector_paused():  # as while loading: the analysis makes no cycles
        report = analyze_kept(loaded.vault, session.settings, session.today, history)
    emit(session, card(report.contacts[person.slug], loaded, report))
    return 0


def card(info: Contact, loaded: LoadResult, report: Report) -> RenderableType:
    """Lay out one contact: title, facts, what to do, ties, log, notes."""
    person, today = info.person, report.today
    title = Text.assemble((person.name, "bold"), "  ", (person.slug, "dim"))
    work = " at ".join(x for x in (person.role, person.company) if x)
    parts: list[RenderableType] = [title]
    if work:
        parts.append(Text(work))
    parts += [Text(person.path, "dim"), Text(""), _facts(info, today)]
    todo = advice_rows(person, loaded.vault.by_slug, report)
    if todo:
        parts += [Text(""), Text("What to do", "bold"), _grid(todo)]
    ties = _ties(person, loaded.vault)
    if ties.row_count:
        parts += [Text(""), Text("Ties", "bold"), ties]
    parts += [Text(""), Text(f"Log ({len(person.log)})", "bold"), _log(person, today)]
    for heading, text in (("Notes", person.notes), ("Private", person.private_notes)):
        if text.strip():
            parts += [Text(""), Text(heading, "bold"), Text(text.strip("\n"))]
    return Group(*parts)


def _facts(info: Contact, today: dt.date) -> Table:
    return _grid(list(_fact_rows(info, today)))


def _grid(rows: list[tuple[str, Text]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def _fact_rows(info: Contact, today: dt.date) -> Iterator[tuple[str, Text]]:
    person = info.person
    yield "circle", Text(person.circle)
    yield "strength", Text(f"{person.strength} of 5")
    yield "influence", Text(f"{person.influence} of 5")
    if person.target:
        yield "target", Text("yes" + (f" ({person.why})" if person.why else ""))
    yield "cadence", Text(f"every {info.cadence} days" if info.cadence else "no reminders")
    last = info.last_contact
    yield "last contact", Text(f"{time_ago(last, today)}, {last}" if last else "never")
    if info.due is not None:
        late = info.due < today
        yield "next touch", Text(f"{due_in(info.due, today)}, {info.due}", "red" if late else "")
    if info.rhythm is not None:
        yield "rhythm", describe_rhythm(info)
    for name in ("email", "phone", "linkedin", "location"):
        if person.free_field(name):
            yield name, Text(person.free_field(name))
    for name in LIST_FIELDS:
        if getattr(person, name):
            yield name, Text(", ".join(getattr(person, name)))
    if person.tags:
        yield "tags", Text(", ".join(person.tags))
    for name, value in person.extra:
        yield name, Text(value)


def _ties(person: Person, vault: Vault) -> Table:
    """Whom they know and who knows them: → declared here, ← declared there, ↔ both."""
    grid = Table.grid(padding=(0, 2))
    here = {t.other for t in person.ties}
    for other, edge in vault.neighbours(person.slug):
        there = any(t.other == person.slug for t in vault.by_slug[other].ties)
        arrow = "↔" if other in here and there else "→" if other in here else "←"
        name = vault.by_slug[other].name
        grid.add_row(
            arrow, Text.assemble(name, "  ", (other, "dim")), f"{edge.strength}", Text(edge.how)
        )
    for tie in person.ties:
        if tie.other not in vault.by_slug:
            grid.add_row("→", Text(tie.other), f"{tie.strength}", Text("(no such contact)", "dim"))
    return grid


def _log(person: Person, today: dt.date) -> RenderableType:
    if not person.log:
        return Text("no entries yet", "dim")
    grid = Table.grid(padding=(0, 2))
    for entry in sorted(person.log, key=lambda i: i.date, reverse=True):
        tags = ", ".join(entry_items(entry))
        grid.add_row(
            entry.date.isoformat(),
            Text(time_ago(entry.date, today), "dim"),
            Text(tags, "yellow" if entry.is_ask else "green" if entry.is_give else ""),
            Text(entry.text),
        )
    return grid


def run_find(session: Session) -> int:
    """List the matching contacts, best first."""
    from ...analysis.search import find_people  # only `find` searches

    query = " ".join(session.args.text)
    vault = load(session).vault
    if not vault.people:
        raise UserError(empty_vault(session))
    hits = find_people(vault, query)
    if not hits:
        print(f"kith: no contact matches {query!r}", file=session.err)
        return 1
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("name", "slug", "circle", "found in"):
        table.add_column(column)
    for hit in hits:
        found = hit.where if hit.where == "name" else f"{hit.where}: {hit.excerpt}"
        table.add_row(Text(hit.person.name), Text(hit.person.slug), hit.person.circle, Text(found))
    emit(session, table)
    return 0
