"""A contact's page drawn in Python, the twin of Kith's own `person.md.j2`, and the pieces of
page text the templates share with it (links between pages, dates, log lines, pictures).

Jinja spends most of a contact page's time on its own machinery (a context lookup, an
attribute lookup and a filter call for every value: about 60 of each a page), not on the page:
drawing the 10,000 contact pages of a first run, or of the first run of each new day, took
1.7–2.2 s of CPU with the template and takes 1.0–1.4 s here (both counting the escaping and
links they share, 0.5 s of it), and the pages are the same. The template stays what an owner
copies and changes: whenever the owner's templates folder holds `person.md.j2` or one of the
templates it takes in (`TWIN_OF`), the pages are drawn by the templates, as before. The tests
draw every contact page of several vaults both ways and compare the bytes
(`tests/test_contact_page.py`), so a change to one that the other lacks fails them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from ..analysis.introductions import IntroRecord, describe_record
from ..analysis.next_steps import describe_next_step, step_people
from ..analysis.phrases import balance, describe_path, due_in, format_score, plural, time_ago
from ..analysis.reconnect import describe_dormant
from ..model import FREE_FIELDS, Interaction, Person
from .escape import html_text, md_inline, md_line_start
from .notes import notes_html
from .pages import person_path

# The template this module draws, and every template it takes in: all must be Kith's own.
TWIN_OF = ("person.md.j2", "_intel.md.j2", "_history.md.j2")
READY = "| Ready to ask | yes: a purposeful ask is welcome now |\n"
NO_PATH = "\nNo known path yet: nobody you know is known to know them.\n"
HISTORY_NOTE = (
    "How this relationship moved, from the file's committed history (edits not yet committed "
    "are not in it).\n\n"
)
NOT_COMMITTED = "Not committed yet: the history starts with the file's first commit.\n"


def draw_contact(context: Mapping[str, Any], here: str, today: dt.date) -> str:
    """Return the page `person.md.j2` draws from `context` (its Later values made) at site
    path `here` on day `today`: the very same text."""
    folder = here.rpartition("/")[0]
    person: Person = context["person"]
    contact = context["contact"]
    people = context["people_by_slug"]
    md = md_inline

    def link(other: Person) -> str:
        return name_link(folder, other.slug, other.name)

    out = ["---\ntitle: ", yaml_str(html_text(person.name)), "\n"]
    if person.tags:
        out.append("tags:\n")
        for tag in person.tags:
            out += ("  - ", yaml_str(html_text(tag)), "\n")
    out += ("---\n# ", md(person.name), "\n")
    work = " at ".join([md(value) for value in (person.role, person.company) if value])
    if work:
        out += ("\n", md_line_start(work), "\n")
    out += ("\n| | |\n|---|---|\n| Circle | ", str(person.circle), " |\n")
    out += ("| Strength | ", str(person.strength), " of 5 |\n")
    out += ("| Influence | ", str(person.influence), " of 5 |\n")
    if person.target:
        out += ("| Target | yes", f" ({person.why})" if person.why else "", " |\n")
    cadence = f"every {contact.cadence} days" if contact.cadence else "no reminders"
    out += ("| Cadence | ", cadence, " |\n")
    out += ("| Last contact | ", last_contact_text(contact, today), " |\n")
    if person.connected_on:
        out += ("| Connected | ", date_text(person.connected_on), " |\n")
    if contact.due:
        due = due_in(day(contact.due, today, 1) or today, today)
        out += ("| Next touch | ", due, ", ", date_text(contact.due), " |\n")
    if contact.scheduled:
        out += ("| Booked | ", date_text(contact.scheduled), " |\n")
    for field, value in free_values(person):
        out += ("| ", field.capitalize(), " | ", md(value), " |\n")
    listed = (
        ("Other emails", person.emails),
        ("Other phones", person.phones),
        ("Also known as", person.aliases),
    )
    for label, values in listed:
        if values:
            out += ("| ", label, " | ", ", ".join([md(value) for value in values]), " |\n")
    for key, value in person.extra:
        out += ("| ", md(key), " | ", md(value), " |\n")
    out += ("| Gives / asks | ", str(contact.gives), " / ", str(contact.asks), " |\n")
    if contact.gives or contact.asks:
        out += ("| Balance | ", balance(contact.gives, contact.asks), " |\n")
    if context["ready"]:
        out.append(READY)
    if contact.rhythm:
        rhythm = plural(contact.rhythm, "day")
        out += ("| Rhythm | every ", rhythm, ", the median of the recent gaps")
        if contact.fading:
            silent = plural(contact.days_since, "day")
            factor = context["limits"].fading_factor
            out += (": **fading**, silent ", silent, f", more than {factor} times the rhythm")
        out.append(" |\n")
    step = context["step"]
    if step:
        names = [link(people[slug]) for slug in step_people(step)]
        text = md(step.scheduled.text) if step.scheduled is not None else ""
        out += ("| Next step | ", describe_next_step(step, names, text), " |\n")
    doors = context["doors"]
    if doors:
        intros = [f"{link(people[door.connector])} on {date_text(door.settled)}" for door in doors]
        out += ("| Introduced by | ", ", ".join(intros), " |\n")
    record = context["intro_record"]
    if record:
        out += ("| Introductions | ", record_text(record, people, link), " |\n")
    dormant = context["dormant"]
    if dormant:
        out += ("| Reconnect | ", describe_dormant(dormant), " |\n")
    _ties(out, person, context, people, link)
    if context["reach"]:
        out.append("\n## How to reach them\n")
        drawn = context["paths"]
        if drawn:
            out += ("\n", _paths(drawn, people, context["records"], link), "\n")
        else:
            out.append(NO_PATH)
    too_early = context["too_early"]
    if too_early:
        fewer = plural(context["limits"].ask_after, "earlier interaction")
        out += ("\n## Too-early asks\n\nAsked after fewer than ", fewer)
        out.append(": be patient, build the relationship before asking.\n\n")
        for ask in too_early:
            earlier = plural(ask.earlier, "earlier interaction")
            out += ("- **", date_text(ask.date), "** — ", md(ask.text), f" ({earlier})\n")
    out.append("\n## Log\n")
    if context["history_picture"]:
        out += ("\n", picture(context["history_picture"]), "\n\n")
        out.append("The last 24 months: each line an interaction, ▲ an ask, ● a give")
        if context["strength_steps"]:
            out.append("; below it, the strength, from the git history")
        out.append(".\n")
    if person.log:
        out.append("\n")
        notes = context["notes"]
        for entry in reversed(person.log):
            out += (log_line(folder, entry, people, notes), "\n")
    else:
        out.append("\nNo interactions logged yet.\n")
    if context["history_known"]:
        _history(out, context["timeline"])
    if person.notes:
        out += ("\n## Notes\n\n", notes_html(person.notes), "\n")
    return "".join(out)


def _ties(
    out: list[str],
    person: Person,
    context: Mapping[str, Any],
    people: Mapping[str, Person],
    link: Callable[[Person], str],
) -> None:
    known_by = context["known_by"]
    if not person.ties and not known_by:
        return
    out.append("\n## Ties\n")
    if context["ties_picture"]:
        out += ("\n", picture(context["ties_picture"]), "\n")
    if person.ties:
        out.append("\nKnows:\n\n")
        for tie in person.ties:
            other = link(people[tie.other]) if tie.other in people else None
            out += ("- ", other or f"{md_inline(tie.other)} (no such contact)")
            out += (" — strength ", str(tie.strength))
            out += (" · ", md_inline(tie.how), "\n") if tie.how else ("\n",)
    if known_by:
        out.append("\nKnown by:\n\n")
        for who, strength, how in known_by:
            out += ("- ", link(who), " — strength ", str(strength))
            out += (" · ", md_inline(how), "\n") if how else ("\n",)


def _paths(
    drawn: Sequence[tuple[Any, str | None]],
    people: Mapping[str, Person],
    records: Mapping[str, IntroRecord],
    link: Callable[[Person], str],
) -> str:
    """The paths to a contact, as `_intel.md.j2`'s `paths` macro writes them: the best one
    open, the alternatives folded."""
    best, svg = drawn[0]
    out = [_path(best, svg, people, records, "Best path", link), "\n"]
    if len(drawn) > 1:
        others = ", ".join(
            [
                f"{'direct' if path.is_direct else 'via ' + md_inline(people[path.first].name)}"
                f" ({format_score(path.score)})"
                for path, _ in drawn[1:]
            ]
        )
        count = plural(len(drawn) - 1, "alternative")
        out += ("\n//// details | ", count, ": ", others, "\n    type: kith-more\n")
        for path, svg in drawn[1:]:
            out += ("\n", _path(path, svg, people, records, "Alternative", link), "\n")
        out.append("////\n")
    return "".join(out)


def _path(
    path: Any,
    svg: str | None,
    people: Mapping[str, Person],
    records: Mapping[str, IntroRecord],
    label: str,
    link: Callable[[Person], str],
) -> str:
    action = describe_path([link(people[slug]) for slug in path.people])
    text = f"**{label}** (score {format_score(path.score)}): {action}."
    if not path.is_direct and path.first in records:
        text += f" {record_text(records[path.first], people, link)}."
    return f"{text}\n\n{picture(svg)}" if svg else text


def _history(out: list[str], timeline: Any) -> None:
    """The history of the relationship, as `_history.md.j2` writes it."""
    out.append("\n## History\n\n")
    if not timeline:
        out.append(NOT_COMMITTED)
        return
    out.append(HISTORY_NOTE)
    for change in timeline.shown:
        if change.field == "target":
            said = f"{'joined' if change.new else 'left'} the target list"
        elif change.field == "present":
            said = "added again" if change.new else "file removed"
        else:
            said = f"{change.field} {md_inline(change.old)} → {md_inline(change.new)}"
        out += ("- ", said, " on ", date_text(change.date), "\n")
    out += ("- added on ", date_text(timeline.added), "\n")


def record_text(
    record: IntroRecord, people: Mapping[str, Person], link: Callable[[Person], str]
) -> str:
    """Return a connector's record in words, the name as a link."""
    return describe_record(link(people[record.slug]), record)


def last_contact_text(contact: Any, today: dt.date) -> str:
    """ "3 months ago, 2026-08-01", or "never": a contact's last contact in words."""
    last = contact.last_contact
    return f"{time_ago(last, today)}, {last.isoformat()}" if last else "never"


# What a JSON string may hold as it is but YAML may not: the controls DEL and C1, which PyYAML
# refuses (MkDocs then reads no front matter and renders it as Markdown: a name's `[x](…)`
# would become a link, its `![](…)` an image), the line breaks NEL, LS and PS, the byte-order
# mark and the non-characters U+FFFE and U+FFFF.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_str(value: object) -> str:
    """Return a value as a YAML string of one line, quoted and escaped."""
    # JSON strings are YAML scalars: quoted, escaped, one line; `\uXXXX` is YAML's escape too.
    text = json.dumps(str(value), ensure_ascii=False)
    if _NOT_YAML.search(text) is None:
        return text
    return _NOT_YAML.sub(lambda char: f"\\u{ord(char.group()):04x}", text)


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "—"


def day(value: dt.date | int | None, today: dt.date, sign: int) -> dt.date | None:
    """A day given as a date, or as a count of days before (sign -1) or after (+1) today."""
    if value is None or isinstance(value, dt.date):
        return value
    return today + dt.timedelta(days=sign * value)


def log_line(
    folder: str, entry: Interaction, people: Mapping[str, Person], notes: Mapping[str, str]
) -> str:
    """Return a log entry as a contact page lists it: the date, the tags (asks and gives in
    bold), the introduction asked for or made, the next step, then the text, or a link to the
    note that mentions the contact. Names of contacts are links; all the owner's text escaped.
    `folder` is the folder of the page it is on.
    """

    def who(slug: str) -> str:
        if slug in people:
            other = people[slug]
            return name_link(folder, other.slug, other.name)
        return md_inline(slug)

    line = f"- **{date_text(entry.date)}**"
    if entry.tags:
        tags = (f"**{tag}**" if tag in ("ask", "give") else md_inline(tag) for tag in entry.tags)
        line += " · " + ", ".join(tags)
    if entry.intro:
        line += f" · introduction to {who(entry.intro)}"
        if entry.outcome:
            line += f": {entry.outcome}"
    if entry.via:
        line += f" · introduced by {who(entry.via)}"
    if entry.next:
        line += f" · next step {date_text(entry.next)}"
    if entry.text in notes:
        note = notes[entry.text]
        return f"{line} — mentioned in [{md_inline(note)}]({relative_url(folder, note)})"
    return f"{line} — {md_inline(entry.text)}"


def free_values(person: Person) -> list[tuple[str, str]]:
    """Return each free field a person has (`FREE_FIELDS`, in order) with its value."""
    return [(field, value) for field in FREE_FIELDS if (value := person.free_field(field))]


def picture(svg: str) -> str:
    """Return a picture in the block that holds it on a page (kept out of the site's search)."""
    return f'<div class="kith-picture" data-search-exclude>\n{svg}\n</div>'


@functools.lru_cache(maxsize=1 << 16)
def name_link(folder: str, slug: str, name: str) -> str:
    """Return `[Name](relative/link.md)` to a contact's page from a page in `folder`."""
    return f"[{md_inline(name)}]({relative_url(folder, person_path(slug))})"


@functools.lru_cache(maxsize=1 << 16)
def relative_url(folder: str, target: str) -> str:
    """Return the quoted link to page `target` from a page in `folder` (both site paths)."""
    return quote(_relative_path(target, folder))


_ODD = frozenset(("", ".", ".."))  # parts of a path that `posixpath.relpath` normalizes


def _relative_path(target: str, folder: str) -> str:
    """`posixpath.relpath(target, folder or ".")`, worked out from the parts of two site paths
    (relpath asks the process for its folder twice a call: a fifth of the time of linking
    10,000 contacts)."""
    parts = target.split("/")
    base = folder.split("/") if folder else []
    if _ODD.intersection(parts) or _ODD.intersection(base):
        return posixpath.relpath(target, folder or ".")
    common = 0
    for mine, theirs in zip(parts, base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
