"""Plan an import in memory: match every record, fill empty fields, make new contacts, tie them.

Nothing is written here. The plan holds every file's old and new bytes, each new text already
loaded by the loader, so that writing it is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edit.batch import FileWrite
from ..edit.writer import EditError, check_planned, folder_is_link
from ..model import FREE_FIELDS, KNOWN_FIELDS, Problem, Vault
from ..vault.slugs import SlugError, check_folder, check_slug
from ..workers import share
from .contactfile import LayoutError, filled_text, make_slug, new_contact_text
from .drafts import Difference, Draft
from .matching import Index, normal_name
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
    region: str | None = None  # the `default_region` setting, for numbers without a country

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
    distinct: bool = False
    drafts: dict[str, Draft] = field(default_factory=dict)
    pending: list[tuple[str, Related]] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)

    def add_record(self, record: Record) -> None:
        slug, how = self.index.find(record, self.distinct)
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
        filled, differences = draft.merge(record, values, self.options.region)
        names = (record.name, *record.aliases) if draft.is_new else ()
        self.index.add(draft.slug, names, record.emails, record.phones, record.linkedin)
        if self.distinct:
            self.index.claimed.add(draft.slug)
        if record.uid:
            self.index.uids.setdefault(record.uid, draft.slug)
        self.pending.extend((draft.slug, related) for related in record.related)
        return filled, differences

    def _values(self, record: Record, new: bool) -> list[tuple[str, Any]]:
        values: list[tuple[str, Any]] = []
        for key in FREE_FIELDS:
            if key not in ("email", "phone"):  # addresses and numbers: Draft.add_reach
                values.append((key, getattr(record, key)))
        values.extend(record.fields)
        tags = list(record.tags) + (list(self.options.tags) if new else [])
        values.append(("tags", list(dict.fromkeys(tags))))
        if new and self.options.circle:
            values.append(("circle", self.options.circle))
        return values

    def _new_draft(self, record: Record) -> Draft:
        slug = self._free_slug(record)
        folder = _usable_folder(record.folder)
        if folder_is_link(self.people_dir, folder):
            folder = ()  # the contact goes in people/ itself
        path = self.people_dir.joinpath(*folder, f"{slug}.md")
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
            self.drafts[slug] = Draft.existing(person, path, functools.partial(self.read, path))
        return self.drafts[slug]

    def tie_related(self) -> None:
        for slug, related in self.pending:
            other = self._resolve(related)
            if other is None or other == slug or self._tied(slug, other, related):
                continue
            self._draft(slug).knows.append((other, related.strength, related.how))

    def _resolve(self, related: Related) -> str | None:
        ref = related.ref
        if ref in self.index.uids:
            return self.index.uids[ref]
        if ref.lower().startswith("mailto:"):
            return self.index.identities.by_email(ref).slug
        if ":" in ref:
            return None
        slugs = self.index.names.get(normal_name(ref), [])
        return slugs[0] if len(slugs) == 1 else None

    def _tied(self, a: str, b: str, related: Related) -> bool:
        """Tell whether the tie is there already.

        Kith's own export (`related.slug`) declares each end as its file did, so only `a`'s own
        declaration counts; another address book's RELATED adds a tie only where none exists.
        """
        ends = ((a, b),) if related.slug else ((a, b), (b, a))
        for have, want in ends:
            person = self.vault.by_slug.get(have)
            if person is not None and any(t.other == want for t in person.ties):
                return True
            if have in self.drafts and any(o == want for o, _, _ in self.drafts[have].knows):
                return True
        return False


def plan_import(
    parsed: Parsed,
    vault: Vault,
    people_dir: Path,
    root: Path,
    options: Options,
    step: Callable[[], None] | None = None,
) -> Plan:
    """Work out every created and changed file of an import; nothing is written."""
    planner = _Planner(vault, people_dir, root, options, _read, Index(options.region))
    planner.distinct = parsed.distinct
    planner.taken.update(s.casefold() for s in vault.by_slug)
    for person in vault.people:
        names = (person.name, *person.aliases)
        planner.index.add(person.slug, names, person.all_emails, person.all_phones, person.linkedin)
        planner.index.uids[card_uid(person.slug)] = person.slug
    for record in parsed.records:
        planner.add_record(record)
        if step is not None:
            step()
    planner.tie_related()
    outcomes = [Outcome(s.line, "skipped", "", s.reason) for s in parsed.skipped]
    outcomes.extend(planner.outcomes)
    outcomes.sort(key=lambda o: o.line)
    drafts = [d for d in planner.drafts.values() if d.changed]
    # Writing each file out and loading it back to check it is most of a big import's time:
    # worker processes share it where the run may fork (`workers.share`); the same bytes.
    made = share(functools.partial(_changes, options=options), drafts)
    changes = tuple(
        FileWrite(draft.path, draft.rel, before, after, checked=True)  # `_change` checked it
        for draft, (before, after) in zip(drafts, made, strict=True)
    )
    return Plan(changes, tuple(outcomes), tuple(planner.differences))


def _changes(drafts: Sequence[Draft], options: Options) -> list[tuple[bytes | None, bytes]]:
    """Return each draft's bytes before (None for a new file) and after, checked to load
    cleanly (plain values: a worker process may make them)."""
    return [_change(draft, options) for draft in drafts]


def _change(draft: Draft, options: Options) -> tuple[bytes | None, bytes]:
    sources = draft.current("source")
    listed = [sources] if isinstance(sources, str) else list(sources or [])
    values = dict(draft.fields)
    if not any(str(s).split()[:1] == [options.kind] for s in listed):
        values["source"] = [*listed, options.source]
    fields = sorted(values.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
    if draft.is_new:
        text = new_contact_text(fields, draft.knows, draft.notes, draft.log)
        before = None
    else:
        try:
            text = filled_text(draft.text, fields, draft.knows, draft.notes, draft.log)
        except LayoutError as exc:
            raise InputFileError(
                [Problem(draft.rel, 1, f"cannot add to this file: {exc}; fill it by hand")]
            ) from None
        before = draft.text.encode("utf-8")
    try:
        after = text.encode("utf-8")
        check_planned(after, draft.path.stem, draft.rel)
        return before, after
    except EditError as exc:
        raise InputFileError(exc.problems or [Problem(draft.rel, 1, exc.message)]) from None


def _usable_slug(wished: str) -> str:
    """Keep a slug an exported card asks for (X-KITH-SLUG) when it is a usable file name."""
    try:
        return check_slug(wished) if wished else ""
    except SlugError:
        return ""


def _usable_folder(wished: str) -> tuple[str, ...]:
    """Keep the sub-folder an exported card names (X-KITH-FOLDER) when it is a usable one."""
    try:
        return check_folder(wished) if wished else ()
    except SlugError:
        return ()


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
