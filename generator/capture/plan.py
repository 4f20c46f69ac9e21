"""Plan a capture in memory: match touches to contacts, leave out what is known, write entries.

Nothing is written here. A touch already in the ledger adds nothing. A day whose log already
holds an entry of the same kind (typed by hand, or written by a run that stopped before it
could update the ledger) adds nothing either: one entry per contact, day and kind. Meetings
and calls are entries of their own, so there the entries already in the log are counted
against the new ones. A meeting after today (booked) is written only when the contact has no
later entry yet: the follow-ups then show them as scheduled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.phrases import plural
from ..edit.batch import FileWrite
from ..edit.log import format_entry, insert_entries
from ..edit.writer import ContactText
from ..model import LOG_KINDS, Person, Problem, Severity, Vault
from ..vault.load import parse_person
from .ledger import Ledger, entry_hash
from .matching import Matcher, Stranger
from .touches import CaptureInputError, Touch

_Group = tuple[str, dt.date, str]  # slug, day, tag


@dataclass(frozen=True, slots=True)
class Gain:
    """One log entry a contact gains."""

    slug: str
    date: dt.date
    tags: tuple[str, ...]
    text: str

    @property
    def line(self) -> str:
        return format_entry(self.date, self.text, self.tags)


@dataclass(frozen=True, slots=True)
class CapturePlan:
    """Every file a capture would change, and what it would say."""

    changes: tuple[FileWrite, ...]
    gains: tuple[Gain, ...]
    unknown: tuple[Stranger, ...]
    ambiguous: tuple[Stranger, ...]
    known: int  # interactions captured by an earlier run
    logged: int  # interactions the log already held an entry for


@dataclass
class _State:
    ledger: Ledger
    source: str
    today: dt.date
    people: dict[str, Person]
    known: int = 0
    logged: int = 0
    kinds: dict[str, Counter[tuple[dt.date, str]]] = field(default_factory=dict)

    def in_log(self, slug: str, day: dt.date, tag: str) -> int:
        """Count the contact's log entries of a day that are of this kind ('': of no kind)."""
        if slug not in self.kinds:
            self.kinds[slug] = Counter(
                (i.date, kind) for i in self.people[slug].log for kind in _kinds(i.tags)
            )
        return self.kinds[slug][(day, tag)]


def plan_capture(
    source: str,
    files: Sequence[Sequence[Touch]],
    vault: Vault,
    root: Path,
    ledger: Ledger,
    matcher: Matcher,
    today: dt.date,
) -> CapturePlan:
    """Work out every entry a capture adds, and the files that hold them; nothing is written."""
    state = _State(ledger, source, today, dict(vault.by_slug))
    by_slug = _matched(files, matcher)
    gains: list[Gain] = []
    for (slug, day, tag), group in sorted(_grouped(by_slug).items(), key=_FIRST):
        if day > today:
            continue
        gains.extend(_decide(state, slug, day, tag, group))
    gains.extend(_booked(state, by_slug))
    unknown, ambiguous = matcher.strangers()
    changes = tuple(
        _file_write(state.people[slug], root, entries) for slug, entries in _by_slug(gains)
    )
    return CapturePlan(changes, tuple(gains), unknown, ambiguous, state.known, state.logged)


def _matched(files: Sequence[Sequence[Touch]], matcher: Matcher) -> dict[tuple[str, str], Touch]:
    """Map (slug, key) to its touch; counts add up within a file, not across files.

    Two files that hold the same interaction (an export and a newer one that overlaps it)
    give it once, with the larger count.
    """
    found: dict[tuple[str, str], Touch] = {}
    for touches in files:
        summed: dict[tuple[str, str], Touch] = {}
        for touch in touches:
            slugs = [matcher.slug(h, touch.count) for h in touch.people]
            for slug in dict.fromkeys(s for s in slugs if s is not None):
                old = summed.get((slug, touch.key))
                summed[(slug, touch.key)] = touch if old is None else _added(old, touch)
        for key, touch in summed.items():
            old = found.get(key)
            if old is None or touch.count > old.count:
                found[key] = touch
    return found


def _added(old: Touch, new: Touch) -> Touch:
    """Return one touch standing for both (same contact, same key, same file)."""
    latest = new if (new.time, new.subject) >= (old.time, old.subject) else old
    return dataclasses.replace(latest, count=old.count + new.count)


_FIRST = operator.itemgetter(0)  # sort pairs by their (unique) keys alone


def _grouped(by_slug: dict[tuple[str, str], Touch]) -> dict[_Group, list[Touch]]:
    groups: dict[_Group, list[Touch]] = defaultdict(list)
    for (slug, _), touch in sorted(by_slug.items(), key=_FIRST):  # the keys are unique
        groups[(slug, touch.date, touch.tag)].append(touch)
    return groups


def _decide(state: _State, slug: str, day: dt.date, tag: str, group: list[Touch]) -> list[Gain]:
    """Return the entries one contact's day of one kind adds, remembering every touch."""
    digests = [entry_hash(state.source, slug, t.key) for t in group]
    fresh = [t for t, d in zip(group, digests, strict=True) if d not in state.ledger]
    state.known += len(group) - len(fresh)
    in_log = state.in_log(slug, day, tag)
    for digest in digests:
        state.ledger.add(state.source, day, digest)
    if group[0].single:
        # Entries of the log not accounted for by the ledger stand for as many new touches.
        unaccounted = max(0, in_log - (len(group) - len(fresh)))
        state.logged += min(unaccounted, len(fresh))
        return [_gain(slug, [t]) for t in fresh[unaccounted:]]
    if len(fresh) < len(group) or not fresh:
        return []
    if in_log:
        state.logged += 1
        return []
    return [_gain(slug, fresh)]


def _booked(state: _State, by_slug: dict[tuple[str, str], Touch]) -> list[Gain]:
    """Write each contact's next booked meeting, unless their log already looks ahead."""
    nearest: dict[str, Touch] = {}
    ahead = [(key, touch) for key, touch in by_slug.items() if touch.date > state.today]
    for (slug, _), touch in sorted(ahead, key=_FIRST):
        if slug not in nearest or (touch.date, touch.key) < (nearest[slug].date, nearest[slug].key):
            nearest[slug] = touch
    gains = []
    for slug, touch in sorted(nearest.items()):
        digest = entry_hash(state.source, slug, touch.key)
        person = state.people[slug]
        if digest in state.ledger:
            state.known += 1
        elif state.in_log(slug, touch.date, touch.tag):  # written by a run that was stopped
            state.logged += 1
            state.ledger.add(state.source, touch.date, digest)
        elif person.next_planned(state.today) is None:
            state.ledger.add(state.source, touch.date, digest)
            gains.append(_gain(slug, [touch]))
    return gains


def _kinds(tags: tuple[str, ...]) -> list[str]:
    """The kinds an entry counts as: its kind tags, or '' when it has none."""
    return [t for t in tags if t in LOG_KINDS] or [""]


def _gain(slug: str, touches: Sequence[Touch]) -> Gain:
    first = touches[0]
    return Gain(slug, first.date, (first.tag,) if first.tag else (), describe(touches))


def describe(touches: Sequence[Touch]) -> str:
    """Write the text of an entry: a meeting's summary, a call's length, a day's count."""
    first = touches[0]
    if first.tag == "call":
        way = "Outgoing" if first.outgoing else "Incoming"
        return f"{way} {first.label}, {_length(first.seconds)}"
    if first.single:
        return first.subject or first.label.capitalize()
    count = sum(t.count for t in touches)
    noun = plural(count, first.label)
    latest = max(touches, key=lambda t: (t.time, t.subject))
    if not latest.subject:
        return noun
    return f"{noun}: {latest.subject}" if count == 1 else f"{noun}, latest: {latest.subject}"


def _length(seconds: int) -> str:
    if seconds < 60:
        return plural(seconds, "second")
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _by_slug(gains: Sequence[Gain]) -> list[tuple[str, list[Gain]]]:
    grouped: dict[str, list[Gain]] = defaultdict(list)
    for gain in gains:
        grouped[gain.slug].append(gain)
    return sorted(grouped.items())


def _file_write(person: Person, root: Path, gains: list[Gain]) -> FileWrite:
    """Insert every new entry into the contact's text, in date order, and check the result."""
    path = root / person.path
    before = path.read_bytes()
    text = before.decode("utf-8")
    cut = ContactText.cut(text)
    text = insert_entries(text, cut.body_start, [(g.line, g.date) for g in gains], cut.nl)
    after = text.encode("utf-8")
    problems: list[Problem] = []
    parsed = parse_person(after, person.slug, person.path, problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if parsed is None or errors or len(parsed.log) != len(person.log) + len(gains):
        raise CaptureInputError(
            errors or [Problem(person.path, 1, "Kith cannot add log entries to this file safely")]
        )
    return FileWrite(path, person.path, before, after, checked=True)  # loaded cleanly above
