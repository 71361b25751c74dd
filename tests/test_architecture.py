"""The layout the README's "How the pieces fit" describes, held against the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
MODULES = sorted(p for p in GENERATOR.rglob("*.py") if "__pycache__" not in p.parts)
EMIT = GENERATOR / "emit"
# Shared by emitters, emitting nothing themselves.
EMIT_SHARED = {"generator.emit.render", "generator.emit.charts", "generator.emit.figures"}
# Stages may use what comes before them, never what comes after. The build never reaches the
# network: sources/ (what import and enrich read and fetch) is for commands/ alone, and reads
# outside formats knowing nothing of the stages.
LATER = {
    "load": ("validate", "analyze", "emit", "write", "serve", "commands", "sources"),
    "validate": ("analyze", "emit", "write", "serve", "commands", "sources"),
    "analyze": ("emit", "write", "serve", "commands", "sources"),
    "emit": ("write", "serve", "commands", "sources"),
    "text": ("load", "validate", "analyze", "emit", "write", "serve", "commands", "sources"),
    "sources": ("load", "validate", "analyze", "emit", "write", "serve", "commands"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("generator")}


def name_of(path: Path) -> str:
    return ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_module_is_over_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def emitter_of(module: str) -> str | None:
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[:2] == ["generator", "emit"] and len(parts) > 2 else None


@pytest.mark.parametrize("path", sorted(EMIT.rglob("*.py")), ids=lambda p: str(p.relative_to(EMIT)))
def test_emitters_do_not_import_each_other(path):
    own = emitter_of(name_of(path))
    for module in imports_of(path):
        other = emitter_of(module)
        if other and other != own and module not in EMIT_SHARED:
            pytest.fail(f"{name_of(path)} imports {module}: share it through generator/analyze/ instead")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_stages_use_only_earlier_stages(path):
    stage = path.relative_to(GENERATOR).parts[0]
    for module in imports_of(path):
        used = module.split(".")[1] if "." in module else ""
        assert used not in LATER.get(stage, ()), f"{name_of(path)} (stage {stage}) imports {module}"
