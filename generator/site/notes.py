"""Turn a contact's notes into HTML that can carry no script, no request and no navigation.

Notes are the owner's Markdown, but an import or a pull request can put anyone's text there.
Escaping Markdown line by line means deciding what is code exactly as every engine would, a
race the escaper keeps losing; so Kith renders the notes itself and cleans the result:

1. Python-Markdown with raw HTML turned off (tags show as text), fenced code and tables;
2. on the element tree: headings move two levels down (the page owns `#` and `##`), images become
   links (an image is fetched when the page opens), and a link to anything but http(s), mailto,
   tel or a relative address is shown as the text it was written as;
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
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

TAGS = frozenset(
    (
        *("p", "br", "hr", "blockquote", "pre", "code", "kbd"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("strong", "em", "b", "i", "del", "sub", "sup", "a"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    )
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = frozenset(("http", "https", "mailto", "tel"))
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
OPEN = '<div class="kith-notes">'
CLOSE = "</div>"
# Newlines become references so the block is one line (a blank line would end it in CommonMark);
# braces too, so a macro plugin that reads `{{ … }}` in page Markdown finds none in the notes.
_ONE_LINE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "{": "&#123;", "}": "&#125;"})


def is_safe_url(url: str) -> bool:
    """True for relative addresses and http(s), mailto and tel links."""
    plain = _CONTROL_OR_SPACE.sub("", html.unescape(url)).lower()
    scheme = _SCHEME.match(plain)
    return scheme is None or scheme.group(1) in SCHEMES


@functools.lru_cache(maxsize=1 << 14)
def notes_html(text: str) -> str:
    """Return the notes as one line of clean HTML, ready to put in a Markdown page."""
    if not text.strip():
        return ""
    md = _markdown()
    md.reset()
    return OPEN + sanitise(md.convert(text)).translate(_ONE_LINE) + CLOSE


def sanitise(fragment: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of an HTML fragment."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@functools.cache
def _markdown() -> markdown.Markdown:
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class NotesTree(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            disarm(root)

    md = markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
    )
    # No raw HTML: a tag in the notes is shown as the text it is.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(NotesTree(md), "kith_notes", 5)
    return md


def disarm(root: etree.Element) -> None:
    """Lower the headings, turn images into links and unsafe links into text, in place."""
    for parent in list(root.iter()):
        # Backwards, so replacing or removing a child leaves the indexes still to visit intact.
        for index in range(len(parent) - 1, -1, -1):
            child = parent[index]
            if child.tag in _LOWER:
                child.tag = _LOWER[child.tag]
            elif child.tag == "img":
                child = _image_as_link(parent, index, child)
            if child.tag == "a" and not is_safe_url(child.get("href", "")):
                _link_as_text(parent, index, child)


_LOWER = {f"h{n}": f"h{min(n + 2, 6)}" for n in range(1, 7)}


def _image_as_link(parent: etree.Element, index: int, image: etree.Element) -> etree.Element:
    link = etree.Element("a", {"href": image.get("src", "")})
    link.text = image.get("alt") or image.get("src", "")
    link.tail = image.tail
    parent[index] = link
    return link


def _link_as_text(parent: etree.Element, index: int, link: etree.Element) -> None:
    """Replace the link by the Markdown it stands for, as text: `[label](address)`."""
    label = "".join(link.itertext())
    text = f"[{label}]({link.get('href', '')})" + (link.tail or "")
    del parent[index]
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
