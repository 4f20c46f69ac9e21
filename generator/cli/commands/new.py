"""`kith new`: a contact file made from a name and options, through the edit module."""

from __future__ import annotations

import argparse

from ...edit.changes import FieldValue, contact_text, value_from_text
from ...edit.writer import SlugTakenError, create_contact
from ...model import CIRCLES, WHYS
from ...vault.load import iter_contact_files
from ...vault.slugs import SlugError, make_slug
from ..common import Sub, add_parser, completes, pick, refusals
from ..session import Session, UserError


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add `new`."""
    new = add_parser(
        sub,
        common,
        "new",
        "create a contact file",
        "Create people/<slug>.md with the front matter and an empty '## Log'. The slug is made "
        "from the name (accents transliterated: 'María López' -> maria-lopez) unless --slug "
        "gives one.",
        (
            'kith new "María López" --circle client --strength 1 --influence 4 --target',
            'kith new "Ben Okafor" --company Acme --tag healthcare --knows maria-lopez:4',
            'kith new "Mom" --folder family --slug mom --circle family --strength 5',
        ),
    )
    new.add_argument("name", metavar="NAME", help="the person's full name")
    new.add_argument("--slug", help="the file name to use instead of one made from the name")
    completes(
        new.add_argument("--folder", metavar="DIR", default="", help="a sub-folder of people/"),
        "none",
    )
    new.add_argument("--circle", choices=CIRCLES, help="default: acquaintance")
    new.add_argument("--strength", metavar="N", help="0-5, how close you are (default 0)")
    new.add_argument("--influence", metavar="N", help="1-5, their reach (default 1)")
    new.add_argument("--target", action="store_true", help="put them on your target list")
    new.add_argument("--why", choices=WHYS, help="why they are a target")
    new.add_argument("--cadence", metavar="DAYS", help="days between touches; 0 = never remind")
    new.add_argument("--company", help="where they work")
    new.add_argument("--role", help="what they do")
    new.add_argument("--email", help="their e-mail address")
    new.add_argument("--phone", help="their phone number")
    new.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    completes(
        new.add_argument(
            "--knows",
            action="append",
            default=[],
            metavar="SLUG[:N]",
            help="a tie to a contact, strength N 1-5 (default 3); repeatable",
        ),
        "slug",
    )
    new.set_defaults(run=run_new)


def run_new(session: Session) -> int:
    """Create the file; a taken slug is refused with a free one suggested."""
    args = session.args
    settings = session.settings
    try:
        slug = args.slug or make_slug(args.name)
    except SlugError as exc:
        raise UserError(f"{exc} with --slug") from None
    with refusals(session):
        knows = tuple(_tie_spec(session, spec) for spec in args.knows)
        text = contact_text(args.name, _new_fields(args), knows)
        try:
            rel, _ = create_contact(settings.people, settings.root, slug, text, args.folder)
        except SlugTakenError as exc:
            free = _free_slug(session, slug)
            raise UserError(
                f"{exc.message}; choose another with --slug (e.g. --slug {free})"
            ) from None
    print(f"created {rel}", file=session.out)
    return 0


def _new_fields(args: argparse.Namespace) -> list[tuple[str, FieldValue]]:
    fields: list[tuple[str, FieldValue]] = [("circle", args.circle or "acquaintance")]
    fields.append(("strength", value_from_text("strength", [args.strength or "0"])))
    fields.append(("influence", value_from_text("influence", [args.influence or "1"])))
    if args.target:
        fields.append(("target", True))
    for name in ("why", "cadence", "company", "role", "email", "phone"):
        raw = getattr(args, name)
        if raw is not None:
            fields.append((name, value_from_text(name, [raw])))
    if args.tag:
        fields.append(("tags", value_from_text("tags", args.tag)))
    return fields


def _tie_spec(session: Session, spec: str) -> tuple[str, int]:
    query, _, strength = spec.rpartition(":") if ":" in spec else (spec, "", "3")
    if not strength.isdigit() or not 1 <= int(strength) <= 5:
        raise UserError(f"--knows {spec}: the strength after ':' is a number from 1 to 5")
    return pick(session, query).slug, int(strength)


def _free_slug(session: Session, slug: str) -> str:
    taken = {p.stem.casefold() for p in iter_contact_files(session.settings.people)}
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
