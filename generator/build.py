"""The pipeline in one call: load → analyze → plan pages → render."""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .analysis.phrases import plural
from .disk import KeptEntries, content_digest, files_stamp, write_atomic
from .model import MENTIONED, History, Problem, Vault
from .settings import Settings
from .vault.cache import FILE_NAME as CACHE_FILE
from .vault.cache import ParseCache
from .vault.history import SNAPSHOTS_FOLDER, HistoryResult, SnapshotCache, read_history
from .vault.load import LoadResult, collector_paused, load_vault
from .workers import Ahead, aside

if TYPE_CHECKING:  # the site and the feed are imported when a site is made, not by every command
    from .analysis.report import KnownPaths, Report
    from .site.contexts import PersonLists
    from .site.page_cache import PageCache
    from .site.pages import Site
    from .site.render import Environments, TemplateFailed
    from .workers import Stream


class VaultError(Exception):
    """The vault (or the owner's templates: `where`) has errors; carries every problem so all
    can be shown at once."""

    def __init__(self, problems: tuple[Problem, ...], where: str = "in the vault") -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{plural(count, 'problem')} {where}:\n{lines}")


def template_error(exc: TemplateFailed, root: Path) -> VaultError:
    """Return the error a failing template (the owner's, most likely) stops a run with."""
    return VaultError((exc.problem(root),), "in the templates")


@dataclass(frozen=True, slots=True)
class Prior:
    """What a run made that the next run of the same process may reuse (`mkdocs serve`).

    The loader reuses the joined ties while every contact declares the same ties. For the
    same settings and day, a contact whose record is the very same object (the parse cache
    hands back the same record for an unchanged file) keeps its redacted record and the facts
    the analysis described of it, and an equal graph keeps its intro paths. The git history is
    kept while HEAD is the commit it was read at (`read_history`), whatever else changed.
    """

    settings: Settings
    today: dt.date
    loaded: Vault
    public: Vault
    report: Report
    lists: PersonLists | None = None  # what the contact pages were planned with (`plan_site`)
    history: HistoryResult | None = None  # kept while HEAD is the commit it was read at


@dataclass(frozen=True, slots=True)
class Generated:
    """What one run of the pipeline made: the loaded vault, the report, pages and files as text."""

    loaded: LoadResult
    report: Report
    site: Site
    texts: Mapping[str, str]  # a dict, or LaterTexts when drawn in the background
    files: Mapping[str, str]  # plain files beside the pages: robots.txt, the follow-ups feed
    history_note: str = ""  # why the pages show no git history, for the build log
    history_dates: str = ""  # author dates the history could not take as they were
    prior: Prior | None = None  # for the next run of this process (`generate(prior=...)`)
    # The `disk.text_digest` of each page text the page cache knows it of (for `write_tree`).
    digests: Mapping[str, bytes] = field(default_factory=dict)


class LaterTexts(Mapping[str, str]):
    """Texts known now, and texts a background worker is still making, each waited for when
    read (`workers.Stream`); which texts there are, and their order, is known from the start."""

    def __init__(
        self,
        order: tuple[str, ...],
        ready: Mapping[str, str],
        later: Mapping[str, int],
        stream: Stream,
    ) -> None:
        self.order, self.ready, self.later, self.stream = order, ready, later, stream

    def __getitem__(self, path: str) -> str:
        if path in self.ready:
            return self.ready[path]
        text: str = self.stream.get(self.later[path])
        return text

    def __contains__(self, path: object) -> bool:  # never waits
        return path in self.ready or path in self.later

    def __iter__(self) -> Iterator[str]:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def finish(self, complete: bool = True) -> None:
        """Wait for the rest of the drawing (then both caches are saved), or, with `complete`
        false (a build that failed part way), stop it. The pages and the files beside them
        are one drawing: finishing either finishes both."""
        self.stream.close(complete)


def open_cache(settings: Settings) -> ParseCache:
    """Return the parse cache kept in the project's `.cache/kith/` folder."""
    return ParseCache(settings.cache_dir / CACHE_FILE)


def open_page_cache(settings: Settings) -> PageCache:
    """Return the rendered-page cache kept beside the parse cache."""
    from .site.page_cache import FILE_NAME as PAGES_FILE
    from .site.page_cache import PageCache

    return PageCache(settings.cache_dir / PAGES_FILE)


PATHS_FILE = "intro-paths.marshal"


def open_paths(settings: Settings) -> KeptPaths:
    """Return the intro paths kept beside the parse cache."""
    return KeptPaths(settings.cache_dir / PATHS_FILE)


def analyze_kept(
    vault: Vault, settings: Settings, today: dt.date, history: History | None = None
) -> Report:
    """Analyse the vault for a command, with the intro paths of the last run when they were
    found from the very same graph and limits (`KeptPaths`); paths found anew are kept."""
    from .analysis.report import analyze

    paths = open_paths(settings)
    report = analyze(vault, settings, today, history, paths=paths.read())
    paths.keep(report)
    return report


_PATHS_STAMP: list[str] = []


def paths_stamp() -> str:
    """Name the code the intro paths are found by: Kith's version and the two modules that
    find them. Not the whole code's `code_stamp`, which a command that shows one contact
    would otherwise import the site's modules and read every source file for."""
    if not _PATHS_STAMP:
        from . import __version__
        from .analysis import intro_paths, report

        code = [Path(module.__file__ or "") for module in (intro_paths, report)]
        _PATHS_STAMP.append(files_stamp((__version__, "intro paths"), code, code[0].parent))
    return _PATHS_STAMP[0]


class KeptPaths:
    """The intro paths of the last run, kept in one file between runs (`analysis.KnownPaths`).

    Finding the best path to everyone, and the alternatives to each target, is a search of the
    whole graph (about 0.15 s at 10,000 contacts), and most edits (a log entry, a
    note, a field) leave the graph as it was. The file holds the paths under the graph's
    `paths_key`, so the analysis uses them only for the very graph and limits they were found
    from. It is named by the code that wrote it (`paths_stamp`) and carries a digest of its
    contents: a file from other code, damaged, or unreadable is not used, and is written again
    by the next run that finds paths. Written atomically, a file two runs write at once is
    whole from one of them, and each is correct for its own key.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held: tuple[bytes, tuple[str, ...]] | None = None  # the file's key and targets

    def read(self) -> KnownPaths:
        """Return the paths the file holds (none, under an empty key, when it holds none that
        can be used)."""
        from .analysis.report import KnownPaths, paths_from_plain

        try:
            stamp, digest, payload = marshal.loads(self.path.read_bytes())
            if stamp != paths_stamp() or digest != content_digest(payload):
                return KnownPaths(b"")
            key, targets, best, target_paths = marshal.loads(payload)
            best, target_paths = paths_from_plain(best, target_paths)
            found = KnownPaths(key, best, targets, target_paths)
        except Exception:  # no file yet, or one this code did not write: found again
            return KnownPaths(b"")
        self.held = (found.key, found.targets)
        return found

    def keep(self, report: Report) -> None:
        """Write the report's paths, unless the file holds them already (or they are not
        named: found by `mkdocs serve` after a change of the graph, they are kept by the next
        run that finds them itself)."""
        key, targets = report.paths_key, report.targets.targets
        if not key or self.held == (key, targets):
            return
        from .analysis.report import plain_paths

        best, target_paths = plain_paths(report.best_paths, report.target_paths)
        payload = marshal.dumps((key, targets, best, target_paths))
        kept = marshal.dumps((paths_stamp(), content_digest(payload), payload))
        try:
            write_atomic(self.path, kept)
        except OSError:
            return  # a read-only cache folder: found again next time
        self.held = (key, targets)


def load_checked(
    settings: Settings,
    strict: bool = False,
    cache: ParseCache | None = None,
    before: Vault | None = None,
) -> LoadResult:
    """Load the vault; raise VaultError on errors (and on warnings when strict).

    `before` is the vault this process loaded last, whose joined ties may be reused.
    """
    loaded = load_vault(settings.people, settings.root, cache, before)
    failing = loaded.problems if strict else loaded.errors
    if failing:
        raise VaultError(failing)
    return loaded


def history_for(settings: Settings, before: HistoryResult | None = None) -> HistoryResult:
    """Read the git history of people/ when the settings ask for it; else say why not.

    Its `note` says which author dates the history could not take as they were. `before` is
    what this process read last (`read_history`).
    """
    if not settings.history:
        return HistoryResult(None, "turned off by the kith setting 'history: false'")
    cache = SnapshotCache(settings.cache_dir / SNAPSHOTS_FOLDER)
    found = read_history(settings.people, before, cache)
    if found is not before:
        cache.save()  # reads nothing and writes nothing when the history was not read
    return found


def note_pages(vault: Vault, settings: Settings, docs: Path | None) -> dict[str, str]:
    """Map each log entry `kith capture notes` wrote about a note that is a page of the site
    ("mentioned in docs/journal/2026-11-20.md") to that page ("journal/2026-11-20.md")."""
    if docs is None:
        return {}
    docs = docs.resolve()
    people = settings.people.resolve()
    pages: dict[str, str] = {}
    seen: set[str] = set()
    for person in vault.people:
        for entry in person.log:
            text = entry.text
            if text in seen or not text.startswith(MENTIONED) or not text.endswith(".md"):
                continue
            seen.add(text)
            try:  # the text is the owner's: it may name no possible path at all
                note = (settings.root / text.removeprefix(MENTIONED)).resolve()
                if note.is_relative_to(people) or not note.is_relative_to(docs):
                    continue
                if note.is_file():
                    pages[text] = note.relative_to(docs).as_posix()
            except (OSError, ValueError, RuntimeError):
                continue
    return pages


def generate(
    settings: Settings,
    today: dt.date,
    strict: bool = False,
    *,
    cache: ParseCache | None = None,
    environments: Environments | None = None,
    docs: Path | None = None,
    pages: PageCache | None = None,
    prior: Prior | None = None,
    background: bool = False,
    paths: KeptPaths | None = None,
    waits: contextlib.ExitStack | None = None,
) -> Generated:
    """Run the whole pipeline and return every generated page as Markdown text.

    `docs` is the site's docs folder, when the pages are built beside it: log entries that
    name a note inside it link to the note's page. With `pages`, a contact's page is rendered
    only when something it is rendered from changed. `prior` is the `Generated.prior` of the
    last run in this process, whose unchanged records need not be redacted and described again.
    `paths` keeps the intro paths between runs (`open_paths`). With `waits`, a save of the
    page cache that a child process makes is waited for when the caller closes it (after
    writing the pages), not before `generate` returns.
    With `background`, the pages and the feed are drawn, in order, by a worker process that
    may fork (`workers.in_background`) while the caller goes on: `Generated.texts` and
    `Generated.files` wait for a text when it is read, and `LaterTexts.finish()` of the
    texts must be called at the end.
    """
    from .analysis.report import analyze
    from .exchange.ics_export import FEED_NAME, feed_text
    from .site.manual import read_manual
    from .site.page_cache import code_stamp, templates_stamp
    from .site.pages import plan_site
    from .site.redact import redact
    from .site.render import (
        COMPILED_FOLDER,
        Environments,
        TemplateFailed,
        compile_ahead,
        compile_templates,
        help_texts,
        render_in_order,
        render_site,
    )
    from .workers import in_background

    # The parse cache is saved once the vault is loaded: drawn in the background, there, after
    # the last page; else by a child process while this one analyses the vault (`_save_aside`).
    handed = cache if cache is not None and not cache.deferred else None
    if handed is not None:
        handed.deferred = True
    with collector_paused(), contextlib.ExitStack() as saves:
        # A server keeps its environment while the owner's templates stay as they are: named
        # by the very stamp the pages are kept under. Templates not compiled yet are compiled
        # by a child while the vault is read, on a core the run leaves idle (`compile_ahead`).
        owner_templates = templates_stamp(settings.templates)
        environments = environments or Environments()
        compiled = settings.cache_dir / COMPILED_FOLDER
        env = environments.get(settings.templates, compiled, owner_templates)
        compiling = compile_ahead(env)
        if compiling is not None:
            saves.callback(compiling.wait, False)  # when the run stops before its pages
        try:
            loaded = load_checked(settings, strict, cache, prior.loaded if prior else None)
        except VaultError:
            if handed is not None:
                handed.flush()  # the next run after the fix reads only what changed
            raise
        if handed is not None and not background:
            handed.deferred = False
            saves.push(_save_aside(handed))
        # Pages are planned from the redacted vault, so no template can show a private value.
        same = prior is not None and prior.settings == settings and prior.today == today
        earlier = prior if same else None
        before = (earlier.loaded, earlier.public) if earlier is not None else None
        public = redact(loaded.vault, settings.private_fields, before)
        committed = history_for(settings, prior.history if prior is not None else None)
        history, note, dates = committed.history, committed.reason, committed.note
        if earlier is not None:
            report = analyze(public, settings, today, history, earlier.report)
        else:
            found = paths.read() if paths is not None else None
            report = analyze(public, settings, today, history, paths=found)
        if paths is not None:
            paths.keep(report)
        if not background:
            # Made while the pages are planned and drawn; stopped if they fail.
            events = _feed_ahead(report, settings.site_name, pages)
            saves.callback(events.stop)
        manual = read_manual() if settings.help else ()
        lists = earlier.lists if earlier is not None else None
        site = plan_site(public, report, manual, note_pages(public, settings, docs), lists)
        stamp = (code_stamp(), owner_templates, repr(settings))
        # Each page shows the public record of people read from files: named by those files.
        known = (public.by_slug, loaded.sources)
        texts: Mapping[str, str]  # drawn here, or in the background below
        digests: Mapping[str, bytes] = {}
        if compiling is not None:
            compiling.wait()  # the templates the child has not come to are compiled here
        try:
            if settings.templates is not None:  # one that does not parse stops the run here
                compile_templates(env, settings.templates)
            if not background:
                texts, digests = render_site(site, report, env, pages, stamp, known)
        except TemplateFailed as exc:
            raise template_error(exc, settings.root) from None
        if background:
            # The pages in order, then the feed; both caches are saved after the last.
            def produce() -> Iterator[str]:
                yield from render_in_order(site, report, env, pages, stamp, known)
                yield feed_text(_feed_ahead(report, settings.site_name, pages).result())
                if pages is not None:
                    pages.save()
                if handed is not None:
                    handed.flush()

            stream = in_background(produce, len(site.pages) + 1)
            order = {page.path: index for index, page in enumerate(site.pages)}
            helps = help_texts(site)
            texts = LaterTexts((*order, *helps), helps, order, stream)
            feed = {FEED_NAME: len(order)}
            files: Mapping[str, str] = LaterTexts((*site.files, *feed), site.files, feed, stream)
        else:
            # The follow-ups feed is the iCalendar export of the same report, published with
            # the site.
            files = {**site.files, FEED_NAME: feed_text(events.result())}
    if pages is not None and not background:
        if waits is None:
            pages.save()
        else:
            waits.push(_save_aside(pages))
    after = Prior(settings, today, loaded.vault, public, report, site.lists, committed)
    return Generated(loaded, report, site, texts, files, note, dates, after, digests)


# A cache save that writes this many files or more, or every file of its cache, is left to a
# child process: at 10,000 contacts a first run writes every file of each cache (the parse
# cache's 32 while the analysis and the planning keep this process busy, the page cache's 64
# while the command writes the pages); an edit rewrites a few, quicker than a fork. Every file
# counts too, so that a cache kept in fewer files than this still saves a first run aside.
ASIDE_FILES = 32


# What an `ExitStack` calls on the way out: the exception's type, the exception, its traceback.
Leaving = Callable[[type[BaseException] | None, BaseException | None, TracebackType | None], None]


def _save_aside(cache: KeptEntries[Any, Any]) -> Leaving:
    """Save a cache, its files written by a child process when they are many; return what
    waits until they are written, as an `ExitStack` calls it on the way out.

    Interrupted (Ctrl-C reaches the child too), a save the child did not finish is left
    undone: a cache is only a help, not worth holding up the owner who asked to stop.
    """
    saving = cache.saving()
    if saving.files < min(ASIDE_FILES, cache.SHARDS):
        saving()
        return _nothing
    job = aside(*saving.parts())

    def wait(kind: type[BaseException] | None, *_: object) -> None:
        job.wait(redo=kind is None or not issubclass(kind, KeyboardInterrupt))

    return wait


def _nothing(*_: object) -> None:
    return None


def _feed_ahead(report: Report, site_name: str, pages: PageCache | None) -> Ahead:
    """Start making the follow-ups feed's texts (a first run at 10,000 contacts makes
    thousands of events): `generate` takes them after the pages, which are planned and drawn
    meanwhile; the background drawer at once. `ics_export.feed_text` joins them. A first run
    leaves listing and naming the events to the child too (`PageCache.texts_ahead`)."""
    from .exchange.ics_export import due_follow_ups, feed_parts

    if pages is None:
        return Ahead([make for _, make in feed_parts(report, site_name)])
    due = due_follow_ups(report)  # how many events there are: a child only for many
    return pages.texts_ahead(lambda: feed_parts(report, site_name, due), len(due) + 1)
