"""`kith check` and `kith generate`: the vault as problems, and as Markdown pages."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ...analysis.phrases import plural
from ...build import generate, open_cache, open_page_cache, open_paths, template_error
from ...disk import ignored_line, write_tree, written_record
from ...model import Problem, Severity
from ...settings import read_mkdocs_yaml
from ...site.engines import zensical_path, zensical_project
from ...vault.load import collector_paused, load_vault
from ..common import empty_vault, refuse_owner_files
from ..session import Session, UserError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `check` and `generate`."""
    check = sub.add_parser(
        "check",
        parents=[common],
        help="report every problem in the vault",
        description="Load every contact and report every problem as path:line: message. "
        "Exits 1 on errors (and on warnings with --strict), 0 when clean.",
        epilog="example: kith check --strict",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github prints ::error/::warning annotations for pull requests",
    )
    check.add_argument("files", nargs="*", help="only report problems in these files")
    check.set_defaults(run=run_check)

    gen = sub.add_parser(
        "generate",
        parents=[common],
        help="write the site's Markdown pages to a folder",
        description="Write every generated page as Markdown into DIR, for any site engine. "
        "Only changed files are rewritten; pages of removed contacts are deleted.",
        epilog="example: kith generate --out build/kith --today 2026-11-25",
    )
    gen.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    gen.add_argument("--strict", action="store_true", help="treat warnings as errors")
    gen.add_argument(
        "--zensical",
        action="store_true",
        help="write a Zensical project: DIR/mkdocs.yml, DIR/overrides/ and the pages in DIR/docs/",
    )
    gen.set_defaults(run=run_generate)


def run_check(session: Session) -> int:
    """Print every problem; the exit code says whether the vault is usable."""
    from ...analysis.duplicates import duplicate_problems  # not for `kith generate`: 4 ms

    settings = session.settings
    wanted = _wanted(session.args.files, settings.root)
    cache = open_cache(settings)
    loaded = load_vault(settings.people, settings.root, cache)
    session.keep(loaded, cache)
    problems = loaded.problems
    with collector_paused():
        problems = (*problems, *duplicate_problems(loaded.vault, settings.default_region))
    if wanted is not None:
        problems = tuple(p for p in problems if p.path in wanted)
    for problem in problems:
        print(_format(problem, session.args.format), file=session.out)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    failed = errors > 0 or (session.args.strict and warnings > 0)
    if session.args.format == "text":
        people = len(loaded.vault.people)
        summary = ", ".join(
            (plural(people, "contact"), plural(errors, "error"), plural(warnings, "warning"))
        )
        print(f"kith: {summary}", file=session.err if failed else session.out)
        if not people and not problems:
            print(f"kith: {empty_vault(session)}", file=session.out)
    return 1 if failed else 0


def _wanted(files: list[str], root: Path) -> set[str] | None:
    """Return the paths problems name for the files given (None: every file); refuse a typo."""
    if not files:
        return None
    missing = [name for name in files if not Path(name).is_file()]
    if missing:
        raise UserError("; ".join(f"{name}: no such file" for name in missing))
    wanted = set()
    for name in files:
        path = Path(name).resolve()
        try:
            wanted.add(path.relative_to(root.resolve()).as_posix())
        except ValueError:
            wanted.add(Path(name).as_posix())
    return wanted


def _format(problem: Problem, style: str) -> str:
    if style != "github":
        return str(problem)
    # GitHub's workflow-command syntax: `::level key=value,key=value::message`.
    level = "error" if problem.severity is Severity.ERROR else "warning"
    where = f"file={_escape_property(problem.path)}"
    if problem.line:
        where += f",line={problem.line}"
    return f"::{level} {where}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def run_generate(session: Session) -> int:
    """Run the pipeline and write the pages; nothing is written when the vault has errors."""
    settings = session.settings
    cache, pages = open_cache(settings), open_page_cache(settings)
    # A first run's page cache is written by a child process while this one writes the pages.
    with contextlib.ExitStack() as waits:
        generated = generate(
            settings,
            session.today,
            session.args.strict,
            cache=cache,
            pages=pages,
            paths=open_paths(settings),
            waits=waits,
        )
        session.keep(generated, cache, pages)
        for problem in generated.loaded.warnings:
            print(problem, file=session.err)
        if generated.history_note:
            print(f"kith: pages without git history: {generated.history_note}", file=session.err)
        if generated.history_dates:
            print(f"kith: git history: {generated.history_dates}", file=session.err)
        from ...site.render import PageTexts, TemplateFailed  # here: it imports Jinja

        texts = generated.texts
        # A page the cache keeps is written as the UTF-8 it is held as (`PageTexts.data`).
        held = texts.data if isinstance(texts, PageTexts) else texts.__getitem__
        files: Mapping[str, str | bytes] = _Both(generated.files, texts, held)
        digests = generated.digests
        out = Path(session.args.out)

        # A kept page's text is read from the page cache only when it is wanted; one the cache
        # cannot give back after all is drawn again, and its template may fail then.
        try:
            if session.args.zensical:
                config = Path(session.args.config)
                mkdocs = read_mkdocs_yaml(config) if config.exists() else {}
                files = zensical_project(mkdocs, generated.site, files)
                digests = {zensical_path(path): digest for path, digest in digests.items()}
            refuse_owner_files(out, files, "--out")
            record = written_record(settings.cache_dir, out)
            result = write_tree(out, files, record=record, digests=digests)
        except TemplateFailed as exc:
            raise template_error(exc, settings.root) from None
        for line in result.ignored:
            print(f"kith: {ignored_line(out, line)}", file=session.err)
        print(
            f"kith: {len(files)} files in {session.args.out} ({len(result.written)} written, "
            f"{len(result.unchanged)} unchanged, {len(result.removed)} removed)",
            file=session.out,
        )
    if session.args.zensical:
        built = Path(session.args.out, "mkdocs.yml").as_posix()
        print(f"kith: build the site with: zensical build -f {built}", file=session.out)
    return 0


class _Both(Mapping[str, "str | bytes"]):
    """Two mappings read as one, the first's texts first. Not one dict: a page the page cache
    keeps is read from it only if its file has to be compared (`disk.write_tree`), and as the
    UTF-8 the file holds (`PageTexts.data`), never decoded to be encoded again."""

    def __init__(
        self,
        first: Mapping[str, str],
        second: Mapping[str, str],
        held: Callable[[str], str | bytes],
    ) -> None:
        self.first, self.second, self._data = first, second, held

    def __getitem__(self, path: str) -> str | bytes:
        return self.first[path] if path in self.first else self._data(path)

    def __contains__(self, path: object) -> bool:
        return path in self.first or path in self.second

    def __iter__(self) -> Iterator[str]:
        yield from self.first
        yield from (path for path in self.second if path not in self.first)

    def __len__(self) -> int:
        # The first holds a few texts, the second every page: count only what the first adds.
        return len(self.second) + sum(1 for path in self.first if path not in self.second)
