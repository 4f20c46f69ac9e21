"""Turn a contact's notes into HTML that can carry no script, no request and no navigation.

Notes are the owner's Markdown, but an import or a pull request can put anyone's text there.
Escaping Markdown line by line means deciding what is code exactly as every engine would, a
race the escaper kept losing; so Kith renders the notes itself and cleans the result:

1. markdown-it (CommonMark, tables and strikethrough) with raw HTML off, so tags show as text,
   and links checked as they are parsed: one to anything but http(s), mailto, tel or a relative
   address stays the text it was written as. markdown-it parses in linear time, where
   Python-Markdown takes minutes over a few thousand `[`;
2. on the tokens: headings move two levels down (the page owns `#` and `##`) and images become
   links (an image is fetched as soon as the page opens: a tracking pixel);
3. nh3 (the Ammonia sanitiser) with an allow-list of tags, attributes and URL schemes: whatever
   the first two steps missed, nothing else gets through.

The result is one line of HTML in a `<div>`: every Markdown engine (MkDocs, Zensical, any
CommonMark tool) passes such a block through untouched, so the guarantee holds for the pages
`kith generate` writes too, not only through the MkDocs plugin.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

TAGS = frozenset(
    (
        *("p", "br", "hr", "blockquote", "pre", "code"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("strong", "em", "s", "a"),
        *("ul", "ol", "li"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    )
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
SCHEMES = frozenset(("http", "https", "mailto", "tel"))
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROL_OR_SPACE = str.maketrans(dict.fromkeys([*range(0x21), 0x7F]))
OPEN = '<div class="kith-notes">'
CLOSE = "</div>"
# Newlines become references so the block is one line (a blank line would end it in CommonMark);
# braces too, so a macro plugin that reads `{{ … }}` in page Markdown finds none in the notes.
_ONE_LINE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "{": "&#123;", "}": "&#125;"})
_LOWER = {f"h{n}": f"h{min(n + 2, 6)}" for n in range(1, 7)}
# What prose may hold and still need no Markdown parser (`plain_paragraphs`).
_NOT_PLAIN = re.compile(
    "[^\n !-%'-)+-;?-Z^a-z\u00a1-\u2027\u202f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_BLOCK_START = re.compile(r"^(?:[ \t]|[-+#=>*_]|\d+[.)])")


def is_safe_url(url: str) -> bool:
    """True for relative addresses and http(s), mailto and tel links."""
    plain = html.unescape(url).translate(_CONTROL_OR_SPACE).lower()
    scheme = _SCHEME.match(plain)
    return scheme is None or scheme.group(1) in SCHEMES


@functools.lru_cache(maxsize=1 << 14)
def notes_html(text: str) -> str:
    """Return the notes as one line of clean HTML, ready to put in a Markdown page."""
    if not text.strip():
        return ""
    plain = plain_paragraphs(text)
    if plain is not None:  # most notes are prose: what the whole way would give, 30x faster
        return OPEN + plain.translate(_ONE_LINE) + CLOSE
    clean = sanitise(_markdown().render(text)).rstrip("\n")
    return OPEN + clean.translate(_ONE_LINE) + CLOSE


def plain_paragraphs(text: str) -> str | None:
    """Return prose without any Markdown syntax as HTML paragraphs; None for anything else.

    Only text no engine could read as markup qualifies: no character that starts emphasis,
    code, a link, HTML or an entity, no line that could open a block (a heading, a list, a
    quote, a rule, code) or end in a hard break. A test holds it equal to the whole way.
    """
    if _NOT_PLAIN.search(text):
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line.strip(" "):
            if paragraphs[-1]:
                paragraphs.append([])
        elif _BLOCK_START.match(line) or line.endswith(" "):
            return None
        else:
            paragraphs[-1].append(line)
    return "\n".join(f"<p>{chr(10).join(lines)}</p>" for lines in paragraphs if lines)


def sanitise(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of an HTML fragment."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel=None,  # the page's no-referrer policy covers every link
        strip_comments=True,
    )


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    md.core.ruler.push("kith_notes", _disarm)
    return md


def _disarm(state: StateCore) -> None:
    """Lower the headings and turn images into links, in place."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _LOWER[token.tag]
        elif token.children:
            token.children = [part for child in token.children for part in _no_image(child)]


def _no_image(token: Token) -> list[Token]:
    if token.type != "image":
        return [token]
    from markdown_it.token import Token

    source = str(token.attrGet("src") or "")
    label = Token("text", "", 0, content=token.content or source)
    return [Token("link_open", "a", 1, attrs={"href": source}), label, Token("link_close", "a", -1)]
