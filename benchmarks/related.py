"""Related-papers scaling: time and peak memory of generator.analyze.related at growing N.

    .venv/bin/python -m benchmarks.related --n 1000 10000 50000
    .venv/bin/python -m benchmarks.related --edit --n 10000 [--project benchmarks/out/scale-10000]

Entries are synthetic (words drawn from the seed abstracts, two tags from the
vocabulary); each size runs in its own process so peak memory is its own.
Linear scaling shows as a constant time per entry.

--edit times the incremental path instead: a full computation (terms already
counted), then one title edit (a new word before entry 0's title) and one abstract
edit (a sentence after it), in the same process (as `paperdigest serve` does) and in
a new process that loads the saved memo cache (as `paperdigest build` does), with
how many entries each had to merge or rescore. --project takes the entries of a
project's content (generate() only reads its build/cache).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def synthetic_entries(n: int, seed: int = 0):
    from generator.model import Entry

    words = re.findall(
        r"[a-z]+",
        " ".join(p.read_text(encoding="utf-8").lower() for p in (REPO / "content" / "papers").glob("*.md")),
    )
    tags = re.findall(r"^([a-z0-9-]+):", (REPO / "content" / "tags.yml").read_text(encoding="utf-8"), re.M)
    rng = random.Random(seed)
    return tuple(
        Entry(
            f"e{i:06d}",
            " ".join(rng.choices(words, k=10)),
            dt.date(2026, 1, 1),
            (),
            tuple(rng.sample(tags, 2)),
            (),
            (),
            " ".join(rng.choices(words, k=230)),
            "",
            (),
            "synthetic",
        )
        for i in range(n)
    )


def run_one(n: int) -> dict:
    from generator.analyze.related import related_entries
    from generator.runtime.timing import peak_rss_mb

    entries = synthetic_entries(n)
    before = peak_rss_mb()
    start = time.perf_counter()
    related = related_entries(entries)
    seconds = time.perf_counter() - start
    assert all(len(ids) <= 5 for ids in related.values()) and any(related.values())  # MIN_SCORE may cut lists
    return {
        "n": n,
        "seconds": seconds,
        "ms_per_entry": 1000 * seconds / n,
        "peak_rss_mb": peak_rss_mb(),
        "rss_growth_mb": peak_rss_mb() - before,
    }


EDITS = {
    "title": lambda entry: {"title": "Zyxwvut " + entry.title},
    "abstract": lambda entry: {
        "abstract": entry.abstract + " We evaluate the approach on standard benchmarks and report results."
    },
}


def corpus(n: int, project: str | None):
    if not project:
        return synthetic_entries(n)
    from generator.build import generate
    from generator.runtime import memo

    entries = generate(Path(project)).catalog.entries
    memo.clear()  # nothing from that project's cache: the full computation below starts from scratch
    return entries


def edited(entries, edit: str):
    # digest=b"": a new digest, as validate gives an edited file (replace() would copy the old one)
    return (dataclasses.replace(entries[0], **EDITS[edit](entries[0]), digest=b""),) + entries[1:]


def timed_update(entries) -> dict:
    from generator.analyze import related

    start = time.perf_counter()
    related.related_entries(entries)
    return {"seconds": time.perf_counter() - start, **related.last_update}


def run_edit(n: int, project: str | None, cache: str) -> dict:
    from generator.analyze.related import terms
    from generator.runtime import memo

    entries = corpus(n, project)
    for entry in entries:
        terms(entry)  # counted, as a rebuild finds them in the cache
    result = {"n": len(entries), "full": timed_update(entries)}
    memo.save(Path(cache))
    for edit in EDITS:  # one after the other: each is one edit away from the state before it
        entries = edited(entries, edit)
        result[edit] = timed_update(entries)
    return result


def run_after_load(n: int, project: str | None, cache: str, edit: str) -> dict:
    from generator.analyze.related import terms
    from generator.runtime import memo

    entries = edited(corpus(n, project), edit)
    memo.load(Path(cache))  # (ignored if the generator's code changed since: then "full" below)
    for entry in entries:
        terms(entry)  # all but the edited entry's from the cache, as validate and analyze would
    return timed_update(entries)


def main_edit(args) -> int:
    import tempfile

    print(
        "| N | step | path | seconds | vectors changed | postings changed | dirty | merged | rescored |\n"
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for n in args.n:
        with tempfile.TemporaryDirectory() as folder:
            cache = str(Path(folder) / "memo.pickle")
            common = ["--n", str(n), "--cache", cache] + (["--project", args.project] if args.project else [])
            rows = json.loads(_child(["--edit-one"] + common))
            rows.update(
                {
                    f"{edit}, new process": json.loads(_child(["--edit-after-load", edit] + common))
                    for edit in EDITS
                }
            )
        for step, r in rows.items():
            if step != "n":
                path = "full" if r["full"] else "incremental"
                print(
                    f"| {rows['n']:,} | {step} | {path} | {r['seconds']:.2f} | {r['changed_vectors']:,} | "
                    f"{r['changed_terms']:,} | "
                    f"{r['merged'] + r['rescored']:,} | {r['merged']:,} | {r['rescored']:,} |",
                    flush=True,
                )
    return 0


def _child(arguments: list[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.related", *arguments], capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--edit", action="store_true", help="time the incremental path after one edit")
    parser.add_argument(
        "--project", help="with --edit: the entries of this project instead of synthetic ones"
    )
    parser.add_argument("--edit-one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--edit-after-load", choices=EDITS, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.edit_one:
        print(json.dumps(run_edit(args.n[0], args.project, args.cache)))
        return 0
    if args.edit_after_load:
        print(json.dumps(run_after_load(args.n[0], args.project, args.cache, args.edit_after_load)))
        return 0
    if args.edit:
        return main_edit(args)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print("| N | seconds | ms per entry | peak RSS MB |\n| ---: | ---: | ---: | ---: |")
    for n in args.n:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.related", "--one", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {n:,} | {r['seconds']:.2f} | {r['ms_per_entry']:.3f} | {r['peak_rss_mb']:.0f} |", flush=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
