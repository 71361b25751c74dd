"""content/tags.yml, read as plain YAML (its checks are generator/validate/vocabulary.py's)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import Problem
from generator.limits import MAX_VOCABULARY_BYTES
from generator.load.documents import PLAIN_YAML, decode
from generator.load.files import SYMLINKED_FOLDER, VOCABULARY_FILE, Refused, linked_folder, read_bounded
from generator.load.yamlsafe import NotPlainYAML, error_line, error_summary, load_with_lines


def load_vocabulary(root: Path, problems: list[Problem]) -> tuple[object, dict]:
    path = root / VOCABULARY_FILE
    if not path.exists() and not path.is_symlink():
        problems.append(
            Problem(VOCABULARY_FILE, 0, "file", "is missing (expected a YAML mapping of tag slugs)")
        )
        return None, {}
    linked = linked_folder(root, path)
    try:
        if linked:
            raise Refused(SYMLINKED_FOLDER)
        raw = read_bounded(path, MAX_VOCABULARY_BYTES)
    except Refused as refused:
        problems.append(Problem(linked or VOCABULARY_FILE, 0, "file", refused.message))
        return None, {}
    text = decode(VOCABULARY_FILE, raw, problems)
    if text is None:
        return None, {}
    duplicates: list = []
    try:
        data, lines = load_with_lines(text, duplicates=duplicates)
    except NotPlainYAML as error:
        problems.append(Problem(VOCABULARY_FILE, error.line + 1, "file", f"{error.what} ({PLAIN_YAML})"))
        return None, {}
    except RecursionError:
        problems.append(Problem(VOCABULARY_FILE, 1, "file", f"is nested too deeply ({PLAIN_YAML})"))
        return None, {}
    except yaml.YAMLError as error:
        problems.append(
            Problem(
                VOCABULARY_FILE,
                error_line(error),
                "file",
                f"is not valid YAML: {error_summary(error)} (expected a YAML mapping of tag slugs)",
            )
        )
        return None, {}
    for line, where, key in duplicates:
        inside = " ".join(str(part) for part in where)
        problems.append(
            Problem(
                VOCABULARY_FILE,
                line,
                "file",
                f"{inside + ': ' if inside else ''}'{key}' is given twice "
                "(expected each key once; only the last one would count)",
            )
        )
    return data, lines
