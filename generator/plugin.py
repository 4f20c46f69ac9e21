"""The MkDocs adapter: wires MkDocs events to the pipeline and keeps the site private."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .build import Generated, VaultError, generate, open_cache
from .output import write_tree
from .parsecache import ParseCache
from .render import builtin_templates, make_environment
from .settings import Settings, SettingsError, resolve_today, settings_from_mapping

log = logging.getLogger("mkdocs.plugins.kith")

PRIVACY_HEAD = (
    '<meta name="robots" content="noindex, nofollow">'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
    "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'\">"
)


class KithPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """`plugins: [kith]` in mkdocs.yml: contact pages, relationship pages, privacy defaults."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}
        self.settings = Settings()
        self.today = dt.date.today()
        self.generated: Generated | None = None
        self.dirty = False
        self.serving = False
        self.bytecode = MemoryBytecodeCache()
        self.cache: ParseCache | None = None
        self.env: tuple[Path | None, jinja2.Environment] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep one plugin object for all the rebuilds of
        # `mkdocs serve`, so parsed contacts and compiled templates outlive a rebuild.
        self.dirty = dirty
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        # The object outlives this command inside one Python process (tests build many sites).
        self.dirty = self.serving = False
        self.cache = self.env = None
        self.bytecode = MemoryBytecodeCache()

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.serving:
            # MkDocs makes a new theme environment for every rebuild and compiles the theme's
            # templates again (a third of a second for Material); keep them compiled.
            env.bytecode_cache = self.bytecode
        return env

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

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.today = resolve_today(None, self.settings, os.environ, dt.date.today())
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        log.info("kith: building for %s", self.today.isoformat())
        if config.theme.name == "material" and config.theme.get("font") is not False:
            log.info("kith: theme.font set to false (web fonts are a third-party request)")
            config.theme["font"] = False
        # A sitemap lists every contact's address for crawlers: a private site has none.
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Before MkDocs cleans site/: a vault with errors leaves the last good site in place.
        if self.cache is None or self.cache.path != open_cache(self.settings).path:
            self.cache = open_cache(self.settings)
        if self.env is None or self.env[0] != self.settings.templates:
            self.env = (self.settings.templates, make_environment(self.settings.templates))
        try:
            self.generated = generate(self.settings, self.today, cache=self.cache, env=self.env[1])
        except VaultError as exc:
            raise PluginError(str(exc)) from None
        for problem in self.generated.loaded.warnings:
            log.warning("kith: %s", problem)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated = self.generated
        if generated is None:
            raise PluginError("kith: on_files ran before on_pre_build")
        sitemap = files.get_file_from_path("sitemap.xml")
        if sitemap is not None and sitemap.src_dir in config.theme.dirs:
            files.remove(sitemap)  # the theme's template, copied raw once it is no template
        texts = {**generated.texts, **generated.site.files}
        folder = self._write_pages(texts) if self.dirty else None
        for page in generated.site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, config, page.path, texts[page.path], inclusion, folder)
        for path in generated.site.files:
            self._add(files, config, path, texts[path], InclusionLevel.INCLUDED, folder)
        if config.nav is None:
            own = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = [{p.title: p.path} for p in generated.site.pages if p.in_nav] + own
        return files

    def _write_pages(self, texts: dict[str, str]) -> Path:
        """Keep the pages as files whose modification time changes only with their content.

        `--dirty` rebuilds a page when its source is newer than its HTML, and treats pages held
        in memory as always new; pages backed by these files let it skip every page that did
        not change.
        """
        folder = self.settings.cache_dir / "pages"
        write_tree(folder, texts)
        return folder

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        path: str,
        text: str,
        level: InclusionLevel,
        folder: Path | None,
    ) -> None:
        existing = files.get_file_from_path(path)
        if existing is not None and existing.generated_by is None:
            log.info("kith: %s in docs/ replaces the generated page of the same name", path)
            return
        if existing is not None:
            files.remove(existing)
        if folder is None:
            files.append(File.generated(config, path, content=text, inclusion=level))
        else:
            source = str(folder / path)
            files.append(File.generated(config, path, abs_src_path=source, inclusion=level))

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.settings.people))
        server.watch(str(builtin_templates()))
        if self.settings.templates is not None:
            server.watch(str(self.settings.templates))
        return server

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return add_privacy_head(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return (
            add_privacy_head(output_content) if template_name.endswith(".html") else output_content
        )


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


def add_privacy_head(html: str) -> str:
    """Put `noindex` and a same-origin-only content policy first in <head>."""
    index = html.find("<head>")
    if index < 0:
        return html
    index += len("<head>")
    return html[:index] + PRIVACY_HEAD + html[index:]
