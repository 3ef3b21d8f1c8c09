"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders silently keep the last of two duplicate keys and forget line
numbers once they build Python objects. We compose the node tree with the C
loader instead, build plain data from it ourselves (rejecting duplicate keys),
and keep the tree so any later error can point at the exact line and column.

A fact file comes from a pull request, so nothing in it may cost more than its size:
aliases are refused (a nine-line alias bomb expands to gigabytes, a recursive one
never ends), nesting is bounded before the C composer recurses (it crashes the
process at some 30,000 levels), numbers are bounded, and only plain tags are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_NESTING = 40  # a fact file needs 7 levels; Python's own recursion stays far away
MAX_NUMBER_CHARS = 100  # int() of thousands of digits is refused by Python, slowly
ALIAS_FIX = ("write the value out in full: an alias (*name of an &name) can expand a few "
             "lines into gigabytes, so fact files and front matter may not use them")
_COMPOSER_SAFE_NESTING = 1000  # the C composer recurses once per level: safe well below 30,000
_SCALAR_TAGS = frozenset({
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float"})
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",  # dates stay text: "2025-06" and "2025-06-17" alike
}


_STR_TAG = "tag:yaml.org,2002:str"
# First letters of the plain scalars YAML may read as something other than text (numbers,
# booleans, null, ...): every other plain scalar is text without trying a pattern.
_MAYBE_NOT_TEXT = frozenset(first for first in yaml.SafeLoader.yaml_implicit_resolvers if first)


class _Loader(_BaseLoader):
    """The safe loader, answering the tag of most scalars at once: the composer asks for
    every one (a third of composing a fact file went on trying patterns against prose)."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in
                                                            _MAYBE_NOT_TEXT)):
            return _STR_TAG  # quoted, or plain and not starting as a number or a keyword
        return super().resolve(kind, value, implicit)


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that is valid but refused in a fact file, with where and how to fix it."""

    def __init__(self, problem: str, mark: Any, fix: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


class DuplicateKey(Exception):
    def __init__(self, key: str, first: yaml.Node, second: yaml.Node):
        self.key, self.first, self.second = key, first, second


@dataclass
class YamlDocument:
    """Plain data of one YAML file plus its node tree, for locating values."""

    data: Any
    root: yaml.Node | None
    duplicates: tuple[DuplicateKey, ...] = ()
    # Each mapping's entries by key, made the first time a problem points into it: a fact
    # with 20,000 unknown fields is 20,000 problems, and scanning its keys for each of them
    # took minutes.
    _entries: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(
        default_factory=dict, repr=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the deepest node along `path` that exists."""
        node = self.root
        if node is None:
            return 1, 1
        for step in path:
            child = self._child(node, step)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def locate_key(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Like `locate`, but for a mapping entry point at its key rather than its value."""
        if not path:
            return self.locate(path)
        parent = self.root
        for step in path[:-1]:
            parent = self._child(parent, step) if parent is not None else None
        if isinstance(parent, yaml.MappingNode):
            entry = self._entry(parent, path[-1])
            if entry is not None:
                return entry[0].start_mark.line + 1, entry[0].start_mark.column + 1
        return self.locate(path)

    def _child(self, node: yaml.Node, step: str | int) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            entry = self._entry(node, step)
            return entry[1] if entry is not None else None
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            return node.value[step]
        return None

    def _entry(self, node: yaml.MappingNode, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """(key node, value node) of `key` in a mapping (the first, if the key is repeated)."""
        entries = self._entries.get(id(node))
        if entries is None:
            entries = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    entries.setdefault(key_node.value, (key_node, value_node))
            self._entries[id(node)] = entries
        return entries.get(key)


def parse_yaml(text: str, collect_duplicates: bool = False) -> YamlDocument:
    """Parse one YAML document; raises yaml.YAMLError, or DuplicateKey at the first duplicate.

    With `collect_duplicates`, every duplicate key is listed in `duplicates` instead (the
    first value is kept), so the checker can report them all and still check the rest.
    """
    _refuse_aliases_and_deep_nesting(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        return YamlDocument(None, None)
    duplicates: list[DuplicateKey] | None = [] if collect_duplicates else None
    return YamlDocument(_to_data(root, duplicates), root, tuple(duplicates or ()))


def _refuse_aliases_and_deep_nesting(text: str) -> None:
    """Raise YamlRefused at the first alias or the first level past MAX_NESTING.

    Walking the event stream costs about half of composing, so it is done only when it
    can find something: an alias needs a '*', and a block collection is nested one level
    deeper only at a later column (two levels per column at most), a flow one only by a
    bracket; a text without '*' whose bound is small composes safely and `_to_data`
    checks its exact depth.
    """
    if "*" not in text:
        longest_line = max(map(len, text.split("\n")))
        bound = 2 * (longest_line + 1) + text.count("[") + text.count("{") + 2
        if bound <= _COMPOSER_SAFE_NESTING:
            return
    parser = _Loader(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent):
                raise YamlRefused(f"YAML alias '*{event.anchor}': aliases are not allowed here",
                                  event.start_mark, ALIAS_FIX)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                return
    finally:
        parser.dispose()


def _too_deep(mark: Any) -> YamlRefused:
    return YamlRefused(f"YAML nested more than {MAX_NESTING} levels deep", mark,
                       "a fact file needs a few levels (section, entry, field, list); "
                       "check the indentation and the brackets")


def _to_data(node: yaml.Node, duplicates: list[DuplicateKey] | None = None,
             depth: int = 0) -> Any:
    if type(node) is yaml.ScalarNode:
        return node.value if node.tag in _PLAIN_TAGS else _scalar(node)
    if depth >= MAX_NESTING:
        raise _too_deep(node.start_mark)
    if node.tag not in _COLLECTION_TAGS:
        raise _unsupported_tag(node)
    # Text scalars, most of a file, are read inline rather than through a call each.
    if isinstance(node, yaml.SequenceNode):
        return [item.value if type(item) is yaml.ScalarNode and item.tag in _PLAIN_TAGS
                else _to_data(item, duplicates, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is yaml.ScalarNode and key_node.tag in _PLAIN_TAGS:
                key = key_node.value
            else:
                key = _to_data(key_node, duplicates, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
            if key in seen:
                if duplicates is None:
                    raise DuplicateKey(str(key), seen[key], key_node)
                duplicates.append(DuplicateKey(str(key), seen[key], key_node))
                continue
            seen[key] = key_node
            result[key] = (value_node.value if type(value_node) is yaml.ScalarNode
                           and value_node.tag in _PLAIN_TAGS
                           else _to_data(value_node, duplicates, depth + 1))
        return result
    raise yaml.YAMLError(f"unsupported YAML node {node!r}")  # pragma: no cover


_SCALARS = yaml.SafeLoader("")


def _unsupported_tag(node: yaml.Node) -> YamlRefused:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return YamlRefused(f"unsupported YAML tag '{tag}'", node.start_mark,
                       "write plain YAML values: text, numbers, lists and mappings")


def _scalar(node: yaml.ScalarNode) -> Any:
    """Ints, floats, booleans and nulls as YAML 1.1 defines them (no object cache kept)."""
    if node.tag not in _SCALAR_TAGS:
        raise _unsupported_tag(node)
    if len(node.value) > MAX_NUMBER_CHARS:
        raise YamlRefused(f"a number {len(node.value):,} characters long (at most "
                          f"{MAX_NUMBER_CHARS})", node.start_mark,
                          "quote it if it is text; no field takes a number this long")
    try:
        return yaml.SafeLoader.yaml_constructors[node.tag](_SCALARS, node)
    except (ValueError, TypeError, KeyError):  # "!!int abc", "!!bool maybe": not of that tag
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlRefused(f"'{node.value}' is not a value of YAML tag '{tag}'",
                          node.start_mark, "remove the tag; write plain YAML values") from None
