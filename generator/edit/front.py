"""Change one value of a front matter as text, leaving every other character as it was.

PyYAML's nodes say where each value starts and ends; an edit replaces that span, inserts a line
after an entry, or removes an entry's lines. Nothing is ever re-serialised, so comments, key
order, quoting, blank lines and line endings outside the edited span stay byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml

from ..vault.scalars import format_scalar
from ..vault.yaml_nodes import compose_front


class LayoutError(Exception):
    """The front matter is written in a way Kith cannot change without rewriting it."""


def compose_root(front: str) -> yaml.MappingNode | None:
    """Return the front matter's top mapping (None when it has no fields yet)."""
    # PyYAML's own composer recurses once per level: refuse what nests too deep first.
    compose_front(front)
    root = yaml.compose(front, Loader=yaml.SafeLoader)
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise LayoutError("the front matter is not a plain 'field: value' block")
    return root


def find_pair(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """Return the (key, value) nodes of `key` in a mapping."""
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def set_value(front: str, key: str, value: str | Sequence[str], nl: str) -> str:
    """Give a top-level field a new value (a formatted scalar, or list items) or add the field."""
    root = compose_root(front)
    pair = find_pair(root, key) if root is not None else None
    if pair is None:
        text = value if isinstance(value, str) else flow_list(value)
        return add_pair(front, root, [f"{key}: {text}"], nl)
    node = checked_value(front, *pair)
    if isinstance(value, str):
        return replace_node(front, node, value)
    if _block_of_scalars(node) and value:
        assert isinstance(node, yaml.SequenceNode)
        return replace_items(front, node, value)
    return replace_node(front, node, _list_like(node, value))


def remove_key(front: str, key: str) -> str:
    """Remove a top-level field and its value; unchanged text when it is not there."""
    root = compose_root(front)
    pair = find_pair(root, key) if root is not None else None
    if root is None or pair is None:
        return front
    return remove_pair(front, root, pair)


def add_pair(front: str, mapping: yaml.MappingNode | None, lines: Sequence[str], nl: str) -> str:
    """Add an entry (its lines, indented relative to the key) as the last of a mapping.

    `mapping` None means the top level of a front matter that has no fields yet.
    """
    if mapping is None:
        sep = "" if not front or front.endswith("\n") else nl
        return front + sep + nl.join(lines) + nl
    if mapping.flow_style:
        if not mapping.value:
            at = mapping.start_mark.index + 1
            return front[:at] + lines[0] + front[at:]
        at = own_end(front, mapping.value[-1][1])
        return front[:at] + ", " + lines[0] + front[at:]
    indent = " " * mapping.value[0][0].start_mark.column
    return insert_lines_after(
        front, own_end(front, mapping.value[-1][1]), [indent + line for line in lines]
    )


def remove_pair(front: str, mapping: yaml.Node, pair: tuple[yaml.Node, yaml.Node]) -> str:
    """Remove one entry of a mapping (its whole lines in block style)."""
    assert isinstance(mapping, yaml.MappingNode)
    items = [(k, v) for k, v in mapping.value]
    index = [k for k, _ in items].index(pair[0])
    if mapping.flow_style:
        spans = [(k.start_mark.index, own_end(front, v)) for k, v in items]
        return _remove_flow_item(front, spans, index)
    return remove_lines(front, pair[0].start_mark.index, own_end(front, pair[1]))


def remove_item(front: str, seq: yaml.SequenceNode, item: yaml.Node) -> str:
    """Remove one item of a sequence (its whole line in block style)."""
    index = seq.value.index(item)
    if seq.flow_style:
        spans = [(n.start_mark.index, own_end(front, n)) for n in seq.value]
        return _remove_flow_item(front, spans, index)
    return remove_lines(front, line_start(front, item.start_mark.index), own_end(front, item))


def _remove_flow_item(front: str, spans: list[tuple[int, int]], index: int) -> str:
    if len(spans) == 1:
        start, end = spans[0]
    elif index + 1 < len(spans):
        start, end = spans[index][0], spans[index + 1][0]
    else:
        start, end = spans[index - 1][1], spans[index][1]
    return front[:start] + front[end:]


def add_item(front: str, seq: yaml.SequenceNode, item: str) -> str:
    """Append an item to a sequence, in the style the sequence already has."""
    if seq.flow_style:
        if not seq.value:
            at = seq.start_mark.index + 1
            return front[:at] + item + front[at:]
        at = own_end(front, seq.value[-1])
        return front[:at] + ", " + item + front[at:]
    first = seq.value[0]
    prefix = front[line_start(front, first.start_mark.index) : first.start_mark.index]
    return insert_lines_after(front, own_end(front, seq.value[-1]), [prefix + item])


def checked_value(front: str, key: yaml.Node, value: yaml.Node) -> yaml.Node:
    """Refuse values whose text is not where the key is (aliases) or that others refer to."""
    start = value.start_mark.index
    if start < key.end_mark.index:
        raise LayoutError(f"'{_key_name(key)}' is a YAML alias (*name)")
    if front.startswith("&", start):
        raise LayoutError(f"'{_key_name(key)}' carries a YAML anchor (&name)")
    return value


def _key_name(key: yaml.Node) -> str:
    return str(key.value) if isinstance(key, yaml.ScalarNode) else "?"


def replace_node(front: str, node: yaml.Node, text: str) -> str:
    """Put `text` where the node's value stands; an empty value gets a space before it."""
    start = node.start_mark.index
    end = own_end(front, node)
    if start == end and isinstance(node, yaml.ScalarNode):
        return front[:start] + " " + text + front[start:]
    return front[:start] + text + front[end:]


def own_end(front: str, node: yaml.Node) -> int:
    """Return where a value's own text ends (PyYAML's end mark runs on to the next token)."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            start = node.start_mark.index
            return line_end(front, start + len(front[start : node.end_mark.index].rstrip()))
        return int(node.end_mark.index)
    assert isinstance(node, yaml.CollectionNode)
    if node.flow_style or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return own_end(front, last[1] if isinstance(last, tuple) else last)


def line_end(text: str, pos: int) -> int:
    """Return the index of the line break that ends the line holding `pos`."""
    end = text.find("\n", pos)
    if end < 0:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def newline_at(text: str, pos: int, default: str) -> str:
    """Return the line break ending the line that holds `pos` (`default` on the last line)."""
    end = text.find("\n", pos)
    if end < 0:
        return default
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def insert_lines_after(text: str, pos: int, lines: Sequence[str]) -> str:
    """Insert lines after the line holding `pos`, with that line's line break."""
    end = line_end(text, pos)
    nl = newline_at(text, pos, "\n")
    return text[:end] + "".join(nl + line for line in lines) + text[end:]


def remove_lines(text: str, start: int, end: int) -> str:
    """Remove the whole lines from the one holding `start` to the one holding `end`."""
    first = line_start(text, start)
    if text[first:start].strip():
        raise LayoutError("an entry shares its line with other text")
    last = line_end(text, end)
    last += 2 if text.startswith("\r\n", last) else 1 if text.startswith("\n", last) else 0
    return text[:first] + text[last:]


def line_start(text: str, pos: int) -> int:
    """Return the index where the line holding `pos` starts."""
    return text.rfind("\n", 0, pos) + 1


def yaml_scalar(value: Any) -> str:
    """Write a value as YAML that reads back as exactly that value (a list as a flow list)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return flow_list([str(v) for v in value])
    return format_scalar(str(value))


def flow_list(items: Sequence[str]) -> str:
    """Format words as a flow list: `[a, b]`."""
    return "[" + ", ".join(format_scalar(i, flow=True) for i in items) + "]"


def _block_of_scalars(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.SequenceNode)
        and not node.flow_style
        and all(isinstance(n, yaml.ScalarNode) for n in node.value)
    )


def replace_items(front: str, seq: yaml.SequenceNode, items: Sequence[str]) -> str:
    """Make a block list hold `items`: lines of items that stay are kept, comments and all."""
    nodes = seq.value
    first = nodes[0]
    dash = front[line_start(front, first.start_mark.index) : first.start_mark.index]
    old = [str(n.value) for n in nodes]
    # An item that only moves takes its own line along: quoting and comment included.
    written = {
        str(n.value): front[
            line_start(front, n.start_mark.index) : line_end(front, own_end(front, n))
        ]
        for n in nodes
    }
    import difflib  # only for a list that changes; a command that edits nothing never needs it

    matcher = difflib.SequenceMatcher(a=old, b=list(items), autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        lines = [written.get(item, dash + format_scalar(item)) for item in items[j1:j2]]
        if i1 == len(nodes):
            front = insert_lines_after(front, own_end(front, nodes[-1]), lines)
            continue
        at = line_start(front, nodes[i1].start_mark.index)
        nl = newline_at(front, at, "\n")
        if i2 > i1:
            front = remove_lines(front, at, own_end(front, nodes[i2 - 1]))
        front = front[:at] + "".join(line + nl for line in lines) + front[at:]
    return front


def _list_like(node: yaml.Node, items: Sequence[str]) -> str:
    """Format a list the way the old value was written: one scalar, or flow."""
    plain_scalar = isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null"
    if plain_scalar and len(items) == 1:
        return format_scalar(items[0], quote=quote_of(node))
    return flow_list(items)


def quote_of(node: yaml.Node | None) -> str:
    """Return the quote character a scalar was written with ('' for plain)."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        return str(node.style)
    return ""
