"""The split search index at 50,000 papers recombined from 10,000 real ones, on a copy of the built site.

    .venv/bin/python -m benchmarks.search_scale --workdir /tmp/pd-s17b-10000 --n 50000 --out /tmp/pd-s17b-50k
    .venv/bin/python -m benchmarks.search_cold --workdir /tmp/pd-s17b-50k --engines paperdigest

--workdir is a built 10,000-paper project (benchmarks.search_corpus, then `paperdigest build`).
Its entries are recombined as benchmarks/search_corpus.py recombines records (copy k of paper
i: paper i's title, the first half of paper i's abstract by sentence and the second half of
paper (i + 7919 k) mod 10,000's, the authors of paper (i + 104729 k) mod 10,000, the date moved
back 2 k years, id "<id>r<k>"), here as entries, not entry files: the copies would not pass
`paperdigest build`'s checks (one entry per arXiv paper, no near-identical titles), and only
the search index is measured. The search files for all n papers are built with an empty memo
(timed) and written into --out, a copy of the built site (hard links, search/ replaced): the
pages are the 10,000 papers', which the search page does not need. Pagefind is not run there:
it would index 10,000 pages, not 50,000.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.build import generate
from generator.emit.search import emitter as search_emit
from generator.runtime import memo

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def recombined(entries: list, n: int) -> list:
    base, out, copy = len(entries), list(entries[:n]), 1
    while len(out) < n:
        for i, entry in enumerate(entries):
            if len(out) >= n:
                break
            other, authors = entries[(i + 7919 * copy) % base], entries[(i + 104_729 * copy) % base]
            mine, theirs = _SENTENCE_END.split(entry.abstract), _SENTENCE_END.split(other.abstract)
            abstract = " ".join(mine[: max(1, len(mine) // 2)] + theirs[len(theirs) // 2 :])
            date = entry.date.replace(year=entry.date.year - 2 * copy, day=min(entry.date.day, 28))
            out.append(
                dataclasses.replace(
                    entry, id=f"{entry.id}r{copy}", abstract=abstract, authors=authors.authors, date=date
                )
            )
        copy += 1
    return sorted(out, key=lambda entry: (entry.date, entry.id))  # oldest first, as emit_search orders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True, help="a built 10,000-paper project")
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--out", type=Path, required=True, help="where the copy of the site goes")
    args = parser.parse_args(argv)
    generated = generate(args.workdir.resolve())
    entries = recombined(list(reversed(generated.catalog.entries)), args.n)
    memo.clear()
    started = time.perf_counter()
    files = search_emit.split_files(entries, generated.catalog)
    built_s = time.perf_counter() - started
    site = args.out.resolve() / "site"
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(args.workdir.resolve() / "site"), str(site)], check=True)
    for folder in ("search", "pagefind"):
        shutil.rmtree(site / folder, ignore_errors=True)
    for file in files:
        path = site / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content)
    manifest = (site / "search" / "manifest.json").read_bytes()
    total = sum(len(gzip.compress(file.content, 6)) for file in files)
    print(
        f"{len(entries)} papers (recombined from {len(generated.catalog.entries)}): "
        f"search index built in {built_s:.1f} s (cold), {len(files)} files, {total / 1024:.0f} KB gzip "
        f"({total / len(entries):.0f} B per paper); "
        f"manifest {len(gzip.compress(manifest, 6)) / 1024:.1f} KB gzip"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
