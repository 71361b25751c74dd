"""What `paperdigest import` costs: real records imported into an empty project, then again (the
idempotent re-run), and tag suggestion, the step that dominated, against the regex per keyword it
replaced, on the same texts in the same run.

    .venv/bin/python -m benchmarks.import_speed            # 10,000 real records (../shared/realdata/)
    .venv/bin/python -m benchmarks.import_speed --n 1249

The project holds the repository's content/ (its 65 entries and tags.yml), as a curator's would.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.real_corpus import REPO, load_records
from generator.model import Vocabulary
from generator.validate.vocabulary import suggest_tags, without_tex

DEFAULT_WORKDIR = Path(__file__).resolve().parent / "out" / "import-speed"


def regex_suggest_tags(vocabulary: Vocabulary, text: str, limit: int = 4) -> list[str]:
    """suggest_tags as it was: one regex search per keyword."""
    lowered = without_tex(text).lower()
    scored = []
    for order, tag in enumerate(vocabulary.tags):
        hits = sum(
            1 for keyword in tag.keywords if re.search(r"(?<![a-z0-9])" + re.escape(keyword.lower()), lowered)
        )
        if hits:
            scored.append((-hits, order, tag.slug))
    return [slug for _, _, slug in sorted(scored)[:limit]]


def timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = parser.parse_args(argv)
    records = load_records(args.n)
    root = args.workdir / "project"
    shutil.rmtree(args.workdir, ignore_errors=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    source = args.workdir / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    command = [sys.executable, "-c", "import sys; from generator.commands.cli import main; sys.exit(main())"]
    command += ["--project", str(root), "import", str(source)]

    def run() -> str:
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
        return done.stdout.splitlines()[-1]

    cold, summary = timed(run)
    again, summary_again = timed(run)

    from generator.commands.entryfiles import entry_checker

    vocabulary = entry_checker(root)[0].vocabulary
    texts = [r["title"] + "\n" + r["summary"] + "\n" + " ".join(r["categories"]) for r in records]
    ours, found = timed(lambda: [suggest_tags(vocabulary, t) for t in texts])
    theirs, expected = timed(lambda: [regex_suggest_tags(vocabulary, t) for t in texts])
    assert found == expected, "the two suggest the same tags"
    print(
        f"{len(records):,} real records into a project of 65 entries; one `paperdigest import` process each"
    )
    print(f"- import, cold: {cold:.1f} s ({cold / len(records) * 1000:.1f} ms a paper): {summary}")
    print(f"- import again: {again:.1f} s: {summary_again}")
    print(
        f"- tag suggestion: str.find {ours:.2f} s, regex per keyword {theirs:.2f} s: "
        f"{theirs / ours:.1f}× faster ({len(vocabulary.tags)} tags)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
