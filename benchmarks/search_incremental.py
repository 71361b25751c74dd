"""The split search index on a daily update: what one more digest rewrites and what a reader re-downloads;
and the index's build time, cold, after the update and after editing one old paper's abstract.

    .venv/bin/python -m benchmarks.search_incremental --workdir /tmp/pd-s17b-10000

The project in --workdir (benchmarks.search_corpus makes one) is loaded as `paperdigest build`
loads it (generate(), no MkDocs). Its search files are built with an empty memo (cold), then
again with --papers more papers dated the day after the newest (one digest): each takes the
title of one existing paper, the first half of another's abstract and the second half of a
third's (real words, new papers), a new id, and the authors of a fourth. Built warm, as the
daily `paperdigest build` would (the memo of the first build kept).

Every search file is named by a hash of its content (the manifest aside, which browsers
revalidate), so a reader re-downloads exactly the files whose names changed, and only when a
query needs them. Printed: the files rewritten (count, gzip bytes, by kind), and for each
benchmark query, the gzip bytes a reader who ran it yesterday re-downloads today, against
what it fetches cold.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build import generate
from generator.emit.search import emitter as search_emit
from generator.model import OutputFile
from generator.runtime import memo
from generator.write.tree import write_tree

REPO = Path(__file__).resolve().parents[1]
QUERIES = ["diffusion", "low-rank adaptation", "transformer", "quantization", "model merging", "bengio"]
KINDS = {"t": "term chunks", "k": "typo keys", "f": "facets", "d": "titles", "x": "abstracts"}


def digest(entries: list, papers: int) -> list:
    """`papers` new papers (see the module docstring), the day after the newest."""
    day = max(entry.date for entry in entries) + dt.timedelta(days=1)
    n, new = len(entries), []
    for i in range(papers):
        title, first, second, authors = (entries[(i * step) % n] for step in (7919, 104_729, 15_485_863, 3))
        half = lambda text, which: text[len(text) // 2 :] if which else text[: len(text) // 2]  # noqa: E731
        abstract = (
            half(first.abstract, 0).rsplit(" ", 1)[0] + " " + half(second.abstract, 1).split(" ", 1)[-1]
        )
        new.append(
            dataclasses.replace(
                title, id=f"{title.id}-d{i}", date=day, abstract=abstract, authors=authors.authors
            )
        )
    return new


def gz(content: bytes) -> int:
    return len(gzip.compress(content, 6))


def fetched(site: Path, queries: list[str]) -> dict[str, list[str]]:
    core = REPO / "theme" / "assets" / "javascripts" / "pd-search-core.js"
    result = subprocess.run(
        ["node", str(REPO / "benchmarks" / "search_files.js"), str(core), str(site), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--papers", type=int, default=25, help="papers in the new digest (default 25)")
    parser.add_argument(
        "--edit", type=int, default=100, help="the paper (ref, oldest first) whose abstract is edited"
    )
    args = parser.parse_args(argv)
    generated = generate(args.workdir.resolve())
    catalog = generated.catalog
    entries = list(reversed(catalog.entries))
    memo.clear()
    started = time.perf_counter()
    before = {f.path: f.content for f in search_emit.split_files(entries, catalog)}
    cold_s = time.perf_counter() - started
    grown = entries + digest(entries, args.papers)
    started = time.perf_counter()
    after = {f.path: f.content for f in search_emit.split_files(grown, catalog)}
    warm_s = time.perf_counter() - started
    # One old paper's abstract edited (a word appended), the digest kept: the memo of both builds kept.
    old = grown[args.edit]
    edited = [
        *grown[: args.edit],
        dataclasses.replace(old, abstract=old.abstract + " Revised."),
        *grown[args.edit + 1 :],
    ]
    started = time.perf_counter()
    edited_files = {f.path: f.content for f in search_emit.split_files(edited, catalog)}
    edit_s = time.perf_counter() - started
    edit_rewritten = [path for path in edited_files if edited_files[path] != after.get(path)]
    rewritten = sorted(path for path in after if after[path] != before.get(path))
    lines = [
        f"Search index, {len(entries)} papers, then one digest of {args.papers} more",
        "",
        f"build: {cold_s:.1f} s cold, {warm_s:.1f} s after the digest (memo kept), "
        f"{edit_s:.1f} s after editing paper {args.edit}'s abstract ({len(edit_rewritten)} files rewritten)",
        f"files: {len(before)} before, {len(after)} after, {len(rewritten)} rewritten "
        f"({sum(gz(after[p]) for p in rewritten) / 1024:.0f} KB gzip"
        f" of {sum(map(gz, after.values())) / 1024:.0f} KB)",
    ]
    by_kind: dict[str, list[str]] = {}
    for path in rewritten:
        by_kind.setdefault(path.split("/")[1].split(".")[0], []).append(path)
    for kind, paths in sorted(by_kind.items()):
        lines.append(
            f"  {KINDS.get(kind, kind)}: {len(paths)} files, {sum(gz(after[p]) for p in paths) / 1024:.1f} KB"
        )
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        write_tree([OutputFile(p, c) for p, c in after.items()], site)
        needs = fetched(site, QUERIES)
    lines += ["", "| query | fetched cold, KB | re-downloaded after the digest, KB | files re-downloaded |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for query, files in needs.items():
        again = [f for f in files if f == "search/manifest.json" or before.get(f) != after[f]]
        lines.append(
            f"| `{query}` | {sum(gz(after[f]) for f in files) / 1024:.1f} "
            f"| {sum(gz(after[f]) for f in again) / 1024:.1f} | {len(again)} of {len(files)} |"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
