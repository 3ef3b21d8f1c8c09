"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders silently keep the last of two duplicate keys and forget line
numbers once they build Python objects. We compose the node tree with the C
loader instead, build plain data from it ourselves (rejecting duplicate keys),
and keep the tree so any later error can point at the exact line and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",  # dates stay text: "2025-06" and "2025-06-17" alike
}


class DuplicateKey(Exception):
    def __init__(self, key: str, first: yaml.Node, second: yaml.Node):
        self.key, self.first, self.second = key, first, second


@dataclass
class YamlDocument:
    """Plain data of one YAML file plus its node tree, for locating values."""

    data: Any
    root: yaml.Node | None
    duplicates: tuple[DuplicateKey, ...] = ()

    def locate(self, path: Sequence[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the deepest node along `path` that exists."""
        node = self.root
        if node is None:
            return 1, 1
        for step in path:
            child = _child(node, step)
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
            parent = _child(parent, step) if parent is not None else None
        if isinstance(parent, yaml.MappingNode):
            for key, _value in parent.value:
                if key.value == path[-1]:
                    return key.start_mark.line + 1, key.start_mark.column + 1
        return self.locate(path)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def parse_yaml(text: str, collect_duplicates: bool = False) -> YamlDocument:
    """Parse one YAML document; raises yaml.YAMLError, or DuplicateKey at the first duplicate.

    With `collect_duplicates`, every duplicate key is listed in `duplicates` instead (the
    first value is kept), so the checker can report them all and still check the rest.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is None:
        return YamlDocument(None, None)
    duplicates: list[DuplicateKey] | None = [] if collect_duplicates else None
    return YamlDocument(_to_data(root, duplicates), root, tuple(duplicates or ()))


def _to_data(node: yaml.Node, duplicates: list[DuplicateKey] | None = None) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _PLAIN_TAGS:
            return node.value
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, duplicates) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = _to_data(key_node, duplicates)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            if key in seen:
                if duplicates is None:
                    raise DuplicateKey(str(key), seen[key], key_node)
                duplicates.append(DuplicateKey(str(key), seen[key], key_node))
                continue
            seen[key] = key_node
            result[key] = _to_data(value_node, duplicates)
        return result
    raise yaml.YAMLError(f"unsupported YAML node {node!r}")  # pragma: no cover


_SCALARS = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    """Ints, floats, booleans and nulls as YAML 1.1 defines them (no object cache kept)."""
    construct = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if construct is None:
        raise yaml.constructor.ConstructorError(
            None, None, f"unsupported tag {node.tag!r}; write plain YAML values", node.start_mark
        )
    return construct(_SCALARS, node)
