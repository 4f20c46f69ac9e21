"""Make text from a contact file harmless where it enters a generated Markdown page.

Values (names, companies, tags, `how`, log text) become inline text: every character Markdown or
HTML could read as syntax is written as a numeric character reference, which every Markdown
engine shows as the character and never as markup. Notes stay Markdown (the owner writes them),
but raw HTML is shown as text, `{...}` attribute lists are disarmed, images become links, and links
may only point to http(s), mailto, tel or relative addresses.
"""

from __future__ import annotations

import functools
import html
import re

from ..vault.body import next_fence

_INLINE = {c: f"&#{ord(c)};" for c in "&<>[]()*_`#|!\\{}~^=:$+"}
_INLINE_TABLE = str.maketrans(_INLINE)
_SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]*)>", re.IGNORECASE)
_LINK_DEST = re.compile(r"(\]\(\s*<?)([^)\s>]*)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S*)", re.MULTILINE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_HEADING = re.compile(r"^(#{1,6})(?=[ \t])")


def md_inline(value: object) -> str:
    """Escape a value for inline Markdown text: one line, no markup."""
    if type(value) is str:
        return _md_text(value)
    return " ".join(str(value).split()).translate(_INLINE_TABLE)


@functools.lru_cache(maxsize=1 << 15)
def _md_text(text: str) -> str:
    # Names, companies and tags come back on many pages: escape each once.
    return " ".join(text.split()).translate(_INLINE_TABLE)


def html_text(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def md_notes(text: str) -> str:
    """Keep the owner's Markdown, but let it carry no HTML, attributes or unsafe links."""
    out: list[str] = []
    fence = ""
    for line in text.splitlines():
        after = next_fence(line, fence)
        if after is not None:
            fence = after
            out.append(line)
            continue
        out.append(line if fence else _notes_line(line))
    if fence:  # an unclosed fence would swallow the rest of the page
        out.append(fence)
    return "\n".join(out)


def _notes_line(line: str) -> str:
    line = _HEADING.sub(lambda m: "#" * min(len(m.group(1)) + 2, 6), line)
    parts = _CODE_SPAN.split(line)
    # split() with one group pair yields: text, ticks, code, text, ticks, code, ...
    result: list[str] = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            result.append(_disarm(part))
        elif kind == 1:
            result.append(part + parts[index + 1] + part)
    return "".join(result)


def _disarm(text: str) -> str:
    autolinks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        autolinks.append(match.group(0))
        return f"\x00{len(autolinks) - 1}\x00"

    text = _AUTOLINK.sub(keep, text)
    text = text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    # An image is fetched as soon as the page opens (a tracking pixel); show it as a link.
    text = text.replace("![", "&#33;[")
    text = _LINK_DEST.sub(_check_link, text)
    text = _REF_DEF.sub(_check_link, text)
    for index, link in enumerate(autolinks):
        text = text.replace(f"\x00{index}\x00", link)
    return text


def _check_link(match: re.Match[str]) -> str:
    if is_safe_url(match.group(2)):
        return match.group(0)
    # Break the link syntax so the text shows as written and never becomes a link.
    return match.group(1).replace("(", "&#40;").replace("[", "&#91;") + match.group(2)


def is_safe_url(url: str) -> bool:
    """True for relative addresses and http(s), mailto and tel links."""
    plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).lower()
    scheme = _SCHEME.match(plain)
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES
