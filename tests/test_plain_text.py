"""Text with no inline markup skips Python-Markdown's inline patterns (`site/plain_text.py`):
the same HTML for every kind of inline markup, for Kith's pages and for the whole demo site,
and the patterns tried less; an owner's extension with a pattern of its own turns it off."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import REPO, run_kith
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site import plain_text
from generator.site.pages import MARKDOWN_EXTENSIONS
from generator.site.plain_text import PlainText, applies

# Every inline pattern Python-Markdown has by default, each beside plain text, in the places
# Kith's pages put text: paragraphs, table cells, list items, headings, a folding block.
EVERY_KIND = textwrap.dedent(
    """\
    # A heading with `code`, *em* and plain words

    Plain words, a date 2026-11-25, 12.2× past due — nothing to match.

    `code with *stars*` and ``double `ticks` `` and \\*escaped\\* and \\\\` a backslash tick.

    [a link](people/ada.md "its title") and [a reference][ref] and [ref] and [ref][]
    ![an image](pic.png) and ![a reference image][ref] and ![ref]

    [ref]: https://example.org/ref

    <https://example.org/auto> and <ada@example.org> and <span class="x">inline html</span>
    an entity &amp; &#169; &#xA9; and a bare & ampersand, a < b > c, 3 * 4 _ 5
    a line that breaks here<two spaces>
    and goes on; *em*, **strong**, ***both***, _under_, __under strong__, snake_case_name
    <!-- a comment --> and <?php processing ?> and <![CDATA[ data ]]>

    Only entities: fish &amp; chips, &#169; and &copy; 2026.

    A plain line that breaks here<two spaces>
    and goes on plainly, with no other markup.

    | Name | Circle | Why first |
    |---|---|---|
    | [Renée Wu](people/renee-wu.md) | colleague | target, influence 5, 12.2× past due |
    | Plain name | friend | `code | in a cell` |
    | **Bold** | _em_ | a \\| pipe |
    | | empty | |

    - a plain item
    - an item with [a link](x.md)
        - nested plain
        - nested *em*

    1. one
    2. two with <b>html</b>

    > a quote with plain words
    > and *em*

    /// details | Alternatives (2)

    - plain path
    - [Ada](ada.md) → [Mary](mary.md)

    ///

    <div class="raw" markdown>plain raw block</div>

        indented code with *stars* and [brackets]

    Unicode: Łukasz Żuraw, Guðrún, 日本語, emoji 🙂 and a tab\tinside.
    """
).replace("<two spaces>", "  ")


def convert(text: str, *extensions: Any) -> tuple[str, Any, int]:
    """The HTML, the table of contents and how many times an inline pattern was tried."""
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, *extensions])
    tried = [0]
    for name in list(plain_text._KNOWN):
        if name in md.inlinePatterns:
            pattern = md.inlinePatterns[name]
            compiled = pattern.getCompiledRegExp

            def counted(compiled: Any = compiled) -> Any:
                tried[0] += 1
                return compiled()

            pattern.getCompiledRegExp = counted
    html = md.convert(text)
    return html, getattr(md, "toc_tokens", None), tried[0]


def same_html(text: str, *extensions: Any) -> tuple[int, int]:
    """Assert that `text` converts alike without and with PlainText; the tries of each."""
    plain, plain_toc, before = convert(text, *extensions)
    quick, quick_toc, after = convert(text, *extensions, PlainText())
    assert quick == plain
    assert quick_toc == plain_toc
    return before, after


def test_the_default_patterns_are_the_ones_checked_so_kiths_pages_take_the_quick_way() -> None:
    # An upgrade of Python-Markdown that changes a pattern fails this: check the new pattern
    # against `_KNOWN` (which characters it needs) before the table takes it.
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, PlainText()])
    assert applies(md)


def test_every_kind_of_inline_markup_converts_to_the_same_html_with_fewer_tries() -> None:
    before, after = same_html(EVERY_KIND)
    assert after < before
    for line in EVERY_KIND.splitlines():
        same_html(line)  # each kind alone, also at the start and the end of the text


def _generated_pages(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The Markdown of every page Kith generates for the demo and for a 150-contact sample."""
    sample = tmp_path / "sample"
    made = run_kith("sample", "--people", "150", "--seed", "3", "--out", str(sample))
    assert made.code == 0, made.err
    for name, project in (("demo", REPO), ("sample", sample)):
        out = tmp_path / f"{name}-pages"
        done = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
        assert done.code == 0, done.err
        for page in sorted(out.rglob("*.md")):
            yield page, page.read_text(encoding="utf-8")


def test_kiths_pages_convert_to_the_same_html_with_fewer_tries(tmp_path: Path) -> None:
    before = after = pages = 0
    for page, text in _generated_pages(tmp_path):
        try:
            tried = same_html(text)
        except AssertionError:
            pytest.fail(f"{page}: the HTML differs")
        before, after, pages = before + tried[0], after + tried[1], pages + 1
    assert pages > 150
    assert after < before / 2


def test_an_extension_with_an_inline_pattern_of_its_own_turns_it_off() -> None:
    # MagicLink finds links in plain words: no character that the default patterns need.
    cell = "| Site |\n|---|\n| see https://example.org today |\n"
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "pymdownx.magiclink", PlainText()])
    assert not applies(md)
    html = md.convert(cell)
    assert '<a href="https://example.org">https://example.org</a>' in html
    same_html(cell, "pymdownx.magiclink")
    # Emoji adds a pattern beside the default ones, for `:name:` in plain words.
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "pymdownx.emoji", PlainText()])
    assert not applies(md)
    assert 'class="emojione"' in md.convert("| a :smile: here |\n|---|\n| plain |\n")
    same_html("| a :smile: here |\n|---|\n| plain :wink: cell |\n", "pymdownx.emoji")


def test_extensions_that_read_plain_text_after_the_inline_step_see_it_as_before() -> None:
    # SmartyPants, SmartSymbols and abbreviations work on plain text after the inline step:
    # the text is unmarked by then, so they change it as they would without.
    for extension, text, shown in (
        ("smarty", 'wait... -- "quoted"', "wait&hellip; &ndash; &ldquo;quoted&rdquo;"),
        ("pymdownx.smartsymbols", "plain (c) 2026 --> on", "plain &copy; 2026 &rarr; on"),
        ("abbr", "*[CRM]: Customer relationship manager\n\na CRM", '<abbr title="Custom'),
    ):
        md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, extension, PlainText()])
        assert applies(md), extension
        assert shown in md.convert(text), extension
        same_html(f"| {text} |\n|---|\n| {text} |\n", extension)


def test_a_step_of_another_extension_between_the_marking_and_the_inline_step_turns_it_off() -> None:
    seen: list[str] = []

    class Peek(markdown.treeprocessors.Treeprocessor):
        def run(self, root: Any) -> None:
            seen.extend(type(element.text).__name__ for element in root.iter() if element.text)

    class Between(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.treeprocessors.register(Peek(md), "peek", 20.0005)

    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, PlainText(), Between()])
    assert not applies(md)
    md.convert("plain words\n")
    assert seen == ["str"]  # not marked: the other step sees the text as it would without


def test_the_demo_site_is_the_same_with_and_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    took: list[bool] = []
    checked = plain_text.applies

    def counted(md: markdown.Markdown) -> bool:
        took.append(checked(md))
        return took[-1]

    sites = {}
    for name, check in (("quick", counted), ("plain", lambda md: False)):
        monkeypatch.setattr(plain_text, "applies", check)
        site = tmp_path / name
        build(load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site)))
        sites[name] = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # Kith's plugin added PlainText, and it took the quick way on every page of the demo.
    assert len(took) > 40
    assert all(took)
    quick, plain = sites["quick"], sites["plain"]
    assert sorted(quick) == sorted(plain)
    assert [str(path) for path in sorted(quick) if quick[path] != plain[path]] == []


def test_the_plugin_adds_it_once_however_often_the_config_is_configured() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    for _ in range(2):
        config = config.plugins.on_config(config)
    added = [e for e in config.markdown_extensions if isinstance(e, PlainText)]
    assert len(added) == 1


def test_a_tail_that_was_passed_over_is_plain_text_again_after_the_inline_step() -> None:
    # No default block makes an element with text after it (a tail) before the inline step;
    # an extension's step may. SmartyPants, later, must find it plain, as it would without.
    class Tail(markdown.treeprocessors.Treeprocessor):
        def run(self, root: Any) -> None:
            paragraph = root.find("p")
            span = ElementTree.SubElement(paragraph, "span")
            span.text, span.tail = "x", ' -- a "tail"...'

    class WithTail(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.treeprocessors.register(Tail(md), "tail", 25)

    html, _, _ = convert("plain words\n", WithTail(), "smarty")
    assert html == ("<p>plain words<span>x</span> &ndash; a &ldquo;tail&rdquo;&hellip;</p>")
    same_html("plain words\n", WithTail(), "smarty")


# Texts that are one link, and texts that only look like one, where Kith's pages put them.
LINKS = textwrap.dedent(
    """\
    | Name | Note |
    |---|---|
    | [Renée Wu](people/renee-wu.md) | [Ada](ada.md#ties) |
    | [A link](https://example.org/a?b=1) | [x](y.md) |
    | [with a title](y.md "title") | [spaced]( y.md ) |
    | [parens](y(1).md) | [two](a.md) [links](b.md) |
    | [under](snake_case.md) | [amp](a.md?x=1&y=2) |
    | [](empty.md) | [*em*](x.md) |
    | [a [nested] one](x.md) | [angle](<x.md>) |
    | ![image](pic.png) | [ref][r] |
    | [r] | [Bang! 12.2× · Łukasz](bang.md) |
    | x [after](a.md) | [before](a.md) x |
    | [tab\there](t.md) | [ends with a space ](s.md) |

    [r]: https://example.org/r

    - [Ada Lovelace](people/ada.md)
    - [A parent](p.md)
        - [Nested](n.md)

    [A paragraph that is a link](p.md)

    # [A heading link](h.md)
    """
)


def test_a_text_that_is_one_link_converts_to_the_same_html_and_is_not_tried() -> None:
    before, after = same_html(LINKS)
    assert after < before
    for line in LINKS.splitlines():
        same_html(line)
    same_html(LINKS, "toc", "attr_list", "smarty")
    # A table of names and plain words, as the summary pages have: no pattern is tried at all.
    table = "| Name | Circle |\n|---|---|\n| [Renée Wu](people/renee-wu.md) | colleague |\n"
    before, after = same_html(table)
    assert (before > 0, after) == (True, 0)
    html, _, _ = convert(table, PlainText())
    assert '<td><a href="people/renee-wu.md">Renée Wu</a></td>' in html
