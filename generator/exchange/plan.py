"""Plan an import in memory: match every record, fill empty fields, make new contacts, tie them.

Nothing is written here. The plan holds every file's old and new bytes, each new text already
loaded by the loader, so that writing it is all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edit.batch import FileWrite
from ..model import FREE_FIELDS, KNOWN_FIELDS, Problem, Severity, Vault
from ..vault.load import parse_person
from ..vault.slugs import SlugError, check_slug
from .contactfile import LayoutError, filled_text, make_slug, new_contact_text
from .drafts import Difference, Draft
from .matching import Index, normal_email, normal_name
from .records import InputFileError, Parsed, Record, Related
from .vcard_export import card_uid

# New files list the known fields in the format's order; other fields, then `source`, last.
_ORDER = {name: i for i, name in enumerate(KNOWN_FIELDS) if name != "source"} | {"source": 99}


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line adds: the kind of file, the day, circle and tags for new people."""

    kind: str
    today: dt.date
    circle: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return f"{self.kind} {self.today.isoformat()}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one record: created, merged, unchanged or skipped."""

    line: int
    kind: str
    slug: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """Every change an import would make, and what it would say about each record."""

    changes: tuple[FileWrite, ...]
    outcomes: tuple[Outcome, ...]
    differences: tuple[Difference, ...]

    def count(self, kind: str) -> int:
        """Count the records with this outcome."""
        return sum(1 for o in self.outcomes if o.kind == kind)


@dataclass
class _Planner:
    vault: Vault
    people_dir: Path
    root: Path
    options: Options
    read: Callable[[Path], str]
    index: Index = field(default_factory=Index)
    drafts: dict[str, Draft] = field(default_factory=dict)
    uids: dict[str, str] = field(default_factory=dict)
    pending: list[tuple[str, Related]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)

    def add_record(self, record: Record) -> None:
        slug, how = self.index.find(record)
        if slug is None and how:
            self.outcomes.append(Outcome(record.line, "skipped", "", how))
            return
        if slug is None:
            draft = self._new_draft(record)
            self._merge(draft, record, self._values(record, new=True))
            self.outcomes.append(Outcome(record.line, "created", draft.slug, draft.rel))
            return
        draft = self._draft(slug)
        filled, differences = self._merge(draft, record, self._values(record, new=False))
        self.differences.extend(differences)
        source = "created above" if draft.is_new else f"by {how}"
        if filled:
            detail = f"{source}; added {', '.join(dict.fromkeys(filled))}"
            self.outcomes.append(Outcome(record.line, "merged", slug, detail))
        else:
            self.outcomes.append(Outcome(record.line, "unchanged", slug, source))

    def _merge(
        self, draft: Draft, record: Record, values: list[tuple[str, Any]]
    ) -> tuple[list[str], list[Difference]]:
        filled, differences = draft.merge(record, values)
        self.index.add(
            draft.slug, record.name if draft.is_new else "", record.emails, record.linkedin
        )
        if record.uid:
            self.uids.setdefault(record.uid, draft.slug)
        self.pending.extend((draft.slug, related) for related in record.related)
        if draft.is_new:
            draft.private.extend(_others(record))
        return filled, differences

    def _values(self, record: Record, new: bool) -> list[tuple[str, Any]]:
        values: list[tuple[str, Any]] = list(record.fields)
        firsts = {"email": record.emails[:1], "phone": record.phones[:1]}
        for key in FREE_FIELDS:
            value = firsts[key][0] if firsts.get(key) else getattr(record, key, "")
            values.append((key, value if isinstance(value, str) else ""))
        tags = list(record.tags) + (list(self.options.tags) if new else [])
        values.append(("tags", list(dict.fromkeys(tags))))
        if new and self.options.circle:
            values.append(("circle", self.options.circle))
        return values

    def _new_draft(self, record: Record) -> Draft:
        slug = self._free_slug(record)
        path = self.people_dir / f"{slug}.md"
        draft = Draft(slug, path, _rel(path, self.root))
        draft.fields["name"] = record.name
        self.drafts[slug] = draft
        return draft

    def _free_slug(self, record: Record) -> str:
        taken = self.taken
        base = _usable_slug(record.slug) or make_slug(record.name) or "contact"
        slug, number = base, 2
        while slug.casefold() in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug.casefold())
        return slug

    def _draft(self, slug: str) -> Draft:
        if slug not in self.drafts:
            person = self.vault.by_slug[slug]
            path = self.root / person.path
            self.drafts[slug] = Draft.existing(person, path, self.read(path))
        return self.drafts[slug]

    def tie_related(self) -> None:
        by_uid = {card_uid(s): s for s in self.vault.by_slug} | self.uids
        for slug, related in self.pending:
            other = self._resolve(related, by_uid)
            if other is None or other == slug or self._tied(slug, other):
                continue
            self._draft(slug).knows.append((other, related.strength, related.how))

    def _resolve(self, related: Related, by_uid: dict[str, str]) -> str | None:
        ref = related.ref
        if ref in by_uid:
            return by_uid[ref]
        if ref.lower().startswith("mailto:"):
            return self.index.emails.get(normal_email(ref))
        if ":" in ref:
            return None
        slugs = self.index.names.get(normal_name(ref), [])
        return slugs[0] if len(slugs) == 1 else None

    def _tied(self, a: str, b: str) -> bool:
        if any(other == b for other, _ in self.vault.neighbours(a)):
            return True
        return any(
            other == want
            for have, want in ((a, b), (b, a))
            if have in self.drafts
            for other, _, _ in self.drafts[have].knows
        )


def plan_import(
    parsed: Parsed,
    vault: Vault,
    people_dir: Path,
    root: Path,
    options: Options,
    step: Callable[[], None] | None = None,
) -> Plan:
    """Work out every created and changed file of an import; nothing is written."""
    planner = _Planner(vault, people_dir, root, options, _read)
    planner.taken.update(s.casefold() for s in vault.by_slug)
    for person in vault.people:
        planner.index.add(person.slug, person.name, (person.email,), person.linkedin)
    for record in parsed.records:
        planner.add_record(record)
        if step is not None:
            step()
    planner.tie_related()
    outcomes = [Outcome(s.line, "skipped", "", s.reason) for s in parsed.skipped]
    outcomes.extend(planner.outcomes)
    outcomes.sort(key=lambda o: o.line)
    changes = tuple(_change(d, options) for d in planner.drafts.values() if d.changed)
    return Plan(
        tuple(c for c in changes if c is not None), tuple(outcomes), tuple(planner.differences)
    )


def _change(draft: Draft, options: Options) -> FileWrite | None:
    sources = draft.current("source")
    listed = [sources] if isinstance(sources, str) else list(sources or [])
    if not any(str(s).split()[:1] == [options.kind] for s in listed):
        draft.fields["source"] = [*listed, options.source]
    if draft.is_new:
        fields = sorted(draft.fields.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
        text = new_contact_text(
            fields, draft.knows, draft.notes, draft.log, "\n".join(draft.private)
        )
        before = None
    else:
        try:
            text = filled_text(
                draft.text, list(draft.fields.items()), draft.knows, draft.notes, draft.log
            )
        except LayoutError as exc:
            raise InputFileError(
                [Problem(draft.rel, 1, f"cannot add to this file: {exc}; fill it by hand")]
            ) from None
        before = draft.text.encode("utf-8")
    after = text.encode("utf-8")
    _validate(after, draft)
    return FileWrite(draft.path, draft.rel, before, after)


def _validate(data: bytes, draft: Draft) -> None:
    problems: list[Problem] = []
    person = parse_person(data, draft.slug, draft.rel, problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if person is None or errors:
        raise InputFileError(errors or [Problem(draft.rel, 1, "the planned file does not load")])


def _usable_slug(wished: str) -> str:
    """Keep a slug an exported card asks for (X-KITH-SLUG) when it is a usable file name."""
    try:
        return check_slug(wished) if wished else ""
    except SlugError:
        return ""


def _others(record: Record) -> list[str]:
    lines = []
    if len(record.emails) > 1:
        lines.append(f"- Other emails: {', '.join(record.emails[1:])}")
    if len(record.phones) > 1:
        lines.append(f"- Other phones: {', '.join(record.phones[1:])}")
    return lines


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
