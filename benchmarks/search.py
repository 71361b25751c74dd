"""Search benchmark: Paper Digest's search against mkdocs-material's and Pagefind's, same pages, same run.

    .venv/bin/python -m benchmarks.search --n 10000

It writes a synthetic corpus (benchmarks.corpus), builds the site, builds a
copy with mkdocs-material's `search` plugin, runs Pagefind over the site, then
drives headless Chromium through the same script for each engine with nothing
cached: focus the box and enter a first query (cold), then type more queries
key by key (warm). It prints a table and writes JSON (--json).

Timing is measured in the page: from a keydown (or the first query's input
event) to the next change of the results list after it, however many keys
later that comes. Only the keys of the typed queries count, not the clearing
of the box between queries (the panel just closes then). Bytes are the gzip
size of every file fetched before the first results appeared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

from benchmarks.corpus import REPO, scaffold_project, write_corpus

WARM_QUERIES = ["model merging", "diffusion", "bengio", "neural architecture search", "transformer"]
COLD_QUERY = "quantization"
KEY_DELAY_MS = 120
SETTLE_MS = 2500  # after a query, long enough for the slowest engine's last answer to show

ENGINES = {
    # name: (site folder, page, box selector, results selector)
    "paperdigest": ("site", "", ".pd-search__input", ".pd-search__results"),
    "material": ("site-material", "", ".md-search__input", ".md-search-result__list"),
    "pagefind": ("site", "pagefind-bench.html", "#q", "#results"),
}

PAGEFIND_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><input id="q" type="search" autocomplete="off"><ol id="results"></ol>
<script>
// The JS API as Pagefind documents it for a custom UI: search, then load the
// ten results on screen (title, excerpt). No debounce, like the others.
let pagefind = null, latest = 0;
const q = document.getElementById("q"), list = document.getElementById("results");
const load = () => pagefind
  || (pagefind = import("./pagefind/pagefind.js").then(async (pf) => { await pf.init(); return pf; }));
q.addEventListener("focus", load);
q.addEventListener("input", async () => {
  const mine = ++latest, pf = await load();
  const search = await pf.search(q.value);
  if (mine !== latest || !search) return;
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  if (mine !== latest) return;
  list.replaceChildren(...data.map((d) => {
    const li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
    a.href = d.url; a.textContent = d.meta.title; p.innerHTML = d.excerpt; li.append(a, p); return li;
  }));
});
</script></body></html>
"""

# Installed in the page before anything runs: long tasks, keydowns, result-list changes.
PROBE = """
window.__bench = {
  longtasks: [], keys: [], renders: [], inputs: [], values: [], full: [], took: [], rounds: [],
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
}).observe({type: "longtask", buffered: true});
document.addEventListener("keydown", (e) => window.__bench.keys.push(performance.now()), true);
document.addEventListener("input", (e) => {
  window.__bench.inputs.push(performance.now());
  window.__bench.values.push([performance.now(), e.target.value]);
}, true);
// Paper Digest only: when the full answer (every shard) for a query is on screen.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-pd-search]");
  if (root) new MutationObserver(
    () => window.__bench.full.push([performance.now(), root.dataset.query, root.dataset.complete]))
    .observe(root, {attributes: true, attributeFilter: ["data-complete", "data-query"]});
  // and how long the worker took to compute each answer it sent
  // and how many rounds of fetches it waited for (0: everything it needed was in memory)
  if (root) new MutationObserver(() => {
    window.__bench.took.push(Number(root.dataset.took));
    window.__bench.rounds.push(Number(root.dataset.rounds));
  }).observe(root, {attributes: true, attributeFilter: ["data-query"]});
});
window.__watch = (selector) => {
  const target = document.querySelector(selector);
  new MutationObserver(() => window.__bench.renders.push([performance.now(), target.children.length]))
    .observe(target, {childList: true, subtree: true, characterData: true});
  // Paper Digest marks each answer it shows (data-query), which also counts an
  // answer that leaves an empty list empty, a change no list observer can see.
  const root = document.querySelector("[data-pd-search]");
  if (root) new MutationObserver(
    () => window.__bench.renders.push([performance.now(), target.children.length]))
    .observe(root, {attributes: true, attributeFilter: ["data-query"]});
};
"""


def prepare(workdir: Path, n: int, seed: int, engines: list[str]) -> dict:
    """Corpus, our site, the Material copy, Pagefind's index (those of `engines`); timings of each step."""
    timings = {}
    marker = workdir / f".corpus-{n}-{seed}"
    if not marker.exists():
        shutil.rmtree(workdir, ignore_errors=True)
        scaffold_project(workdir)
        started = time.perf_counter()
        write_corpus(workdir, n, seed)
        timings["corpus_s"] = time.perf_counter() - started
        marker.touch()
    else:
        scaffold_project(workdir)  # the current theme and generator
    timings.update(build_ours(workdir))
    if "material" in engines:
        timings.update(build_material(workdir))
    if "pagefind" in engines:
        timings.update(build_pagefind(workdir))
    return timings


def build_ours(root: Path) -> dict:
    from generator.build import generate, run_mkdocs, write_docs
    from generator.emit.search.emitter import emit_search

    started = time.perf_counter()
    generated = generate(root)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    emit_search(generated.catalog, generated.analysis)
    index_s = time.perf_counter() - started
    write_docs(root, generated)
    started = time.perf_counter()
    run_mkdocs(root)
    return {"generate_s": generate_s, "search_index_s": index_s, "mkdocs_s": time.perf_counter() - started}


def build_material(root: Path) -> dict:
    """The same generated pages, built with mkdocs-material's search plugin instead of ours."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_YamlLoader)
    config["plugins"] = ["search"]
    config["site_dir"] = "site-material"
    config["extra_javascript"] = [js for js in config.get("extra_javascript", []) if "pd-search" not in js]
    config["extra_css"] = [css for css in config.get("extra_css", []) if "pd-search" not in css]
    theme = root / "theme-material"
    shutil.rmtree(theme, ignore_errors=True)
    shutil.copytree(root / "theme", theme)
    (theme / "partials" / "pd-search.html").write_text("", encoding="utf-8")
    config["theme"]["custom_dir"] = "theme-material"
    (root / "mkdocs-material.yml").write_text(yaml.dump(config, sort_keys=False), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs-material.yml")],
        cwd=root,
        check=True,
    )
    return {"material_mkdocs_s": time.perf_counter() - started}


class _YamlLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags (Material's emoji options); keep them as text."""


_YamlLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: f"!!python/{suffix}"
)


def build_pagefind(root: Path) -> dict:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(root / "site"),
            "--output-subdir",
            "pagefind",
            "--silent",
        ],
        check=True,
    )
    (root / "site" / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return {"pagefind_s": time.perf_counter() - started}


def index_bytes(root: Path, engines: list[str]) -> dict:
    """Everything each engine's search can download, gzip-compressed."""

    def total(paths):
        return sum(_gzip_size(path) for path in paths if path.is_file())

    ours = list((root / "site" / "search").iterdir()) + list(
        (root / "site" / "assets" / "javascripts").glob("pd-search*.js")
    )
    material = [root / "site-material" / "search" / "search_index.json"]
    material += list((root / "site-material" / "assets" / "javascripts" / "workers").glob("search.*.js"))
    pagefind = [p for p in (root / "site" / "pagefind").rglob("*")]
    files = {"paperdigest": ours, "material": material, "pagefind": pagefind}
    return {name: total(files[name]) for name in engines}


_SIZES: dict[Path, int] = {}


def _gzip_size(path: Path) -> int:
    if path not in _SIZES:
        data = path.read_bytes()
        _SIZES[path] = min(len(data), len(gzip.compress(data, 6)))  # Pagefind's files are gzip already
    return _SIZES[path]


def measure(engine: str, root: Path, browser, base_url: str, trace: bool = False) -> dict:
    folder, page_path, box, results = ENGINES[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[tuple[float, str]] = []
    page.on("requestfinished", lambda request: fetched.append((time.perf_counter(), request.url)))
    finished: list = []  # for --trace: the browser's own timing of each (ms since the epoch)
    page.on("requestfinished", lambda request: finished.append(request))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(PROBE)
    page.goto(base_url[engine] + page_path, wait_until="load")
    page.wait_for_timeout(300)  # let the page settle as a reader would glance at it
    page.evaluate("selector => window.__watch(selector)", results)
    page.focus(box)
    focused = page.evaluate("performance.now()")
    page.keyboard.insert_text(COLD_QUERY)  # one input event: a paste, or the first key of a fast typist
    page.wait_for_function(f"document.querySelectorAll('{results} > *').length > 0", timeout=120_000)
    seen_first = time.perf_counter()
    cold = page.evaluate(
        "() => { const b = window.__bench; const t = b.inputs[0];"
        " const r = b.renders.find(([at, n]) => at >= t && n > 0); return r ? r[0] - t : null; }"
    )
    before_first = [url for at, url in fetched if at <= seen_first]
    page.wait_for_timeout(1500)  # let lazy loading (shards, Pagefind chunks) settle
    typed = []  # (first, last) keydown numbers of each query's typing: clearing the box is not a keystroke
    for query in WARM_QUERIES:
        page.fill(box, "")
        page.wait_for_timeout(300)
        keys_from = page.evaluate("window.__bench.keys.length")
        page.keyboard.type(query, delay=KEY_DELAY_MS)
        typed.append((keys_from, page.evaluate("window.__bench.keys.length")))
        page.wait_for_timeout(SETTLE_MS)
    bench = page.evaluate("window.__bench")
    origin = page.evaluate("performance.timeOrigin")
    context.close()
    keys = [at for first, last in typed for at in bench["keys"][first:last]]
    latencies = _keystroke_latencies(keys, bench["renders"])
    if trace:
        spans = [_span(request.timing, origin, request.url) for request in finished]
        print(_trace(engine, keys, bench, spans), file=sys.stderr)
    full = _full_latencies(bench["values"][1:], bench["full"]) if bench["full"] else []
    interaction = [d for start, d in bench["longtasks"] if start >= focused]
    return {
        "cold_first_results_ms": cold,
        "keystroke_p50_ms": _percentile(latencies, 50),
        "keystroke_p95_ms": _percentile(latencies, 95),
        "keystrokes_measured": len(latencies),
        "full_results_p50_ms": _percentile(full, 50),
        "full_results_p95_ms": _percentile(full, 95),
        "worker_ms_per_answer_p95": _percentile(bench["took"], 95) if bench["took"] else None,
        "answers_fetching_nothing": _share([rounds == 0 for rounds in bench["rounds"] if rounds == rounds]),
        "longest_task_after_focus_ms": max(interaction, default=0.0),
        "longest_task_from_load_ms": max((d for _, d in bench["longtasks"]), default=0.0),
        "bytes_before_first_results": _bytes(before_first, root / folder),
        "search_bytes_before_first_results": _bytes(
            [u for u in before_first if _is_search(engine, u)], root / folder
        ),
        "requests_before_first_results": len(before_first),
        "page_errors": errors,
    }


def _is_search(engine: str, url: str) -> bool:
    path = urlparse(url).path
    return {
        "paperdigest": "/search/" in path or "/pd-search" in path,
        "material": "/search/" in path or "/workers/search" in path,
        "pagefind": "/pagefind/" in path,
    }[engine]


def _bytes(urls: list[str], site: Path) -> int:
    total = 0
    for url in urls:
        path = urlparse(url).path.lstrip("/")
        file = site / path
        if file.is_dir() or not path:
            file = file / "index.html"
        if file.is_file():
            total += _gzip_size(file)
    return total


def _keystroke_latencies(keys: list[float], renders: list[list[float]]) -> list[float]:
    """For each key, the time until the results next changed: an engine that falls
    behind and skips queries is charged the whole wait."""
    latencies = []
    for at in keys:
        after = next((r[0] for r in renders if r[0] >= at), None)
        if after is not None and after - at < 5000:
            latencies.append(after - at)
    return latencies


def _span(timing: dict, origin: float, url: str) -> tuple[float, float, str]:
    """A request's start and end in the page's performance.now() time."""
    start = timing["startTime"] - origin
    return start, start + max(timing["responseEnd"], 0), url


def _trace(engine: str, keys: list[float], bench: dict, spans: list[tuple[float, float, str]]) -> str:
    """One line per key: the text after it, the time to the next change of the list, and the files
    in flight between the key and that change (name, and ms from the key to its end)."""
    lines = [f"{engine}: key, ms to the next render, files fetched meanwhile"]
    for at in keys:
        text = next((value for t, value in bench["values"] if t >= at), "?")
        render = next((r[0] for r in bench["renders"] if r[0] >= at), None)
        end = render if render is not None else at + 5000
        files = [
            f"{Path(urlparse(url).path).name}@{finish - at:.0f}"
            for start, finish, url in sorted(spans)
            if finish >= at and start <= end
        ]
        took = f"{end - at:6.1f}" if render is not None else "  none"
        lines.append(f"  {text!r:34} {took}  {' '.join(files)}")
    return "\n".join(lines)


def _full_latencies(values: list[list], full: list[list]) -> list[float]:
    """For each text typed, the time until the complete answer for exactly that text showed (if it did)."""
    latencies = []
    for at, text in values:
        done = next(
            (t for t, query, complete in full if t >= at and query == text and complete == "true"), None
        )
        if text.strip() and done is not None:
            latencies.append(done - at)
    return latencies


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _percentile(values: list[float], p: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run_browser(root: Path, engines: list[str], trace: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from support import CHROMIUM, CHROMIUM_ARGS, serve_folder

    servers = {name: serve_folder(root / ENGINES[name][0]) for name in engines}
    base = {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            results = {name: measure(name, root, browser, base, trace) for name in engines}
            browser.close()
    finally:
        for server in servers.values():
            server.shutdown()
    return results


def median_results(runs: list[dict]) -> dict:
    """Per engine, each measure's median over the runs (on this machine a keystroke p95 can differ
    several times over between runs of the same site: BENCHMARKS.md); page errors of every run."""
    merged = {}
    for name in runs[0]:
        measures = [run[name] for run in runs]
        merged[name] = {
            key: (
                [error for one in measures for error in one[key]]
                if key == "page_errors"
                else _median([one[key] for one in measures])
            )
            for key in measures[0]
        }
    return merged


def _median(values: list):
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def report(n: int, timings: dict, sizes: dict, results: dict, runs: list[dict] | None = None) -> str:
    rows = [
        ("first results, cold (ms)", "cold_first_results_ms", "{:.0f}"),
        ("keystroke p50 (ms)", "keystroke_p50_ms", "{:.1f}"),
        ("keystroke p95 (ms)", "keystroke_p95_ms", "{:.1f}"),
        ("keystroke to full answer p50 (ms)", "full_results_p50_ms", "{:.1f}"),
        ("keystroke to full answer p95 (ms)", "full_results_p95_ms", "{:.1f}"),
        ("worker time per answer p95 (ms)", "worker_ms_per_answer_p95", "{:.1f}"),
        ("answers that waited for no fetch", "answers_fetching_nothing", "{:.0%}"),
        ("longest main-thread task after focus (ms)", "longest_task_after_focus_ms", "{:.0f}"),
        ("gzip KB before first results, all", "bytes_before_first_results", "kb"),
        ("gzip KB before first results, search only", "search_bytes_before_first_results", "kb"),
    ]
    names = list(results)
    lines = [
        f"Search benchmark, {n} papers",
        "",
        "| measure | " + " | ".join(names) + " | material / ours | pagefind / ours |",
        "| --- | " + " | ".join("---:" for _ in names) + " | ---: | ---: |",
    ]
    for label, key, fmt in rows:
        values = {name: results[name][key] for name in names}
        cells = [_fmt(values[name], fmt) for name in names]
        ratios = [_ratio(values.get(other), values["paperdigest"]) for other in ("material", "pagefind")]
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    ratios = [_ratio(sizes.get(other), sizes["paperdigest"]) for other in ("material", "pagefind")]
    lines.append(
        "| index gzip bytes per paper | "
        + " | ".join(f"{sizes[name] / n:.0f}" for name in names)
        + " | "
        + " | ".join(ratios)
        + " |"
    )
    if runs and len(runs) > 1:
        lines[0] += f" (medians of {len(runs)} runs, each engine in turn in each)"
        for name in names:
            each = ", ".join(_fmt(run[name]["keystroke_p95_ms"], "{:.1f}") for run in runs)
            lines.append(f"Keystroke p95 of each run, {name}: {each} ms")
    lines += ["", "Build (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items())]
    errors = {name: results[name]["page_errors"] for name in names if results[name]["page_errors"]}
    if errors:
        lines.append(f"Page errors: {errors}")
    return "\n".join(lines)


def _fmt(value, fmt: str) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1024:.0f}" if fmt == "kb" else fmt.format(value)


def _ratio(value, ours) -> str:
    if not value or not ours:
        return "n/a"
    return f"{value / ours:.2f}×"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=10_000, help="papers in the synthetic corpus (default 10000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where to build (default /tmp/pd-search-bench-N); reused when the corpus matches",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="reuse the sites in --workdir, refreshing only the search scripts and styles (quick reruns; "
        "Pagefind's index is built if missing, so a built scale-benchmark project can be measured)",
    )
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated subset of " + ", ".join(ENGINES) + " (paperdigest always runs)",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="print, per key typed, the ms to the next render and the files fetched in between (stderr)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="measure N times, a new browser each time (every engine in turn in each run), and report "
        "each measure's median and each run's keystroke p95 (this machine is noisy)",
    )
    args = parser.parse_args(argv)
    engines = ["paperdigest"] + [
        name for name in ENGINES if name != "paperdigest" and name in args.engines.split(",")
    ]
    try:
        if "pagefind" in engines:  # the others run without it
            import pagefind  # noqa: F401
    except ImportError:
        parser.exit(
            1,
            "benchmarks.search: Pagefind is missing (expected it installed: .venv/bin/pip install -e "
            "'.[bench]')\n",
        )
    root = (args.workdir or Path(f"/tmp/pd-search-bench-{args.n}")).resolve()
    if args.no_build:
        timings = {}
        for asset in [
            *(REPO / "theme" / "assets").glob("javascripts/pd-search*.js"),
            *(REPO / "theme" / "assets").glob("stylesheets/pd-search*.css"),
        ]:
            shutil.copy(asset, root / "site" / asset.relative_to(REPO / "theme"))
        if "pagefind" in engines and not (root / "site" / "pagefind").is_dir():
            timings.update(build_pagefind(root))
    else:
        timings = prepare(root, args.n, args.seed, engines)
    sizes = index_bytes(root, engines)
    runs = [run_browser(root, engines, args.trace) for _ in range(args.runs)]
    results = median_results(runs)
    print(report(args.n, timings, sizes, results, runs))
    if args.json:
        numbers = {"n": args.n, "timings": timings, "index_bytes": sizes, "results": results, "runs": runs}
        args.json.write_text(json.dumps(numbers, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
