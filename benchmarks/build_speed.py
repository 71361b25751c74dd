"""Build speed against the plain Material site a user would otherwise pick, cold and incremental, in one run.

    .venv/bin/python -m benchmarks.build_speed            # 10,000 real records
    .venv/bin/python -m benchmarks.build_speed --n 1249

Builds, each once, each a fresh process, on the same real records (benchmarks/real_corpus.py):
- plain: mkdocs-material, one page per paper (`# title` + abstract), the search plugin, a minimal nav;
- ours, cold (no build/, no site/), then again with nothing changed, after editing one abstract,
  after adding one digest of 20 papers (records held back from the cold build).
Prints seconds, ratios against plain, and the peak memory of the largest process.

    .venv/bin/python -m benchmarks.build_speed --n 50000 --cold-only   # then --n 10000 --cold-only

Past the 11,229 real records, more are made by recombining them (`recombined`); `--cold-only`
builds ours cold and nothing else, for the 50,000 against 10,000 ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.real_build import write_project
from benchmarks.real_corpus import REPO, entry_id, entry_text, load_records
from generator.validate.vocabulary import parse_vocabulary

DEFAULT_WORKDIR = Path(__file__).resolve().parent / "out" / "build-speed"
PLAIN_YML = """\
site_name: Plain Material
site_url: https://example.org/
theme:
  name: material
  font: false
plugins: [search]
nav:
  - Home: index.md
"""


def write_plain(root: Path, records: list[dict]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    papers = root / "docs" / "papers"
    papers.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(PLAIN_YML, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Papers\n", encoding="utf-8")
    for record in records:
        title, abstract = " ".join(record["title"].split()), " ".join(record["summary"].split())
        (papers / f"{entry_id(record)}.md").write_text(f"# {title}\n\n{abstract}\n", encoding="utf-8")


CPU_SECONDS: dict[str, float] = {}  # per command line: the CPU time of the processes it ran


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    """Seconds, and what the site build said of the pages it reused (PAPERDIGEST_DEBUG). The CPU
    seconds of its processes go to CPU_SECONDS: on a machine shared with other work they move far
    less than wall-clock seconds, so their ratios are the steadier ones."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    CPU_SECONDS[" ".join(command)] = _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    said = [line for line in result.stderr.splitlines() if line.startswith("site build: ")]
    return seconds, said[-1].removeprefix("site build: ").split(", key")[0] if said else "site/ unchanged"


def fresh_project(root: Path, records: list[dict]) -> None:
    """The project's content, with no build/ and no site/ left by an earlier run: a cold build."""
    for folder in ("build", "site"):
        shutil.rmtree(root / folder, ignore_errors=True)
    write_project(root, records, escaped=False)


def cpu_of_last() -> float:
    return list(CPU_SECONDS.values())[-1]


def ours(root: Path) -> tuple[float, str]:
    command = (  # what the `paperdigest` console script runs
        "import sys; from generator.commands.console import run; "
        f"sys.argv = ['paperdigest', '--project', {str(root)!r}, 'build']; run()"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), PAPERDIGEST_DEBUG="1")
    return timed([sys.executable, "-c", command], REPO, env)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def recombined(records: list[dict], n: int) -> list[dict]:
    """`n` records: the real ones, then new ones recombining them, each with the date of one record,
    its title and another's, the first half of its abstract and the second half of the other's, its
    authors' given names with the other's family names (copying the authors whole would make every
    real author five times as prolific at 50,000, and their pages and feeds with them), and an arXiv
    id of its own (9101.00000 onwards: no real record has one)."""
    found = list(records[:n])
    k = 0
    while len(found) < n:
        index, round_ = k % len(records), k // len(records) + 1
        first, other = records[index], records[(index * 7 + round_ * 1009 + 1) % len(records)]
        head, tail = first["summary"].split(". "), other["summary"].split(". ")
        summary = ". ".join(head[: (len(head) + 1) // 2] + tail[(len(tail) + 1) // 2 :])
        title = f"{first['title']}: {' '.join(other['title'].split(':')[0].split()[:6])}"[:300].rstrip()
        family = [name.split()[-1] for name in other["authors"]] or [""]
        authors = [
            " ".join([*name.split()[:-1], family[n % len(family)]]) if len(name.split()) > 1 else name
            for n, name in enumerate(first["authors"])
        ]
        copy = dict(first, id=f"{90 + round_}01.{index:05d}", title=title, summary=summary, authors=authors)
        found.append(copy)
        k += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=10_000, help="records (default 10000; past 11,229 recombined)"
    )
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--cold-only", action="store_true", help="only our cold build")
    args = parser.parse_args(argv)
    records = recombined(load_records(), args.n + 20)
    base, added = records[: args.n], records[args.n :]
    args.workdir.mkdir(parents=True, exist_ok=True)
    plain_root, root = args.workdir / "plain", args.workdir / "ours"
    if args.cold_only:
        fresh_project(root, base)
        cold, _ = ours(root)
        print(f"{args.n:,} records, {os.cpu_count()} cores: paperdigest build, cold: {cold:.1f} s", end="")
        print(f"; peak {peak_mb():.0f} MB")
        return 0
    write_plain(plain_root, base)
    plain, _ = timed([sys.executable, "-m", "mkdocs", "build", "--quiet"], plain_root)
    plain_cpu, plain_peak = cpu_of_last(), peak_mb()
    fresh_project(root, base)
    cold, _ = ours(root)
    cold_cpu, cold_peak = cpu_of_last(), peak_mb()
    unchanged, unchanged_said = ours(root)
    unchanged_cpu = cpu_of_last()
    paper = root / "content" / "papers" / f"{entry_id(base[len(base) // 2])}.md"
    paper.write_text(
        paper.read_text(encoding="utf-8").rstrip("\n") + " One edited sentence.\n", encoding="utf-8"
    )
    edited, edited_said = ours(root)
    edited_cpu = cpu_of_last()
    vocabulary = parse_vocabulary(
        __import__("yaml").safe_load((REPO / "content" / "tags.yml").read_text()), {}, []
    )
    newest = max(dt.date.fromisoformat(r["listed"]) for r in base)
    for record in added:
        record = dict(record, listed=(newest + dt.timedelta(days=1)).isoformat())
        (root / "content" / "papers" / f"{entry_id(record)}.md").write_text(
            entry_text(record, vocabulary, None), encoding="utf-8"
        )
    digest, digest_said = ours(root)
    digest_cpu = cpu_of_last()
    print(f"{args.n:,} real records, {os.cpu_count()} cores; each build once, in this run")
    load = os.getloadavg()[0]
    print(f"(wall-clock seconds; CPU seconds of the build's processes in brackets; load now {load:.1f})")
    print(f"- plain Material (search plugin): {plain:.1f} s [{plain_cpu:.1f}], peak {plain_peak:.0f} MB")
    print(
        f"- paperdigest build, cold: {cold:.1f} s [{cold_cpu:.1f}] = {cold / plain:.2f}× plain "
        f"[{cold_cpu / plain_cpu:.2f}×]; peak {cold_peak:.0f} MB"
    )
    for name, seconds, cpu, said in (
        ("nothing changed", unchanged, unchanged_cpu, unchanged_said),
        ("one edited abstract", edited, edited_cpu, edited_said),
        ("one new digest of 20 papers", digest, digest_cpu, digest_said),
    ):
        share = f"{seconds / cold:.0%} of cold [{cpu / cold_cpu:.0%}]"
        print(f"- {name}: {seconds:.1f} s [{cpu:.1f}] = {share} ({said})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
