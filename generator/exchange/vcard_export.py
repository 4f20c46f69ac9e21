"""Contacts as vCard 4.0 (or 3.0 for phones that want it): one card per contact, ties as RELATED.

Standard properties carry what any address book understands (FN, N, ORG, TITLE, EMAIL, TEL, URL,
ADR, CATEGORIES, NOTE, RELATED); `X-KITH-*` properties carry the rest, so that importing an
export gives back the same contacts. The `## Private` section never leaves in a card.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath

import vobject

from ..edit.log import entry_line
from ..model import Interaction, Person, Tie, Vault

VERSIONS = ("4.0", "3.0")
_NAMESPACE = uuid.UUID("6f0c2d4e-4b1a-5c3e-9a57-6b69746800aa")
_CARET = {"^": "^^", "\n": "^n", '"': "^'"}


def card_uid(slug: str) -> str:
    """Return the stable UID of a contact's card (RELATED points at it)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, slug)}"


def caret_encode(text: str) -> str:
    """Encode a parameter value as RFC 6868 says (vobject refuses double quotes).

    RFC 6868 encodes only the newline; a lone CR (which would end the line early) is one too.
    """
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_CARET.get(c, c) for c in plain)


def caret_decode(text: str) -> str:
    """Undo RFC 6868 parameter encoding."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        decoded = {"^^": "^", "^n": "\n", "^'": '"'}.get(pair)
        out.append(decoded or text[i])
        i += 2 if decoded else 1
    return "".join(out)


def format_log_entry(entry: Interaction) -> str:
    """Write a log entry the way the `## Log` section holds it (without the bullet)."""
    return entry_line(entry).removeprefix("- ")


def export_vcards(vault: Vault, version: str = "4.0", people_dir: str = "people") -> str:
    """Return every contact as one vCard each, in slug order, CRLF line endings.

    `people_dir` is the contacts' folder as their paths start (`people`): a contact in a
    sub-folder of it keeps that folder in `X-KITH-FOLDER`.
    """
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {', '.join(VERSIONS)}")
    return "".join(str(_card(p, version, people_dir).serialize()) for p in vault.people)


def folder_of(path: str, people_dir: str) -> str:
    """Return a contact file's sub-folder inside the people folder ('' at its top)."""
    parent = PurePosixPath(path).parent
    try:
        folder = parent.relative_to(PurePosixPath(people_dir))
    except ValueError:
        return ""
    return "" if folder == PurePosixPath(".") else folder.as_posix()


def _card(person: Person, version: str, people_dir: str = "people") -> vobject.base.Component:
    card = vobject.vCard()
    card.add("version").value = version
    if version == "4.0":
        card.add("kind").value = "individual"
    card.add("uid").value = card_uid(person.slug)
    card.add("fn").value = person.name
    card.add("n").value = _split_name(person.name)
    _add_contact_details(card, person)
    for tie in person.ties:
        _add_related(card, tie)
    _add_kith_fields(card, person, folder_of(person.path, people_dir))
    return card


def _split_name(name: str) -> vobject.vcard.Name:
    given, _, family = name.rpartition(" ")
    if not given:
        return vobject.vcard.Name(given=family)
    return vobject.vcard.Name(family=family, given=given)


def _add_contact_details(card: vobject.base.Component, person: Person) -> None:
    if person.company:
        card.add("org").value = [person.company]
    if person.role:
        card.add("title").value = person.role
    for email in person.all_emails:
        card.add("email").value = email
    for phone in person.all_phones:
        card.add("tel").value = phone
    for alias in person.aliases:
        card.add("nickname").value = alias
    if person.linkedin:
        card.add("url").value = person.linkedin
    if person.location:
        # Kith's location is free text ("Lyon, France"); the locality is where a phone shows it.
        card.add("adr").value = vobject.vcard.Address(city=person.location)
    if person.tags:
        card.add("categories").value = list(person.tags)
    if person.notes:
        card.add("note").value = person.notes


def _add_related(card: vobject.base.Component, tie: Tie) -> None:
    related = card.add("related")
    related.value = card_uid(tie.other)
    related.params["TYPE"] = ["contact"]
    related.params["X-KITH-SLUG"] = [caret_encode(tie.other)]
    related.params["X-KITH-STRENGTH"] = [str(tie.strength)]
    if tie.how:
        related.params["X-KITH-HOW"] = [caret_encode(tie.how)]


def _add_kith_fields(card: vobject.base.Component, person: Person, folder: str) -> None:
    # Defaults are left out, so importing the export adds no field the files never had.
    values = [
        ("x-kith-slug", person.slug),
        ("x-kith-folder", folder),
        ("x-kith-circle", "" if person.circle == "acquaintance" else person.circle),
        ("x-kith-strength", str(person.strength) if person.strength else ""),
        ("x-kith-influence", str(person.influence) if person.influence != 1 else ""),
        ("x-kith-target", "true" if person.target else ""),
        ("x-kith-why", person.why),
        ("x-kith-cadence", "" if person.cadence is None else str(person.cadence)),
        ("x-kith-last-contact", _iso(person.last_contact_field)),
        ("x-kith-connected-on", _iso(person.connected_on_field)),
    ]
    for name, value in values:
        if value:
            card.add(name).value = value
    for entry in person.log:
        card.add("x-kith-log").value = format_log_entry(entry)
    for key, value in person.extra:
        field = card.add("x-kith-field")
        field.params["X-NAME"] = [caret_encode(key)]
        field.value = value


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else ""
