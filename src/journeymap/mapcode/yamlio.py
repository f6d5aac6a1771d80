"""YAML flavour of map-as-code: what the dumper writes and what the loader accepts.

Both sides drop PyYAML's implicit timestamp resolver, so ``2026-03-01`` stays a string and
pydantic parses it where the model wants a date (and nowhere else). The dumper also quotes
strings that a YAML 1.2 tool would read as a number (``1e3``, ``.inf``), so editors and
linters see the same types as journeymap does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.resolver import Resolver

_TIMESTAMP = "tag:yaml.org,2002:timestamp"

#: Strings a YAML 1.2 (core schema) reader takes for numbers but PyYAML (YAML 1.1) does not.
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
    r"|0o[0-7]+|0x[0-9a-fA-F]+"
)

#: Characters only a double-quoted scalar round-trips (it escapes them).
_BLOCK_UNSAFE = re.compile("[\r\x85\u2028\u2029\ufeff]|[^\n\t\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]")


def _without_timestamps(
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]],
) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP]
        for first, entries in resolvers.items()
    }


class DocumentDumper(yaml.SafeDumper):
    """Block style, indented lists, no line folding (long lines diff better unwrapped)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class DocumentLoader(yaml.SafeLoader):
    """Safe loader that refuses duplicate keys and aliases instead of silently guessing."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ConstructorError(
                None, None, "aliases (*name) are not supported in workspace documents",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                continue  # PyYAML itself rejects non-scalar keys with a located error
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"found duplicate key {key!r}", key_node.start_mark,
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


DocumentDumper.yaml_implicit_resolvers = _without_timestamps(Resolver.yaml_implicit_resolvers)
DocumentLoader.yaml_implicit_resolvers = _without_timestamps(Resolver.yaml_implicit_resolvers)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> ScalarNode:
    tag = "tag:yaml.org,2002:str"
    if _BLOCK_UNSAFE.search(value):
        # PyYAML writes NEL/LS/PS raw in plain and single-quoted scalars and then reads them
        # back as line breaks; double quotes escape them.
        return dumper.represent_scalar(tag, value, style='"')
    if "\n" in value:
        return dumper.represent_scalar(tag, value, style="|")
    if _YAML12_NUMBER.fullmatch(value):
        return dumper.represent_scalar(tag, value, style="'")
    return dumper.represent_scalar(tag, value)


DocumentDumper.add_representer(str, _represent_str)


def to_yaml(data: Any) -> str:
    text: str = yaml.dump(
        data,
        Dumper=DocumentDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        indent=2,
        width=1_000_000,
    )
    return text


def from_yaml(text: str) -> Any:
    """Parse one YAML document; raises ``yaml.YAMLError`` subclasses with marks."""
    return yaml.load(text, Loader=DocumentLoader)
