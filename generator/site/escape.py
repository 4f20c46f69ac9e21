"""Make text from a contact file harmless where it enters a generated Markdown page.

Values (names, companies, tags, `how`, log text) become inline text: every character Markdown or
HTML could read as syntax is written as a numeric character reference, which every Markdown
engine shows as the character and never as markup. Notes are rendered and sanitised as HTML
instead (`notes.py`).
"""

from __future__ import annotations

import functools
import html
import re

_INLINE = {c: f"&#{ord(c)};" for c in "&<>[]()*_`#|!\\{}~^=:$+"}
_INLINE_TABLE = str.maketrans(_INLINE)


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


# What, at the start of a line, still opens a block once a value is escaped (`md_inline`): a
# bullet or a rule (`-`), a numbered item (`1.`), a pymdownx block (`/// details`, which Kith's
# own site reads) or a collapsible block (`??? note`, pymdownx.details).
_OPENS_BLOCK = re.compile(r"[-/?]|(?<!\d)\d+\.")  # (?<!\d): linear when searched


def md_line_start(text: str) -> str:
    """Return escaped text (`md_inline`) fit to start a line: a first character, or a number's
    dot, that would open a block is written as a numeric character reference too."""
    found = _OPENS_BLOCK.match(text)
    if found is None:
        return text
    at = found.end() - 1
    return f"{text[:at]}&#{ord(text[at])};{text[at + 1 :]}"
