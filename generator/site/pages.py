"""Which pages the site has and what each one shows: (path, template, context), nothing rendered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..analysis.cadence import Contact
from ..analysis.report import Report
from ..model import CIRCLES, Person, Tie, Vault, sort_key
from ..vault.slugs import fold
from .assets import asset_files
from .contexts import (
    PersonLists,
    home_pictures,
    intro_paths_context,
    network_context,
    person_inputs,
    person_lists,
    report_context,
    targets_context,
)
from .manual import HELP_TITLE, HelpPage
from .page_cache import Later, PageInputs, alike

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
_NO_ONE: tuple[tuple[Person, ...], tuple[Tie, ...]] = ((), ())  # no one declared a tie
# The Markdown extensions the pages are written for: tables, headings' anchors, and the blocks
# that fold (an intro path's alternatives). Material ships all three.
MARKDOWN_EXTENSIONS = ("tables", "toc", "pymdownx.blocks.details")
# The People index is one sortable table up to this many contacts; a bigger vault gets a page
# per initial letter. A table of 10,000 rows is 1.4 MB of HTML (slow to open on a phone), and
# MkDocs takes 2 s to convert it again after each edit under `mkdocs serve` (0.17 s at 1,000).
PEOPLE_ON_ONE_PAGE = 500
LETTERS_FOLDER = "people/a-z"  # contact pages are people/<slug>.md: no slug holds a "/"
OTHER_LETTER = "#"  # names that begin with no letter of A–Z, even folded (digits, signs)
TAGS_PAGE = "tags.md"  # Material's tags listing, on a page of its own


@dataclass(frozen=True, slots=True)
class Page:
    """One generated Markdown page: where it goes, which template draws it, with what."""

    path: str
    template: str
    title: str
    # What the template is given; or a Later that makes it, where the page is rendered (in a
    # worker process, when a build shares the pages with one: see `page_context`). The Later
    # may make what the context is made from instead (a PageInputs): a kept page's key is then
    # made from those, which is less than the context and faster to name.
    context: Mapping[str, Any] | Later = field(default_factory=dict)
    in_nav: bool = True
    kept: bool = False  # rendered text may be kept between runs (site/page_cache.py)


def page_source(page: Page) -> Mapping[str, Any] | PageInputs:
    """Return what a page is drawn from (its context, or inputs that make it), made now if the
    plan left that for later.

    The 10,000 contexts of a 10,000-contact vault cost a quarter second to make: made where each
    page is rendered, both cores make them.
    """
    context = page.context
    if isinstance(context, Later):
        made: Mapping[str, Any] | PageInputs = context()
        return made
    return context


def page_context(page: Page) -> Mapping[str, Any]:
    """Return what a page's template is given."""
    source = page_source(page)
    return source if isinstance(source, Mapping) else source.context()


@dataclass(frozen=True, slots=True)
class Site:
    """All generated pages (navigation order first, then contacts), plain files, the manual."""

    pages: tuple[Page, ...]
    files: Mapping[str, str]
    help: tuple[HelpPage, ...] = ()  # the Help pages, when the `help` setting is on
    lists: PersonLists | None = None  # what the contact pages were planned with


def person_path(slug: str) -> str:
    """Return the generated page path of a contact."""
    return f"people/{slug}.md"


def plan_site(
    vault: Vault,
    report: Report,
    manual: tuple[HelpPage, ...] = (),
    notes: Mapping[str, str] | None = None,
    before: PersonLists | None = None,
) -> Site:
    """List every page of the site for this vault, settings and day, and the manual if given.

    `notes` maps log entries that name a note of the site to the note's page (`note_pages`).
    `before` is the `Site.lists` of the last run of this process, whose parts made of the
    very same records are reused (`person_lists`).
    """
    notes = notes or {}
    ordered = sorted(vault.people, key=lambda p: (sort_key(p.name), p.slug))
    known_by = _known_by(vault, ordered)
    lists = person_lists(report, vault, before)
    pages = [
        _home(vault, report, bool(manual)),
        *_relationship_pages(vault, report),
        *_people_pages(ordered, report),
        Page(TAGS_PAGE, "tags.md.j2", "Tags", {}),
    ]
    pages.extend(
        Page(
            person_path(p.slug),
            "person.md.j2",
            p.name,
            Later(person_inputs, (p, vault, report, lists, known_by.get(p.slug, _NO_ONE), notes)),
            in_nav=False,
            kept=True,
        )
        for p in vault.people
    )
    return Site(tuple(pages), {"robots.txt": ROBOTS_TXT, **asset_files()}, manual, lists)


def navigation(site: Site) -> list[dict[str, Any]]:
    """Return the site's nav: Kith's pages in order, then the Help section when there is one."""
    nav: list[dict[str, Any]] = [{page.title: page.path} for page in site.pages if page.in_nav]
    if site.help:
        nav.append({HELP_TITLE: [{page.title: page.path} for page in site.help]})
    return nav


def _home(vault: Vault, report: Report, with_help: bool) -> Page:
    # Made where the page is drawn (with the pages, by whichever process takes it), as are
    # the relationship pages' contexts: their pictures and lists are not needed before.
    return Page("index.md", "home.md.j2", "Home", Later(_home_context, (vault, report, with_help)))


def _home_context(vault: Vault, report: Report, with_help: bool) -> dict[str, Any]:
    circles = [(c, sum(1 for p in vault.people if p.circle == c)) for c in CIRCLES]
    return {
        "people": len(vault.people),
        "circles": [(c, n) for c, n in circles if n],
        "targets": sum(1 for p in vault.people if p.target),
        "ties": len(vault.edges),
        "interactions": sum(len(p.log) for p in vault.people),
        "people_by_slug": vault.by_slug,
        "report": report,
        "limits": report.thresholds,
        "movement": report.movement,
        "with_help": with_help,
        "list_sizes": report.list_sizes,  # the short list and targets at each month end
        **home_pictures(vault, report),
    }


def _relationship_pages(vault: Vault, report: Report) -> list[Page]:
    """The pages that say whom to reach, when and through whom, in navigation order."""
    base = report_context(vault, report)
    return [
        Page("targets.md", "targets.md.j2", "Targets", Later(targets_context, (vault, report))),
        Page("follow-ups.md", "follow-ups.md.j2", "Follow-ups", base),
        Page("reconnect.md", "reconnect.md.j2", "Reconnect", base),
        Page(
            "intro-paths.md",
            "intro-paths.md.j2",
            "Intro paths",
            Later(intro_paths_context, (vault, report)),
        ),
        Page("connectors.md", "connectors.md.j2", "Connectors", base),
        Page("network.md", "network.md.j2", "Network", Later(network_context, (vault, report))),
        Page("dead-ends.md", "dead-ends.md.j2", "Dead ends", base),
    ]


def _people_pages(ordered: list[Person], report: Report) -> list[Page]:
    """The People index: one table, or (above PEOPLE_ON_ONE_PAGE) a table per initial letter.

    A letter's page is kept between runs like a contact's: an edit redraws one letter.
    """
    if len(ordered) <= PEOPLE_ON_ONE_PAGE:
        everyone = {"people": ordered, "contacts": report.contacts}
        return [Page("people/index.md", "people.md.j2", "People", everyone)]
    groups: dict[str, list[Person]] = {}
    for person in ordered:
        groups.setdefault(initial(person.name), []).append(person)
    labels = sorted(groups, key=lambda label: (label == OTHER_LETTER, label))
    letters = tuple((label, letter_path(label)) for label in labels)
    counts = tuple((label, path, len(groups[label])) for label, path in letters)
    index = {"letters": counts, "everyone": len(ordered), "limit": PEOPLE_ON_ONE_PAGE}
    pages = [Page("people/index.md", "people-letters.md.j2", "People", index)]
    for label, path in letters:
        group = groups[label]
        contacts = {p.slug: report.contacts[p.slug] for p in group}
        inputs = Later(LetterInputs, (tuple(group), contacts, label, letters, len(ordered)))
        pages.append(Page(path, "people.md.j2", f"People: {label}", inputs, False, True))
    return pages


@dataclass(frozen=True, slots=True)
class LetterInputs:
    """What the page of the contacts filed under one letter is drawn from (a `PageInputs`).

    The key names the people (each by the digest of their record) and the letters; what the
    table shows of each contact's log (`contacts`, `describe_contact`) is a function of the
    person, the settings and the day, which the key holds already.
    """

    people: tuple[Person, ...]
    contacts: Mapping[str, Contact]
    letter: str
    letters: tuple[tuple[str, str], ...]
    everyone: int

    def keyed(self, name: Callable[[Person], str]) -> tuple[Any, ...]:
        """Return what the page's key is made of."""
        return tuple(map(name, self.people)), self.letter, self.letters, self.everyone

    def watched(self) -> dict[str, Mapping[str, Any]]:
        """The page reads no whole-vault mapping."""
        return {}

    def same_as(self, before: object) -> bool:
        """Return True when `before` names the very same people and the same letters."""
        return type(before) is LetterInputs and alike(
            (self.people, self.letter, self.letters, self.everyone),
            (before.people, before.letter, before.letters, before.everyone),
        )

    def context(self) -> dict[str, Any]:
        """Return what the page's template is given."""
        return {
            "people": list(self.people),
            "contacts": self.contacts,
            "letter": self.letter,
            "letters": self.letters,
            "everyone": self.everyone,
        }


def initial(name: str) -> str:
    """Return the letter a name is filed under: its first letter folded to A–Z, or "#"."""
    letter = name.lstrip()[:1]
    first = sort_key(letter)  # most names: no need to fold with anyascii
    if not "a" <= first <= "z":
        first = fold(letter)[:1]
    return first.upper() if "a" <= first <= "z" else OTHER_LETTER


def letter_path(label: str) -> str:
    """Return the page of the contacts filed under one letter (`initial`)."""
    name = "other" if label == OTHER_LETTER else label.lower()
    return f"{LETTERS_FOLDER}/{name}.md"


def _known_by(
    vault: Vault, ordered: list[Person]
) -> dict[str, tuple[tuple[Person, ...], tuple[Tie, ...]]]:
    """Map each slug to who declared a tie to them, sorted by name, and each one's tie.

    `ordered` is everyone sorted by name and slug: walked in that order, every list comes out
    sorted.
    """
    found: dict[str, tuple[list[Person], list[Tie]]] = {}
    people = vault.by_slug
    for person in ordered:
        for tie in person.ties:
            if tie.other in people:
                declared = found.get(tie.other)
                if declared is None:
                    declared = found[tie.other] = ([], [])
                declared[0].append(person)
                declared[1].append(tie)
    return {slug: (tuple(who), tuple(ties)) for slug, (who, ties) in found.items()}
