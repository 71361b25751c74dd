"""Build time on real arXiv papers, before and after math rendering, in one run.

    .venv/bin/python -m benchmarks.real_build                  # 10,000 real records, before = be3a904
    .venv/bin/python -m benchmarks.real_build --n 1249 --before REV

Two cold builds of the same real records (benchmarks/real_corpus.py), each a fresh
`paperdigest build --timings` process:
- after: this checkout, abstracts as arXiv gives them (TeX parsed, math rendered to MathML);
- before: the generator at REV (a git worktree), abstracts escaped into Markdown the way that
  version's `paperdigest import` wrote them (its check refused raw real abstracts).
Then, in this process, what the authors'-text step itself costs over the same titles and
abstracts, cold, against Python-Markdown converting the escaped abstracts (what MkDocs did
with them before). Ratios, since machines here are noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import markdown
import yaml

from benchmarks.corpus import scaffold_project
from benchmarks.real_corpus import REPO, entry_id, entry_text, load_records
from generator.deps.markdown import SITE as EXTENSIONS  # the extensions MkDocs renders with
from generator.runtime import memo
from generator.text import authortext
from generator.text.escape import md_escape
from generator.validate.vocabulary import parse_vocabulary

DEFAULT_WORKDIR = Path(__file__).resolve().parent / "out" / "real-build"


def write_project(root: Path, records: list[dict], escaped: bool) -> None:
    scaffold_project(root)
    shutil.rmtree(root / "content", ignore_errors=True)
    papers = root / "content" / "papers"
    papers.mkdir(parents=True)
    shutil.copy(REPO / "content" / "tags.yml", root / "content" / "tags.yml")
    vocabulary = parse_vocabulary(yaml.safe_load((REPO / "content" / "tags.yml").read_text()), {}, [])
    for record in records:
        abstract = md_escape(" ".join(record["summary"].split())) if escaped else None
        (papers / f"{entry_id(record)}.md").write_text(
            entry_text(record, vocabulary, abstract), encoding="utf-8"
        )


def cold_build(root: Path, code: Path) -> dict:
    for folder in ("build", "site"):
        shutil.rmtree(root / folder, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    start = time.perf_counter()
    command = (
        f"import sys; from generator.commands.cli import main; sys.exit(main(['--project', {str(root)!r}, "
        "'build', '--timings']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", command], capture_output=True, text=True, env=env, cwd=code
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build with {code} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    stages = dict(re.findall(r"^(\S[^\n]*?)\s+(\d+\.\d\d)\s+\d+\s*$", result.stdout, re.M))
    mkdocs = float(stages.get("mkdocs", 0))
    return {"seconds": seconds, "mkdocs": mkdocs, "ours": seconds - mkdocs, "stages": stages}


def worktree(revision: str, workdir: Path) -> Path:
    path = workdir / f"code-{revision}"
    if not path.exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(path), revision],
            check=True,
            capture_output=True,
        )
    return path


def text_costs(records: list[dict]) -> dict:
    """Seconds for the authors'-text step (cold) and for Markdown on the escaped abstracts."""
    memo.clear()
    start = time.perf_counter()
    for record in records:
        authortext.abstract_html(record["summary"])
        authortext.plain(record["summary"])
        authortext.inline_html(record["title"])
        authortext.plain(record["title"])
    ours = time.perf_counter() - start
    renderer = markdown.Markdown(extensions=EXTENSIONS)
    escaped = [md_escape(" ".join(record["summary"].split())) for record in records]
    start = time.perf_counter()
    for text in escaped:
        renderer.reset().convert(text)
    return {
        "authortext": ours,
        "markdown": time.perf_counter() - start,
        "with_math": sum(bool(authortext.abstract_html(r["summary"]).count("<math")) for r in records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="records (default 10000; at most 11,249)")
    parser.add_argument("--before", default="be3a904", help="the revision to compare with (default be3a904)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = parser.parse_args(argv)
    records = load_records(args.n)
    args.workdir.mkdir(parents=True, exist_ok=True)
    write_project(args.workdir / "after", records, escaped=False)
    write_project(args.workdir / "before", records, escaped=True)
    before = cold_build(args.workdir / "before", worktree(args.before, args.workdir))
    after = cold_build(args.workdir / "after", REPO)
    costs = text_costs(records)
    print(f"{len(records):,} real records, {costs['with_math']:,} with math; one cold build each")
    for name, run in (("before " + args.before, before), ("after", after)):
        print(
            f"- {name}: {run['seconds']:.1f} s (our stages {run['ours']:.1f} s, MkDocs {run['mkdocs']:.1f} s)"
        )
    print(
        f"- after / before: {after['seconds'] / before['seconds']:.2f}× whole build, "
        f"{after['ours'] / before['ours']:.2f}× our stages, {after['mkdocs'] / before['mkdocs']:.2f}× MkDocs"
    )
    print("| stage | before (s) | after (s) |\n| --- | ---: | ---: |")
    for stage in dict.fromkeys([*before["stages"], *after["stages"]]):
        print(f"| {stage} | {before['stages'].get(stage, '-')} | {after['stages'].get(stage, '-')} |")
    print(
        f"- authors' text, cold, titles and abstracts: {costs['authortext']:.2f} s; Python-Markdown on the "
        f"escaped abstracts: {costs['markdown']:.2f} s ({costs['authortext'] / costs['markdown']:.2f}×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
