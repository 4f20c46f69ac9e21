"""Find the contact an imported record is about: by UID, e-mail, profile URL, phone, then name.

Addresses, numbers and profiles are compared as `analysis.identity` normalises them. A name is
weak evidence: it decides only when nothing contradicts it. A different profile URL, e-mail or
phone means a different person, so two Alison Hills with two profiles stay two contacts; and
the rows of a LinkedIn export are each a different connection, so one row never lands on a
contact an earlier row of the same file already made or matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.identity import Identities, Match, name_key, normal_email, normal_linkedin
from ..analysis.identity import normal_phone as _normal_phone
from .records import Record

__all__ = ["Index", "normal_email", "normal_linkedin", "normal_name", "normal_phone"]

normal_name = name_key


def normal_phone(number: str, region: str | None = None) -> str:
    """Return a number in E.164 form as the identity index compares it ('' for none)."""
    return _normal_phone(number, region)


@dataclass
class _Known:
    """What tells one contact apart: its addresses, numbers and profile, normalised."""

    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    profile: str = ""


@dataclass
class Index:
    """Look-up tables from UID, e-mail, profile, phone and name to slugs; grows as the plan does."""

    region: str | None = None
    identities: Identities = field(default_factory=Identities)
    uids: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    known: dict[str, _Known] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)  # contacts rows of a LinkedIn file are about

    def __post_init__(self) -> None:
        self.identities.region = self.region

    def add(
        self,
        slug: str,
        names: tuple[str, ...] = (),
        emails: tuple[str, ...] = (),
        phones: tuple[str, ...] = (),
        linkedin: str = "",
    ) -> None:
        """Make a contact findable by its names, addresses, numbers and profile."""
        self.identities.add(slug, emails, phones, linkedin)
        known = self.known.setdefault(slug, _Known())
        known.emails.update(k for e in emails if (k := normal_email(e)))
        known.phones.update(k for p in phones if (k := _normal_phone(p, self.region)))
        if linkedin.strip() and not known.profile:
            known.profile = normal_linkedin(linkedin)
        for name in names:
            slugs = self.names.setdefault(normal_name(name), [])
            if name and slug not in slugs:
                slugs.append(slug)

    def find(self, record: Record, distinct: bool = False) -> tuple[str | None, str]:
        """Return (slug, how) for the record's contact, or (None, why not) when there is none.

        `distinct`: the record's file lists every person once (a LinkedIn export).
        """
        if record.uid and record.uid in self.uids:
            return self.uids[record.uid], "UID"
        for how, matches in self._keys(record):
            for match in matches:
                if match.ambiguous:
                    return None, f"same {how} as {', '.join(sorted(match.slugs))}"
                if match.slug is not None:
                    return match.slug, how
        return self._by_name(record, distinct)

    def _keys(self, record: Record) -> tuple[tuple[str, list[Match]], ...]:
        ids = self.identities
        return (
            ("email", [ids.by_email(e) for e in record.emails]),
            ("LinkedIn URL", [ids.by_linkedin(record.linkedin)] if record.linkedin else []),
            ("phone", [ids.by_phone(p) for p in record.phones]),
        )

    def _by_name(self, record: Record, distinct: bool) -> tuple[str | None, str]:
        found = self.names.get(normal_name(record.name), [])
        fits = [s for s in found if not self._contradicts(s, record)]
        if distinct:
            fits = [s for s in fits if s not in self.claimed]
        if len(fits) > 1:
            return None, f"same name as {', '.join(sorted(fits))}"
        return (fits[0], "name") if fits else (None, "")

    def _contradicts(self, slug: str, record: Record) -> bool:
        """True when the contact and the record cannot be one person (see the module's rule)."""
        known = self.known.get(slug)
        if known is None:
            return False
        profile = normal_linkedin(record.linkedin)
        emails = {k for e in record.emails if (k := normal_email(e))}
        phones = {k for p in record.phones if (k := _normal_phone(p, self.region))}
        return (
            bool(profile and known.profile and profile != known.profile)
            or bool(emails and known.emails and not emails & known.emails)
            or bool(phones and known.phones and not phones & known.phones)
        )
