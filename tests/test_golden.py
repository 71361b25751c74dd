"""Golden output: the Markdown our stages generate for a small fixture site.

Regenerate after an intended change with: UPDATE_GOLDEN=1 make test (then review the diff).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.build import generate

GOLDEN = Path(__file__).parent / "golden"
# Pages of the foundation; other emitters (feeds, search, ...) have their own tests.
COVERED = ("index.md", "papers/", "tags/", "digests/", "archive/")


def test_generated_pages_match_the_golden_files(project):
    shutil.rmtree(project.root / "content")
    shutil.copytree(GOLDEN / "content", project.root / "content")
    files = {f.path: f.content for f in generate(project.root).files if f.path.startswith(COVERED)}
    expected_dir = GOLDEN / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, content in files.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_bytes(content)
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_bytes() for p in expected_dir.rglob("*") if p.is_file()
    }
    assert sorted(files) == sorted(expected)
    for path in sorted(files):
        assert files[path].decode() == expected[path].decode(), path
