"""Contacts as vCard 4.0 (or 3.0 for phones that want it): one card per contact, ties as RELATED.

Standard properties carry what any address book understands (FN, N, ORG, TITLE, EMAIL, TEL, URL,
ADR, CATEGORIES, NOTE, RELATED); `X-KITH-*` properties carry the rest, so that importing an
export gives back the same contacts. The `## Private` section never leaves in a card.
"""

from __future__ import annotations

import uuid

import vobject

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
    tags = f" ({', '.join(entry.tags)})" if entry.tags else ""
    return f"{entry.date.isoformat()}{tags}: {entry.text}"


def export_vcards(vault: Vault, version: str = "4.0") -> str:
    """Return every contact as one vCard each, in slug order, CRLF line endings."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {', '.join(VERSIONS)}")
    return "".join(str(_card(p, version).serialize()) for p in vault.people)


def _card(person: Person, version: str) -> vobject.base.Component:
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
    _add_kith_fields(card, person)
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
    if person.email:
        card.add("email").value = person.email
    if person.phone:
        card.add("tel").value = person.phone
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


def _add_kith_fields(card: vobject.base.Component, person: Person) -> None:
    values = [
        ("x-kith-slug", person.slug),
        ("x-kith-circle", person.circle),
        ("x-kith-strength", str(person.strength)),
        ("x-kith-influence", str(person.influence)),
        ("x-kith-target", "true" if person.target else ""),
        ("x-kith-why", person.why),
        ("x-kith-cadence", "" if person.cadence is None else str(person.cadence)),
        ("x-kith-last-contact", _iso(person)),
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


def _iso(person: Person) -> str:
    date = person.last_contact_field
    return date.isoformat() if date is not None else ""
