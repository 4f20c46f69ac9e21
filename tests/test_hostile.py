"""Crafted contact files (tests/vaults/hostile) run no code, leak nothing and stop nothing."""

from __future__ import annotations

import ast
import csv
import functools
import gc
import html
import importlib
import io
import json
import logging
import os
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import markdown
import pytest
import vobject
import yaml
from conftest import (
    REPO,
    VAULTS,
    build_site,
    copy_vault,
    make_project,
    run_kith,
    with_kith_lines,
)
from gitrepo import Repo
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mkdocs.exceptions import Abort, PluginError

import generator
from generator.exchange.vcard_export import caret_decode
from generator.site.notes import notes_html, plain_markdown, whole_way
from generator.vault.load import load_vault, parse_person
from generator.vault.slugs import is_slug
from generator.vault.yaml_nodes import MAX_DEPTH, TooDeepError, compose_front

# Tags that run code, load something, send a form or move the page elsewhere.
DANGEROUS_TAGS = frozenset(
    [
        "script",
        "iframe",
        "frame",
        "object",
        "embed",
        "meta",
        "base",
        "link",
        "style",
        "form",
        "input",
        "math",
        "img",
    ]
)
URL_ATTRIBUTES = frozenset(("href", "src", "action", "formaction", "data", "srcdoc"))


class _Audit(HTMLParser):
    """Collect everything in an HTML fragment that could run, load or navigate."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            plain = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and plain.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value}>")


def dangers(fragment: str) -> list[str]:
    """Return what in the HTML fragment could run code, load a resource or navigate."""
    audit = _Audit()
    audit.feed(fragment)
    audit.close()
    return audit.found


def article(page: Path) -> str:
    """Return the part of a built page that its Markdown made (Material's <article>)."""
    html = page.read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(copy_vault("hostile", tmp_path_factory.mktemp("hostile")), strict=False)


def contact_slugs() -> list[str]:
    return sorted(p.stem for p in (VAULTS / "hostile" / "people").glob("*.md"))


@pytest.mark.parametrize("slug", contact_slugs())
def test_no_payload_of_the_hostile_vault_reaches_a_contact_page(
    hostile_site: Path, slug: str
) -> None:
    page = hostile_site / "people" / slug / "index.html"
    assert dangers(article(page)) == []


def test_no_payload_of_the_hostile_vault_reaches_the_search_index(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    found = {doc["location"]: dangers(doc["title"] + doc["text"]) for doc in index["docs"]}
    assert {where: bad for where, bad in found.items() if bad} == {}
    notes = [d["text"] for d in index["docs"] if d["location"] == "people/trudy/#notes"]
    assert "alert('tilde-info-space')" in notes[0]  # indexed, as text


def test_payloads_in_the_notes_show_as_text(hostile_site: Path) -> None:
    html = article(hostile_site / "people" / "trudy" / "index.html")
    for payload in ("after-escaped-tick", "two-line-span", "indented-fence", "ref-next-line"):
        assert f"alert('{payload}')" in html
    assert "&lt;meta http-equiv=" in html


def generated_pages(tmp_path: Path) -> dict[str, str]:
    project = copy_vault("hostile", tmp_path)
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    out = project / "out" / "people"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))}


ENGINES = {
    "python-markdown": lambda text: markdown.markdown(text, extensions=["tables"]),
    "python-markdown, fenced code": lambda text: markdown.markdown(
        text, extensions=["tables", "fenced_code", "attr_list", "md_in_html"]
    ),
    "commonmark": lambda text: MarkdownIt("commonmark").render(text),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_markdown_kith_generate_writes_is_safe_in_any_engine(
    tmp_path: Path, engine: str
) -> None:
    pages = generated_pages(tmp_path)
    assert "trudy.md" in pages
    found = {
        name: dangers(ENGINES[engine](text.split("---\n", 2)[2])) for name, text in pages.items()
    }
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_a_control_character_in_a_name_or_tag_leaves_the_page_its_front_matter(
    tmp_path: Path,
) -> None:
    # YAML refuses DEL and the C1 controls as they are: MkDocs then read no front matter and
    # rendered it as Markdown, the name's link and image included.
    name = "Eve \x80 [click](javascript:alert(1)) ![](https://evil.invalid/x.png)"
    contact = "---\nname: {}\ntags: [{}, {}]\n---\nNotes.\n".format(
        '"Eve \\x80 [click](javascript:alert(1)) ![](https://evil.invalid/x.png)"',
        '"a\\x7fb"',
        '"c\\u2028d"',
    )
    site = build_site(make_project(tmp_path, {"eve.md": contact}))
    page = site / "people" / "eve" / "index.html"
    assert dangers(article(page)) == []
    assert f"<title>{html.escape(name, quote=False)} - Fixture</title>" in page.read_text()
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert [d["title"] for d in index["docs"] if d["location"] == "people/eve/"] == [
        html.escape(name, quote=False)
    ]
    meta = yaml.safe_load(generated_front_matter(tmp_path / "eve.md", contact))
    assert meta == {"title": html.escape(name, quote=True), "tags": ["a\x7fb", "c\u2028d"]}


def generated_front_matter(root: Path, contact: str) -> str:
    """Return the front matter `kith generate` writes for one contact."""
    project = make_project(root, {"eve.md": contact})
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    return (project / "out" / "people" / "eve.md").read_text(encoding="utf-8").split("---\n")[1]


@pytest.mark.parametrize(
    ("work", "shown"),
    [
        ('role: "/// details"', "&#47;// details"),  # the rest of the page folded away
        ('company: "- Acme"', "&#45; Acme"),
        ('company: "1. Acme"', "1&#46; Acme"),
        ('role: "??? note"\ncompany: Acme', "&#63;?? note at Acme"),
    ],
)
def test_a_role_or_company_that_starts_a_line_opens_no_block(
    tmp_path: Path, work: str, shown: str
) -> None:
    contact = f"---\nname: Eve\n{work}\n---\n## Log\n- 2026-11-01: met\n"
    site = build_site(make_project(tmp_path, {"eve.md": contact}))
    html = article(site / "people" / "eve" / "index.html")
    # A paragraph, then the facts' table: no list, and no block folding the page away.
    assert f'<h1 id="eve">Eve</h1>\n<p>{shown}</p>\n<table>' in html


# --- 2. shell completion -----------------------------------------------------------------------

SHELL_CODE_NAMES = ("$(touch${IFS}PWNED)", "`touch${IFS}TICKED`")
HOSTILE_SLUGS = sorted(
    p.stem for p in (VAULTS / "hostile" / "people").glob("*.md") if is_slug(p.stem)
)


def kith_path() -> str:
    return f"{Path(sys.executable).parent}:/usr/bin:/bin"


def ran_nothing(root: Path) -> bool:
    """True when no file a crafted name would create exists (in the project or its parent)."""
    return not any(
        (folder / name).exists() for folder in (root, root.parent) for name in ("PWNED", "TICKED")
    )


def bash_complete(root: Path, line: str) -> list[str]:
    """Complete the last word of `line` as bash does on <Tab> (`complete -F _kith`)."""
    script = run_kith("completion", "bash", cwd=root).out
    words = line.split(" ")
    program = (
        f"{script}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); "
        f"COMP_CWORD={len(words) - 1}\n"
        '_kith; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", program], cwd=root, env={"PATH": kith_path()}, capture_output=True, text=True
    )
    return [row for row in done.stdout.splitlines() if row]


ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -U compinit; compinit -u -D; source ./_kith; print -r READY'
zpty -w -n z $'kith show \t\t'
sleep 2
zpty -w z $'\x03'
zpty -w z 'print -r DONE'
all=""
while zpty -r -t z line 2>/dev/null; do all+="$line"; [[ $all == *DONE*DONE* ]] && break; done
print -r -- "$all"
zpty -d z
"""


def zsh_listing(root: Path) -> str:
    """Press <Tab> twice after `kith show ` in a real interactive zsh; return what it shows."""
    (root / "_kith").write_text(run_kith("completion", "zsh", cwd=root).out)
    env = {"PATH": kith_path(), "HOME": str(root), "TERM": "dumb"}
    done = subprocess.run(
        ["zsh", "-f", "-c", ZSH_DRIVER],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.split("READY")[-1]


def fish_complete(root: Path, line: str) -> list[str]:
    (root / "kith.fish").write_text(run_kith("completion", "fish", cwd=root).out)
    done = subprocess.run(
        ["fish", "-c", f"source kith.fish; complete -C {shlex.quote(line)}"],
        cwd=root,
        env={"PATH": kith_path(), "HOME": str(root)},
        capture_output=True,
        text=True,
    )
    return [row.split("\t")[0] for row in done.stdout.splitlines()]


def test_the_vault_holds_file_names_that_are_shell_code() -> None:
    names = {p.stem for p in (VAULTS / "hostile" / "people").glob("*.md")}
    assert set(SHELL_CODE_NAMES) <= names


def test_bash_completion_runs_no_file_name_and_offers_only_slugs(tmp_path: Path) -> None:
    root = copy_vault("hostile", tmp_path / "project")
    assert bash_complete(root, "kith show ") == HOSTILE_SLUGS
    assert bash_complete(root, "kith tie mallory ") == HOSTILE_SLUGS
    assert bash_complete(root, "kith show $") == []
    assert bash_complete(root, "kith show `") == []
    assert ran_nothing(root)


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completion_runs_no_file_name_and_offers_only_slugs(tmp_path: Path) -> None:
    root = copy_vault("hostile", tmp_path / "project")
    listing = zsh_listing(root)
    assert re.search(r"\s+".join(HOSTILE_SLUGS), listing), listing
    assert "touch" not in listing
    assert ran_nothing(root)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion_runs_no_file_name_and_offers_only_slugs(tmp_path: Path) -> None:
    root = copy_vault("hostile", tmp_path / "project")
    assert fish_complete(root, "kith show ") == HOSTILE_SLUGS
    assert fish_complete(root, "kith show t") == ["trudy"]
    assert ran_nothing(root)


def test_the_slugs_for_completion_leave_out_names_that_are_not_slugs(tmp_path: Path) -> None:
    root = copy_vault("hostile", tmp_path / "project")
    assert run_kith("completion", "--slugs", cwd=root).out.split() == HOSTILE_SLUGS


# --- 3. an unclosed fence in the notes ---------------------------------------------------------

PRIVATE_CANARY = "private canary 7741"


def refused_project(root: Path, *names: str) -> Path:
    """A project whose people/ holds the named files of tests/vaults/hostile/refused."""
    source = VAULTS / "hostile" / "refused"
    return make_project(root, {name: (source / name).read_bytes() for name in names})


def test_an_unclosed_fence_hides_neither_the_log_nor_the_private_part(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "unclosed-fence.md")
    una = load_vault(project / "people").vault.by_slug["unclosed-fence"]
    assert PRIVATE_CANARY in una.private_notes
    assert PRIVATE_CANARY not in una.notes
    assert [entry.text for entry in una.log] == ["met at the fair"]


def test_an_unclosed_fence_is_an_error_with_its_line(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "unclosed-fence.md")
    for args in (["check"], ["check", "--strict"]):
        result = run_kith(*args, cwd=project)
        assert result.code == 1
        assert result.out.splitlines()[0] == (
            "people/unclosed-fence.md:6: code fence '~~~' is never closed; close it with a line "
            "of '~~~' before the next '## Log' or '## Private' heading"
        )


def test_private_text_after_an_unclosed_fence_reaches_no_export(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "unclosed-fence.md")
    result = run_kith("export", "vcard", "--out", "all.vcf", cwd=project)
    written = project / "all.vcf"
    assert PRIVATE_CANARY not in result.out + result.err
    assert not written.exists() or PRIVATE_CANARY not in written.read_text()
    with pytest.raises((Abort, PluginError)):
        build_site(project)


# --- 8. headings that look private -------------------------------------------------------------


def test_headings_that_only_look_private_are_reported(tmp_path: Path) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    result = run_kith("check", cwd=project)
    shown = [line for line in result.out.splitlines() if line.startswith("people/priscilla.md")]
    after = (
        "is published with the notes; only a '## Private' heading keeps what follows off the site"
    )
    assert shown == [
        f"people/priscilla.md:7: warning: heading '##Private' {after}",
        f"people/priscilla.md:10: warning: heading '##\xa0Private' {after}",
        f"people/priscilla.md:13: warning: heading 'Private / -------' {after}",
    ]
    priscilla = load_vault(project / "people").vault.by_slug["priscilla"]
    assert priscilla.private_notes == "Kept off the site."


# --- 4. linear time ----------------------------------------------------------------------------

REGEX_FLAGS = {name: getattr(re, name) for name in ("I", "M", "S", "X", "IGNORECASE", "MULTILINE")}
REGEX_FLAGS.update(DOTALL=re.S, VERBOSE=re.X)
ADVERSARIAL_UNITS = (
    *(" ", "\t", "a", "a ", "0", "#", "## a", "-", "- ", "*", "_", "`", "~", "[", "](", "("),
    *(")", ":", ",", ".", "@", "+", "=", "\\", "'", '"', "<", ">", "&#", "a-", "a.", "0-"),
    *("2026-01-01", "- 2026-01-01 ", "(a", "a,", "a@b.", "+1 ", "|", "{", "!["),
)
# What a line may start with before the repeated part: a heading, a log entry, a link, a field.
PREFIXES = ("", "## a", "- 2026-01-01", "2026-01-01 (call)", "[a]", "a:")
LINE = 20_000  # characters; a quadratic pattern is a thousand times slower than a linear one
RATIO = 200  # generous: linear patterns stay under 60 even on a busy machine


def every_regex() -> list[tuple[str, re.Pattern[str]]]:
    """Every regular expression of generator/: written as a literal (`re.compile("…")`,
    `re.sub("…", …)`) or compiled into a module's namespace (built with an f-string)."""
    found: dict[tuple[str, int], str] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pattern = _regex_call(node)
            if pattern is not None:
                flags = sum({REGEX_FLAGS[a.attr] for a in ast.walk(node) if _is_flag(a)})
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                found.setdefault((pattern, flags), where)
    for module in _generator_modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                key = (value.pattern, value.flags & ~re.UNICODE)
                found.setdefault(key, f"{module.__name__}.{name}")
    return [(where, re.compile(*key)) for key, where in found.items()]


def _generator_modules() -> list[ModuleType]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(generator.__path__, "generator.")
    ]


def _regex_call(node: ast.AST) -> str | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
        return None
    first = node.args[0] if node.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _is_flag(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in REGEX_FLAGS


def fastest(action: Callable[[], object], limit: float = 0.0) -> float:
    """The best of several timings of the action, in seconds (the least disturbed by others).

    With a limit, one timing within it is enough: a busy machine only makes code slower. A near
    miss (within ten times the limit) is timed again, up to ten times: on a loaded machine a
    search of a few microseconds can be pre-empted several times in a row, a slow pattern never
    gets faster. The garbage collector is paused so that no timing pays for other tests' objects.
    """
    times: list[float] = []
    paused = gc.isenabled()
    gc.disable()
    try:
        while len(times) < 3 or (limit and len(times) < 10 and min(times) < 10 * limit):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
            if times[-1] <= limit:
                break
    finally:
        if paused:
            gc.enable()
    return min(times)


def adversarial_lines(pattern: re.Pattern[str], length: int) -> Iterator[str]:
    """Lines that make a backtracking pattern try every split of a long run, and fail."""
    own = sorted({c for c in pattern.pattern if c.isprintable() and not c.isalnum()})
    for unit in (*ADVERSARIAL_UNITS, *own, *(f"{c} " for c in own)):
        for prefix in PREFIXES:
            for tail in ("\x00", "x!"):
                yield prefix + unit * (length // len(unit)) + tail


def test_every_regular_expression_runs_in_linear_time_on_adversarial_lines() -> None:
    patterns = every_regex()
    assert len(patterns) > 20
    slow = {}
    for where, pattern in patterns:
        # A short round first: a cubic pattern would take hours over the long lines.
        for length in (LINE // 10, LINE):
            plain = fastest(functools.partial(pattern.search, PLAIN[:length]))
            for line in adversarial_lines(pattern, length):
                over = times_over(pattern, line, plain, PLAIN[:length])
                if over:  # one slow line is enough to tell
                    slow[f"{where} {pattern.pattern!r} on {line[:30]!r}..."] = over
                    break
            if where in " ".join(slow):
                break
    assert slow == {}


PLAIN = ("lorem ipsum " * (LINE // 12 + 2))[:LINE]


def times_over(pattern: re.Pattern[str], line: str, plain: float, plain_text: str) -> int:
    """How many times over its limit a search of the line is (0: within it).

    The limit is RATIO times what reading the line once, or searching a plain line of the same
    length, takes. A miss is timed again, beside both of those measured anew, up to five
    times: a machine that slows down for a moment slows them all, and a pattern that
    backtracks misses every time (a quadratic one by hundreds of times).
    """
    limit = RATIO * max(plain, scan_time(line))
    taken = fastest(functools.partial(pattern.search, line), limit)
    for _ in range(5):
        if taken <= limit:
            return 0
        plain = fastest(functools.partial(pattern.search, plain_text))
        limit = RATIO * max(plain, read_once(line))
        taken = fastest(functools.partial(pattern.search, line), limit)
    return max(1, round(taken / limit)) if taken > limit else 0


@functools.cache
def scan_time(line: str) -> float:
    """`read_once`, measured once per line (the lines repeat for every pattern)."""
    return read_once(line)


def read_once(line: str) -> float:
    """The time it takes to read the line once: the least any search of it takes."""
    return fastest(lambda: re.search("\x01", line))


@pytest.mark.parametrize(
    "line",
    ["## a" + " " * LINE + "x", "- 2026-01-01" + " " * LINE + "x", "2026-01-01" + "\t" * LINE],
    ids=["heading", "log", "entry"],
)
def test_a_long_adversarial_line_is_read_in_linear_time(line: str) -> None:
    def load(text: str) -> None:
        data = f"---\nname: Ada\n---\n{text}\n\n## Log\n{text}\n## Private\n{text}\n".encode()
        assert parse_person(data, "ada", "people/ada.md", []) is not None

    ratio = fastest(lambda: load(line)) / fastest(lambda: load(PLAIN[: len(line)]))
    assert ratio < RATIO


@pytest.mark.parametrize("unit", ["`", "[", "[a](", "![", "*a_", "~", "<a", "[a]: <"], ids=repr)
def test_notes_render_in_linear_time(unit: str) -> None:
    # markdown-it spends far longer on these than on prose, but in proportion to the length;
    # Python-Markdown, which Kith used before, took 23 times as long for 4 times as many '['.
    def render(count: int) -> float:
        text = unit * count
        notes_html.cache_clear()
        return fastest(lambda: notes_html(text))

    short = 5_000 // len(unit)
    assert render(4 * short) / render(short) < 10


# --- 5. a commit dated in year 10000 -----------------------------------------------------------

YEAR_10000 = "@253402300800 +0000"  # 10000-01-01: a rebased pull request keeps its author date


def project_with_a_commit_from_year_10000(root: Path) -> Path:
    project = copy_vault("hostile", root)
    repo = Repo(project)
    repo.git("add", "-A")
    repo.git("commit", "--quiet", "-m", "hostile vault", date="2026-10-01")
    (project / "people" / "eve.md").write_text(
        (project / "people" / "eve.md").read_text().replace("strength: 1", "strength: 2")
    )
    env = {**repo.env("2026-11-01"), "GIT_AUTHOR_DATE": YEAR_10000}
    subprocess.run(["git", "commit", "-qam", "from the future"], cwd=project, env=env, check=True)
    return project


def test_a_commit_dated_in_year_10000_is_counted_at_the_end_of_time_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = project_with_a_commit_from_year_10000(tmp_path / "project")
    note = "a commit dated 10000-01-01 (beyond what Python can hold) counts as 9999-12-31"
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    assert f"kith: git history: {note}\n" in result.err
    assert "strength 1 → 2 on 9999-12-31" in (project / "out" / "people" / "eve.md").read_text()
    caplog.set_level(logging.INFO)
    site = build_site(project, strict=False)
    assert f"kith: git history: {note}" in caplog.messages
    assert (site / "people" / "eve" / "index.html").is_file()


# --- 6. front matter nested too deeply ---------------------------------------------------------

TOO_DEEP = "nested too deeply (more than 50 levels of lists and mappings)"


@pytest.mark.parametrize(
    "args", [["check"], ["show", "deep-nesting"], ["set", "deep-nesting", "strength", "2"]]
)
def test_front_matter_nested_600_deep_is_reported_with_its_file_and_line(
    tmp_path: Path, args: list[str]
) -> None:
    project = refused_project(tmp_path, "deep-nesting.md")
    result = run_kith(*args, cwd=project)
    assert result.code == 1
    assert f"people/deep-nesting.md:4: {TOO_DEEP}" in (result.out + result.err).splitlines()
    assert "Traceback" not in result.err


def test_an_alias_inside_itself_is_nested_too_deeply(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "alias-loop.md")
    result = run_kith("check", cwd=project)
    assert result.out.splitlines()[0] == f"people/alias-loop.md:3: {TOO_DEEP}"


def _height(node: yaml.Node, seen: dict[int, int]) -> int:
    """Lists and mappings inside each other, counted plainly (a scalar is 1 high)."""
    if id(node) not in seen:
        if isinstance(node, yaml.SequenceNode):
            inner = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            inner = [part for pair in node.value for part in pair]
        else:
            inner = []
        seen[id(node)] = 1 + max((_height(child, seen) for child in inner), default=0)
    return seen[id(node)]


TREES = st.recursive(
    st.just("x"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(tree=TREES, wrap=st.integers(min_value=35, max_value=55), shared=st.booleans())
@example(tree="x", wrap=49, shared=False)  # the document's mapping is the 51st level
@example(tree="x", wrap=48, shared=True)  # `b`'s list is the 50th, the mapping the 51st
@example(tree="x", wrap=49, shared=True)  # `b`'s list is the 51st
def test_the_depth_check_counts_as_a_plain_walk_does(tree: object, wrap: int, shared: bool) -> None:
    """Only lists and mappings are visited; the answer is a plain count of the same nodes."""
    body = "[" * wrap + json.dumps(tree) + "]" * wrap
    front = f"a: &x {body}\nb: [*x, *x]\n" if shared else f"a: {body}\n"
    root = yaml.compose(front, Loader=yaml.CSafeLoader)
    seen: dict[int, int] = {}
    deepest = _height(root, seen)
    try:
        compose_front(front)
    except TooDeepError as exc:
        assert deepest > MAX_DEPTH
        # The first node too deep: `a`'s value (line 0), else `b`'s list, one level deeper
        # (line 1), else the document's mapping (line 0).
        inner = [value for _, value in root.value]
        line = 1 if shared and _height(inner[0], seen) <= MAX_DEPTH < _height(inner[1], seen) else 0
        assert exc.problem_mark is not None and exc.problem_mark.line == line
    else:
        assert deepest <= MAX_DEPTH


@settings(max_examples=200, deadline=None)
@given(tree=TREES, wrap=st.integers(min_value=30, max_value=55), flow=st.booleans())
@example(tree="x", wrap=48, flow=False)  # 49 openers (48 `-` and `a:`): 50 high, not walked
@example(tree="x", wrap=49, flow=False)  # 50 openers: 51 high
def test_the_depth_check_holds_for_block_lists_too(tree: object, wrap: int, flow: bool) -> None:
    """A front matter with fewer openers than MAX_DEPTH is not walked: it never needs to be."""
    for _ in range(wrap):
        tree = [tree]
    front = yaml.safe_dump({"a": tree}, default_flow_style=flow)
    deepest = _height(yaml.compose(front, Loader=yaml.CSafeLoader), {})
    try:
        compose_front(front)
    except TooDeepError:
        assert deepest > MAX_DEPTH
    else:
        assert deepest <= MAX_DEPTH


def test_a_site_with_front_matter_nested_too_deeply_fails_with_the_reason(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "deep-nesting.md")
    with pytest.raises((Abort, PluginError)):
        build_site(project)


# --- 7. terminal escapes -----------------------------------------------------------------------

# Every C0 and C1 control character but newline and tab, and the bidirectional overrides.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["show", "oscar"],
        ["find", "Oscar"],
        ["targets"],
        ["agenda"],
        ["targets", "--json"],
        ["import", "vcard", str(VAULTS / "hostile" / "imports" / "escapes.vcf"), "--dry-run"],
    ],
    ids=" ".join,
)
def test_escape_sequences_in_a_contact_file_never_reach_the_terminal(
    tmp_path: Path, args: list[str]
) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    result = run_kith(*args, cwd=project)
    printed = result.out + result.err
    assert "oscar" in printed.lower() or "ivy" in printed.lower()
    assert CONTROL.findall(printed) == []


def test_kith_show_on_a_terminal_styles_its_output_but_shows_the_contacts_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes styles, as on a terminal
    project = copy_vault("hostile", tmp_path / "project")
    shown = run_kith("show", "oscar", cwd=project).out
    assert "\x1b[1m" in shown  # rich's own bold
    assert "\x1b]" not in shown and "\x07" not in shown
    assert "Oscar \u241b]52;c;cm0gLXJmIH4K" in shown
    assert "\u241b[2K\u241b[1Anobody" in shown


def test_json_holds_the_contacts_control_characters_as_escapes(tmp_path: Path) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    data = json.loads(run_kith("targets", "--json", cwd=project).out)
    names = [row["name"] for row in data["targets"]]
    assert "Oscar \x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;pwned\x07Escape \x1b[8mhidden\x1b[0m" in names


def test_the_build_log_shows_the_contacts_escapes_without_obeying_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build_site(copy_vault("hostile", tmp_path / "project"), strict=False)
    kith = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kith"]
    assert any("\u241b[2K\u241b[1Anobody" in message for message in kith)
    assert [m for m in kith if CONTROL.search(m)] == []


# --- 9. reserved slugs -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index.md", "README.md"])
def test_a_contact_file_that_would_replace_the_people_index_is_an_error(
    tmp_path: Path, name: str
) -> None:
    project = refused_project(tmp_path, name)
    slug = name[:-3]
    result = run_kith("check", cwd=project)
    assert (result.code, result.out.splitlines()[0]) == (
        1,
        f"people/{name}:1: '{slug}' cannot be a contact's slug: people/{name} would replace "
        "the People index page; give the file another name",
    )
    with pytest.raises((Abort, PluginError)):
        build_site(project)


def test_kith_new_refuses_a_slug_that_would_replace_the_people_index(tmp_path: Path) -> None:
    project = refused_project(tmp_path, "unclosed-fence.md")
    result = run_kith("new", "Index", cwd=project)
    assert result.code == 1
    assert "'index' cannot be a contact's slug" in result.err
    assert not (project / "people" / "index.md").exists()


# --- 10. exports -------------------------------------------------------------------------------

FORMULA = ("=", "+", "-", "@")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_no_csv_cell_reads_as_a_formula_whatever_the_spreadsheet_splits_on(
    tmp_path: Path, delimiter: str
) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    result = run_kith("export", "csv", cwd=project)
    assert result.code == 0, result.err
    cells = [
        cell for row in csv.reader(io.StringIO(result.out), delimiter=delimiter) for cell in row
    ]
    assert [cell for cell in cells if cell.lstrip().startswith(FORMULA)] == []
    assert "x;'=cmd|' /C calc'!A0" in result.out


def test_the_vcard_export_of_quotes_and_lone_carriage_returns_parses_back(tmp_path: Path) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    result = run_kith("export", "vcard", cwd=project)
    assert result.code == 0, result.err
    cards = {card.fn.value: card for card in vobject.readComponents(result.out)}
    xena = cards["Xena Export"]
    [related] = xena.contents["related"]
    assert caret_decode(related.params["X-KITH-SLUG"][0]) == 'eve"quoted'
    assert caret_decode(related.params["X-KITH-HOW"][0]) == "met\nat the fair"
    [field] = xena.contents["x-kith-field"]
    assert caret_decode(field.params["X-NAME"][0]) == "odd\nfield"


# --- 11. links out of people/ ------------------------------------------------------------------

OUTSIDE = VAULTS / "hostile" / "outside"


def linked_project(root: Path) -> tuple[Path, Path]:
    """The hostile vault, with people/otto.md and people/linked/ leading to a folder outside."""
    project = copy_vault("hostile", root / "project")
    outside = root / "outside"
    shutil.copytree(OUTSIDE, outside)
    (project / "people" / "otto.md").symlink_to(outside / "otto.md")
    (project / "people" / "linked").symlink_to(outside, target_is_directory=True)
    return project, outside


def test_a_link_out_of_people_is_not_read_but_reported(tmp_path: Path) -> None:
    project, outside = linked_project(tmp_path)
    result = run_kith("check", "--strict", cwd=project)
    assert result.code == 1
    rule = "outside the people folder: not read (Kith reads and writes only files inside it)"
    assert f"people/linked: warning: a link to {outside}, {rule}" in result.out
    assert f"people/otto.md: warning: a link to {outside / 'otto.md'}, {rule}" in result.out
    assert "otto" not in load_vault(project / "people").vault.by_slug
    site = build_site(project, strict=False)
    assert not [p for p in site.rglob("*") if p.is_file() and b"canary 5512" in p.read_bytes()]


def test_no_edit_writes_through_a_link_out_of_people(tmp_path: Path) -> None:
    project, outside = linked_project(tmp_path)
    before = (outside / "otto.md").read_bytes()
    result = run_kith("set", "otto", "strength", "5", cwd=project)
    assert result.code == 1
    assert (outside / "otto.md").read_bytes() == before


def test_no_import_writes_through_a_folder_that_is_a_link(tmp_path: Path) -> None:
    # A card's X-KITH-FOLDER named people/linked, a link to a folder outside: the import wrote
    # the new contact there, outside people/, where no command reads it.
    project, outside = linked_project(tmp_path)
    before = sorted(p.name for p in outside.iterdir())
    card = tmp_path / "zed.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Zed Outside\nX-KITH-FOLDER:linked\nEND:VCARD\n")
    result = run_kith("import", "vcard", str(card), cwd=project)
    assert (result.code, result.out.splitlines()[-1]) == (
        0,
        "kith: 1 created, 0 merged, 0 unchanged, 0 skipped; 1 file written",
    )
    assert sorted(p.name for p in outside.iterdir()) == before
    assert "Zed Outside" in (project / "people" / "zed-outside.md").read_text()


def test_kith_new_refuses_a_folder_that_is_a_link(tmp_path: Path) -> None:
    project, outside = linked_project(tmp_path)
    result = run_kith("new", "Zed New", "--folder", "linked", cwd=project)
    assert (result.code, result.err) == (
        1,
        f"kith: people/linked is a link to {outside}: Kith writes only inside the people folder, "
        "to a folder of its own (nothing was written)\n",
    )
    assert sorted(p.name for p in outside.iterdir()) == ["otto.md"]


PROSE = st.lists(
    st.sampled_from([*"aZ09 .,;:!?'\"#$%()+-/@^\n=*", "é", "€", "😀", "1.", "- ", "# ", "  "]),
    max_size=40,
).map("".join)
# Lines as notes are written: headings, list items, links, and what comes close to them.
_WORDS = st.lists(
    st.sampled_from(
        [
            *("a", "Z", " ", "#", "-", "!", ":", "[", "]", "(", ")", "'", '"', "=", ">", "+"),
            *("é", "1.", "2)", "[x y](https://Ex.am/p?q=1#f)", "[x](http://a)"),
            *("\u3000", "\u00a0", "\ufeff", "\t", "&", "<b>", "*"),
        ]
    ),
    max_size=6,
).map("".join)
_STARTS = ["", "", "# ", "### ", "####### ", "#", "- ", "-  ", "- - ", "- # ", "+ ", "1. ", " "]
_LINE = st.one_of(st.just(""), st.tuples(st.sampled_from(_STARTS), _WORDS).map("".join))
NOTES = st.lists(_LINE, max_size=10).map("\n".join)
# Links: hosts, paths and labels that markdown-it encodes or nh3 refuses, and ones they keep.
_LABEL = st.sampled_from(["a", "Zé x", "it's", "a:b", "\u3000a", "1.", " a", "a ", "*a*"])
_HOST = st.one_of(
    st.lists(
        st.sampled_from(["a", "Ex", "xn--", "XN--ab", "0", "9", "0x1", "-", "a-", "ab--c"]),
        min_size=1,
        max_size=3,
    ).map("".join),
    st.sampled_from(["a.b", "1.2.3.4", "a..b", "a:80", "a@b", "é.com", "%41", "", "_a"]),
)
_PATH = st.one_of(
    st.text(alphabet="aZ09-._~/:@?=#+,;", max_size=8).map(lambda path: "/" + path),
    st.text(alphabet="aZ09-._~/:@?=#+,;%&()'!*$ é[]<>\"\\", max_size=8),
)
_SCHEME = st.sampled_from(["https://", "http://", "HTTPS://", "https:", "ftp://", ""])
_URL = st.tuples(_SCHEME, _HOST)
LINKS = st.tuples(st.sampled_from(["See ", "!", "- ", "### "]), _LABEL, _URL, _PATH).map(
    lambda parts: f"{parts[0]}[{parts[1]}]({''.join(parts[2])}{parts[3]}) now"
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(PROSE, NOTES, LINKS))
@example("a\u3000")  # markdown-it strips Unicode spaces at a paragraph's ends
@example("[a](https://xn--)")  # nh3 drops an address whose punycode is wrong
@example("- a\n\n- b")  # a loose list: each item a paragraph
@example("### \u3000a")  # a heading's text is stripped
@example("- \u3000b")  # and an item's
def test_notes_that_need_no_parser_take_the_short_way_to_the_same_html(text: str) -> None:
    short = plain_markdown(text)
    if short is not None and text.strip():
        assert short == whole_way(text)


@pytest.mark.parametrize(
    "text",
    [
        "Met at a workshop; sharp, friendly and direct.\n\nAsk about the dog.",
        "Keeps bees.\n\n### Interests\n- History\n- Cooking\n\n## Family\n- Two kids",
        "See [their site](https://example.com/about?tab=2#team). Or [the blog](http://blog.example).",
        "# Overview\nRuns the Berlin office.\n- [Profile](https://example.org/people/ana-lima)",
    ],
)
def test_prose_headings_lists_and_plain_links_need_no_parser(text: str) -> None:
    short = plain_markdown(text)
    assert short is not None
    assert short == whole_way(text)


# What prose may hold and still take the short way, as the ranges of characters allowed.
PROSE_CHARACTERS = re.compile(
    "[\n !-%'-)+-;?-Z^a-z\u00a1-\u2027\u202f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def test_the_short_way_takes_every_character_of_prose_and_no_other() -> None:
    astral = [0x10000, 0x1F600, 0x2FFFF, 0xE0001, 0x10FFFF]
    for code in [*range(0x10000), *astral]:
        char = chr(code)
        short = plain_markdown(f"a{char}b")
        assert (short is not None) == bool(PROSE_CHARACTERS.fullmatch(char)), hex(code)


def test_a_fifo_among_the_contacts_is_reported_never_waited_on(tmp_path: Path) -> None:
    # A plain read of a FIFO waits for a writer for ever: `kith check` and `mkdocs build` hung.
    project = make_project(tmp_path, {"ann.md": "---\nname: Ann\n---\n"})
    os.mkfifo(project / "people" / "pipe.md")
    (project / "people" / "link.md").symlink_to("pipe.md")
    result = run_kith("check", cwd=project)
    assert (result.code, result.out, result.err) == (
        1,
        "people/link.md: cannot read file (not a regular file)\n"
        "people/pipe.md: cannot read file (not a regular file)\n",
        "kith: 1 contact, 2 errors, 0 warnings\n",
    )
    with pytest.raises((Abort, PluginError)):
        build_site(project)


def test_a_fifo_where_kith_generate_writes_a_page_is_replaced_never_waited_on(
    tmp_path: Path,
) -> None:
    # `kith generate` reads a file already where a page goes, to write only what differs: a
    # plain read of a FIFO there waited for a writer for ever.
    project = make_project(tmp_path / "project", {"ann.md": "---\nname: Ann\n---\n"})
    out = tmp_path / "out"
    assert run_kith("generate", "--out", str(out), cwd=project).code == 0
    page = out / "people" / "ann.md"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    os.mkfifo(page)
    result = run_kith("generate", "--out", str(out), cwd=project)
    assert result.code == 0, result.err
    assert page.read_text(encoding="utf-8") == text
    # One where Kith has not written is the owner's: refused, as any file of theirs is.
    (project / "people" / "bob.md").write_text("---\nname: Bob\n---\n", encoding="utf-8")
    os.mkfifo(out / "people" / "bob.md")
    result = run_kith("generate", "--out", str(out), cwd=project)
    assert result.code == 1 and "Move them away or choose another --out." in result.err
    assert (out / "people" / "ann.md").read_text(encoding="utf-8").startswith('---\ntitle: "Ann"')


def test_a_file_name_that_is_no_utf8_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # Its slug has no URL: `mkdocs build` and `kith generate` stopped with a UnicodeEncodeError.
    project = make_project(tmp_path, {"ann.md": "---\nname: Ann\n---\n"})
    people = os.fsencode(project / "people")
    Path(os.fsdecode(people + b"/bad\xff.md")).write_text("---\nname: Bad\n---\n")
    Path(os.fsdecode(people + b"/f\xfe")).mkdir()
    Path(os.fsdecode(people + b"/f\xfe/cy.md")).write_text("---\nname: Cy\n---\n")
    result = run_kith("check", cwd=project)
    assert (result.code, result.out, result.err) == (
        1,
        "people/bad\udcff.md:1: the file name is not UTF-8 (got 'bad\\udcff'): rename the file "
        "to give it a page\n",
        "kith: 2 contacts, 1 error, 0 warnings\n",
    )
    assert run_kith("generate", "--out", "out", cwd=project).code == 1
    Path(os.fsdecode(people + b"/bad\xff.md")).unlink()
    site = build_site(project)  # a folder's name is no part of a page's address
    assert sorted(p.name for p in (site / "people").iterdir()) == ["ann", "cy", "index.html"]


def test_a_file_name_with_a_line_break_is_an_error_and_removes_no_file_of_yours(
    tmp_path: Path,
) -> None:
    # `kith generate` lists the pages it wrote one a line: `people/evil\nmine.md` read back as
    # `people/evil` and `mine.md`, and the next run removed the owner's own out/mine.md.
    project = make_project(
        tmp_path, {"ann.md": "---\nname: Ann\n---\n", "evil\nmine.md": "---\nname: Evil\n---\n"}
    )
    result = run_kith("check", cwd=project)
    assert (result.code, result.out, result.err) == (
        1,
        "people/evil\nmine.md:1: the file name holds a control character or a line break (got "
        "'evil\\nmine'): rename the file to give it a page\n",
        "kith: 1 contact, 1 error, 0 warnings\n",
    )
    (project / "out").mkdir()
    (project / "out" / "mine.md").write_text("my own\n")
    for _ in range(2):
        assert run_kith("generate", "--out", "out", cwd=project).code == 1
    assert (project / "out" / "mine.md").read_text() == "my own\n"


def test_a_cadence_beyond_the_calendar_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # Its due day (the last contact plus the cadence) was after 9999-12-31: every view and the
    # build stopped with an OverflowError.
    ann = "---\nname: Ann\ncadence: 100000000000\n---\n## Log\n- 2026-01-01: hi\n"
    project = make_project(tmp_path, {"ann.md": ann})
    message = (
        "people/ann.md:3: cadence must be a whole number of days from 0 (never) to 36500 "
        "(got 100000000000)\n"
    )
    for command in ("check", "agenda"):
        result = run_kith(command, cwd=project)
        assert (result.code, (result.out + result.err).splitlines(keepends=True)[0]) == (
            1,
            message,
        )
    assert run_kith("set", "ann", "cadence", "36500", cwd=project).code == 0
    assert run_kith("agenda", cwd=project).code == 0
    config = project / "mkdocs.yml"
    config.write_text(with_kith_lines(config.read_text(), "      target_cadence: 36501\n"))
    result = run_kith("check", cwd=project)
    assert (result.code, result.err) == (
        1,
        "kith: kith setting 'target_cadence' must be a whole number of days from 0 to 36500 "
        "(got 36501)\n",
    )


# --- notes that arrive by import -----------------------------------------------------------------

IMPORTS = VAULTS / "hostile" / "imports"


def test_a_vcard_note_delivers_no_payload_to_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_kith("import", "vcard", str(IMPORTS / "notes.vcf"), cwd=project)
    assert result.code == 0, result.err
    site = build_site(project)
    page = article(site / "people" / "paula-payload" / "index.html")
    assert dangers(page) == []
    assert "&lt;meta http-equiv=" in page


def test_a_vcard_note_that_opens_a_fence_is_refused_by_the_import(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_kith("import", "vcard", str(IMPORTS / "unclosed-note.vcf"), cwd=project)
    assert (result.code, result.err.splitlines()) == (
        1,
        [
            "people/nell-fence.md:5: code fence '~~~' is never closed; close it with a line of "
            "'~~~' before the next '## Log' or '## Private' heading",
            "kith: 1 problem; nothing was written",
        ],
    )
    assert list((project / "people").iterdir()) == []


def test_a_file_name_that_is_no_slug_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    project = copy_vault("hostile", tmp_path / "project")
    result = run_kith("check", cwd=project)
    assert (
        "people/$(touch${IFS}PWNED).md:1: warning: the file name is no slug: a slug is letters, "
        "digits, '-', '_' and '.', starting with a letter or digit (got '$(touch${IFS}PWNED)'); "
        "rename the file so that ties and kith commands can name it\n"
    ) in result.out


def test_slugs_that_differ_only_in_case_are_a_warning_naming_both_files(tmp_path: Path) -> None:
    # On macOS and Windows `Ann.md` and `ann.md` are one file: a checkout keeps one of them, and
    # a site built there has one page for the two.
    people = {"ann.md": "---\nname: Ann One\n---\n", "sub/Ann.md": "---\nname: Ann Two\n---\n"}
    result = run_kith("check", cwd=make_project(tmp_path, people))
    assert (result.code, result.out) == (
        0,
        "people/ann.md:1: warning: slug 'ann' differs from 'Ann' (people/sub/Ann.md) only in "
        "case: on macOS and Windows the two files are one, and so are their pages; rename one\n"
        "kith: 2 contacts, 0 errors, 1 warning\n",
    )
