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
# What prose may not hold and still need no Markdown parser (`plain_markdown`): controls but the
# newline, the characters that start markup (& * < = > [ \ ] _ ` { | } ~), C1 controls and the
# no-break space, the line and paragraph separators and bidi embeddings, surrogates, U+FFFE and
# U+FFFF. Written as what is refused, in small ranges, rather than as the (huge) ranges allowed:
# the same set, compiled in 0.6 ms instead of 5.5 ms.
_NOT_PLAIN = re.compile(
    r"[\x00-\x09\x0b-\x1f&*<=>\[\\\]_`{|}~\x7f-\xa0\u2028-\u202e\ud800-\udfff\ufffe\uffff]"
)
_BLOCK_START = re.compile(r"^(?:[ \t]|[-+#=>*_]|\d+[.)])")
_HEADING = re.compile(r"(#{1,6}) (?!\s)([^#\n]+)\Z")
_ITEM = re.compile(r"- (?![-+#=>*_]|\d+[.)]|\s)([^\n]+)\Z")
# A link `plain_markdown` writes itself: a label of prose, no title, and an http(s) address that
# markdown-it leaves as it is (nothing to escape or encode) and nh3 accepts: a host name of
# letters, digits and hyphens ending in a name (a number would be an IPv4 address), no
# punycode (`xn--`, which nh3 checks), no port, then a path of characters that need no encoding.
_LINK = re.compile(
    r"\[([^\[\]\n ](?:[^\[\]\n]*[^\[\]\n ])?)\]"
    r"\((https?://(?![^/?#)]*\b[xX][nN]--)(?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*"
    r"(?:[/?#][A-Za-z0-9\-._~/:@?=#+,;]*)?)\)"
)


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
    plain = plain_markdown(text)
    if plain is not None:  # most notes: what the whole way would give, 15 to 30 times faster
        return OPEN + plain.translate(_ONE_LINE) + CLOSE
    return OPEN + whole_way(text).translate(_ONE_LINE) + CLOSE


def whole_way(text: str) -> str:
    """Return the notes rendered by markdown-it and cleaned by nh3, before they become one line."""
    return sanitise(_markdown().render(text)).rstrip("\n")


def plain_markdown(text: str) -> str | None:
    """Return the HTML of notes that need no Markdown parser; None for anything else.

    What qualifies is what most notes are: paragraphs of prose, headings (`### Interests`),
    lists of one line per item (`- Cooking`) and links to http(s) addresses
    (`[their site](https://example.com/)`). Nothing else may stand: no character that starts
    emphasis, code, HTML, an entity or any other link, no line that could open another block or
    continue a list item, no line ending in a hard break, no blank line inside a list. The
    text holds no character that HTML reads as markup, so nothing needs cleaning. A property
    test holds the result equal to the whole way's (`whole_way`).
    """
    if "[" in text:
        linked = _links(text)
        if linked is None:
            return None
        text = linked
    elif _NOT_PLAIN.search(text):
        return None
    blocks: list[str] = []
    lines: list[str] = []  # the open paragraph's lines, or the open list's items
    listing = blank = False  # whether `lines` are list items; whether a blank line followed them
    for line in text.split("\n"):
        if not line.strip(" "):
            blank = True
            continue
        if line != line.strip():
            return None  # markdown-it strips (Unicode) spaces, or the line ends in a hard break
        heading = _HEADING.match(line)
        item = None if heading else _ITEM.match(line)
        if item is not None:
            if listing and blank:
                return None  # a blank line between items: a loose list, paragraphs in items
            if not listing:
                _close(blocks, lines, listing)
                lines, listing = [], True
            lines.append(item.group(1))
        elif heading is not None:
            _close(blocks, lines, listing)
            level = min(len(heading.group(1)) + 2, 6)
            blocks.append(f"<h{level}>{heading.group(2)}</h{level}>")
            lines, listing = [], False
        elif _BLOCK_START.match(line) or (listing and not blank):
            return None  # another block, or a line that would continue the list's last item
        else:
            if listing or blank:
                _close(blocks, lines, listing)
                lines, listing = [], False
            lines.append(line)
        blank = False
    _close(blocks, lines, listing)
    return "\n".join(blocks)


def _close(blocks: list[str], lines: list[str], listing: bool) -> None:
    """Add the open paragraph or list to `blocks`, if there is one."""
    if lines and listing:
        blocks.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in lines) + "\n</ul>")
    elif lines:
        blocks.append("<p>" + "\n".join(lines) + "</p>")


def _links(text: str) -> str | None:
    """Return prose with each plain link written as HTML; None if anything else is there."""
    written: list[str] = []
    end = 0
    for link in _LINK.finditer(text):
        start = link.start()
        before, label = text[end:start], link.group(1)
        if start and text[start - 1] == "!":
            return None  # an image: the whole way turns it into a link of its own kind
        if _NOT_PLAIN.search(before) or _NOT_PLAIN.search(label):
            return None
        written += (before, '<a href="', link.group(2), '">', label, "</a>")
        end = link.end()
    rest = text[end:]
    if _NOT_PLAIN.search(rest):
        return None
    written.append(rest)
    return "".join(written)


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
