"""Who an address, a number or a name belongs to: the vault's contacts by every way to reach them.

E-mails compare case-blind; phone numbers in E.164 form (the `phonenumbers` library, with the
`default_region` setting for numbers written without a country code); names and aliases accent-,
case- and punctuation-blind. One address shared by two contacts is ambiguous: a match names
both and decides nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

from ..model import Vault


def normal_email(email: str) -> str:
    """Compare e-mails without case, surrounding space or a `mailto:`."""
    text = email.strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


@functools.lru_cache(maxsize=1 << 14)
def normal_phone(number: str, region: str | None = None) -> str:
    """Return a number in E.164 form (+441632960001); '' when it is no phone number.

    A number without a country code is read as one of `region` (a two-letter code such as GB);
    without a region it is kept as its digits, which match only the same digits.
    """
    import phonenumbers  # a command that matches no numbers need not load it

    text = number.strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3:
        return ""
    try:
        parsed = phonenumbers.parse(text, region if not text.startswith("+") else None)
    except phonenumbers.NumberParseException:
        return "" if text.startswith("+") else digits
    if not phonenumbers.is_possible_number(parsed):
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=1 << 14)
def fold_name(name: str) -> str:
    """Compare names without accents, case or punctuation; the word order is kept."""
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(name).casefold()))


def name_key(name: str) -> str:
    """Compare names as `fold_name` does, also without word order (`Lopez, Maria`)."""
    return " ".join(sorted(fold_name(name).split()))


@functools.lru_cache(maxsize=1 << 14)
def normal_linkedin(url: str) -> str:
    """Reduce a profile URL to `linkedin.com/in/<id>`: no scheme, country host, query or slash."""
    text = url.strip()
    if not text:
        return ""
    parts = urlsplit(text if "//" in text else f"https://{text}")
    host = parts.hostname or ""
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return text.casefold()
    path = unquote(parts.path).rstrip("/").casefold()
    return f"linkedin.com{path}"


@dataclass(frozen=True, slots=True)
class Match:
    """Whom something belongs to: one slug, or every slug it could be (ambiguous), or nobody."""

    slugs: tuple[str, ...] = ()

    @property
    def slug(self) -> str | None:
        """Return the one contact it belongs to, None when nobody or several."""
        return self.slugs[0] if len(self.slugs) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.slugs) > 1


@dataclass
class Identities:
    """Look-up tables from each normalised e-mail, phone, profile and name to slugs."""

    region: str | None = None
    emails: dict[str, list[str]] = field(default_factory=dict)
    phones: dict[str, list[str]] = field(default_factory=dict)
    profiles: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)

    def add(
        self,
        slug: str,
        emails: Iterable[str] = (),
        phones: Iterable[str] = (),
        linkedin: str = "",
        names: Iterable[str] = (),
    ) -> None:
        """Make a contact findable by its addresses, numbers, profile and names."""
        for table, keys in (
            (self.emails, {normal_email(e) for e in emails}),
            (self.phones, {normal_phone(p, self.region) for p in phones}),
            (self.profiles, {normal_linkedin(linkedin)}),
            (self.names, {fold_name(n) for n in names}),
        ):
            for key in sorted(keys - {""}):
                slugs = table.setdefault(key, [])
                if slug not in slugs:
                    slugs.append(slug)

    def by_email(self, email: str) -> Match:
        """Return whose address this is."""
        return Match(tuple(self.emails.get(normal_email(email), ())))

    def by_phone(self, number: str) -> Match:
        """Return whose number this is (compared in E.164 form)."""
        key = normal_phone(number, self.region)
        return Match(tuple(self.phones.get(key, ()))) if key else Match()

    def by_linkedin(self, url: str) -> Match:
        """Return whose LinkedIn profile this is."""
        return Match(tuple(self.profiles.get(normal_linkedin(url), ())))

    def by_name(self, name: str) -> Match:
        """Return whose name or alias this is (accents, case and punctuation aside)."""
        return Match(tuple(self.names.get(fold_name(name), ())))


def index_identities(vault: Vault, region: str | None = None) -> Identities:
    """Index every contact of the vault by e-mail, phone, LinkedIn profile, name and alias."""
    identities = Identities(region)
    for person in vault.people:
        identities.add(
            person.slug,
            person.all_emails,
            person.all_phones,
            person.linkedin,
            (person.name, *person.aliases),
        )
    return identities
