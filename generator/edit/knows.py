"""Add, change or remove one tie under `knows`, as text, in whatever style `knows` is written."""

from __future__ import annotations

import yaml

from ..vault.scalars import format_scalar
from ..vault.ties import DEFAULT_STRENGTH, tie_entry, tie_value
from .front import (
    LayoutError,
    add_item,
    add_pair,
    checked_value,
    compose_root,
    find_pair,
    insert_lines_after,
    line_start,
    own_end,
    quote_of,
    remove_item,
    remove_key,
    remove_pair,
    replace_node,
)


def with_tie(front: str, other: str, strength: int | None, how: str | None, nl: str) -> str:
    """Set the tie to `other`: `strength` None keeps it (the default if new); `how` None keeps."""
    root = compose_root(front)
    pair = find_pair(root, "knows") if root is not None else None
    if pair is None:
        entry = tie_entry(other, strength or DEFAULT_STRENGTH, how or "")
        return add_pair(front, root, ["knows:", "  " + entry], nl)
    key, knows = pair[0], checked_value(front, *pair)
    if isinstance(knows, yaml.ScalarNode):
        entry = tie_entry(other, strength or DEFAULT_STRENGTH, how or "")
        return _into_empty(front, key, knows, entry)
    if isinstance(knows, yaml.SequenceNode):
        plain = strength in (None, DEFAULT_STRENGTH) and not how
        if plain:
            if _find_item(knows, other) is not None:
                return front
            return add_item(front, knows, format_scalar(other, flow=True))
        return with_tie(_list_to_mapping(front, key, knows), other, strength, how, nl)
    assert isinstance(knows, yaml.MappingNode)
    found = find_pair(knows, other)
    if found is None:
        entry = tie_entry(other, strength or DEFAULT_STRENGTH, how or "")
        return add_pair(front, knows, [entry], nl)
    return _update(front, found[1], strength, how, nl)


def without_tie(front: str, other: str) -> str:
    """Remove the tie to `other`; `knows` goes too when it was the last one."""
    found = _tie_node(front, other)
    if found is None:
        return front
    knows, node = found
    if len(knows.value) == 1:
        return remove_key(front, "knows")
    if isinstance(knows, yaml.MappingNode):
        pair = find_pair(knows, other)
        assert pair is not None
        return remove_pair(front, knows, pair)
    assert isinstance(knows, yaml.SequenceNode)
    return remove_item(front, knows, node)


def renamed_tie(front: str, old: str, new: str) -> str:
    """Point the tie to `old` at `new` instead, in place: the key or list item is rewritten."""
    found = _tie_node(front, old)
    if found is None:
        return front
    node = found[1]
    return replace_node(front, node, format_scalar(new, flow=True, quote=quote_of(node)))


def _tie_node(
    front: str, other: str
) -> tuple[yaml.MappingNode | yaml.SequenceNode, yaml.Node] | None:
    """Find `knows` and, in it, the key or list item naming `other`."""
    root = compose_root(front)
    pair = find_pair(root, "knows") if root is not None else None
    if pair is None:
        return None
    knows = checked_value(front, *pair)
    if isinstance(knows, yaml.MappingNode):
        found = find_pair(knows, other)
        return (knows, found[0]) if found is not None else None
    if isinstance(knows, yaml.SequenceNode):
        item = _find_item(knows, other)
        return (knows, item) if item is not None else None
    return None


def _into_empty(front: str, key: yaml.Node, knows: yaml.ScalarNode, entry: str) -> str:
    if knows.tag != "tag:yaml.org,2002:null":
        raise LayoutError("knows must list slugs or map slugs to strengths")
    if knows.start_mark.index == knows.end_mark.index:
        indent = " " * (key.start_mark.column + 2)
        return insert_lines_after(front, key.end_mark.index, [indent + entry])
    return replace_node(front, knows, "{" + entry + "}")


def _find_item(seq: yaml.SequenceNode, other: str) -> yaml.Node | None:
    for item in seq.value:
        if isinstance(item, yaml.ScalarNode) and item.value == other:
            return item
    return None


def _list_to_mapping(front: str, key: yaml.Node, seq: yaml.SequenceNode) -> str:
    """Turn `[a, b]` into `{a: 3, b: 3}`, and each `- a` line into `a: 3`, in place."""
    if seq.flow_style:
        entries = [front[n.start_mark.index : own_end(front, n)] for n in seq.value]
        text = "{" + ", ".join(f"{e}: {DEFAULT_STRENGTH}" for e in entries) + "}"
        return replace_node(front, seq, text)
    for item in reversed(seq.value):
        start, end = item.start_mark.index, own_end(front, item)
        first = line_start(front, start)
        prefix = front[first:start]
        if prefix.strip() != "-" or "\n" in front[start:end]:
            raise LayoutError("knows is a list Kith cannot turn into a mapping")
        column = max(len(prefix) - len(prefix.lstrip()), key.start_mark.column + 2)
        entry = f"{' ' * column}{front[start:end]}: {DEFAULT_STRENGTH}"
        front = front[:first] + entry + front[end:]
    return front


def _update(front: str, value: yaml.Node, strength: int | None, how: str | None, nl: str) -> str:
    if isinstance(value, yaml.ScalarNode):
        written = yaml.safe_load(value.value) if value.tag == "tag:yaml.org,2002:int" else None
        current = written if isinstance(written, int) else DEFAULT_STRENGTH
        text = tie_value(current if strength is None else strength, how or "")
        return replace_node(front, value, text)
    if not isinstance(value, yaml.MappingNode):
        raise LayoutError("a tie must be a strength or {strength, how}")
    if strength is not None:
        front = _set_sub(front, value, "strength", str(strength), nl)
        value = _reread(front, value)
    if how is not None:
        front = _set_sub(front, value, "how", how, nl)
    return front


def _set_sub(front: str, mapping: yaml.MappingNode, key: str, text: str, nl: str) -> str:
    found = find_pair(mapping, key)
    if key == "how":
        if not text:
            return front if found is None else remove_pair(front, mapping, found)
        text = format_scalar(text, flow=True, quote=quote_of(found[1]) if found else '"')
    if found is None:
        return add_pair(front, mapping, [f"{key}: {text}"], nl)
    return replace_node(front, found[1], text)


def _reread(front: str, old: yaml.MappingNode) -> yaml.MappingNode:
    """Find the same mapping again after an edit moved the text after it."""
    node = yaml.compose(front, Loader=yaml.SafeLoader)
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            if current.start_mark.index == old.start_mark.index:
                return current
            stack.extend(v for _, v in current.value)
    raise LayoutError("the tie moved while it was being edited")
