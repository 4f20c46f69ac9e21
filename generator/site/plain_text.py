"""Text with no inline markup skips Python-Markdown's inline patterns: the same HTML, sooner.

MkDocs converts each page with Python-Markdown, whose inline step tries every inline pattern on
every piece of text in the page, one call after another. Kith's pages are mostly tables whose
cells are plain words, dates and numbers: on the Follow-ups page, 14 patterns tried on each of
2,000 cells took most of its conversion. No default pattern can match text that has none of the
characters it starts with (a backtick, a backslash, `[`, `<`, `&`, `*`, `_`, or two spaces
before a line break), so such text is marked as Python-Markdown's own `AtomicString`, which the
inline step passes over, just before that step, and unmarked just after it. A text that is one
plain link and nothing else (a cell that names a contact) becomes the `a` the link pattern
would make of it, its words marked the same way.

It is only done where that is known to be the whole story: when the inline patterns are exactly
Python-Markdown's defaults as checked here (by name, class and expression) and nothing else runs
between the marking and the unmarking. An owner's extension that adds an inline pattern (which
may match plain words, as `pymdownx.emoji` does with `:smile:`) turns it off, and so does an
upgrade of Python-Markdown that changes a pattern, until this table is checked against it
again: the pages are then converted as before, only not sooner. Extensions that read plain
text after the inline step (`abbr`, `smarty`, `pymdownx.smartsymbols`) see it unmarked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import NamedTuple

from markdown import Extension, Markdown, util
from markdown.inlinepatterns import (
    AutolinkInlineProcessor,
    AutomailInlineProcessor,
    BacktickInlineProcessor,
    EscapeInlineProcessor,
    HtmlInlineProcessor,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    SubstituteTagInlineProcessor,
)
from markdown.treeprocessors import InlineProcessor, Treeprocessor

# The characters one of the patterns below must find to match anything, and Python-Markdown's
# placeholders (STX, ETX): text that carries one into the inline step (an extension's doing;
# Python-Markdown takes them out of the page's own text) goes through it as before.
_MARKUP = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
# A text that is one link and nothing else, `[Ada Lovelace](people/ada.md)` (a table cell of a
# summary page): words with none of the characters above, and an address with none of them,
# no space, bracket, parenthesis, quote or `&`. Only the link pattern can match it, and it
# makes an `a` of exactly these two parts (its text is then tried on the later patterns,
# which plain words cannot match): the `a` is made here instead, its text marked.
_LINK = re.compile(r"\[([^\[\]`\\<&*_\x02\x03\n]+)\]\(([^\s()<>\[\]`\\'\"&*_\x02\x03]+)\)")

# Python-Markdown's default inline patterns (3.11), by name: their class and expression. Each
# expression needs a character of `_MARKUP` (or two spaces and a line break) to match.
_KNOWN: dict[str, tuple[str, str]] = {
    "backtick": (BacktickInlineProcessor.__name__, r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)"),
    "escape": (EscapeInlineProcessor.__name__, r"\\(.)"),
    "reference": (ReferenceInlineProcessor.__name__, r"(?<!\!)\["),
    "link": (LinkInlineProcessor.__name__, r"(?<!\!)\["),
    "image_link": (ImageInlineProcessor.__name__, r"\!\["),
    "image_reference": (ImageReferenceInlineProcessor.__name__, r"\!\["),
    "short_reference": (ShortReferenceInlineProcessor.__name__, r"(?<!\!)\["),
    "short_image_ref": (ShortImageReferenceInlineProcessor.__name__, r"\!\["),
    "autolink": (AutolinkInlineProcessor.__name__, r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>"),
    "automail": (AutomailInlineProcessor.__name__, r"<([^<> !]+@[^@<> ]+)>"),
    "linebreak": (SubstituteTagInlineProcessor.__name__, r"  \n"),
    "html": (
        HtmlInlineProcessor.__name__,
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'"""
        r"""|[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]"""
        r"""|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""",
    ),
    "entity": (HtmlInlineProcessor.__name__, r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"),
    # Python-Markdown 3.11's emphasis, by delimiter runs of `*` and `_`.
    "em_strong": ("DelimiterProcessor", r"\*|_"),
}

_MARK, _UNMARK = "kith_plain_text", "kith_plain_text_end"


class PlainText(Extension):
    """Mark the text that no inline pattern can match, so the inline step passes over it."""

    def extendMarkdown(self, md: Markdown) -> None:
        marked = _Marked([], [])
        # Just before the inline step (20) and just after it, before anything else at 19.99.
        md.treeprocessors.register(_Mark(md, marked), _MARK, 20.001)
        md.treeprocessors.register(_Unmark(md, marked), _UNMARK, 19.999)


def applies(md: Markdown) -> bool:
    """Whether the text that needs no inline pattern can skip them in `md`: its inline patterns
    are the defaults checked above, and only the inline step runs between marking and unmarking."""
    if not all(name in md.treeprocessors for name in (_MARK, "inline", _UNMARK)):
        return False
    order = list(md.treeprocessors)  # in the order they run
    at = order.index(md.treeprocessors[_MARK])
    inline = md.treeprocessors["inline"]
    if order[at + 1 : at + 3] != [inline, md.treeprocessors[_UNMARK]]:
        return False
    if type(inline) is not InlineProcessor:
        return False
    if len(md.inlinePatterns) != len(_KNOWN):
        return False
    for name, (kind, expression) in _KNOWN.items():
        if name not in md.inlinePatterns:
            return False
        pattern = md.inlinePatterns[name]
        if type(pattern).__module__ != "markdown.inlinepatterns":
            return False
        if type(pattern).__name__ != kind or getattr(pattern, "pattern", None) != expression:
            return False
    return True


class _Marked(NamedTuple):
    """The elements whose text, and whose tail, were marked in the page being converted."""

    texts: list[etree.Element]
    tails: list[etree.Element]

    def clear(self) -> None:
        self.texts.clear()
        self.tails.clear()


class _Step(Treeprocessor):
    def __init__(self, md: Markdown, marked: _Marked) -> None:
        super().__init__(md)
        self.marked = marked


class _Mark(_Step):
    def run(self, root: etree.Element) -> None:
        self.marked.clear()
        if not applies(self.md):
            return
        search, link = _MARKUP.search, _LINK.fullmatch
        texts, tails = self.marked
        for element in list(root.iter()):
            text = element.text
            if text and type(text) is str:
                if not search(text):
                    element.text = util.AtomicString(text)
                    texts.append(element)
                elif len(element) == 0 and (found := link(text)) is not None:
                    # What the inline step makes of it: the text gone, one `a` in its place.
                    element.text = None
                    anchor = etree.SubElement(element, "a")
                    anchor.text = util.AtomicString(found[1])
                    anchor.set("href", found[2])
                    texts.append(anchor)
            tail = element.tail
            if tail and type(tail) is str and not search(tail):
                element.tail = util.AtomicString(tail)
                tails.append(element)


class _Unmark(_Step):
    def run(self, root: etree.Element) -> None:
        # Only what was marked: a marked text is left as it was by the inline step, and a
        # marked tail put back as an atomic string of its own, the same text.
        for element in self.marked.texts:
            if isinstance(element.text, util.AtomicString):
                element.text = str(element.text)
        for element in self.marked.tails:
            if isinstance(element.tail, util.AtomicString):
                element.tail = str(element.tail)
        self.marked.clear()
