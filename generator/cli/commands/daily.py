"""`kith set`, `unset`, `tie` and `open`: daily edits, each a call into `changes`."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess

from ...edit.changes import (
    remove_tie,
    set_field,
    set_tie,
    unset_field,
    value_from_text,
)
from ...edit.writer import Edited
from ...model import Problem, Severity
from ...vault.load import LoadResult, load_person
from ...vault.lookup import ContactFile
from ...vault.ties import DEFAULT_STRENGTH, TieError, check_strength
from ..common import Sub, add_parser, completes, load, pick, refusals, slug_argument
from ..session import Session, UserError


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add set, unset, tie and open."""
    _register_set(sub, common)
    _register_tie(sub, common)
    opener = add_parser(
        sub,
        common,
        "open",
        "open a contact's file in your editor",
        "Open the contact's file in $VISUAL or $EDITOR (else vi); when the editor closes, the "
        "file is checked and any problem reported.",
        ("kith open ada", "EDITOR='code --wait' kith open lopez"),
    )
    slug_argument(opener)
    opener.set_defaults(run=run_open)


def _register_set(sub: Sub, common: argparse.ArgumentParser) -> None:
    setter = add_parser(
        sub,
        common,
        "set",
        "change one front-matter field",
        "Set FIELD to VALUE, validated as the loader validates it; nothing else in the file "
        "changes. Numbers, true/false and dates are read as YAML reads them; tags take several "
        "values, or one with commas. Ties are changed with 'kith tie'.",
        (
            "kith set ada strength 4",
            'kith set ada company "Hospital Group"',
            "kith set ada tags healthcare procurement",
        ),
    )
    slug_argument(setter)
    completes(setter.add_argument("field", metavar="FIELD", help="e.g. strength"), "field")
    setter.add_argument("values", nargs="+", metavar="VALUE", help="the new value")
    setter.set_defaults(run=run_set)
    unset = add_parser(
        sub,
        common,
        "unset",
        "remove one front-matter field",
        "Remove FIELD from the front matter; the contact falls back to its default.",
        ("kith unset ada cadence",),
    )
    slug_argument(unset)
    completes(unset.add_argument("field", metavar="FIELD", help="e.g. cadence"), "field")
    unset.set_defaults(run=run_unset)


def _register_tie(sub: Sub, common: argparse.ArgumentParser) -> None:
    tie = add_parser(
        sub,
        common,
        "tie",
        "add, change or remove a tie between two contacts",
        "Write the tie into A's file under 'knows'. A tie is symmetric: one end is enough. "
        "When B's file already declares it at that strength or more, nothing changes; when "
        "both files declare it, the stronger value counts.",
        (
            'kith tie ada ben --strength 4 --how "same board"',
            "kith tie ada ben --remove",
        ),
    )
    slug_argument(tie, "a", "A")
    slug_argument(tie, "b", "B")
    tie.add_argument("--strength", metavar="N", help="1-5 (default 3 for a new tie)")
    tie.add_argument("--how", metavar="TEXT", help="how they know each other ('' removes it)")
    tie.add_argument("--remove", action="store_true", help="remove the tie from A's file")
    tie.set_defaults(run=run_tie)


def run_set(session: Session) -> int:
    """Change one field."""
    args = session.args
    contact = pick(session, args.slug)
    with refusals(session):
        value = value_from_text(args.field, args.values)
        edited = set_field(contact.path, contact.rel, args.field, value)
    _report(session, edited, f"{args.field}: {' '.join(args.values)}")
    return 0


def run_unset(session: Session) -> int:
    """Remove one field."""
    args = session.args
    contact = pick(session, args.slug)
    with refusals(session):
        edited = unset_field(contact.path, contact.rel, args.field)
    if not edited.changed:
        print(f"{edited.rel}: no field '{args.field}'; nothing changed", file=session.out)
        return 0
    print(f"{edited.rel}: removed {args.field}", file=session.out)
    return 0


def run_tie(session: Session) -> int:
    """Add, change or remove the tie in A's file; say what B's file declares."""
    args = session.args
    loaded = load(session)
    a, b = pick(session, args.a, loaded), pick(session, args.b, loaded)
    strength = None if args.strength is None else _tie_strength(b.slug, args.strength)
    if not args.remove and _held_at_the_other_end(session, loaded, a, b, strength):
        return 0
    with refusals(session):
        if args.remove:
            edited = remove_tie(a.path, a.rel, b.slug)
        else:
            edited = set_tie(a.path, a.rel, b.slug, strength, args.how)
    tie = next((t for t in edited.person.ties if t.other == b.slug), None)
    shown = "removed" if tie is None else f"{tie.strength}" + (f" ({tie.how})" if tie.how else "")
    _report(session, edited, f"knows {b.slug}: {shown}")
    other = loaded.vault.by_slug.get(b.slug)
    back = next((t for t in other.ties if t.other == a.slug), None) if other else None
    if back is not None and args.remove:
        print(
            f"kith: note: {b.rel} still declares this tie (strength {back.strength}); "
            f"remove it there too with: kith tie {b.slug} {a.slug} --remove",
            file=session.err,
        )
    elif back is not None:
        print(
            f"kith: note: {b.rel} also declares this tie (strength {back.strength}); "
            "the stronger value counts",
            file=session.err,
        )
    return 0


def _held_at_the_other_end(
    session: Session, loaded: LoadResult, a: ContactFile, b: ContactFile, strength: int | None
) -> bool:
    """Say so, and change nothing, when B's file already holds a new tie at that strength or more.

    A second, weaker declaration would change nothing (the stronger value counts) but clutter A's
    file; a tie A's file already declares is edited as asked.
    """
    here, there = loaded.vault.by_slug.get(a.slug), loaded.vault.by_slug.get(b.slug)
    if here is None or there is None or any(t.other == b.slug for t in here.ties):
        return False
    back = next((t for t in there.ties if t.other == a.slug), None)
    wanted = DEFAULT_STRENGTH if strength is None else strength
    if back is None or back.strength < wanted:
        return False
    print(
        f"{b.rel}: already knows {a.slug} at strength {back.strength}; nothing changed "
        "(a tie is symmetric: one end is enough)",
        file=session.out,
    )
    how = session.args.how
    if how is not None and how != back.how:
        print(
            f"kith: note: to change how they know each other, change that end: "
            f"kith tie {b.slug} {a.slug} --how {shlex.quote(how)}",
            file=session.err,
        )
    return True


def _tie_strength(other: str, text: str) -> int:
    try:
        return check_strength(other, value_from_text("strength", [text]))
    except TieError as exc:
        raise UserError(str(exc)) from None


def _report(session: Session, edited: Edited, what: str) -> None:
    suffix = "" if edited.changed else " (already so; nothing changed)"
    print(f"{edited.rel}: {what}{suffix}", file=session.out)


def run_open(session: Session) -> int:
    """Open the file in the editor, then report what the loader thinks of it."""
    contact = pick(session, session.args.slug)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(editor) or ["vi"]
    except ValueError as exc:
        raise UserError(f"cannot read the editor command {editor!r} ({exc})") from None
    try:
        status = subprocess.call([*words, str(contact.path)])
    except OSError as exc:
        raise UserError(f"cannot run the editor {editor!r} ({exc.strerror}); set $EDITOR") from None
    if status != 0:
        raise UserError(f"the editor {editor!r} exited with status {status}")
    problems: list[Problem] = []
    load_person(contact.path, contact.rel, problems)
    for problem in problems:
        print(problem, file=session.err)
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0
