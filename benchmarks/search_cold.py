"""Cold queries, ours against Pagefind on the same built site, in one run; optionally on a slow phone.

    .venv/bin/python -m benchmarks.search_cold --workdir /tmp/pd-s17b-10000
    .venv/bin/python -m benchmarks.search_cold --workdir /tmp/pd-s17b-10000 --throttle

The site must be built (benchmarks.search's --no-build flow: `paperdigest build`, then
Pagefind's index is made here if missing). Each query runs in a fresh browser context
(nothing cached): load the page, focus the box, paste the query, and time from the input
event to the first results on screen (benchmarks.search's probe). Bytes are the gzip size of
every file fetched before then: the search files among them (all files, the page's own too, in
brackets; Pagefind's page here is a bare box, so its two figures are the same).

--throttle emulates Chromium DevTools' "Slow 4G" preset (562.5 ms round trip, 180 KB/s down,
84 KB/s up: Network.emulateNetworkConditions) and a CPU 4x slower
(Emulation.setCPUThrottlingRate), on the page and on the workers it starts (each attached
through Target.setAutoAttach, so the search worker's fetches are throttled too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from benchmarks.search import ENGINES, PROBE, _bytes, _is_search, build_pagefind

QUERIES = ["diffusion", "low-rank adaptation", "transformer", "quantization"]
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 180_000,
    "uploadThroughput": 84_375,
}
CPU_SLOWDOWN = 4
EMULATION = (
    ("Network.enable", {}),
    ("Network.emulateNetworkConditions", SLOW_4G),
    ("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN}),
)


def throttle(context, page) -> None:
    """Slow 4G and a 4x slower CPU on `page` and on every worker it starts.

    A worker is a target of its own: auto-attached (paused until told to run), it gets the
    same emulation through Target.sendMessageToTarget before it fetches anything."""
    session = context.new_cdp_session(page)
    for method, params in EMULATION:
        session.send(method, params)
    counter = iter(range(1, 1_000_000))

    def attached(event):
        child = event["sessionId"]
        for method, params in (*EMULATION, ("Runtime.runIfWaitingForDebugger", {})):
            message = json.dumps({"id": next(counter), "method": method, "params": params})
            session.send("Target.sendMessageToTarget", {"sessionId": child, "message": message})

    session.on("Target.attachedToTarget", attached)
    session.send(
        "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False}
    )


def cold(engine: str, root: Path, browser, base_url: str, query: str, slow: bool) -> dict:
    folder, page_path, box, results = ENGINES[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if slow:
        throttle(context, page)
    fetched: list[tuple[float, str]] = []
    page.on("requestfinished", lambda request: fetched.append((time.perf_counter(), request.url)))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(PROBE)
    page.goto(base_url + page_path, wait_until="load", timeout=120_000)
    page.wait_for_timeout(300)
    page.evaluate("selector => window.__watch(selector)", results)
    page.focus(box)
    page.keyboard.insert_text(query)
    page.wait_for_function(f"document.querySelectorAll('{results} > *').length > 0", timeout=120_000)
    seen = time.perf_counter()
    ms = page.evaluate(
        "() => { const b = window.__bench; const t = b.inputs[0];"
        " const r = b.renders.find(([at, n]) => at >= t && n > 0); return r ? r[0] - t : null; }"
    )
    context.close()
    before = [url for at, url in fetched if at <= seen]
    return {
        "ms": ms,
        "kb": _bytes(before, root / folder) / 1024,
        "search_kb": _bytes([u for u in before if _is_search(engine, u)], root / folder) / 1024,
        "requests": len(before),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True, help="a built project (site/ inside)")
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated")
    parser.add_argument("--throttle", action="store_true", help="Slow 4G and a 4x slower CPU")
    parser.add_argument("--runs", type=int, default=1, help="runs per query and engine (the median is shown)")
    parser.add_argument("--engines", default="paperdigest,pagefind", help="comma-separated (default both)")
    args = parser.parse_args(argv)
    root = args.workdir.resolve()
    engines = args.engines.split(",")
    if "pagefind" in engines and not (root / "site" / "pagefind").is_dir():
        print(f"Pagefind index built in {build_pagefind(root)['pagefind_s']:.1f} s")
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from support import CHROMIUM, CHROMIUM_ARGS, serve_folder

    server = serve_folder(root / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for query in args.queries.split(","):
                for engine in engines:
                    runs = [cold(engine, root, browser, base, query, args.throttle) for _ in range(args.runs)]
                    best = sorted(runs, key=lambda run: run["ms"])[len(runs) // 2]
                    best["ms_all"] = [round(run["ms"]) for run in runs]
                    rows.append((query, engine, best))
            browser.close()
    finally:
        server.shutdown()
    print(report(rows, args.throttle))
    return 0


def report(rows: list[tuple[str, str, dict]], slow: bool) -> str:
    title = "Cold query" + (" on Slow 4G with a 4x slower CPU" if slow else "")
    lines = [
        title,
        "",
        "| query | ours ms | Pagefind ms | Pagefind / ours | ours search KB (all) | Pagefind KB"
        " | Pagefind / ours |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_query: dict[str, dict[str, dict]] = {}
    for query, engine, result in rows:
        by_query.setdefault(query, {})[engine] = result
    for query, results in by_query.items():
        ours, theirs = results["paperdigest"], results.get("pagefind")
        if theirs is None:
            kb = f"{ours['search_kb']:.0f} ({ours['kb']:.0f})"
            lines.append(f"| `{query}` | {ours['ms']:.0f} | – | – | {kb} | – | – |")
            continue
        lines.append(
            f"| `{query}` | {ours['ms']:.0f} | {theirs['ms']:.0f} | {theirs['ms'] / ours['ms']:.2f}× "
            f"| {ours['search_kb']:.0f} ({ours['kb']:.0f}) | {theirs['search_kb']:.0f} "
            f"| {theirs['search_kb'] / ours['search_kb']:.2f}× |"
        )
    ours_ms = [r["paperdigest"]["ms"] for r in by_query.values()]
    theirs_ms = [r["pagefind"]["ms"] for r in by_query.values() if "pagefind" in r]
    lines.append(f"\nmedian: ours {statistics.median(ours_ms):.0f} ms")
    if theirs_ms:
        lines[-1] += f", Pagefind {statistics.median(theirs_ms):.0f} ms"
    errors = [(q, e, r["errors"]) for q, e, r in rows if r["errors"]]
    if errors:
        lines.append(f"Page errors: {errors}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
