"""Where a value sits in the front matter, and how the owner spelled it.

The fast path parses with libyaml and never needs this. Only when a problem must name a line, or a
value must be shown as written (`tags: [no]` is `False` to YAML), is the front matter composed
into nodes, once per file.
"""

from __future__ import annotations

from typing import Any

import yaml

from .fields import scalar_text

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SourceMap:
    """Lazy node tree of one front matter; `first_line` is its first line in the file."""

    def __init__(self, front: str, first_line: int) -> None:
        self.front = front
        self.first_line = first_line
        self._root: yaml.Node | None = None
        self._composed = False

    def _node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.front, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _value_node(self, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
        root = self._node()
        if isinstance(root, yaml.MappingNode):
            for k, v in root.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return k, v
        return None, None

    def line_of(self, key: str, sub: object = None) -> int:
        """Return the file line of a top-level key, or of one entry under it."""
        key_node, value = self._value_node(key)
        if key_node is None:
            return self.first_line
        found = _find_entry(value, sub) if sub is not None else None
        node = found or key_node
        return self.first_line + node.start_mark.line

    def restore_scalars(self, key: str, value: Any) -> Any:
        """Give back non-string scalars (`no`, `1984`, `2026-01-02`) as the text written."""
        if isinstance(value, str):
            return value
        _, node = self._value_node(key)
        if isinstance(value, list) and isinstance(node, yaml.SequenceNode):
            return [
                n.value if isinstance(n, yaml.ScalarNode) and not isinstance(v, str) else v
                for v, n in zip(value, node.value, strict=False)
            ]
        if isinstance(node, yaml.ScalarNode) and not isinstance(value, (dict, list)):
            return node.value
        return value

    def display(self, key: str, value: Any) -> str:
        """Show a field the way it stands in the file (used for fields Kith does not know)."""
        if isinstance(value, str):
            return value
        _, node = self._value_node(key)
        if node is None:
            return scalar_text(value)
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        text = self.front[node.start_mark.index : node.end_mark.index]
        return " ".join(text.split())

    def bad_timestamp(self) -> tuple[int, str]:
        """Find the first date-looking value that names no real day."""
        root = self._node()
        seen: set[int] = set()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                if node.tag == _TIMESTAMP and not _is_date(node.value):
                    return self.first_line + node.start_mark.line, node.value
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))
        return self.first_line, "(unknown)"


def _find_entry(node: yaml.Node | None, sub: object) -> yaml.Node | None:
    wanted = str(sub)
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == wanted:
                return k
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == wanted:
                return item
    return None


def _is_date(text: str) -> bool:
    try:
        yaml.load(text, Loader=_Loader)
    except (ValueError, OverflowError, yaml.YAMLError):
        return False
    return True
