"""What author pages cost a build: the same real records built cold twice, in one run.

    .venv/bin/python -m benchmarks.author_pages            # 10,000 real records (../shared/realdata/)
    .venv/bin/python -m benchmarks.author_pages --n 1249 --min 2

One `paperdigest build --timings` process each (benchmarks/real_build.py): without author pages
(`extra.paperdigest.author_min_papers: 0`) and with them (`--min`, default 5, the default setting).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.real_build import cold_build, write_project
from benchmarks.real_corpus import REPO, load_records

DEFAULT_WORKDIR = Path(__file__).resolve().parent / "out" / "author-pages"


def set_minimum(root: Path, minimum: int) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  paperdigest:\n", f"  paperdigest:\n    author_min_papers: {minimum}\n", 1)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--min", type=int, default=5, help="author_min_papers of the build with pages")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = parser.parse_args(argv)
    records = load_records(args.n)
    runs = {}
    for name, minimum in (("without", 0), ("with", args.min)):
        root = args.workdir / name
        write_project(root, records, escaped=False)
        set_minimum(root, minimum)
        runs[name] = cold_build(root, REPO)
        runs[name]["pages"] = sum(1 for _ in (root / "build" / "docs").rglob("*.md"))
    print(
        f"{len(records):,} real records; author_min_papers {args.min} against no author pages; "
        "one cold build each"
    )
    for name, run in runs.items():
        print(
            f"- {name}: {run['seconds']:.1f} s (our stages {run['ours']:.1f} s, "
            f"MkDocs {run['mkdocs']:.1f} s), {run['pages']:,} pages"
        )
    after, before = runs["with"], runs["without"]
    print(
        f"- with / without: {after['seconds'] / before['seconds']:.2f}× whole build, "
        f"{after['ours'] / before['ours']:.2f}× our stages, {after['mkdocs'] / before['mkdocs']:.2f}× MkDocs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
