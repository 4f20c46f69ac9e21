"""Shared helpers: fixture projects on disk, the CLI in-process, real MkDocs builds."""

from __future__ import annotations

import io
import logging
import os
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import BrowserUnavailableError, Recorder, chromium, in_ci, serve
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
VAULTS = Path(__file__).resolve().parent / "vaults"
HELP = REPO / "generator" / "site" / "help"  # the manual, published as the site's Help pages

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

MKDOCS_YML = """\
site_name: Fixture
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - kith:
      today: {today}
markdown_extensions:
  - tables
"""


@dataclass
class Result:
    """What a CLI run returned and printed."""

    code: int
    out: str
    err: str


def run_kith(*args: str, cwd: Path | None = None) -> Result:
    """Run `kith ARGS` in-process (optionally from `cwd`) and capture its output."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(list(args), out=out, err=err)
    finally:
        os.chdir(old)
    return Result(code, out.getvalue(), err.getvalue())


def fenced_blocks(path: Path, language: str) -> list[str]:
    """Return the text of every ```language block of a Markdown file (README, a Help page)."""
    text = path.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under root; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def settle(*paths: Path) -> None:
    """Date each file's last change an hour back, as a file written long ago is.

    The parse cache trusts a file's stat only once the file is 2 s old (vault/cache.py): a
    test that counts which cache files a run rewrites settles the contacts first, or the run
    that first finds them settled rewrites every entry to keep their stats.
    """
    for path in paths:
        past = os.stat(path).st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(past, past))


def cache_files(folder: Path) -> dict[str, bytes]:
    """Return the files of a cache folder (disk.KeptEntries) by name: what it holds on disk."""
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def cache_entries(folder: Path) -> dict[Any, Any]:
    """Return every entry the files of a cache folder hold, as stored (not decoded)."""
    import marshal

    entries: dict[Any, Any] = {}
    for name, data in cache_files(folder).items():
        if name.endswith(".marshal"):
            entries.update(marshal.loads(data)[1])
    return entries


def cache_texts(folder: Path) -> dict[bytes, str]:
    """Return every text the files of the page cache hold (kept apart from their entries; a
    page's as the UTF-8 its file holds), as a string."""
    import marshal

    from generator.site.page_cache import as_str, split_file

    texts: dict[bytes, str] = {}
    for name, data in cache_files(folder).items():
        if name.endswith(".marshal"):
            kept = marshal.loads(split_file(data)[2])
            texts.update((key, as_str(text)) for key, text in kept.items())
    return texts


def make_project(
    root: Path,
    people: Mapping[str, str | bytes] | None = None,
    today: str = "2026-11-25",
    mkdocs_yml: str | None = None,
) -> Path:
    """Create a project folder: mkdocs.yml, docs/ and people/ with the given contact files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "people").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml or MKDOCS_YML.format(today=today))
    write_files(root / "people", people or {})
    return root


def with_kith_lines(text: str, lines: str) -> str:
    """Return an mkdocs.yml text with `lines` (settings of the kith plugin, each indented as
    its `today:` and ending in a newline) put before its `today:`, which every test config sets."""
    assert "      today:" in text, "the config sets no `today:` for the kith plugin"
    return text.replace("      today:", lines + "      today:", 1)


def add_kith_settings(config: Path, **settings: str) -> str:
    """Add settings to the kith plugin's in a project's mkdocs.yml, each a line before its
    `today:`; return the text the file held before."""
    before = config.read_text(encoding="utf-8")
    lines = "".join(f"      {name}: {value}\n" for name, value in settings.items())
    config.write_text(with_kith_lines(before, lines), encoding="utf-8")
    return before


def copy_vault(name: str, root: Path, today: str = "2026-11-25") -> Path:
    """Make a project whose people/ is a copy of tests/vaults/<name>/people."""
    source = VAULTS / name / "people"
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*.md")}
    return make_project(root, files, today=today)


def build_site(project: Path, strict: bool = True) -> Path:
    """Run a real `mkdocs build` of the project in-process and return its site folder."""
    config = load_config(str(project / "mkdocs.yml"), strict=strict)
    build(config)
    return Path(config.site_dir)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Factory: project(people={...}, today=...) -> a fresh project folder."""

    def factory(people: Mapping[str, str | bytes] | None = None, **kwargs: str) -> Path:
        return make_project(tmp_path / "project", people, **kwargs)

    return factory


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo vault built once with a real `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("demo") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site))
    build(config)
    return site


@pytest.fixture(autouse=True)
def _quiet_mkdocs_logging() -> None:
    logging.getLogger("mkdocs").setLevel(logging.INFO)


@pytest.fixture(autouse=True)
def _fresh_mkdocs_plugins() -> Iterator[None]:
    """Give each test's builds their own plugin objects.

    MkDocs keeps one object per plugin that has `on_startup` for the whole process (so that
    `mkdocs serve` reuses it across rebuilds), in a cache shared by every config it loads.
    Material's search plugin, once started with `dirty=True`, merges its last index into the
    next build's: a later test's site would index the pages of an earlier test's vault.
    """
    from mkdocs.config.defaults import MkDocsConfig

    yield
    MkDocsConfig.plugins.plugin_cache.clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium for the whole run; skips (fails under CI) when it cannot start."""
    try:
        with chromium() as started:
            yield started
    except BrowserUnavailableError as exc:
        if in_ci():
            pytest.fail(f"the browser tests must run in CI, but: {exc}")
        pytest.skip(f"browser tests skipped: {exc}")


PHONE = {"width": 390, "height": 844}  # a phone held upright (CSS pixels)


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[..., tuple[Any, Recorder]]]:
    """Factory: a fresh page in its own browser context, and the recorder watching it.

    `visit(390, 844)` sets the window; `phone=True` is a touch phone of 390 × 844;
    `scheme="dark"` is a reader whose system prefers dark colours.
    """
    contexts: list[Any] = []

    def open_page(
        width: int = 1280, height: int = 900, *, phone: bool = False, scheme: str = "light"
    ) -> tuple[Any, Recorder]:
        size = PHONE if phone else {"width": width, "height": height}
        context = browser.new_context(
            viewport=size, is_mobile=phone, has_touch=phone, color_scheme=scheme
        )
        contexts.append(context)
        recorder = Recorder()
        recorder.attach(context)
        # A second net under the recorder: nothing but 127.0.0.1 is ever fetched.
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1:")
                else route.abort()
            ),
        )
        return context.new_page(), recorder

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    """The demo site served over HTTP on 127.0.0.1."""
    with serve(demo_site) as url:
        yield url
