"""One measured job of the scale benchmark, run in its own process so peak memory is its own.

    python -m benchmarks.scale_run ours ROOT        # paperdigest build, per stage
    python -m benchmarks.scale_run stages ROOT      # our stages only (the rebuild after an edit)
    python -m benchmarks.scale_run mkdocs ROOT DIR  # plain mkdocs-material on ROOT/build/docs into DIR
    python -m benchmarks.scale_run blog ROOT        # Material's blog + tags + mkdocs-rss-plugin

Each prints one JSON object on its last line.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from generator.runtime.timing import StageLog, peak_rss_mb


def ours(root: Path) -> dict:
    from generator.build import build_site

    log = StageLog()
    start = time.perf_counter()
    with TreeMemory() as memory:
        generated, _ = build_site(root, log=log)
    return _result(
        time.perf_counter() - start,
        log,
        entries=len(generated.catalog.entries),
        peak_tree_pss_mb=memory.peak_mb,
    )


class TreeMemory:
    """The peak of this process's and its children's memory together, sampled every 0.2 s.

    PSS (proportional set size) counts a page shared by two processes half in each,
    so the sum is the memory the build really holds: a forked child's inherited
    pages are not counted twice, as adding up RSS peaks would.
    """

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, sum(map(_pss_kb, _tree(os.getpid()))) / 1024)


def _tree(pid: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def stages(root: Path) -> dict:
    """What `paperdigest build` does before MkDocs (cache load and save included)."""
    from generator.build import CACHE_FILE, generate, write_docs
    from generator.runtime import memo

    log = StageLog()
    start = time.perf_counter()
    report = write_docs(root, generate(root, log=log), log)
    with log.stage("save cache"):
        memo.save(root / CACHE_FILE)
    return _result(time.perf_counter() - start, log, written=len(report.written))


def plain_mkdocs(root: Path, site_dir: Path) -> dict:
    """The same mkdocs.yml and generated Markdown, built by mkdocs alone."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), hooks=[])
    build(config)
    return {"seconds": time.perf_counter() - start, "peak_rss_mb": peak_rss_mb()}


def blog(root: Path) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    build(config)
    config.plugins.on_shutdown()
    return {"seconds": time.perf_counter() - start, "peak_rss_mb": peak_rss_mb()}


def _result(seconds: float, log: StageLog, **extra) -> dict:
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "child_peak_rss_mb": child_peak_rss_mb(),
        "stages": [
            {"name": r.name, "seconds": r.seconds, "peak_rss_mb": r.peak_rss_mb, "parallel": r.parallel}
            for r in log.records
        ],
        **extra,
    }


def child_peak_rss_mb() -> float:
    """The largest peak of a child process: the build's emitter process (its pages shared with us count
    too) or MkDocs' own process."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    job, root = argv[0], Path(argv[1])
    if job == "ours":
        result = ours(root)
    elif job == "stages":
        result = stages(root)
    elif job == "mkdocs":
        result = plain_mkdocs(root, Path(argv[2]))
    elif job == "blog":
        result = blog(root)
    else:
        raise SystemExit(f"unknown job {job!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
