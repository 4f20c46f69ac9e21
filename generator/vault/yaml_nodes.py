"""Parse a front matter once with libyaml, keeping the nodes: where each value sits, as written.

libyaml composes the document into nodes (with their lines) in C; Kith builds the values from
those nodes itself for the plain types a contact file holds, and hands anything unusual (aliases,
merge keys, dates, odd tags) to PyYAML's SafeConstructor. So one parse gives both the values and
the exact line of every key, and the values are exactly what `yaml.load(CSafeLoader)` returns.
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor

from .fields import scalar_text

try:
    _Base: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_TAGS: dict[str, str] = {}  # plain scalar text -> the tag YAML resolves it to
_TAGS_MAX = 100_000


class _Loader(_Base):  # type: ignore[misc]
    """The safe libyaml loader, remembering what each plain scalar resolves to.

    Resolving runs a regular expression per scalar in Python; contact files repeat the same
    keys and small values thousands of times. The answer depends only on the text (the safe
    loader has no path resolvers), so remembering it changes nothing but the time.

    libyaml's composer asks three things of the resolver for every node, each a call into
    Python: `descend_resolver` and `ascend_resolver`, which only follow the path resolvers, and
    `resolve`. This loader has no path resolvers, its own empty table even if another library
    adds some to PyYAML's loaders, so the first two are calls in C that do nothing, and a list,
    a mapping or a quoted scalar gets its default tag at once (what `BaseResolver.resolve`
    returns without path resolvers). A tenth less time composing.
    """

    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}
    # Called with (parent, index), and with nothing: calls in C that change nothing.
    descend_resolver: ClassVar[Any] = {}.get
    ascend_resolver: ClassVar[Any] = tuple

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _TAGS.get(value)
            if tag is None:
                if len(_TAGS) >= _TAGS_MAX:
                    _TAGS.clear()
                tag = _TAGS[value] = _Base.resolve(self, kind, value, implicit)
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP


TIMESTAMP = "tag:yaml.org,2002:timestamp"
# What PyYAML's constructors raise, besides YAMLError, for a scalar they cannot build:
# `2026-13-01` (ValueError), `!!bool maybe` (KeyError), `!!timestamp x` (AttributeError).
BUILD_ERRORS = (ValueError, OverflowError, KeyError, TypeError, AttributeError)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _NeedsPyYAML(Exception):
    """The document uses YAML that only PyYAML's own constructor builds faithfully."""


MAX_DEPTH = 50  # lists and mappings inside each other; a contact needs three or four


class TooDeepError(yaml.MarkedYAMLError):
    """Lists and mappings nested past MAX_DEPTH: building them would exhaust Python's stack."""


def compose_front(front: str) -> yaml.Node | None:
    """Parse the front matter into nodes; raises yaml.YAMLError like `yaml.load` would.

    Nodes nested past MAX_DEPTH raise TooDeepError, at the line where they pass it.
    """
    loader = _Loader(front)
    try:
        node: yaml.Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None and _may_nest_deeply(front):
        check_depth(node)
    return node


# What each list or mapping is written with, at least one of its own: a flow list's `[`, a
# flow mapping's `{`, a block list's `-`, a block mapping's `:` (or `?`). A list or mapping of
# scalars is 2 high, so nesting past MAX_DEPTH takes MAX_DEPTH of them, one inside another.
_OPENERS = "[{-:?"


def _may_nest_deeply(front: str) -> bool:
    """Return False when the front matter cannot nest past MAX_DEPTH: no alias (a node met
    again, perhaps inside itself) and fewer openers than that. Nearly every contact's has a
    few dozen, most in its dates; counting them is cheaper than walking the nodes."""
    return "*" in front or sum(map(front.count, _OPENERS)) >= MAX_DEPTH


def check_depth(root: yaml.Node) -> None:
    """Raise TooDeepError when collections nest past MAX_DEPTH, aliases followed.

    Heights are computed once per node (an alias is the same node again), without recursion;
    a node inside itself (`&a [*a]`) is as deep as it gets. A scalar is 1 high and can pass
    nothing: only lists and mappings are visited (most nodes of a contact are scalars).
    """
    if isinstance(root, yaml.ScalarNode):
        return
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()
    # A node to open (None), or one whose inner collections were all measured: them, and 1 if
    # it holds a scalar too.
    stack: list[tuple[yaml.Node, tuple[list[yaml.Node], int] | None]] = [(root, None)]
    while stack:
        node, inner = stack.pop()
        if inner is None:
            if id(node) in heights:
                continue
            if id(node) in open_nodes:
                _too_deep(node)
            open_nodes.add(id(node))
            children = _children(node)
            nested = [child for child in children if not isinstance(child, yaml.ScalarNode)]
            stack.append((node, (nested, 1 if len(nested) < len(children) else 0)))
            stack.extend((child, None) for child in nested)
            continue
        nested, scalar = inner
        height = 1 + max(max((heights[id(c)] for c in nested), default=0), scalar)
        if height > MAX_DEPTH:
            _too_deep(node)
        heights[id(node)] = height
        open_nodes.discard(id(node))


def _too_deep(node: yaml.Node) -> None:
    raise TooDeepError(
        problem=f"nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)",
        problem_mark=node.start_mark,
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def construct_front(
    root: yaml.Node | None, max_values: int
) -> tuple[Any, bool, list[tuple[yaml.ScalarNode, Any]]]:
    """Build what `yaml.load(front, CSafeLoader)` returns, and whether it holds over max_values.

    Values are counted the way a walk of the result counts them (keys included), so a YAML
    alias bomb, which PyYAML builds as shared references, is caught without expanding it.

    But for one thing: a field's name is its text. YAML reads `on:`, `yes:` and `true:` as the
    one key `True` (the last value wins, the others are gone) and `1:` as a number; Kith keeps
    each top-level key as written, and returns each such key's node with what YAML reads it as
    (the owner is told: other tools read it YAML's way).
    """
    if root is None:
        return None, False, []
    builder = _Builder()
    try:
        value = builder.build(root)
    except _NeedsPyYAML:
        value = builder.constructor().construct_document(root)
        odd = _odd_keys(root)
        if odd:
            value = {key.value: _built(node) for key, node in root.value}
        return value, _exceeds(value, max_values), odd
    return value, builder.count > max_values, []


_MERGE = "tag:yaml.org,2002:merge"


def _odd_keys(root: yaml.Node) -> list[tuple[yaml.ScalarNode, Any]]:
    """Return the top-level keys YAML reads as no string, each with what it reads them as;
    none when a key is no scalar or merges a mapping in (`<<:`), which keep YAML's reading."""
    if not isinstance(root, yaml.MappingNode):
        return []
    keys = [key for key, _ in root.value]
    if not all(isinstance(key, yaml.ScalarNode) and key.tag != _MERGE for key in keys):
        return []
    read = [(key, SafeConstructor().construct_object(key)) for key in keys if key.tag != _STR]
    return [(key, value) for key, value in read if type(value) is not str]


def _built(node: yaml.Node) -> Any:
    """Build one value of the front matter, as `construct_front` builds the whole."""
    builder = _Builder()
    try:
        return builder.build(node)
    except _NeedsPyYAML:
        return builder.constructor().construct_object(node, deep=True)


def _exceeds(value: Any, max_values: int) -> bool:
    """Walk at most max_values values; a nested alias bomb stops the walk early."""
    budget = max_values
    stack = [value]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class _Builder:
    """Values from nodes for str/int/bool/null scalars, lists and string-keyed mappings."""

    def __init__(self) -> None:
        self._seen: set[int] = set()
        self._safe: SafeConstructor | None = None
        self.count = 0

    def constructor(self) -> SafeConstructor:
        if self._safe is None:
            self._safe = SafeConstructor()
        return self._safe

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            value: str = node.value
            if tag == _STR:
                return value
            if tag == _INT and value.isdecimal() and value.isascii() and value[0] != "0":
                return int(value)
            if tag == _BOOL:
                return SafeConstructor.bool_values[value.lower()]
            if tag == _NULL:
                return None
            return self.constructor().construct_object(node, deep=True)
        if id(node) in self._seen:  # an alias: PyYAML shares the value (and spots recursion)
            raise _NeedsPyYAML
        self._seen.add(id(node))
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            for key, value_node in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    raise _NeedsPyYAML  # merge keys, `=`, numbers and lists as keys
                self.count += 1
                mapping[key.value] = self.build(value_node)
            return mapping
        raise _NeedsPyYAML


class SourceMap:
    """The node tree of one front matter; `first_line` is its first line in the file."""

    def __init__(self, front: str, first_line: int) -> None:
        self.front = front
        self.first_line = first_line
        self._root: yaml.Node | None = None
        self._composed = False
        self._keys: dict[str, tuple[yaml.Node, yaml.Node]] | None = None
        self._entries: dict[str, dict[str, yaml.Node]] = {}

    def compose(self) -> yaml.Node | None:
        """Parse the front matter into nodes, once; raises yaml.YAMLError on invalid YAML."""
        if not self._composed:
            self._root = compose_front(self.front)
            self._composed = True
        return self._root

    def _node(self) -> yaml.Node | None:
        try:
            return self.compose()
        except yaml.YAMLError:
            self._composed = True
            return None

    def _value_node(self, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
        if self._keys is None:
            root = self._node()
            self._keys = {}
            if isinstance(root, yaml.MappingNode):
                for k, v in root.value:
                    if isinstance(k, yaml.ScalarNode):
                        self._keys.setdefault(k.value, (k, v))
        return self._keys.get(key, (None, None))

    def duplicate_keys(self) -> list[tuple[str, int, int]]:
        """Return (key, line, first line) for every top-level key given more than once."""
        root = self._node()
        first: dict[str, int] = {}
        found = []
        for k, _ in root.value if isinstance(root, yaml.MappingNode) else ():
            if isinstance(k, yaml.ScalarNode):
                line = self.first_line + k.start_mark.line
                if k.value in first:
                    found.append((k.value, line, first[k.value]))
                else:
                    first[k.value] = line
        return found

    def line_of(self, key: str, sub: object = None) -> int:
        """Return the file line of a top-level key, or of one entry under it."""
        key_node, value = self._value_node(key)
        if key_node is None:
            return self.first_line
        found = self._entry(key, value, str(sub)) if sub is not None else None
        node = found or key_node
        return self.first_line + node.start_mark.line

    def _entry(self, key: str, node: yaml.Node | None, wanted: str) -> yaml.Node | None:
        entries = self._entries.get(key)
        if entries is None:
            entries = self._entries[key] = {}
            if isinstance(node, yaml.MappingNode):
                items = [k for k, _ in node.value]
            else:
                items = node.value if isinstance(node, yaml.SequenceNode) else []
            for item in items:
                if isinstance(item, yaml.ScalarNode):
                    entries.setdefault(item.value, item)
        return entries.get(wanted)

    def restore_scalars(self, key: str, value: Any) -> Any:
        """Give back non-string scalars (`no`, `1984`, `2026-01-02`) as the text written."""
        if isinstance(value, str):
            return value
        _, node = self._value_node(key)
        if isinstance(value, (set, frozenset)) and isinstance(node, yaml.MappingNode):
            # `!!set {b, a}`: a Python set has no order; the file has one.
            return [k.value if isinstance(k, yaml.ScalarNode) else str(k) for k, _ in node.value]
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

    def bad_scalar(self) -> tuple[int, str, str]:
        """Find the first scalar that cannot be built (a day that does not exist, `!!int x`)."""
        root = self._node()
        seen: set[int] = set()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                if not _builds(node):
                    return self.first_line + node.start_mark.line, node.value, node.tag
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))
        return self.first_line, "(unknown)", ""


def _builds(node: yaml.ScalarNode) -> bool:
    try:
        SafeConstructor().construct_object(node)
    except (*BUILD_ERRORS, yaml.YAMLError):
        return False
    return True
