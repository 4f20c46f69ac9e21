"""Render planned pages to Markdown text with Jinja2 templates."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import marshal
import os
import types
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from ..analysis.cadence import Contact
from ..analysis.introductions import IntroRecord
from ..analysis.next_steps import NextStep, describe_next_step, step_people
from ..analysis.phrases import balance, describe_path, due_in, format_score, plural, span, time_ago
from ..analysis.reconnect import describe_dormant
from ..analysis.report import Report
from ..disk import write_atomic
from ..model import FREE_FIELDS, Interaction, Problem, not_utf8
from ..workers import Aside, aside, share
from .contact_page import (
    TWIN_OF,
    date_text,
    day,
    draw_contact,
    free_values,
    last_contact_text,
    log_line,
    name_link,
    picture,
    record_text,
    relative_url,
    yaml_str,
)
from .escape import html_text, md_inline, md_line_start
from .notes import notes_html
from .page_cache import (
    DRAWN,
    Fingerprints,
    Known,
    Later,
    LookUp,
    PageCache,
    Text,
    as_str,
    code_stamp,
    made,
)
from .pages import Page, Site, page_context, page_source

COMPILED_FOLDER = "compiled-templates"  # in the cache folder: templates compiled to bytecode
T = TypeVar("T")


def builtin_templates() -> Path:
    """Return the folder of the templates Kith ships (the repo's `templates/` when editable)."""
    return Path(str(resources.files("generator.site") / "templates"))


def make_environment(extra: Path | None = None, compiled: Path | None = None) -> jinja2.Environment:
    """Create the Jinja2 environment: the owner's templates first, then Kith's own.

    With `compiled` (a folder in the cache), each template is compiled once and its bytecode
    kept there for the next run. The environment reads each template once: an environment
    serves one state of the owner's templates (`Environments`). Jinja's default would look at
    a template's file again each time a page imports or includes it: two `stat`s for every
    contact page.
    """
    folders = [str(extra)] if extra is not None else []
    folders.append(str(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
        auto_reload=False,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md_inline, notes=notes_html, html=html_text, yaml_str=yaml_str)
    env.filters.update(line_start=md_line_start)
    env.filters.update(date=date_text, ago=_ago, due=_due, span=_span)
    env.globals.update(link=_link, person_link=_person_link, free_fields=FREE_FIELDS)
    env.globals.update(last_contact_text=_last_contact_text)
    env.filters.update(score=format_score, plural=plural)
    env.globals.update(path_action=_path_action, describe_step=_next_step, describe_record=_record)
    env.globals.update(balance=balance, describe_dormant=describe_dormant)
    # The same as filters, which a template calls directly: a function it calls goes through
    # Jinja's `Context.call` each time, and a contact page makes dozens of these calls.
    env.filters.update(person_link=_person_link, log_line=_log_line, free_values=free_values)
    env.filters.update(picture=picture)
    return env


class Environments:
    """Kith's Jinja environment for the owner's templates as they are now, kept between the
    rebuilds of `mkdocs serve`.

    `get` makes a new environment whenever the owner's templates changed (`templates_stamp`,
    the very name the page cache keeps the pages under): a template the owner edits, adds to
    the folder (Jinja would keep serving Kith's own of that name, read before) or removes.
    """

    def __init__(self) -> None:
        self._kept: tuple[tuple[Path | None, Path | None, str], jinja2.Environment] | None = None

    def get(self, extra: Path | None, compiled: Path | None, stamp: str) -> jinja2.Environment:
        """Return the environment of templates folder `extra` whose files `stamp` names."""
        key = (extra, compiled, stamp)
        if self._kept is None or self._kept[0] != key:
            self._kept = (key, make_environment(extra, compiled))
        return self._kept[1]


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled to Python bytecode, one file each, kept between runs.

    Compiling Kith's templates costs a fifth of a second, in every `kith generate` and every
    first build of a site. Jinja names a template's file by its name and path, and keeps the
    hash of its source in it: a file is used only for the same source, and for the same Kith
    code, Python and libraries (`code_stamp`), since the environment's options change what a
    template compiles to. The files are written atomically; one that is missing, damaged or
    from other code is compiled again. Like Python's own `__pycache__`, what is kept here is
    code that runs: the cache folder is as trusted as the project's own files.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            stamp, checksum, code = marshal.loads(self._file(bucket).read_bytes())
        except Exception:  # missing, damaged or foreign: compiled again
            return
        if stamp == code_stamp() and checksum == bucket.checksum and type(code) is types.CodeType:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        try:
            data = marshal.dumps((code_stamp(), bucket.checksum, bucket.code))
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(bucket), data, folder_exists=True)
        except (OSError, ValueError):
            return  # a read-only folder: compiled again next time

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.file(bucket.key)

    def file(self, key: str) -> Path:
        """Return the file that holds a template compiled, by its key (`get_cache_key`)."""
        return self.folder / f"{key}.marshal"


def render_site(
    site: Site,
    report: Report,
    env: jinja2.Environment,
    cache: PageCache | None = None,
    stamp: tuple[str, ...] = (),
    known: Known = ({}, {}),
) -> tuple[PageTexts, dict[str, bytes]]:
    """Render every page of the site: map each page path to its Markdown text, and each
    page the cache keeps to the text's digest (`disk.text_digest`), known without hashing it.
    The text of a page found in the cache is read from it when it is first wanted.

    With a cache, a page marked `kept` is taken from it when nothing it is rendered from
    changed; `stamp` names what the context does not hold (the settings, the templates).
    `known` names the contacts the pages show by the files they were read from (the people by
    slug, and `LoadResult.sources`); the settings in `stamp` say how the site redacts them.
    """
    drawing = _Drawing(site, report, env, cache, stamp, known)

    def draw_part(part: Sequence[Page]) -> list[Any]:
        return [drawing.draw(page) for page in part]

    # Many pages are drawn by worker processes too (generator/workers.py); the same texts.
    # A summary page lists the whole vault and is always drawn. With a warm cache most contact
    # pages are only looked up, and the summary pages cost as much as 1/45 of those lookups
    # each (measured at 10,000 contacts): the parts are cut by that weight. Drawing every
    # contact page (a cold cache) costs far more than the summary pages: cut by count.
    heavy = max(1, len(site.pages) // 45) if cache is not None and cache.held() else 1
    with young_garbage_collected():
        drawn = share(draw_part, site.pages, lambda page: 1 if page.kept else heavy)
    texts = PageTexts(drawing)
    for page, (text, outcome) in zip(site.pages, drawn, strict=True):
        drawing.record(page, text, outcome)
        texts.add(page, text, outcome[1])
    for path, text in help_texts(site).items():
        texts.add_text(path, text)
    return texts, drawing.digests


@contextlib.contextmanager
def young_garbage_collected() -> Iterator[None]:
    """Collect the cyclic garbage that drawing pages leaves, and only that, for the duration.

    Jinja leaves each page's context, the module a page imports with it and that module's
    macros in a reference cycle: about 18 KB a contact page, 180 MB of a first run at 10,000
    contacts while a command keeps the collector off. Everything made before is frozen
    (`gc.freeze`), so no collection walks the vault, the report or the plan.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


def render_in_order(
    site: Site,
    report: Report,
    env: jinja2.Environment,
    cache: PageCache | None = None,
    stamp: tuple[str, ...] = (),
    known: Known = ({}, {}),
) -> Iterator[str]:
    """Yield the text of each page of `site.pages`, in order, as `render_site` renders it.

    For a background worker whose pages are read while it goes on (`mkdocs build`): the
    cache's outcomes are applied as the pages are drawn. The manual's pages are `help_texts`.
    Each text is a string, decoded here: the stream keeps every value it was sent, and
    MkDocs holds each page's string, so the UTF-8 a kept page is held as would be held twice.
    """
    drawing = _Drawing(site, report, env, cache, stamp, known)
    with young_garbage_collected():
        for page in site.pages:
            text, outcome = drawing.draw(page)
            drawing.record(page, text, outcome)
            yield as_str(text if text is not None else drawing.kept_data(page, outcome[1]))


def help_texts(site: Site) -> dict[str, str]:
    """Return the manual's pages, which are Markdown already: their examples must not be read
    as template syntax."""
    return {page.path: page.text for page in site.help}


class _Drawing:
    """What drawing the pages of one site needs: their templates, the cache, the fingerprints."""

    def __init__(
        self,
        site: Site,
        report: Report,
        env: jinja2.Environment,
        cache: PageCache | None,
        stamp: tuple[str, ...],
        known: Known,
    ) -> None:
        self.templates: dict[str, jinja2.Template] = {}
        for page in site.pages:
            if page.template not in self.templates:
                self.templates[page.template] = env.get_template(page.template)
        # Contact pages are drawn by the template's twin in Python while the templates are
        # Kith's own (contact_page.py): the very same text, in about half the time.
        self.twin = page_twin(env)
        if cache is not None:
            cache.begin()
        self.report, self.cache, self.stamp = report, cache, stamp
        self.prints = Fingerprints(known)
        self.digests: dict[str, bytes] = {}  # of the pages the cache keeps, by path

    def draw(self, page: Page) -> tuple[Text | None, LookUp]:
        """Draw a page, or find it in the cache: its text (None when found) and the outcome.

        A template that fails raises TemplateFailed, naming its file and line and the page.
        """
        return self._named(page, self._draw)

    def kept_data(self, page: Page, key: bytes) -> Text:
        """Return the text of a page found in the cache under `key`, as the cache keeps it;
        drawn again when the cache cannot read it back after all (a damaged file)."""
        assert self.cache is not None
        text = self.cache.kept_data(key)
        if text is None:
            template = self.templates[page.template]
            text = self._named(page, lambda page: _render(page, self.report, template, self.twin))
        return text

    def _named(self, page: Page, draw: Callable[[Page], T]) -> T:
        """Return `draw(page)`; a template's failure names its file and line, and the page."""
        try:
            return draw(page)
        except jinja2.TemplateError as exc:
            raise _failure(exc, page) from None
        except Exception as exc:
            # An owner's template may hand a value to what cannot take it (a filter, a method,
            # arithmetic): Python's own error, but the owner's input, named like the above.
            # The same error with none of the owner's templates drawing is a bug in Kith.
            if not _owner_lines(exc):
                raise
            raise _failure(exc, page) from None

    def _draw(self, page: Page) -> tuple[Text | None, LookUp]:
        template = self.templates[page.template]
        if self.cache is None or not page.kept:
            return _render(page, self.report, template, self.twin), _NOTHING
        key = (*self.stamp, self.report.today.isoformat(), page.template, page.title)
        drawer = _drawer(page, self.report, template, self.twin)
        # A page found in the cache comes back as None: its text is read only if wanted, and
        # is not sent back from a worker (the parent has it too).
        return self.cache.look_up(page.path, key, page_source(page), drawer, self.prints)

    def record(self, page: Page, text: Text | None, outcome: LookUp) -> None:
        """Record a page's outcome in the cache (`text` is None when it was found there)."""
        if self.cache is None or not page.kept:
            return
        digest = self.cache.apply(page.path, text, outcome)
        if digest:
            self.digests[page.path] = digest


class PageTexts(Mapping[str, str]):
    """The pages' texts by path, in the order of the site's pages.

    A page found in the page cache is read from it only when its text is first wanted: a run
    that finds a page's file as it wrote it last time never needs it (`disk.write_tree`).
    A page the cache keeps is held as the UTF-8 its file holds (half the memory of the string
    of a page with any character past U+00FF, as nearly every contact page has): `data`
    gives it so, to be written; reading it as a string decodes it each time.
    """

    def __init__(self, drawing: _Drawing) -> None:
        self._items: dict[str, Text | tuple[Page, bytes]] = {}
        self._waiting = 0  # the texts still in the cache
        self._drawing: _Drawing | None = drawing  # let go once every text is read

    def add(self, page: Page, text: Text | None, key: bytes) -> None:
        """Add a page's text, or (None) the key the cache keeps its text under."""
        if text is None:
            self._items[page.path] = (page, key)
            self._waiting += 1
        else:
            self._items[page.path] = text

    def add_text(self, path: str, text: str) -> None:
        """Add the text of a file that is no drawn page (the manual's)."""
        self._items[path] = text

    def __getitem__(self, path: str) -> str:
        return as_str(self.data(path))

    def data(self, path: str) -> Text:
        """Return a page's text as held: a page the cache keeps as the UTF-8 its file holds."""
        found = self._items[path]
        if type(found) is str or type(found) is bytes:
            return found
        assert isinstance(found, tuple) and self._drawing is not None
        text = self._drawing.kept_data(*found)
        self._items[path] = text
        self._waiting -= 1
        if not self._waiting:
            self._drawing = None
        return text

    def held(self) -> dict[str, Text]:
        """Return every text as held (`data`), by path."""
        return {path: self.data(path) for path in self._items}

    def __contains__(self, path: object) -> bool:
        return path in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


_NOTHING: LookUp = (DRAWN, b"", (), b"")


class TemplateFailed(Exception):
    """A template failed (an owner's, most likely): its file, the line, and why."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message

    def problem(self, root: Path) -> Problem:
        """The failure as a problem, its file named as the vault's files are (from `root`)."""
        shown = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return Problem(shown.as_posix(), self.line, self.message)


def compile_ahead(env: jinja2.Environment) -> Aside | None:
    """Start compiling every template the environment finds into its bytecode cache
    (`CompiledTemplates`), by a child process while this one goes on (`workers.aside`), when
    any of them has no compiled file yet; None when each has one (one left from other code is
    compiled where it is first wanted, as before).

    A first run spends about a fifth of a second compiling Kith's templates before it can draw
    a page; started before the vault is read, at the lowest priority, that happens on a core
    the run leaves idle (once the contacts are parsed, while their ties are joined), and the
    pages' templates are then read from the files the child wrote. A template that does not
    compile is left to the run itself, which names its file and line. The caller waits for the
    child (`Aside.wait`) before it loads a template, and compiles the templates it has not
    come to yet itself.
    """
    cache, loader = env.bytecode_cache, env.loader
    if not isinstance(cache, CompiledTemplates) or loader is None or env in _AHEAD:
        return None
    _AHEAD.add(env)  # a server's rebuilds keep their environment: its templates are loaded
    names = env.list_templates(extensions=["j2"])
    wanted = []
    for name in names:
        try:
            _, filename, _ = loader.get_source(env, name)
        except Exception:  # gone since it was listed, or unreadable: the run will say so
            continue
        wanted.append(cache.file(cache.get_cache_key(name, filename)))
    if all(path.is_file() for path in wanted):
        return None
    try:  # where the child's files cannot go, the run compiles them itself, as before
        cache.folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(cache.folder, os.W_OK):
        return None

    def compile_one(name: str) -> None:
        with contextlib.suppress(Exception):
            env.get_template(name)

    return aside(*(functools.partial(compile_one, name) for name in names))


# The environments `compile_ahead` has seen: each needs it once.
_AHEAD: weakref.WeakSet[jinja2.Environment] = weakref.WeakSet()


def compile_templates(env: jinja2.Environment, folder: Path) -> None:
    """Compile every template (`*.j2`) in a folder of the owner's: one that does not parse,
    is not UTF-8 text or cannot be read raises TemplateFailed. Jinja keeps what it compiled,
    so no page compiles it again. A folder that is not there is named too: the owner's pages
    would be drawn with Kith's templates without a word."""
    if not folder.is_dir():
        kind = "not a folder" if folder.exists() else "no such folder"
        message = f"{kind}: the `templates` setting in mkdocs.yml names a folder of your templates"
        raise TemplateFailed(folder, 0, message)
    for path in sorted(folder.rglob("*.j2")):
        if path.is_dir():  # a folder so named holds templates; it is none
            continue
        try:
            env.get_template(path.relative_to(folder).as_posix())
        except jinja2.TemplateSyntaxError as exc:
            message = f"template does not parse: {exc.message}"
            raise TemplateFailed(path, exc.lineno or 0, message) from None
        except UnicodeDecodeError as exc:
            line, _ = not_utf8(exc)
            message = "template is not UTF-8 text: save it as UTF-8"
            raise TemplateFailed(path, line, message) from None
        except OSError as exc:
            reason = exc.strerror or "no such file"
            raise TemplateFailed(path, 0, f"template cannot be read: {reason}") from None


def _failure(exc: Exception, page: Page) -> TemplateFailed:
    """Name the template line that failed: Jinja gives each template's lines frames of their
    own in the traceback; the innermost is where it failed. An error of Python's own (not a
    template error) is named at the innermost line of the owner's, which handed on the value."""
    if isinstance(exc, jinja2.TemplateSyntaxError):  # an included template that does not parse
        lines = [(exc.filename or exc.name or page.template, exc.lineno or 0)]
        said = exc.message
    elif isinstance(exc, jinja2.TemplateError):
        lines, said = _template_lines(exc), exc.message
    else:
        lines, said = _owner_lines(exc), str(exc) and f"{type(exc).__name__}: {exc}"
    where, line = lines[-1] if lines else (page.template, 0)
    message = f"template failed while drawing {page.path}: {said or type(exc).__name__}"
    return TemplateFailed(Path(where), line, message)


def _template_lines(exc: BaseException) -> list[tuple[str, int]]:
    """Return the template file and line of each frame of a traceback drawn from a template,
    outermost first."""
    found = []
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(".j2"):
            found.append((trace.tb_frame.f_code.co_filename, trace.tb_lineno))
        trace = trace.tb_next
    return found


def _owner_lines(exc: BaseException) -> list[tuple[str, int]]:
    """Return the frames of `_template_lines` from the owner's templates (not Kith's own)."""
    ours = os.path.join(builtin_templates(), "")
    return [(where, line) for where, line in _template_lines(exc) if not where.startswith(ours)]


def _render(page: Page, report: Report, template: jinja2.Template, twin: bool) -> str:
    return _drawer(page, report, template, twin)(dict(page_context(page)))


def _drawer(
    page: Page, report: Report, template: jinja2.Template, twin: bool
) -> Callable[[dict[str, Any]], str]:
    """Return what renders this page from its context (possibly with watched mappings);
    with `twin`, a contact page is drawn by `contact_page.draw_contact`."""
    if twin and page.template == TWIN_OF[0]:

        def draw_contact_page(context: dict[str, Any]) -> str:
            return draw_contact(made(context), page.path, report.today)

        return draw_contact_page

    def draw(context: dict[str, Any]) -> str:
        # The page's own context is the one given, so a template reads the watched mappings.
        context = made(context)
        lazy = page.kept or type(page.context) is Later
        here = dataclasses.replace(page, context=context) if lazy else page
        context.update(page=here, here=page.path, today=report.today)
        return template.render(context)

    return draw


def page_twin(env: jinja2.Environment) -> bool:
    """Return True when the contact page's template and those it takes in are all Kith's own
    in `env` (none of the owner's replaces them): its twin in Python may draw it."""
    own = os.path.normpath(builtin_templates())
    for name in TWIN_OF:
        filename = env.get_template(name).filename
        if filename is None or os.path.dirname(os.path.normpath(filename)) != own:
            return False
    return True


@jinja2.pass_context
def _ago(ctx: jinja2.runtime.Context, value: dt.date | int | None) -> str:
    """ "2 years 10 months ago" for a date, or for a count of days before today."""
    return time_ago(day(value, ctx["today"], -1), ctx["today"])


@jinja2.pass_context
def _due(ctx: jinja2.runtime.Context, value: dt.date | int) -> str:
    """ "due in 3 days", "overdue by 5 months" for a date, or a count of days from today."""
    today: dt.date = ctx["today"]
    return due_in(day(value, today, 1) or today, today)


@jinja2.pass_context
def _span(ctx: jinja2.runtime.Context, days: int) -> str:
    """How long a count of days up to today is: "45 days", "2 years 10 months"."""
    today: dt.date = ctx["today"]
    return span(today - dt.timedelta(days=days), today)


@jinja2.pass_context
def _last_contact_text(ctx: jinja2.runtime.Context, contact: Contact) -> str:
    """ "3 months ago, 2026-08-01", or "never": a contact's last contact in words.

    A function, not a macro: a summary page says it for thousands of contacts, and each call
    of a macro makes a new template context.
    """
    return last_contact_text(contact, ctx["today"])


@jinja2.pass_context
def _link(ctx: jinja2.runtime.Context, target: str) -> str:
    """Return a relative link from the page being rendered to another generated page."""
    return relative_url(str(ctx["here"]).rpartition("/")[0], target)


@jinja2.pass_context
def _person_link(ctx: jinja2.runtime.Context, person: Any) -> str:
    """Return `[Name](relative/link.md)` with the name escaped."""
    return name_link(str(ctx["here"]).rpartition("/")[0], person.slug, person.name)


@jinja2.pass_context
def _log_line(
    ctx: jinja2.runtime.Context, entry: Interaction, people: Any, notes: Mapping[str, str]
) -> str:
    """Return a log entry as a contact page lists it (`contact_page.log_line`).

    A function, not template code: a first run at 10,000 contacts lists 60,000 entries.
    """
    return log_line(str(ctx["here"]).rpartition("/")[0], entry, people, notes)


@jinja2.pass_context
def _path_action(ctx: jinja2.runtime.Context, path: Any, people: Any) -> str:
    """Return the intro path as an action, each name a link: "ask [A](…) to introduce you to …"."""
    return describe_path([_person_link(ctx, people[slug]) for slug in path.people])


@jinja2.pass_context
def _next_step(ctx: jinja2.runtime.Context, step: NextStep, people: Any) -> str:
    """Return a next step in one line, names as links and the log's text escaped."""
    names = [_person_link(ctx, people[slug]) for slug in step_people(step)]
    text = md_inline(step.scheduled.text) if step.scheduled is not None else ""
    return describe_next_step(step, names, text)


@jinja2.pass_context
def _record(ctx: jinja2.runtime.Context, record: IntroRecord, people: Any) -> str:
    """Return a connector's record in words, the name as a link."""
    return record_text(record, people, lambda person: _person_link(ctx, person))
