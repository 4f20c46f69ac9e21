"""Hypothesis strategies for a small vault and a few edits to make to it one after another.

The edits are what an owner does between two builds: a field of a contact, a tie on either
side, a log entry naming others (an ask, an introduction asked or made, a next step), a contact
removed, added or moved to another folder, another day, other settings, an owner's contact
template that shows one part of the page alone (Kith's own shows every person it names through
the watched `people_by_slug` too, which would hide a key that misses the part). The caches'
tests build after each edit and compare with a build that uses no cache.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import MKDOCS_YML, make_project, with_kith_lines
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SLUGS = ("ada", "bob", "carol", "dave", "eve")
NAMES = ("Ada", "Bob Ng", "Zoë O'Neil", "Carol *Ann*", "Dave [x](y)", "Eve <b>", "#7 café")
FOLDERS = ("", "team")  # where in people/ a contact's file is
KINDS = ("field", "field", "tie", "log", "drop", "add", "move", "day", "setting", "template")
TODAY = dt.date(2026, 11, 25)
DAYS = st.dates(dt.date(2025, 6, 1), dt.date(2027, 3, 1))
SETTING_LINES = (
    "",
    "      cadence: {friend: 7}\n",
    "      target_cadence: 10\n",
    "      private_fields: [role]\n",
)
PERSON_TEMPLATES = (
    None,
    "# {{ person.name }}\n\n{{ ties_picture or '' }}\n",
    "{% for other, strength, how in known_by %}- {{ other.role }} {{ strength }}\n{% endfor %}",
    '{% import "_intel.md.j2" as intel with context %}'
    "{% if paths %}{{ intel.paths(paths, people_by_slug, records) }}{% endif %}\n",
)


def edit_settings(share: int) -> settings:
    """Hypothesis settings for a test of random edits: `KITH_EXAMPLES` (150) / `share` cases,
    each of which builds the vault several times."""
    return settings(
        max_examples=int(os.environ.get("KITH_EXAMPLES", "150")) // share,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@dataclass
class Someone:
    """A contact as the edits change it; `text` writes its file."""

    name: str
    circle: str = "friend"
    strength: int = 2
    influence: int = 3
    target: bool = False
    role: str = ""
    tags: tuple[str, ...] = ()
    knows: dict[str, tuple[int, str]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = ["---", f"name: {json.dumps(self.name)}", f"circle: {self.circle}"]
        lines += [f"strength: {self.strength}", f"influence: {self.influence}"]
        if self.target:
            lines.append("target: true")
        if self.role:
            lines.append(f"role: {json.dumps(self.role)}")
        if self.tags:
            lines.append(f"tags: [{', '.join(self.tags)}]")
        if self.knows:
            lines.append("knows:")
            for other, (strength, how) in self.knows.items():
                tie = f"{{strength: {strength}, how: {json.dumps(how)}}}" if how else strength
                lines.append(f"  {other}: {tie}")
        return "\n".join([*lines, "---", "Notes.", "", "## Log", *self.log, ""])


@st.composite
def log_lines(draw: st.DrawFn, slug: str) -> str:
    """A log entry: a kind, maybe an ask or a give, an introduction asked or made, a next step."""
    others = [s for s in SLUGS if s != slug]
    parts = [draw(st.sampled_from(("call", "meet", "email", "message")))]
    parts += draw(st.lists(st.sampled_from(("ask", "give")), max_size=2, unique=True))
    door = draw(st.sampled_from(("", "intro", "via")))
    if door:
        parts.append(f"{door}: {draw(st.sampled_from(others))}")
        if door == "intro":
            parts += draw(st.lists(st.sampled_from(("made", "declined")), max_size=1))
    if draw(st.booleans()):
        parts.append(f"next: {draw(DAYS)}")
    return f"- {draw(DAYS)} ({', '.join(parts)}): {draw(st.sampled_from(NAMES))}"


@st.composite
def someone(draw: st.DrawFn, slug: str) -> Someone:
    """A contact with up to two ties and three log entries."""
    person = Someone(draw(st.sampled_from(NAMES)))
    person.circle = draw(st.sampled_from(("family", "friend", "colleague", "acquaintance")))
    person.strength = draw(st.integers(0, 5))
    person.target = draw(st.booleans())
    person.log = sorted(draw(st.lists(log_lines(slug), max_size=3)))
    others = st.sampled_from([s for s in SLUGS if s != slug])
    for other in draw(st.lists(others, max_size=2, unique=True)):
        person.knows[other] = (draw(st.integers(1, 5)), draw(st.sampled_from(("", "school"))))
    return person


@dataclass
class EditCase:
    """A vault of up to five contacts, its settings and contact template to start with, and a
    few edits to make to it one after another."""

    people: dict[str, Someone]
    setting: str
    template: str | None
    edits: list[tuple[Any, ...]]


FIELDS = st.one_of(
    st.tuples(st.just("name"), st.sampled_from(NAMES)),
    st.tuples(st.just("circle"), st.sampled_from(("family", "client"))),
    st.tuples(st.just("strength"), st.integers(0, 5)),
    st.tuples(st.just("influence"), st.integers(1, 5)),
    st.tuples(st.just("target"), st.booleans()),
    st.tuples(st.just("role"), st.sampled_from(("", "CTO", "a | b"))),
    st.tuples(st.just("tags"), st.sampled_from(((), ("x",), ("x", "y")))),
)


@st.composite
def edit_cases(draw: st.DrawFn) -> EditCase:
    people = {slug: draw(someone(slug)) for slug in SLUGS if draw(st.integers(0, 4))}
    setting = draw(st.sampled_from(SETTING_LINES))
    template = draw(st.sampled_from(PERSON_TEMPLATES))
    edits: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 4))):
        slug = draw(st.sampled_from(SLUGS))
        kind = draw(st.sampled_from(KINDS))
        if kind == "field":
            edits.append((kind, slug, *draw(FIELDS)))
        elif kind == "tie":
            other = draw(st.sampled_from([s for s in SLUGS if s != slug]))
            strength, how = draw(st.integers(0, 5)), draw(st.sampled_from(("", "work")))
            edits.append((kind, slug, other, strength, how))
        elif kind == "log":
            edits.append((kind, slug, draw(log_lines(slug))))
        elif kind == "add":
            edits.append((kind, slug, draw(someone(slug))))
        elif kind == "day":
            edits.append((kind, draw(st.integers(-40, 400))))
        elif kind == "setting":
            edits.append((kind, draw(st.sampled_from(SETTING_LINES))))
        elif kind == "template":
            edits.append((kind, draw(st.sampled_from(PERSON_TEMPLATES))))
        elif kind == "move":
            edits.append((kind, slug, draw(st.sampled_from(FOLDERS))))
        else:
            edits.append((kind, slug))
    return EditCase(people, setting, template, edits)


class EditedVault:
    """A project made from an EditCase, taking its edits one at a time (`apply`)."""

    def __init__(self, root: Path, case: EditCase) -> None:
        self.people = copy.deepcopy(case.people)  # the case is printed as drawn if it fails
        self.project = make_project(root, {f"{s}.md": p.text() for s, p in self.people.items()})
        self.folders = {slug: "" for slug in self.people}  # each contact's folder in people/
        self.setting, self.template, self.today = case.setting, case.template, TODAY
        self.configure()

    def configure(self) -> None:
        """Write mkdocs.yml: the day, the setting, and the owner's contact template if any."""
        lines = self.setting
        owner = self.project / "templates" / "person.md.j2"
        if self.template is None:
            owner.unlink(missing_ok=True)
        else:
            owner.parent.mkdir(exist_ok=True)
            owner.write_text(self.template, encoding="utf-8")
            lines += "      templates: templates\n"
        plain = MKDOCS_YML.format(today=self.today.isoformat())
        config = self.project / "mkdocs.yml"
        config.write_text(with_kith_lines(plain, lines), encoding="utf-8")

    def apply(self, edit: tuple[Any, ...]) -> None:
        """Make one edit to the files (a contact's, mkdocs.yml or the owner's template)."""
        kind, *what = edit
        if kind in ("day", "setting", "template"):
            if kind == "day":
                self.today = TODAY + dt.timedelta(days=what[0])
            elif kind == "setting":
                self.setting = what[0]
            else:
                self.template = what[0]
            self.configure()
            return
        slug = what[0]
        path = self._path(slug)
        if kind == "drop":
            self.people.pop(slug, None)
            path.unlink(missing_ok=True)
            return
        if kind == "move":
            if slug in self.people:
                self.folders[slug] = what[1]
                moved = self._path(slug)
                moved.parent.mkdir(exist_ok=True)
                path.rename(moved)
            return
        if kind == "add":
            self.people[slug] = copy.deepcopy(what[1])
        elif slug not in self.people:
            return
        elif kind == "field":
            setattr(self.people[slug], what[1], what[2])
        elif kind == "tie":
            other, strength, how = what[1:]
            if strength:
                self.people[slug].knows[other] = (strength, how)
            else:
                self.people[slug].knows.pop(other, None)
        else:
            self.people[slug].log = sorted([*self.people[slug].log, what[1]])
        path.write_text(self.people[slug].text(), encoding="utf-8")

    def _path(self, slug: str) -> Path:
        return self.project / "people" / self.folders.get(slug, "") / f"{slug}.md"
