"""Scale benchmark: build synthetic digests of N papers and compare with plain mkdocs-material.

    .venv/bin/python -m benchmarks.scale                 # N = 1,000 and 10,000
    .venv/bin/python -m benchmarks.scale --n 50000       # on request
    .venv/bin/python -m benchmarks.scale --blog --serve  # plus the blog baseline and the serve latency

For each N, every job runs in its own process (peak memory is its own):
our full build per stage; plain mkdocs building the same generated Markdown;
our stages again after editing one entry; optionally Material's blog+tags
plugins with mkdocs-rss-plugin on the same corpus, and `paperdigest serve`'s
edit-to-page latency. Ratios are against baselines measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.blog_baseline import write_blog_project
from benchmarks.corpus import scaffold_project, write_corpus

DEFAULT_WORKDIR = Path(__file__).resolve().parent / "out"


def prepare(root: Path, n: int, seed: int) -> None:
    """The current code and theme, over a corpus written once per (n, seed)."""
    marker = root / "corpus.json"
    wanted = {"n": n, "seed": seed}
    scaffold_project(root)
    if not marker.exists() or json.loads(marker.read_text()) != wanted:
        shutil.rmtree(root / "content", ignore_errors=True)
        write_corpus(root, n, seed)
        marker.write_text(json.dumps(wanted))
    for folder in ("build", "site", "plain-site"):
        shutil.rmtree(root / folder, ignore_errors=True)


def job(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale_run", *args], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"job {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def edit_one_entry(root: Path) -> tuple[Path, bytes]:
    papers = sorted((root / "content" / "papers").glob("*.md"))
    target = papers[len(papers) // 2]
    original = target.read_bytes()
    target.write_bytes(original.rstrip(b"\n") + b" Edited for the rebuild benchmark.\n")
    return target, original


def sizes(root: Path, n: int) -> dict:
    site = root / "site"
    entry_pages = list((site / "papers").glob("*/index.html"))
    listing_pages = [
        p for folder in ("tags", "digests", "archive") for p in (site / folder).rglob("index.html")
    ]
    search = [p for p in (site / "search").rglob("*") if p.is_file()] if (site / "search").exists() else []
    return {
        "entry_page_bytes": sum(p.stat().st_size for p in entry_pages) / max(1, len(entry_pages)),
        "listing_page_bytes": sum(p.stat().st_size for p in listing_pages) / max(1, len(listing_pages)),
        "largest_page_bytes": max(p.stat().st_size for p in site.rglob("*.html")),
        "search_bytes_per_paper": sum(p.stat().st_size for p in search) / n,
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "pages": len(list(site.rglob("*.html"))),
    }


def measure(
    n: int, seed: int, workdir: Path, blog: bool, serve: bool, plain: bool = True, pairs: int = 1
) -> dict:
    root = workdir / f"scale-{n}"
    prepare(root, n, seed)
    ours_runs, plain_runs = [], []
    # Pairs alternate (ours, plain), (plain, ours), ...: a drift in the machine's speed
    # during the run then weighs on both sides alike.
    for index in range(pairs if plain else 1):
        for kind in ("ours", "plain") if index % 2 == 0 else ("plain", "ours"):
            if kind == "ours":
                for folder in ("build", "site"):  # every full build is cold: no cache, no previous site
                    shutil.rmtree(root / folder, ignore_errors=True)
                print(f"[{n}] full build ...", flush=True)
                ours_runs.append(job("ours", str(root)))
            elif plain:
                print(f"[{n}] plain mkdocs ...", flush=True)
                shutil.rmtree(root / "plain-site", ignore_errors=True)
                plain_runs.append(job("mkdocs", str(root), str(root / "plain-site")))
    ours, plain_run = ours_runs[0], (plain_runs[0] if plain_runs else None)
    target, original = edit_one_entry(root)
    try:
        print(f"[{n}] rebuild after one edit ...", flush=True)
        rebuild = job("stages", str(root))
    finally:
        target.write_bytes(original)
    result = {
        "n": n,
        "ours": ours,
        "plain_mkdocs": plain_run,
        "rebuild": rebuild,
        "sizes": sizes(root, n),
        "ours_seconds_each": [run["seconds"] for run in ours_runs],
        "plain_seconds_each": [run["seconds"] for run in plain_runs],
    }
    if blog:
        print(f"[{n}] blog baseline ...", flush=True)
        blog_root = workdir / f"blog-{n}"
        write_blog_project(root, blog_root)
        result["blog"] = job("blog", str(blog_root))
    if serve:
        from benchmarks.serve_latency import serve_latency

        print(f"[{n}] serve latency ...", flush=True)
        result["serve"] = serve_latency(root)
    (workdir / f"scale-{n}.json").write_text(json.dumps(result, indent=2))
    return result


def our_stage_seconds(run: dict) -> float:
    # Stages that ran beside others are inside one wall-clock stage ("emit (2 processes)").
    return sum(
        stage["seconds"] for stage in run["stages"] if stage["name"] != "mkdocs" and not stage.get("parallel")
    )


def report(results: list[dict]) -> str:
    lines = [
        "| N | ours end to end (s) | plain mkdocs (s) | ratio | our stages (s) | rebuild stages (s) | "
        "rebuild / full | peak MB | entry page bytes | search bytes/paper |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        full = our_stage_seconds(r["ours"])
        rebuild = our_stage_seconds(r["rebuild"])
        ours_each = r.get("ours_seconds_each") or [r["ours"]["seconds"]]
        plain_each = r.get("plain_seconds_each") or (
            [r["plain_mkdocs"]["seconds"]] if r["plain_mkdocs"] else []
        )
        ours_mean = sum(ours_each) / len(ours_each)
        plain = sum(plain_each) / len(plain_each) if plain_each else None
        plain_cells = f"{plain:.1f} | {ours_mean / plain:.2f}×" if plain else "not run | –"
        lines.append(
            f"| {r['n']:,} | {ours_mean:.1f} | {plain_cells} | {full:.1f} | {rebuild:.1f} | "
            f"{rebuild / full:.0%} | {r['ours']['peak_rss_mb']:.0f} | "
            f"{r['sizes']['entry_page_bytes']:,.0f} | "
            f"{r['sizes']['search_bytes_per_paper']:,.0f} |"
        )
    lines.append("")
    for r in results:
        if len(r.get("plain_seconds_each", [])) > 1:
            lines.append(
                f"- N={r['n']:,} each run (s): ours {', '.join(f'{s:.1f}' for s in r['ours_seconds_each'])}; "
                f"plain {', '.join(f'{s:.1f}' for s in r['plain_seconds_each'])} (means above; stages from "
                "the first)"
            )
        stages = ", ".join(
            f"{s['name']}{' (in parallel)' if s.get('parallel') else ''} {s['seconds']:.2f}s"
            for s in r["ours"]["stages"]
        )
        lines.append(
            f"- N={r['n']:,} stages: {stages}; largest child process peak RSS (the emitter process or "
            f"MkDocs) {r['ours'].get('child_peak_rss_mb', 0):.0f} MB; peak PSS of the build and its children "
            f"together {r['ours'].get('peak_tree_pss_mb', 0):.0f} MB"
        )
        if "blog" in r:
            lines.append(
                f"- N={r['n']:,} Material blog+tags+rss: {r['blog']['seconds']:.1f} s, peak "
                f"{r['blog']['peak_rss_mb']:.0f} MB "
                f"(ours {r['ours']['seconds'] / r['blog']['seconds']:.2f}× its time)"
            )
        if "serve" in r:
            serve = r["serve"]
            split = (
                f" (quick step {serve.get('quick_preview_seconds') or 0:.2f} s; whole rebuild done after "
                f"{serve.get('edit_to_rebuilt_seconds', 0):.2f} s: generate+write "
                f"{serve['generate_write_seconds']:.2f} s, "
                f"MkDocs {serve['mkdocs_seconds']:.2f} s, {serve['rebuilds']} rebuild(s))"
                if serve.get("generate_write_seconds") is not None
                else ""
            )
            lines.append(
                f"- N={r['n']:,} serve: edit visible after {serve['edit_to_page_seconds']:.2f} s{split}"
            )
    by_n = {r["n"]: r for r in results}
    if 1000 in by_n and 10000 in by_n:
        ratio = by_n[10000]["sizes"]["entry_page_bytes"] / by_n[1000]["sizes"]["entry_page_bytes"]
        lines.append(f"- entry page bytes at 10,000 / at 1,000: {ratio:.3f}")
    if 10000 in by_n and 50000 in by_n:
        lines.append(
            "- time at 50,000 / at 10,000: "
            f"{by_n[50000]['ours']['seconds'] / by_n[10000]['ours']['seconds']:.2f}×"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--blog", action="store_true", help="also build the Material blog+tags+rss baseline")
    parser.add_argument("--serve", action="store_true", help="also measure paperdigest serve's edit latency")
    parser.add_argument(
        "--serve-up-to",
        type=int,
        default=None,
        metavar="N",
        help="with --serve, measure serve only for sizes up to N (its startup is a full build)",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        metavar="K",
        help="build ours and plain mkdocs K times each, alternating, and compare the means (default 1)",
    )
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=None,
        metavar="N",
        help="build the plain-mkdocs baseline only for sizes up to N (it takes as long as MkDocs in ours)",
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = [
        measure(
            n,
            args.seed,
            args.workdir,
            args.blog,
            serve=args.serve and (args.serve_up_to is None or n <= args.serve_up_to),
            plain=args.plain_up_to is None or n <= args.plain_up_to,
            pairs=args.pairs,
        )
        for n in args.n
    ]
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
