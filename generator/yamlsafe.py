"""YAML loading that keeps line numbers and never guesses types.

Front matter values are strings exactly as written: `1907.05730` must not
become a float and `2026-02-30` must reach the validator as text, not crash
the YAML date constructor.
"""
from __future__ import annotations

import yaml


class TextLoader(yaml.SafeLoader):
    """A SafeLoader whose plain scalars are strings (or None for `~`/empty)."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastTextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsed by libyaml (several times faster) where PyYAML has it."""


FastTextLoader.yaml_implicit_resolvers = TextLoader.yaml_implicit_resolvers


def load_with_lines(text: str, first_line: int = 1) -> tuple[object, dict[tuple, int]]:
    """Parse YAML text; return the data and the 1-based line of every path.

    A path is a tuple of mapping keys and list indexes, e.g. ("tags", 2).
    `first_line` is the file line the text starts on. Raises yaml.YAMLError.
    """
    try:
        node, data = _compose_and_construct(FastTextLoader, text)
    except yaml.YAMLError:
        # Parse again with the pure-Python parser: its messages are the ones we document.
        node, data = _compose_and_construct(TextLoader, text)
    if node is None:
        return None, {}
    lines: dict[tuple, int] = {}
    _record_lines(node, (), lines, first_line)
    return data, lines


def _compose_and_construct(loader_class, text: str):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _record_lines(node, path: tuple, lines: dict, first_line: int) -> None:
    lines[path] = node.start_mark.line + first_line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            _record_lines(value_node, key_path, lines, first_line)
            lines[key_path] = key_node.start_mark.line + first_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines, first_line)


def error_line(error: yaml.YAMLError, first_line: int = 1) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + first_line if mark else first_line


def error_summary(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    return f"{context}, {problem}" if context else str(problem)
