"""YAML loading that keeps line numbers and never guesses types.

Front matter values are strings exactly as written: `1907.05730` must not
become a float and `2026-02-30` must reach the validator as text, not crash
the YAML date constructor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from generator.limits import MAX_YAML_DEPTH


class TextLoader(yaml.SafeLoader):
    """A SafeLoader whose plain scalars are strings (or None for `~`/empty)."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


if TYPE_CHECKING:  # the same interface, whichever PyYAML has
    _FastSafeLoader = yaml.SafeLoader
else:
    _FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FastTextLoader(_FastSafeLoader):
    """The same, parsed by libyaml (several times faster) where PyYAML has it."""


FastTextLoader.yaml_implicit_resolvers = TextLoader.yaml_implicit_resolvers


class NotPlainYAML(yaml.YAMLError):
    """YAML that parses but is refused: anchors, aliases, explicit tags, deep nesting.

    An alias makes one node count many times ("billion laughs": ten lines that expand
    to gigabytes), and deep nesting exhausts the recursion of the loader; neither has
    any use in an entry. `line` is 0-based, like a yaml Mark's.
    """

    def __init__(self, line: int, what: str):
        super().__init__(what)
        self.line = line
        self.what = what


def load_with_lines(
    text: str, first_line: int = 1, duplicates: list | None = None
) -> tuple[object, dict[tuple, int]]:
    """Parse YAML text; return the data and the 1-based line of every path.

    A path is a tuple of mapping keys and list indexes, e.g. ("tags", 2).
    `first_line` is the file line the text starts on. Raises yaml.YAMLError,
    NotPlainYAML for anchors, aliases, tags or nesting deeper than MAX_YAML_DEPTH.
    Keys written twice in one mapping are appended to `duplicates` as
    (1-based line of the second, path of the mapping, key).
    """
    try:
        node, data = _compose_and_construct(FastTextLoader, text)
    except NotPlainYAML:
        raise
    except yaml.YAMLError:
        # Parse again with the pure-Python parser: its messages are the ones we document.
        node, data = _compose_and_construct(TextLoader, text)
    if node is None:
        return None, {}
    lines: dict[tuple, int] = {}
    _record_lines(node, lines, first_line, duplicates if duplicates is not None else [])
    return data, lines


def _compose_and_construct(loader_class, text: str):
    check_plain(loader_class, text)  # before composing: the composer recurses, an alias multiplies
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def check_plain(loader_class, text: str) -> None:
    """Raise NotPlainYAML at the first anchor, alias, explicit tag or too deep a nesting.

    Reads parser events, which come from a loop, not a recursion: any depth is safe here.
    """
    loader = loader_class(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line
            if isinstance(event, yaml.AliasEvent):
                raise NotPlainYAML(line, f"uses the alias '*{event.anchor}'")
            if getattr(event, "anchor", None) is not None:
                raise NotPlainYAML(line, f"uses the anchor '&{event.anchor}'")
            tag = getattr(event, "tag", None)
            if (
                tag is not None
                and tag != "!"
                and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0])
            ):
                raise NotPlainYAML(line, f"uses the tag {tag!r}")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise NotPlainYAML(
                        line, f"nests lists and mappings more than {MAX_YAML_DEPTH} levels deep"
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _record_lines(root, lines: dict, first_line: int, duplicates: list) -> None:
    """Every path's line, and keys given twice; a loop over a tree check_plain bounded."""
    pending: list[tuple[Any, tuple]] = [(root, ())]
    while pending:
        node, path = pending.pop()
        lines.setdefault(path, node.start_mark.line + first_line)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)
                key_path = path + (key,)
                if key in seen:
                    duplicates.append((key_node.start_mark.line + first_line, path, key))
                    continue  # the first one's lines stay: that is the line a reviewer reads
                seen.add(key)
                lines[key_path] = key_node.start_mark.line + first_line
                pending.append((value_node, key_path))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                pending.append((item, path + (index,)))


def error_line(error: yaml.YAMLError, first_line: int = 1) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + first_line if mark else first_line


def error_summary(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    return f"{context}, {problem}" if context else str(problem)
