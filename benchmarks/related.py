"""Related-papers scaling: time and peak memory of generator.related at growing N.

    .venv/bin/python -m benchmarks.related --n 1000 10000 50000

Entries are synthetic (words drawn from the seed abstracts, two tags from the
vocabulary); each size runs in its own process so peak memory is its own.
Linear scaling shows as a constant time per entry.
"""
from __future__ import annotations

import argparse
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

    words = re.findall(r"[a-z]+", " ".join(p.read_text(encoding="utf-8").lower() for p in (REPO / "content" / "papers").glob("*.md")))
    tags = re.findall(r"^([a-z0-9-]+):", (REPO / "content" / "tags.yml").read_text(encoding="utf-8"), re.M)
    rng = random.Random(seed)
    return tuple(
        Entry(f"e{i:06d}", " ".join(rng.choices(words, k=10)), dt.date(2026, 1, 1), (), tuple(rng.sample(tags, 2)), (), (),
              " ".join(rng.choices(words, k=230)), "", (), "synthetic")
        for i in range(n)
    )


def run_one(n: int) -> dict:
    from generator.related import related_entries
    from generator.stages import peak_rss_mb

    entries = synthetic_entries(n)
    before = peak_rss_mb()
    start = time.perf_counter()
    related = related_entries(entries)
    seconds = time.perf_counter() - start
    assert all(len(ids) == 5 for ids in related.values())
    return {"n": n, "seconds": seconds, "ms_per_entry": 1000 * seconds / n, "peak_rss_mb": peak_rss_mb(),
            "rss_growth_mb": peak_rss_mb() - before}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print("| N | seconds | ms per entry | peak RSS MB |\n| ---: | ---: | ---: | ---: |")
    for n in args.n:
        out = subprocess.run([sys.executable, "-m", "benchmarks.related", "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {n:,} | {r['seconds']:.2f} | {r['ms_per_entry']:.3f} | {r['peak_rss_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
