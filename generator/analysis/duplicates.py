"""Contacts that are likely one person twice, with the evidence and how sure it is.

Certain: the same e-mail, phone (compared in E.164 form, see `identity`) or LinkedIn profile.
Likely: near-identical names at the same company (`Rob Smith` / `Robert Smith`, `Smith` /
`Smyth`). Possible: the same name, accents, case and word order aside, with nothing that tells
them apart. Two contacts tied to each other are two people (nobody knows themselves), and two
LinkedIn profiles are two people unless an address or number says otherwise. An address
shared by more than a dozen contacts (a switchboard, `info@`) is no evidence of anything.

Every comparison is within a group that shares a key, so the work grows with the vault, not
with its square.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Person, Problem, Severity, Vault
from .identity import fold_name, name_key, normal_email, normal_linkedin, normal_phone

CERTAIN, LIKELY, POSSIBLE = "certain", "likely", "possible"
SURENESS = (CERTAIN, LIKELY, POSSIBLE)
_EXTENSION = re.compile(r"(?i)ext\.?|x|#|;")
GROUP_LIMIT = 12  # contacts sharing one key; more is a shared address, not a duplicate
_CERTAIN_KINDS = ("email", "phone", "linkedin")
_SAYS = {
    "email": "same e-mail",
    "phone": "same phone",
    "linkedin": "same LinkedIn profile",
    "similar name": "similar names",
    "name": "same name",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to think two contacts are one person: what they share."""

    kind: str  # email, phone, linkedin, similar name, name
    value: str


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two contacts that may be one person: the one to keep (suggested), the other, why."""

    keep: str
    other: str
    sure: str
    evidence: tuple[Evidence, ...]


def find_duplicates(vault: Vault, region: str | None = None) -> tuple[Duplicate, ...]:
    """Return every likely duplicate pair, the most certain first."""
    found: dict[tuple[str, str], list[Evidence]] = {}
    folded = {p.slug: fold_name(p.name) for p in vault.people}  # folding is the costly part
    for pair, evidence in _shared_keys(vault.people, folded, region):
        if evidence.kind == "name":
            evidence = Evidence("name", _names(vault.by_slug[pair[0]], vault.by_slug[pair[1]]))
        found.setdefault(pair, []).append(evidence)
    for pair, evidence in _similar_names(vault.people, folded):
        found.setdefault(pair, []).append(evidence)
    pairs = []
    for (a, b), reasons in found.items():
        sure = _sureness(vault.by_slug[a], vault.by_slug[b], reasons, vault, region)
        if sure is not None:
            keep, other = _keep_first(vault.by_slug[a], vault.by_slug[b])
            pairs.append(Duplicate(keep, other, sure, tuple(sorted(set(reasons), key=_order))))
    pairs.sort(key=lambda d: (SURENESS.index(d.sure), d.keep, d.other))
    return tuple(pairs)


def _shared_keys(
    people: Iterable[Person], folded: dict[str, str], region: str | None
) -> Iterator[tuple[tuple[str, str], Evidence]]:
    tables: dict[tuple[str, str], list[str]] = {}
    shared = _numbers_to_compare(people)
    for person in people:
        keys = {("email", normal_email(e)) for e in person.all_emails}
        keys |= {("phone", normal_phone(p, region)) for p in person.all_phones if p in shared}
        keys |= {("linkedin", normal_linkedin(person.linkedin))}
        keys.add(("name", " ".join(sorted(folded[person.slug].split()))))  # name_key
        keys |= {("name", name_key(n)) for n in person.aliases}
        for key in keys:
            if key[1]:
                tables.setdefault(key, []).append(person.slug)
    for (kind, value), slugs in tables.items():
        if 1 < len(slugs) <= GROUP_LIMIT:
            for pair in itertools.combinations(sorted(slugs), 2):
                yield pair, Evidence(kind, value)


def _numbers_to_compare(people: Iterable[Person]) -> set[str]:
    """The numbers worth putting in E.164 form: those whose last seven digits another has.

    One number written two ways (`07700 900123`, `+44 7700 900123`) ends in the same digits,
    an extension aside; phonenumbers takes a fifth of a millisecond a number, so the rest are
    not worth its time.
    """
    by_end: dict[str, set[str]] = {}
    for person in people:
        for number in person.all_phones:
            digits = re.sub(r"\D", "", _EXTENSION.split(number, maxsplit=1)[0])
            by_end.setdefault(digits[-7:], set()).add(f"{person.slug}\0{number}")
    shared: set[str] = set()
    for holders in by_end.values():
        if len({h.split("\0", 1)[0] for h in holders}) > 1:
            shared.update(h.split("\0", 1)[1] for h in holders)
    return shared


def _similar_names(
    people: Iterable[Person], folded: dict[str, str]
) -> Iterator[tuple[tuple[str, str], Evidence]]:
    """Pairs at one company whose names differ by a short form or one letter."""
    blocks: dict[tuple[str, str, str], list[Person]] = {}
    companies: dict[str, str] = {}
    for person in people:
        words = folded[person.slug].split()
        if person.company not in companies:
            companies[person.company] = fold_name(person.company)
        company = companies[person.company]
        if len(words) < 2 or not company:
            continue
        blocks.setdefault((company, "last", words[-1]), []).append(person)
        blocks.setdefault((company, "first", words[0]), []).append(person)
    for group in blocks.values():
        if not 1 < len(group) <= GROUP_LIMIT:
            continue
        for a, b in itertools.combinations(group, 2):
            if _near(folded[a.slug].split(), folded[b.slug].split()):
                pair = (a.slug, b.slug) if a.slug < b.slug else (b.slug, a.slug)
                yield pair, Evidence("similar name", f"{a.name} / {b.name} at {a.company}")


def _near(a: list[str], b: list[str]) -> bool:
    """Tell whether two names (folded words) differ only by a short form or one letter."""
    if a == b or sorted(a) == sorted(b):
        return False  # the same name: `name` evidence says that already
    if len(a) != len(b):
        return False
    return all(_same_word(x, y) for x, y in zip(a, b, strict=True))


def _same_word(x: str, y: str) -> bool:
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if long_.startswith(short) and (len(short) >= 3 or len(short) == 1):
        return True  # Rob / Robert, J / John
    return len(x) == len(y) >= 4 and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _names(a: Person, b: Person) -> str:
    return a.name if a.name == b.name else f"{a.name} / {b.name}"


def _sureness(
    a: Person, b: Person, evidence: list[Evidence], vault: Vault, region: str | None
) -> str | None:
    if any(other == b.slug for other, _ in vault.neighbours(a.slug)):
        return None  # tied to each other: two people
    kinds = {e.kind for e in evidence}
    if kinds & set(_CERTAIN_KINDS):
        return CERTAIN
    if _two_profiles(a, b):
        return None
    if "similar name" in kinds:
        return LIKELY
    return None if _told_apart(a, b, region) else POSSIBLE


def _two_profiles(a: Person, b: Person) -> bool:
    return bool(a.linkedin and b.linkedin) and (
        normal_linkedin(a.linkedin) != normal_linkedin(b.linkedin)
    )


def _told_apart(a: Person, b: Person, region: str | None) -> bool:
    """True when the two hold addresses or numbers, and none of them in common."""
    emails_a = {normal_email(e) for e in a.all_emails}
    emails_b = {normal_email(e) for e in b.all_emails}
    phones_a = {normal_phone(p, region) for p in a.all_phones} - {""}
    phones_b = {normal_phone(p, region) for p in b.all_phones} - {""}
    return bool(emails_a and emails_b and not emails_a & emails_b) or bool(
        phones_a and phones_b and not phones_a & phones_b
    )


def _keep_first(a: Person, b: Person) -> tuple[str, str]:
    """Suggest keeping the contact with more history and facts; then the earlier slug."""

    def weight(p: Person) -> tuple[int, int, int]:
        facts = sum(1 for f in (p.company, p.role, p.email, p.phone, p.linkedin) if f)
        return (len(p.log), len(p.ties), facts)

    if weight(b) > weight(a):
        return b.slug, a.slug
    return a.slug, b.slug


def _order(evidence: Evidence) -> tuple[int, str]:
    kinds = (*_CERTAIN_KINDS, "similar name", "name")
    return kinds.index(evidence.kind), evidence.value


def describe_evidence(pair: Duplicate, kinds: tuple[str, ...] = tuple(_SAYS)) -> str:
    """Say why two contacts look like one person: `same e-mail ana@example.com; same name ...`."""
    return "; ".join(f"{_SAYS[e.kind]} {e.value}" for e in pair.evidence if e.kind in kinds)


def duplicate_problems(vault: Vault, region: str | None = None) -> tuple[Problem, ...]:
    """Warn about the pairs that are certainly one person twice, both files named."""
    problems = []
    for pair in find_duplicates(vault, region):
        if pair.sure == CERTAIN:
            keep, other = vault.by_slug[pair.keep], vault.by_slug[pair.other]
            message = (
                f"{describe_evidence(pair, _CERTAIN_KINDS)} as {keep.path}: one person twice? "
                f"(kith merge {pair.keep} {pair.other})"
            )
            problems.append(Problem(other.path, 0, message, Severity.WARNING))
    return tuple(problems)
