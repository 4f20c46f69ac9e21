"""Write one value as a YAML scalar that reads back as exactly that value."""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

# libyaml composes in C, about ten times faster than PyYAML's own parser, but accepts some
# plain scalars PyYAML refuses (`[0?]`, tabs): it decides only for texts made of the
# characters below, where property tests find the two always agree; PyYAML decides the rest.
_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WORDS = re.compile(r"[^\W_][\w .'()/&+-]*")
_BLOCK_WORDS = re.compile(r"[^\W_][\w .'()/&+,:@%=?#~-]*")  # URLs and addresses too

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """What YAML lets stand unescaped in a double-quoted scalar (PyYAML's printable set, less
    the characters it would read as line breaks). Compiled when first written: its ranges take
    8 ms to compile, and most commands only read."""
    return re.compile(
        "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )


def format_scalar(text: str, *, flow: bool = False, quote: str = "", typed_ok: bool = False) -> str:
    """Return `text` plain when YAML reads it back unchanged, else quoted (`quote` preferred).

    `typed_ok` allows a plain scalar that YAML reads as a number, date or boolean (for fields
    Kith shows as written); otherwise a plain scalar must read back as this very string.
    """
    if not quote and plain_ok(text, flow=flow, typed_ok=typed_ok):
        return text
    if quote == "'" and not _unsafe().search(text):
        return "'" + text.replace("'", "''") + "'"
    return double_quoted(text)


@functools.lru_cache(maxsize=1 << 14)
def plain_ok(text: str, *, flow: bool = False, typed_ok: bool = False) -> bool:
    """Tell whether `text` can stand unquoted, in a block or a flow (`[...]`) context."""
    if not text or text != text.strip() or _unsafe().search(text):
        return False
    document = f"[{text}]" if flow else f"- {text}"
    try:
        agreed = (_WORDS if flow else _BLOCK_WORDS).fullmatch(text)
        loader = _FAST if agreed else yaml.SafeLoader
        node = yaml.compose(document, Loader=loader)
    except yaml.YAMLError:
        return False
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
        return False
    item = node.value[0]
    # A plain scalar has no style: None from PyYAML, "" from libyaml.
    if not isinstance(item, yaml.ScalarNode) or item.style or item.value != text:
        return False
    return item.tag == _STR or (typed_ok and item.tag != _NULL)


def double_quoted(text: str) -> str:
    """Quote with `"`, escaping what YAML would not read back as itself."""
    out = ['"']
    unsafe = _unsafe()
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _SHORT:
            out.append(_SHORT[char])
        elif unsafe.match(char):
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
