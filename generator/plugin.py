"""The MkDocs adapter: wires MkDocs events to the pipeline and keeps the site private."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import json
import logging
import os
import re
import secrets
import stat
import time
import types
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from mkdocs import utils as mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.meta import get_data

from .build import (
    Generated,
    KeptPaths,
    LaterTexts,
    Prior,
    VaultError,
    generate,
    open_cache,
    open_page_cache,
    open_paths,
)
from .disk import SETTLED, ignored_line, write_tree, written_record
from .settings import Settings, SettingsError, resolve_today, settings_from_mapping
from .site.assets import PAGE_SCRIPTS, STYLESHEET
from .site.manual import manual_folder
from .site.page_cache import PageCache
from .site.pages import MARKDOWN_EXTENSIONS, TAGS_PAGE, navigation
from .site.plain_text import PlainText
from .site.policy import add_nonce_to_last_script, add_privacy_head, inline_script_hashes
from .site.render import Environments, PageTexts, TemplateFailed, builtin_templates
from .vault.cache import ParseCache
from .vault.load import collector_paused
from .vault.watch import ContactWatcher

if TYPE_CHECKING:  # `mkdocs build` never imports the live-reload server (a web server, 56 ms)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.kith")

_THIRD_PARTY = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//", re.IGNORECASE)
_THEME_SCRIPTS = "partials/javascripts/"


class KithPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """`plugins: [kith]` in mkdocs.yml: contact pages, relationship pages, privacy defaults."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}
        self.settings = Settings()
        self.today = dt.date.today()
        self.generated: Generated | None = None
        self.dirty = False
        self.serving = False
        self.nonce = ""  # allows the live-reload script of `mkdocs serve`, and nothing else
        self.theme_env: jinja2.Environment | None = None
        self.theme_scripts: tuple[str, ...] = ()
        self.hashes: dict[str, tuple[str, ...] | None] = {}
        self.script_reads: tuple[str, ...] | None = None  # the names the theme's scripts read
        self.script_memo: dict[tuple[Any, ...], tuple[str, ...]] = {}
        # The scripts' sources and what they read: a rebuild of `mkdocs serve` parses them again
        # only when one changed.
        self.reads_memo: tuple[tuple[str | None, ...], tuple[str, ...] | None] | None = None
        self.bytecode = MemoryBytecodeCache()
        self.listing = ThemeListing()
        self.cache: ParseCache | None = None
        self.pages: PageCache | None = None
        self.paths: KeptPaths | None = None
        self.environments = Environments()  # Kith's templates, while serving
        self.wrote: tuple[Path | None, Mapping[str, str | bytes]] = (None, {})  # for --dirty
        # While serving with --dirtyreload: where the last build that ran to its end wrote the
        # HTML (the site folder, the URL style), and the pages' files written since (`unbuilt`).
        self.unbuilt: tuple[tuple[str, bool], set[str]] | None = None
        self.watcher: ContactWatcher | None = None  # while serving: the contact files'
        self.template_watcher: ContactWatcher | None = None  # and the owner's templates'
        # While serving: the server, with the folder whose watch Kith's watcher speaks through
        # (`_tell_server`); the contacts and templates folders watched; the folders left to
        # MkDocs' own watcher.
        self.server: tuple[LiveReloadServer, str] | None = None
        self.watching: tuple[Path | None, Path | None] = (None, None)
        self.fallback_watch: set[Path] = set()
        self.prior: Prior | None = None  # the last build's records and report, while serving
        self.drawing: LaterTexts | None = None  # pages drawn in the background, in `build`
        # While serving with --dirtyreload: each entry of Material's search index with its
        # JSON, by the entry's id (`_take_over_search_index`).
        self.index_texts: dict[int, tuple[object, str]] = {}
        self.page_urls: frozenset[str] | None = None  # this build's pages, while serving
        self.unread = UnreadPages()  # what a dirty build does not read, for Material's tags
        self.built_urls: set[str] = set()  # the pages this build built, while serving
        # Each page's pictures while Python-Markdown converts the rest (`on_page_markdown`).
        self.pictures: dict[str, list[str]] = {}

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Validate the `kith` section with the same code the CLI uses."""
        self.options = dict(options)
        base = Path(config_file_path).parent if config_file_path else Path.cwd()
        try:
            self.settings = settings_from_mapping(self.options, base.resolve())
        except SettingsError as exc:
            return [("kith", exc)], []
        return [], []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        if command == "gh-deploy":
            raise PluginError(
                "kith: refusing `mkdocs gh-deploy`: GitHub Pages shows the site to anyone who has "
                "its address. Build with `mkdocs build` and copy site/ to a server that asks for "
                "a login (the manual's Hosting and checks page: Hosting it privately)."
            )
        # Having this hook makes MkDocs keep one plugin object for all the rebuilds of
        # `mkdocs serve`, so parsed contacts and compiled templates outlive a rebuild.
        self.dirty = dirty
        self.serving = command == "serve"
        self.nonce = secrets.token_urlsafe(18) if self.serving else ""

    # Before Material's search plugin writes its index (priority 0): see
    # `_take_over_search_index`.
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()  # what the next rebuild of `mkdocs serve` drops can be collected again
        if self.watcher is not None:
            self.watcher.resume()
        self._finish_drawing(complete=True)
        if self.serving:
            if self.dirty:
                built = frozenset(self.built_urls)
                _take_over_search_index(config, self.index_texts, self.page_urls, built)
                # Every page written so far has its HTML now.
                self.unbuilt = ((config.site_dir, config.use_directory_urls), set())
            # The first build wrote both caches; rebuilds keep them in memory, and writing the
            # rendered pages again after each edit cost about 0.4 s at 10,000 contacts. They are
            # written when the server stops.
            for cache in (self.cache, self.pages):
                if cache is not None:
                    cache.deferred = True

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        # What it read is not in the site: the next build reads again what it needs.
        self.unread = UnreadPages()
        if self.watcher is not None:
            self.watcher.resume()
        self._finish_drawing(complete=False)

    def _finish_drawing(self, complete: bool = False) -> None:
        """Wait for the pages drawn in the background and the page cache they save, or stop
        drawing them (`LaterTexts.finish`)."""
        drawing, self.drawing = self.drawing, None
        if drawing is not None:
            drawing.finish(complete)

    def on_shutdown(self) -> None:
        for watcher in (self.watcher, self.template_watcher):
            if watcher is not None:
                watcher.stop()
        self.watcher = self.template_watcher = None
        self.server, self.watching, self.fallback_watch = None, (None, None), set()
        self._finish_drawing()
        for cache in (self.cache, self.pages):
            if cache is not None:
                cache.flush()
        # The object outlives this command inside one Python process (tests build many sites).
        self.dirty = self.serving = False
        self.nonce = ""
        self.cache = self.pages = self.paths = None
        self.environments = Environments()
        self.bytecode = MemoryBytecodeCache()
        self.listing = ThemeListing()
        self.wrote = (None, {})
        self.unbuilt = None
        self.reads_memo = None
        self.prior = None
        self.index_texts = {}
        self.page_urls = None

    # Before every other plugin's `on_config` (Material's search plugin makes environments of
    # the theme in its own).
    @event_priority(100)
    def _compiled_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        """While serving, give every environment made of the theme this build the compiled
        templates of the last (`MemoryBytecodeCache`; Jinja checks each against its source),
        and the list of the theme's files the last build made, when its folders are unchanged
        (`ThemeListing`).

        MkDocs makes a new environment of the theme for every rebuild and compiles the theme's
        templates again (a third of a second for Material); Material's search plugin makes
        three more in its `on_config`, each compiling the theme's language templates (45 ms
        of every rebuild, whatever the vault's size).
        """
        if self.serving:
            theme, bytecode, listing = config.theme, self.bytecode, self.listing
            make = theme.get_env

            def get_env() -> jinja2.Environment:
                env = make()
                env.bytecode_cache = bytecode
                loader = env.loader
                if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own, read as it lists
                    loader.list_templates = functools.partial(  # type: ignore[method-assign]
                        listing.names, loader, loader.list_templates
                    )
                    env.list_templates = functools.partial(  # type: ignore[method-assign]
                        listing.filtered, loader, env.list_templates
                    )
                return env

            theme.get_env = get_env  # type: ignore[method-assign]
        return config

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = dataclasses.replace(self.settings, site_name=config.site_name)
        try:
            self.today = resolve_today(None, self.settings, os.environ, dt.date.today())
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        log.info("kith: building for %s", self.today.isoformat())
        keep_to_the_site(config)
        add_extensions(config)
        config.extra_css.append(STYLESHEET)
        config.extra_javascript.extend(PAGE_SCRIPTS)
        self.hashes = {}
        return config

    on_config = CombinedEvent(_compiled_theme, _configure)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        _index_pictures_unread(config)
        self.pictures = {}  # a build that failed may have left some
        self.built_urls = set()
        self._watch_folders(config)  # `people` or `templates` may have changed since
        if self.watcher is not None:
            self.watcher.pause()  # until the build ends: it reads the contacts anyway
        # Before MkDocs cleans site/: a vault with errors leaves the last good site in place.
        cache = open_cache(self.settings)  # lazy: reads nothing until a lookup
        if self.cache is None or self.cache.path != cache.path:
            self.cache = cache
        pages = open_page_cache(self.settings)  # lazy too; kept in memory while serving
        if self.pages is None or self.pages.path != pages.path:
            self.pages = pages
        # A rebuild finds most pages drawn from the very values of the last one: it need not
        # make their keys again (0.5 s of each rebuild at 10,000 contacts).
        self.pages.remember = self.serving
        paths = open_paths(self.settings)  # reads nothing until the pipeline asks
        if self.paths is None or self.paths.path != paths.path:
            self.paths = paths
        # What the pipeline keeps for the rest of the build lives until its end: leave it out
        # of the collector's walks, which would visit it again and again as MkDocs builds pages.
        # Frozen before the collector runs again: enabled first, it would walk every object the
        # pipeline made at once (0.2 s at 10,000 contacts).
        with collector_paused():
            self._finish_drawing()  # a build that stopped before its end left one
            try:
                self.generated = generate(
                    self.settings,
                    self.today,
                    cache=self.cache,
                    environments=self.environments,
                    docs=Path(config.docs_dir),
                    pages=self.pages,
                    prior=self.prior,
                    paths=self.paths,
                    # `mkdocs build` converts the pages while a worker draws them: their texts
                    # are read in the order they are drawn. `--dirty` needs them all at once
                    # (written as files), and `mkdocs serve` keeps the page cache in memory.
                    # An owner's templates may fail on some contact's values: drawn here, before
                    # MkDocs empties site/, a failure leaves the last good site in place.
                    background=not (
                        self.serving or self.dirty or self.settings.templates is not None
                    ),
                )
            except VaultError as exc:
                raise PluginError(str(exc)) from None
            gc.freeze()
        # Only the texts: the vault and the report need not live while MkDocs builds the pages.
        texts = self.generated.texts
        self.drawing = texts if isinstance(texts, LaterTexts) else None
        # The next rebuild of `mkdocs serve` reuses what this one made of unchanged records.
        self.prior = self.generated.prior if self.serving else None
        for problem in self.generated.loaded.warnings:
            log.warning("kith: %s", problem)
        if self.generated.history_note:
            log.info("kith: pages without git history: %s", self.generated.history_note)
        if self.generated.history_dates:
            log.info("kith: git history: %s", self.generated.history_dates)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated = self.generated
        if generated is None:
            raise PluginError("kith: on_files ran before on_pre_build")
        _drop_people_files(files, config, self.settings.people, self.settings.cache_dir)
        sitemap = files.get_file_from_path("sitemap.xml")
        if sitemap is not None and sitemap.src_dir in config.theme.dirs:
            files.remove(sitemap)  # the theme's template, copied raw once it is no template
        texts, plain = generated.texts, generated.files

        def text_of(path: str) -> str:  # waits for a page still being drawn in the background
            try:
                return texts[path] if path in texts else plain[path]
            except TemplateFailed as exc:  # MkDocs names the page and stops the build
                raise PluginError(str(exc.problem(self.settings.root))) from None

        folder, unbuilt = None, None
        if self.dirty:
            # As held: a page the cache keeps is written as the UTF-8 it keeps, not decoded.
            held = texts.held() if isinstance(texts, PageTexts) else dict(texts)
            folder, written = self._write_pages({**held, **plain}, generated.digests)
            unbuilt = self._unbuilt(config, written)
        for page in generated.site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, config, page.path, text_of, inclusion, folder, unbuilt)
        for path in [*(page.path for page in generated.site.help), *plain]:
            self._add(files, config, path, text_of, InclusionLevel.INCLUDED, folder, unbuilt)
        if config.nav is None:
            own = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = navigation(generated.site) + own
        # The pages are MkDocs' files now: the vault, the report and the pages' contexts need
        # not live while MkDocs builds the pages (56 MB less at the peak of a 10,000-contact
        # build). `mkdocs build` has saved both caches; `mkdocs serve` keeps them in memory
        # for its next rebuild.
        self.generated = None
        if not self.serving:
            self.cache = self.pages = None
        return files

    def _write_pages(
        self, texts: dict[str, str | bytes], digests: Mapping[str, bytes]
    ) -> tuple[Path, tuple[str, ...]]:
        """Keep the pages as files whose modification time changes only with their content;
        return the folder and the pages written (the others held their text already).

        `--dirty` rebuilds a page when its source is newer than its HTML, and treats pages held
        in memory as always new; pages backed by these files let it skip every page that did
        not change.
        """
        folder = self.settings.cache_dir / "pages"
        # While serving, this object wrote the folder last: a page whose text is the one it
        # wrote is not read back (10,000 files, about 0.4 s of each rebuild at that size).
        wrote = self.wrote if self.wrote[0] == folder else (folder, {})
        # Each `mkdocs build --dirty` is a new process: it knows the files by their record.
        record = written_record(self.settings.cache_dir, folder)
        done = write_tree(folder, texts, wrote[1], record=record, digests=digests)
        for line in done.ignored:
            log.warning("kith: %s", ignored_line(folder, line))
        self.wrote = (folder, texts)
        return folder, done.written

    def _unbuilt(self, config: MkDocsConfig, written: tuple[str, ...]) -> set[str] | None:
        """While serving, after a build that ran to its end: the pages whose HTML is older than
        their file (those written since), which are all MkDocs' `--dirty` rebuilds. None when
        not known: the first build, or the HTML now goes elsewhere (MkDocs asks `stat`).

        Only this process writes the pages' files and the server's own site folder, so the
        answer is `stat`'s without 20,000 calls (0.2 s of each rebuild at 10,000 contacts).
        A build that fails keeps what it wrote unbuilt, for the next one to build.
        """
        if self.unbuilt is None or not self.serving:
            return None
        where, unbuilt = self.unbuilt
        if where != (config.site_dir, config.use_directory_urls):
            self.unbuilt = None
            return None
        unbuilt.update(written)
        return unbuilt

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        path: str,
        text_of: Callable[[str], str],
        level: InclusionLevel,
        folder: Path | None,
        unbuilt: set[str] | None = None,
    ) -> None:
        existing = files.src_uris.get(path)  # the page's path is a URI already
        if existing is not None and existing.generated_by is None:
            log.info("kith: %s in docs/ replaces the generated page of the same name", path)
            return
        if existing is not None:
            files.remove(existing)
        if folder is None:
            file = LaterFile.generated(config, path, content="", inclusion=level)
            assert isinstance(file, LaterFile)
            file.later = functools.partial(text_of, path)
            files.append(file)
        else:
            source = str(folder / path)
            page = PageFile.generated(config, path, abs_src_path=source, inclusion=level)
            assert isinstance(page, PageFile)
            if unbuilt is not None:
                page.modified = path in unbuilt
            files.append(page)

    def _watch_folders(self, config: MkDocsConfig) -> None:
        """Watch the contact files and the owner's templates while serving; again when
        `people` or `templates` changed in mkdocs.yml since (the old folder is let go)."""
        if self.server is None:
            return
        server, watched = self.server
        people, templates = self.settings.people, self.settings.templates
        before_people, before_templates = self.watching
        if (people, templates) == (before_people, before_templates):
            return
        self.watching = (people, templates)
        # Kith's watchers (vault/watch.py) tell MkDocs' server of a change as if the server's
        # own watcher of `watched` had seen one; MkDocs' watcher where that cannot be done (a
        # server of another make).
        tell = _tell_server(server, watched)
        if templates != before_templates:
            if self.template_watcher is not None:
                self.template_watcher.stop()
                self.template_watcher = None
            elif before_templates is not None and before_templates in self.fallback_watch:
                server.unwatch(str(before_templates))
                self.fallback_watch.discard(before_templates)
            if templates is not None and tell is not None:
                # MkDocs' watcher of a folder stops for good when the folder is removed; this
                # one sees it go (the build then says so) and come back.
                self.template_watcher = ContactWatcher(templates, tell, every_file=True)
                self.template_watcher.start()
            elif templates is not None:
                server.watch(str(templates))
                self.fallback_watch.add(templates)
        if people == before_people:
            return
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        elif before_people is not None and before_people in self.fallback_watch:
            server.unwatch(str(before_people))
            self.fallback_watch.discard(before_people)
        if not people.exists() and people.parent.is_dir():
            # A vault with no contacts yet may have no folder (git keeps no empty one); the
            # watcher needs it, to show the first contact the moment it is written.
            people.mkdir()
            log.info("kith: made the empty folder %s for your contacts", people)
        if people.resolve().is_relative_to(Path(config.docs_dir).resolve()):
            return  # MkDocs watches docs_dir, and the contacts with it
        if tell is None:
            server.watch(str(people))
            self.fallback_watch.add(people)
            return
        self.watcher = ContactWatcher(people, tell)
        self.watcher.start()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        templates = str(builtin_templates())
        server.watch(templates)
        self.server = (server, templates)
        self._watch_folders(config)
        if self.settings.help:
            server.watch(str(manual_folder()))
        self._allow_live_reload(server, builder)
        return server

    def _allow_live_reload(self, server: LiveReloadServer, builder: Any) -> None:
        """Give the live-reload script MkDocs injects the nonce the content policy allows."""
        inject = getattr(server, "_inject_js_into_html", None)
        if inject is None:
            log.warning("kith: this MkDocs injects live reload unknown ways; the policy blocks it")
            return
        if not self.nonce:  # `mkdocs serve --clean` built the first pages as for `build`
            self.nonce = secrets.token_urlsafe(18)
            builder()
        nonce = self.nonce

        def inject_with_nonce(content: bytes, epoch: int) -> bytes:
            return add_nonce_to_last_script(inject(content, epoch), nonce)

        server._inject_js_into_html = inject_with_nonce  # type: ignore[method-assign]

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        _order_listings(config)  # before any page is read
        if self.dirty:
            self.unread.before_reading(files, config, self.serving)
        return nav

    # Before Material's tags plugin lists the tags (priority 100): see `UnreadPages`.
    @event_priority(110)
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.dirty:
            self.unread.after_reading(files, config, self.serving)
        self.theme_env = env  # compiled once while serving: `_compiled_theme`
        if self.serving and self.dirty:  # the pages the search index may name (no others)
            self.page_urls = frozenset(  # drafts too: `mkdocs serve` builds them
                file.page.url
                for file in files.documentation_pages(inclusion=lambda _: True)
                if file.page is not None
            )
        self.theme_scripts = _theme_scripts(env)
        self.script_reads = self._reads(env)
        self.script_memo = {}
        return env

    def _reads(self, env: jinja2.Environment) -> tuple[str, ...] | None:
        """Return what the theme's scripts read, parsed again only when their text changes."""
        try:
            sources = tuple(_source(env, name) for name in self.theme_scripts)
        except jinja2.TemplateError:
            return None
        if self.reads_memo is None or self.reads_memo[0] != sources:
            self.reads_memo = (sources, _names_read(env, sources))
        return self.reads_memo[1]

    # Last, after every other plugin has read and changed the page's Markdown.
    @event_priority(-100)
    def on_page_markdown(
        self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand Python-Markdown the page with each of Kith's pictures an empty block of the
        same kind; `on_page_content` puts them back.

        A picture is a raw HTML block, which Python-Markdown parses tag by tag to find its end
        and then gives back as it was: the pictures' shapes and labels were a third of the time
        it took to convert a contact page (3.4 s for 1,000 pages, 2.4 s without them).
        """
        if not isinstance(page.file, LaterFile | PageFile):
            return markdown  # an owner's page may show a picture's HTML in a code block
        light, pictures = _pictures_aside(markdown)
        if pictures:
            self.pictures[page.file.src_uri] = pictures
        return light

    # First, before any other plugin reads the page's HTML.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if self.dirty:
            self.unread.read(page)
        pictures = self.pictures.pop(page.file.src_uri, None)
        if not pictures:
            return html
        restored = _pictures_back(html, pictures)
        if restored is None:  # never seen; a picture lost would be damage, so stop
            raise PluginError(
                f"kith: {page.file.src_uri}: Markdown changed a picture's place holder; "
                "report this as a bug of Kith"
            )
        return restored

    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        self.hashes[page.file.src_uri] = self._script_hashes(context, config)
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        self.hashes[template_name] = self._script_hashes(context, config)
        return context

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if self.serving and self.dirty:
            self.built_urls.add(page.url)  # its old search entries go (`_search_index_json`)
        return add_privacy_head(output, self.hashes.pop(page.file.src_uri, ()), self.nonce)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return add_privacy_head(output_content, self.hashes.pop(template_name, ()), self.nonce)

    def _script_hashes(self, context: Any, config: MkDocsConfig) -> tuple[str, ...] | None:
        """Hash the theme's own inline scripts as this page renders them; None allows any."""
        # Other themes' scripts are unknown.
        if self.theme_env is None or not self.theme_scripts:
            return None
        values = {**context, "features": config.theme.get("features") or []}
        # The scripts are the same on most pages (they read the config, the features and the
        # way back to the site's root): render them once per different value of what they read.
        key = _memo_key(values, self.script_reads, config)
        found = self.script_memo.get(key) if key is not None else None
        if found is None:
            env = self.theme_env
            html = "".join(env.get_template(name).render(values) for name in self.theme_scripts)
            found = inline_script_hashes(html)
            if key is not None:
                self.script_memo[key] = found
        return found


def _theme_scripts(env: jinja2.Environment) -> tuple[str, ...]:
    """Return the names of the theme's script templates (`partials/javascripts/…`).

    MkDocs' theme loader is a FileSystemLoader: only the scripts' folder of each of its
    folders is listed (listing every template walks Material's thousands of icons, about
    30 ms of each build); any other loader is asked for everything.
    """
    loader = env.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        return tuple(sorted(n for n in env.list_templates() if n.startswith(_THEME_SCRIPTS)))
    found: set[str] = set()
    for base in loader.searchpath:
        top = os.path.join(base, *_THEME_SCRIPTS.split("/"))
        for folder, _, names in os.walk(top, followlinks=loader.followlinks):
            for name in names:
                found.add(os.path.relpath(os.path.join(folder, name), base).replace(os.sep, "/"))
    return tuple(sorted(found))


def _source(env: jinja2.Environment, name: str) -> str | None:
    return env.loader.get_source(env, name)[0] if env.loader is not None else None


def _names_read(env: jinja2.Environment, sources: tuple[str | None, ...]) -> tuple[str, ...] | None:
    """Return the context names the templates of these sources read (None when one cannot be
    read: a source missing, or a template that does not parse)."""
    from jinja2 import meta

    found: set[str] = set()
    try:
        for source in sources:
            if source is None:
                return None
            tree = env.parse(source)
            # A template that includes or extends another may read what that one reads, and a
            # call or a filter given the context may read any of it.
            if any(True for _ in meta.find_referenced_templates(tree)) or _reads_more(env, tree):
                return None
            found |= meta.find_undeclared_variables(tree)
    except jinja2.TemplateError:
        return None
    return tuple(sorted(found))


def _reads_more(env: jinja2.Environment, tree: jinja2.nodes.Template) -> bool:
    """Tell whether a template calls something or uses a filter or test that gets the context."""
    if any(True for _ in tree.find_all(jinja2.nodes.Call)):
        return True
    for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
        known = env.filters if isinstance(node, jinja2.nodes.Filter) else env.tests
        function = known.get(node.name)
        if function is None or getattr(function, "jinja_pass_arg", None) is not None:
            return True
    return False


def _memo_key(
    values: dict[str, Any], reads: tuple[str, ...] | None, config: MkDocsConfig
) -> tuple[Any, ...] | None:
    """Name what the theme's scripts read on this page; None when it cannot be named."""
    if reads is None:
        return None
    key: list[Any] = []
    for name in reads:
        value = values.get(name)
        if value is config:
            key.append((name, "the config", id(config)))  # one object for the whole build
        elif value is None or isinstance(value, str | int | float | bool):
            key.append((name, type(value).__name__, value))
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            key.append((name, "strings", tuple(value)))
        else:
            return None
    return tuple(key)


def keep_to_the_site(config: MkDocsConfig) -> None:
    """Turn off what would make the site talk to another host or tell crawlers about it."""
    if config.theme.name == "material" and config.theme.get("font") is not False:
        log.info("kith: theme.font set to false (web fonts are a third-party request)")
        config.theme["font"] = False
    # A sitemap lists every contact's address for crawlers: a private site has none.
    config.theme.static_templates.discard("sitemap.xml")
    if config.repo_url:
        log.info("kith: repo_url ignored (the repository widget asks a third party for stars)")
        config.repo_url = config.repo_name = None
    if config.extra.get("analytics"):
        log.info("kith: extra.analytics ignored (analytics send every visit to a third party)")
        del config.extra["analytics"]
    for key in ("extra_css", "extra_javascript"):
        outside = [item for item in config[key] if _THIRD_PARTY.match(str(item))]
        for item in outside:
            log.warning("kith: %s: %s left out: it loads from another site", key, item)
        config[key] = [item for item in config[key] if item not in outside]


def _take_over_search_index(
    config: MkDocsConfig,
    texts: dict[int, tuple[object, str]],
    pages: frozenset[str] | None,
    built: frozenset[str],
) -> None:
    """Write Material's search index under `--dirtyreload` with each page of the site in it
    once and no other, and each entry's JSON made once (`_search_index_json`), by taking over
    the index's `generate_search_index`, which Material's `on_post_build` calls next. `built`
    names the pages the rebuild built (their URLs).

    Any other search plugin, or a Material whose index has not the shape read here, is left
    alone.
    """
    index = _material_search_index(config)
    if index is not None:
        make = functools.partial(_search_index_json, index, texts, pages, built)
        index.generate_search_index = make


def _material_search_index(config: MkDocsConfig) -> Any | None:
    """Return the index Material's search plugin makes this build, None when there is none or
    it has not the shape Kith reads (another search plugin, another Material)."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if not (
        isinstance(getattr(index, "entries", None), list)
        and isinstance(getattr(index, "config", None), Mapping)
        and callable(getattr(index, "generate_search_index", None))
        and callable(getattr(index, "add_entry_from_context", None))
    ):
        return None
    return index


def _index_pictures_unread(config: MkDocsConfig) -> None:
    """Have Material's search read each page without the inside of Kith's pictures.

    Material's search parses every tag of a page's HTML, also inside the blocks it leaves out of
    the index (`data-search-exclude`), and Kith's pictures are such blocks: an SVG of dozens of
    shapes and labels on every contact page, half the tags Material parsed, a tenth of a whole
    1,000-contact build. Its parser is handed the page with each picture an empty block of the
    same kind, which it leaves out alike: the index is the same, byte for byte. The page keeps
    its pictures: its content is put back before Material's `on_page_context` goes on.
    """
    index = _material_search_index(config)
    if index is not None and not isinstance(index.add_entry_from_context, functools.partial):
        add = index.add_entry_from_context
        index.add_entry_from_context = functools.partial(_add_entry_without_pictures, add)


# A picture as Kith's pages show one (`picture` in templates/_intel.md.j2), and the empty block
# of the same kind Python-Markdown and Material's search are shown instead.
_PICTURE_OPEN = '<div class="kith-picture" data-search-exclude>\n<svg'
_PICTURE_CLOSE = "</svg>\n</div>"
_PICTURE_EMPTY = '<div class="kith-picture" data-search-exclude>\n</div>'


def _add_entry_without_pictures(add: Callable[[Any], None], page: Any) -> None:
    content = getattr(page, "content", None)
    light, pictures = _pictures_aside(content) if isinstance(content, str) else (content, [])
    if not pictures:
        add(page)
        return
    page.content = light
    try:
        add(page)
    finally:
        page.content = content


def _pictures_aside(text: str) -> tuple[str, list[str]]:
    """Return the Markdown or HTML with each of Kith's pictures an empty block of the same kind
    (`_PICTURE_EMPTY`), and the pictures in their order (one pass, no regex); nothing is taken
    from a text that holds such an empty block already."""
    if _PICTURE_OPEN not in text or _PICTURE_EMPTY in text:
        return text, []
    parts: list[str] = []
    pictures: list[str] = []
    start = 0
    while (found := text.find(_PICTURE_OPEN, start)) >= 0:
        end = text.find(_PICTURE_CLOSE, found)
        if end < 0:
            break
        parts += (text[start:found], _PICTURE_EMPTY)
        start = end + len(_PICTURE_CLOSE)
        pictures.append(text[found:start])
    parts.append(text[start:])
    return "".join(parts), pictures


def _pictures_back(html: str, pictures: list[str]) -> str | None:
    """Put the pictures back in their places; None when the places are not one per picture."""
    pieces = html.split(_PICTURE_EMPTY)
    if len(pieces) != len(pictures) + 1:
        return None
    out = [pieces[0]]
    for picture, piece in zip(pictures, pieces[1:], strict=True):
        out += (picture, piece)
    return "".join(out)


# The settings Material writes beside the entries, and how it writes them (`json.dumps`).
_INDEX_SETTINGS = ("lang", "separator", "pipeline", "fields")
_INDEX_JSON: dict[str, Any] = {"separators": (",", ":"), "default": str}


def _search_index_json(
    index: Any,
    texts: dict[int, tuple[object, str]],
    pages: frozenset[str] | None,
    built: frozenset[str],
    last: Any,
) -> str:
    """Material's `SearchIndex.generate_search_index(last)`, the same bytes, made faster.

    Material indexes only the pages a dirty rebuild rebuilt and merges them into its last index
    by dropping that index's entries of the first rebuilt page only: one edit often rebuilds
    several contact pages (a tie is shown on both people's pages), and the others' old entries
    stayed beside their new ones, every search finding them twice until the server restarted.
    Here the old entries of every rebuilt page go (`built`, and the pages of the new entries),
    also of a page that now gives none (an owner's template that leaves a page empty, or out
    of search), and those of pages the site no longer has (`pages`, their URLs, when known): a
    contact deleted, renamed or merged away while serving was found by every search until the
    server restarted, its link leading nowhere.

    Material then wrote the whole index with one `json.dumps`: 0.2 to 0.4 s of every rebuild
    at 10,000 contacts (21 MB), nearly all of it for entries the last index held already. Each
    entry's JSON is kept in `texts` by the entry's id with the entry itself (so the id names
    that entry while it is kept); an entry is a dict Material never changes once made. The
    JSON is the same as one `json.dumps` of the whole: a list's items joined by ",".
    """
    fresh = index.entries
    if last is not None and isinstance(getattr(last, "entries", None), list):
        rebuilt = built.union(map(_indexed_page, fresh))
        kept = [
            entry
            for entry in last.entries
            if (page := _indexed_page(entry)) not in rebuilt
            # an entry of no page is not Kith's to drop
            and (pages is None or page is None or page in pages)
        ]
        index.entries = kept + fresh
    settings = {key: index.config[key] for key in _INDEX_SETTINGS}
    head = json.dumps({"config": settings, "docs": []}, **_INDEX_JSON)
    assert head.endswith("[]}")
    made: dict[int, tuple[object, str]] = {}
    parts = []
    for entry in index.entries:
        known = texts.get(id(entry))
        if known is None or known[0] is not entry:
            known = (entry, json.dumps(entry, **_INDEX_JSON))
        made[id(entry)] = known
        parts.append(known[1])
    texts.clear()
    texts.update(made)
    if not parts:
        return head
    # One join makes the text: its 21 MB at 10,000 contacts are memory the process takes anew
    # each time, and a second copy (the entries' text put between its head and its end) made
    # the write twice as slow.
    parts[0] = head[:-2] + parts[0]
    parts[-1] += "]}"
    return ",".join(parts)


def _indexed_page(entry: object) -> str | None:
    """The page a search index entry belongs to: its location without the section's anchor."""
    location = entry.get("location") if isinstance(entry, dict) else None
    return location.split("#", 1)[0] if isinstance(location, str) else None


def add_extensions(config: MkDocsConfig) -> None:
    """Turn on the Markdown extensions Kith's pages are written for, if the config lacks one,
    and `PlainText`, which converts text without inline markup sooner (the same HTML)."""
    for name in MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions:
            log.info("kith: markdown_extensions: %s added (Kith's pages use it)", name)
            config.markdown_extensions.append(name)
    # MkDocs hands the list to Python-Markdown, which takes an extension's instance too.
    if not any(isinstance(extension, PlainText) for extension in config.markdown_extensions):
        config.markdown_extensions.append(PlainText())  # type: ignore[arg-type]


class LaterFile(File):
    """A generated page held in memory, whose text is asked for only when MkDocs reads it.

    `mkdocs build` reads the pages one by one, in the order Kith adds them, while a worker
    draws them in the same order: MkDocs converts the first pages while the worker draws the
    next (`build.generate(background=True)`). Like any page held in memory, it always counts
    as changed.
    """

    later: Callable[[], str] | None = None
    _text: str | bytes | None = None

    @property
    def _content(self) -> str | bytes | None:
        if self.later is not None:
            self._text, self.later = self.later(), None
        return self._text

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._text, self.later = value, None

    def is_modified(self) -> bool:
        return True


class PageFile(File):
    """A generated page backed by its file in `.cache/kith/pages/` (for `--dirty`).

    MkDocs asks each page twice per build whether its source is newer than its HTML (once to
    read it, once to build it), three `stat` calls each time: 0.15 s of every rebuild at
    10,000 pages. Nothing writes either file between the two questions, so the answer, MkDocs'
    own, is worked out once per build (each build makes its files anew), from one `stat` of
    each file. While serving, the plugin sets it without asking (`KithPlugin._unbuilt`).
    """

    modified: bool | None = None  # the answer, once known

    def is_modified(self) -> bool:
        if self.modified is None:
            self.modified = self._newer_than_html()
        return self.modified

    def _newer_than_html(self) -> bool:
        assert self.abs_src_path is not None
        try:
            built = os.stat(self.abs_dest_path)
        except OSError:
            return True  # no HTML yet (or no reading it): build it
        if not stat.S_ISREG(built.st_mode):
            return True
        return built.st_mtime < os.stat(self.abs_src_path).st_mtime


def _tell_server(server: Any, watched: str) -> Callable[[str], None] | None:
    """Return what tells MkDocs' server that a file changed, as its own watcher of the folder
    `watched` would (MkDocs' `watch` then rebuilds): an event queued by the watchdog emitter
    that polls that folder. None when the server has no such emitter."""
    from watchdog.events import FileModifiedEvent

    path = os.path.abspath(watched)
    for emitter in getattr(getattr(server, "observer", None), "emitters", ()):
        watch = getattr(emitter, "watch", None)
        if getattr(watch, "path", None) == path and hasattr(emitter, "queue_event"):
            return lambda changed: emitter.queue_event(FileModifiedEvent(changed))
    return None


def _drop_people_files(files: Files, config: MkDocsConfig, people: Path, cache: Path) -> None:
    """Keep raw contact files out of the site: people/ may sit inside docs_dir, and a link in
    docs_dir may lead into it (MkDocs follows links), or into Kith's cache, which holds the
    contacts parsed, private fields and all."""
    people, cache, docs = people.resolve(), cache.resolve(), Path(config.docs_dir).resolve()
    if people.is_relative_to(docs):
        log.info("kith: %s is inside docs_dir; its files are not copied into the site", people)
    linked = []
    for file in list(files):
        if not file.abs_src_path or file.src_dir != config.docs_dir:
            continue  # the theme's files, or a page a plugin made
        real = Path(os.path.realpath(file.abs_src_path))
        if real.is_relative_to(people) or real.is_relative_to(cache):
            files.remove(file)
            if not (docs / file.src_uri).is_relative_to(people):  # reached through a link
                linked.append(file.src_uri)
    if linked:
        log.warning(
            "kith: %d file(s) of docs_dir lead into %s or Kith's cache through a link (%s): "
            "not copied into the site",
            len(linked),
            people,
            ", ".join(linked[:3]) + (", …" if len(linked) > 3 else ""),
        )


class ThemeListing:
    """The names of the files in a theme's folders, listed again only when a folder changed.

    MkDocs lists every file of the theme on every build to find its static files
    (`Files.add_files_from_theme`): Material's folders hold 14,500 (most of them icons), 25 ms
    of every rebuild of `mkdocs serve`, whatever the vault's size, for a list that changes only
    when someone adds, removes or renames a file in the theme (`custom_dir` while serving).
    Any of those changes the modification time of the folder it happens in, which is checked
    before the list is reused; a folder changed within `SETTLED` of the listing is not trusted
    (a file system with a coarse clock might show the same time after another change).
    """

    def __init__(self) -> None:
        # By the loader's folders: every folder walked, its modification time, and the names.
        self.kept: dict[
            tuple[tuple[str, ...], bool], tuple[tuple[str, ...], tuple[int, ...], list[str]]
        ] = {}
        # The last names MkDocs' filter of the theme's files kept, and what decided them.
        self.static: tuple[tuple[Any, ...], list[str]] | None = None

    def filtered(
        self,
        loader: jinja2.FileSystemLoader,
        list_templates: Callable[..., list[str]],
        extensions: Any = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """Return `list_templates(extensions, filter_func)` (the environment's own): the
        names MkDocs' filter of the theme's static files (`Files.add_files_from_theme`) keeps
        are kept from the last build while the names and what the filter reads are the same.

        That filter tries up to a dozen patterns on each of Material's 14,500 names: 30 to
        45 ms of every rebuild of `mkdocs serve`. It reads only the name, MkDocs' list of
        Markdown extensions and the theme's `static_templates` (the settings it closes over);
        any other filter, or one MkDocs may make differently some day, is called as usual.
        """
        config = _static_files_config(filter_func) if extensions is None else None
        if config is None or filter_func is None:
            return list_templates(extensions, filter_func)
        names = tuple(loader.list_templates())
        static = frozenset(config.theme.static_templates)  # a set: its order is no setting
        key = (names, static, tuple(mkdocs_utils.markdown_extensions))
        if self.static is None or self.static[0] != key:
            self.static = (key, [name for name in names if filter_func(name)])  # as Jinja does
        return list(self.static[1])

    def names(self, loader: jinja2.FileSystemLoader, listing: Callable[[], list[str]]) -> list[str]:
        """Return `listing()` (the loader's own `list_templates`), or what it returned last
        time when no folder of the loader has changed since."""
        key = (tuple(os.fspath(path) for path in loader.searchpath), loader.followlinks)
        kept = self.kept.pop(key, None)
        if kept is not None and tuple(_modified(folder) for folder in kept[0]) == kept[1]:
            self.kept[key] = kept
            return list(kept[2])
        # The folders and their times before the listing: a change during it shows next time.
        folders = tuple(_folders(key[0], loader.followlinks))
        times = tuple(_modified(folder) for folder in folders)
        names = listing()
        if max(times, default=0) < time.time_ns() - SETTLED:
            self.kept[key] = (folders, times, list(names))
        return names


# The code of MkDocs' filter of the theme's static files: a function inside
# `Files.add_files_from_theme`, closed over the build's settings alone.
_STATIC_FILTERS = frozenset(
    code
    for code in Files.add_files_from_theme.__code__.co_consts
    if isinstance(code, types.CodeType) and code.co_name == "filter"
)


def _static_files_config(filter_func: object) -> MkDocsConfig | None:
    """Return the settings `filter_func` reads when it is MkDocs' filter of the theme's static
    files (`ThemeListing.filtered`); None for any other function."""
    code = getattr(filter_func, "__code__", None)
    closure = getattr(filter_func, "__closure__", None)
    if code not in _STATIC_FILTERS or code.co_freevars != ("config",) or not closure:
        return None
    config = closure[0].cell_contents
    return config if isinstance(config, MkDocsConfig) else None


def _folders(roots: tuple[str, ...], followlinks: bool) -> list[str]:
    """Return each of the folders and every folder inside them (`os.walk`, as Jinja lists)."""
    found = []
    for root in roots:
        found.append(root)  # even when it does not exist (yet)
        for path, _, _ in os.walk(root, followlinks=followlinks):
            if path != root:
                found.append(path)
    return found


def _modified(path: str) -> int:
    """Return a folder's modification time in nanoseconds, -1 when it cannot be read."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return -1


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each one against its source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class UnreadPages:
    """What a dirty build does not read, given to the pages it builds as a full build would.

    `mkdocs serve --dirtyreload` and `mkdocs build --dirty` read only the pages whose source
    changed. A page not read has no title, so the navigation of every page rebuilt named it
    "None"; and Material's tags plugin knows only the pages read, so a rebuilt page's tags lost
    their links to the Tags page (its listing was not read), and the Tags page, if rebuilt,
    listed only the pages read. So in a dirty build that rebuilds a page, each page not read is
    given the title and metadata it had when last read (its source has not changed since, or
    MkDocs would read it), and then one of two things happens:

    - If a page's tags or title may have changed, as a listing shows them (a page rebuilt that
      has or had tags, a tagged page gone, a listing page rebuilt), MkDocs reads every page
      that holds a listing again (`before_reading`), and the tags plugins are handed the tags
      of the pages not read, in the order a full build reads the pages (`after_reading`).
    - If not (an interaction logged, say), the listing pages are not rebuilt: their HTML is
      right. The tags plugins are given their listings without their pages (so the tags of a
      page rebuilt link to them), and do not write their export of every page's tags, whose
      file is right too. At 10,000 contacts the first way costs about 0.5 s (the tags made of
      each page's metadata are kept: `tagged`), this one nothing to speak of.

    While serving, this object saw every page when it was last read (`read`); a build that
    fails forgets it all (what it read is not in the site). A new process
    (`mkdocs build --dirty`) takes the first way, reading the sources of the pages MkDocs skips
    as MkDocs would (about 0.5 s at 10,000 contacts); without the tags plugin, it reads only
    the owner's pages (Kith's give the navigation their titles themselves).
    """

    def __init__(self) -> None:
        # By source path: each page's title and metadata when last read.
        self.known: dict[str, tuple[str | None, dict[str, Any]]] = {}
        self.listings: set[str] = set()  # the pages that held a tags listing when last read
        self.rebuilding = False  # this build rebuilds a page and leaves others unread
        self.plugins: list[Any] = []  # this build's tags plugins
        self.changed = False  # a listing may show other pages, tags or titles than last time
        # By a tags plugin's settings and source path: a page's metadata when the plugin last
        # took its tags, and the tags it made of them (making them anew: 0.4 s at 10,000).
        self.tagged: dict[tuple[str, str], tuple[dict[str, Any], set[Any]]] = {}

    def read(self, page: Any) -> None:
        """Remember a page MkDocs read and converted."""
        self.known[page.file.src_uri] = (page.title, page.meta)

    def before_reading(self, files: Files, config: MkDocsConfig, serving: bool) -> None:
        """Have MkDocs read every page that holds a tags listing, if a listing may change."""
        pages = _documentation_pages(files, serving)
        unread = [file for file in pages if not file.is_modified()]
        self.rebuilding = 0 < len(unread) < len(pages)
        self.plugins = _tags_plugins(config)
        marks = [_listing_mark(plugin) for plugin in self.plugins]
        self.changed = bool(self.plugins) and self.rebuilding
        self.changed = self.changed and self._listed_change(pages, unread, marks)
        if not self.changed:
            # The plugins will know only the pages read: their export of every page's tags
            # would lose the others. The file the last build wrote is right.
            for plugin in self.plugins if unread else ():
                plugin.config.export = False
            return
        for file in unread:
            listing = file.src_uri in self.listings
            if not listing and file.src_uri not in self.known:  # never read by this process
                try:
                    text = file.content_string
                except (OSError, ValueError):
                    continue  # MkDocs does not read it either: its HTML stays
                listing = any(mark.search(text) for mark in marks)
            if listing:
                _rebuild(file)

    def _listed_change(
        self, pages: list[File], unread: list[File], marks: list[re.Pattern[str]]
    ) -> bool:
        """Whether a listing may show other pages, tags or titles than it did last time."""
        if any(file.src_uri not in self.known for file in unread):
            return True  # a page this process never read (`mkdocs build --dirty`)
        names = {plugin.config.tags_name_property for plugin in self.plugins}
        present = {file.src_uri for file in pages}
        for path, (_, meta) in self.known.items():
            if path not in present and any(meta.get(name) for name in names):
                return True  # a tagged page gone
        for file in pages:
            if not file.is_modified():
                continue
            if file.src_uri in self.listings:
                return True
            try:
                text = file.content_string
            except (OSError, ValueError):
                return True
            if any(mark.search(text) for mark in marks):
                return True  # a page with a listing
            meta = get_data(text)[1]
            title, was = self.known.get(file.src_uri, (None, {}))
            if not any(meta.get(name) or was.get(name) for name in names):
                continue  # no tags before or after: in no listing
            if file.src_uri not in self.known or "title" not in meta or meta["title"] != title:
                return True  # a title only its conversion may tell is taken as changed
            if any(meta.get(name) != was.get(name) for name in names):
                return True
        return False

    def after_reading(self, files: Files, config: MkDocsConfig, serving: bool) -> None:
        """Give the pages MkDocs did not read their titles, and the tags plugins what they need
        of them (`before_reading`), in a full build's order."""
        pages = [file for file in _documentation_pages(files, serving) if file.page is not None]
        known = {
            file.src_uri: self.known[file.src_uri] for file in pages if file.src_uri in self.known
        }
        self.known = known  # the pages that have gone are forgotten
        plugins, self.plugins = self.plugins, []
        if self.rebuilding:
            self._give_unread(pages, plugins, files, config)
        if plugins:  # those the plugins found (`_listings_alone` gave some), and those not read
            kept = {file.src_uri for file in pages if not file.is_modified()} & self.listings
            self.listings = kept | {
                listing.page.file.src_uri for plugin in plugins for listing in plugin.listings
            }
        self._keep_tags(plugins, known)

    def _keep_tags(self, plugins: list[Any], known: Mapping[str, object]) -> None:
        """Keep the tags each plugin made of each page's metadata in this build."""
        tagged = {key: value for key, value in self.tagged.items() if key[1] in known}
        for plugin in plugins:
            settings = _settings_key(plugin)
            for mapping in plugin.mappings.data.values():
                page: Any = mapping.item  # a page of this site (links come from elsewhere)
                if isinstance(getattr(page, "file", None), File):
                    tagged[settings, page.file.src_uri] = (page.meta, mapping.tags)
        self.tagged = tagged

    def _give_unread(
        self, pages: list[File], plugins: list[Any], files: Files, config: MkDocsConfig
    ) -> None:
        """Give each page not read its title and metadata, and the tags plugins its tags or
        only the listings (`before_reading` chose which)."""
        known = self.known
        listed = [
            (plugin, _settings_key(plugin), plugin.config.tags_name_property)
            for plugin in (plugins if self.changed else ())
        ]
        for file in pages:
            if file.is_modified():
                continue  # read in this build
            page = file.page
            assert page is not None
            if file.src_uri in known:
                page.title, page.meta = known[file.src_uri]
            elif listed or file.generated_by is None:
                try:
                    page.read_source(config)
                except (OSError, ValueError):
                    continue
                self.read(page)
            else:
                continue
            for plugin, settings, name in listed:
                kept = self.tagged.get((settings, file.src_uri))
                if kept is not None and kept[0] is page.meta:  # the very metadata it took
                    plugin.mappings.data[page.url] = _mapping(page, kept[1])
                elif page.meta.get(name) and plugin.filter(file):
                    _add_tags(plugin, page, config)
        if plugins and not self.changed:
            _listings_alone(plugins, [files.src_uris.get(path) for path in self.listings], config)
            return
        urls = [file.page.url for file in pages if file.page is not None]
        for plugin in plugins:
            data = plugin.mappings.data
            plugin.mappings.data = {url: data[url] for url in urls if url in data} | data


def _listings_alone(plugins: list[Any], files: list[File | None], config: MkDocsConfig) -> None:
    """Give the tags plugins the listings of pages that are not rebuilt, their HTML being
    right: the tags of each page rebuilt link to them."""
    for file in files:
        if file is None or file.page is None or file.is_modified():
            continue  # gone, or rebuilt: read already
        page = file.page
        try:
            page.read_source(config)
        except (OSError, ValueError):
            continue
        page.content = ""  # what the plugins fill in is not built
        for plugin in plugins:
            if plugin.filter(file):
                plugin.listings.add(page, page.markdown)


class ListingsInOrder(set[Any]):
    """The listings of one of Material's tags plugins, iterated in an order fixed by the vault.

    The plugin links each tag of a page to the listing featuring it closest to the page (the
    longest path in common), and among equally close listings to the first its set of
    them gives: an order of their ids' hashes, which Python draws anew for each process
    (`PYTHONHASHSEED`). With a listing page of the owner's beside Kith's Tags page, the same
    vault linked a contact's tag to either, build after build. Here Kith's Tags page comes
    first, then every other listing by its id (the page's path and the listing's place in it):
    a listing of the owner's takes the tag links of the pages nearer to it than to the Tags
    page, and the others link their tags to the Tags page, as without a listing of the owner's.
    """

    def __iter__(self) -> Iterator[Any]:
        if len(self) < 2:  # Kith's Tags page alone, asked once for each tagged page
            return set.__iter__(self)
        return iter(sorted(set.__iter__(self), key=_listing_order))


def _listing_order(listing: Any) -> tuple[bool, str]:
    file = listing.page.file
    return (file.src_uri != TAGS_PAGE or file.generated_by is None, str(listing.id))


def _order_listings(config: MkDocsConfig) -> None:
    """Have each tags plugin of Material's keep its listings in a `ListingsInOrder` (the
    plugin makes them anew when the settings are loaded, before each build while serving)."""
    for plugin in _material_tags(config):
        listings = getattr(plugin, "listings", None)
        data = getattr(listings, "data", None)
        if type(data) is set:  # a Material that keeps them otherwise is left as it is
            listings.data = ListingsInOrder(data)  # type: ignore[union-attr]


def _settings_key(plugin: Any) -> str:
    """A tags plugin's settings, all of them but `export` (which `UnreadPages` sets), as text:
    the tags it makes of a page's metadata depend on some (`tags_allowed`, `tags_hierarchy`,
    the shadow tags'), which an edit of mkdocs.yml may change while serving."""
    return repr(sorted((name, value) for name, value in plugin.config.items() if name != "export"))


def _mapping(page: Any, tags: set[Any]) -> Any:
    """A tags plugin's record of a page and its tags, as its `mappings.add` makes it."""
    from material.plugins.tags.structure.mapping import (  # type: ignore[import-untyped]
        Mapping as TagsMapping,
    )

    return TagsMapping(page, tags=tags)


def _material_tags(config: MkDocsConfig) -> Iterator[Any]:
    """Yield each instance of Material's tags plugin in the settings, enabled or not."""
    for plugin in config.plugins.values():
        kind = type(plugin)
        if (kind.__module__, kind.__name__) == ("material.plugins.tags.plugin", "TagsPlugin"):
            yield plugin


def _tags_plugins(config: MkDocsConfig) -> list[Any]:
    """Return the enabled instances of Material's tags plugin whose insides Kith knows."""
    found = []
    for plugin in _material_tags(config):
        try:
            enabled = plugin.config.enabled
            known = isinstance(plugin.mappings.data, dict) and callable(plugin.mappings.add)
            known = known and callable(plugin.filter) and hasattr(plugin, "listings")
        except AttributeError:
            known = False
        if not known:
            log.warning("kith: this Material's tags plugin is new to Kith: --dirty may lose tags")
        elif enabled:
            found.append(plugin)
    return found


def _listing_mark(plugin: Any) -> re.Pattern[str]:
    """The comment by which a page asks this tags plugin for a listing (Material's pattern)."""
    return re.compile(rf"<!--\s*?{plugin.config.listings_directive}", re.I | re.M | re.S)


def _documentation_pages(files: Files, serving: bool) -> list[File]:
    """The pages MkDocs reads in this build, in the order it reads them."""
    inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
    return list(files.documentation_pages(inclusion=inclusion))


def _rebuild(file: File) -> None:
    """Have MkDocs read and build a page whose source did not change."""
    if isinstance(file, PageFile):
        file.modified = True
    else:
        setattr(file, "is_modified", lambda: True)  # noqa: B010 (the method, for this file)


def _add_tags(plugin: Any, page: Any, config: MkDocsConfig) -> None:
    """Hand a tags plugin a page's tags, as it takes them from a page it reads."""
    try:
        plugin.mappings.add(page, "")
    except Exception as exc:  # Material's own words, as its plugin gives them
        docs = os.path.relpath(config.docs_dir)
        path = os.path.relpath(page.file.abs_src_path, docs)
        raise PluginError(f"Error reading tags of page '{path}' in '{docs}':\n{exc}") from None
