"""One measured job of the scale benchmark, run in its own process so peak memory is its own.

    python -m benchmarks.scale_run ours ROOT        # paperdigest build, per stage
    python -m benchmarks.scale_run stages ROOT      # our stages only (the rebuild after an edit)
    python -m benchmarks.scale_run mkdocs ROOT DIR  # plain mkdocs-material on ROOT/build/docs into DIR
    python -m benchmarks.scale_run blog ROOT        # Material's blog + tags + mkdocs-rss-plugin

Each prints one JSON object on its last line.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.stages import StageLog, peak_rss_mb


def ours(root: Path) -> dict:
    from generator.build import build_site

    log = StageLog()
    start = time.perf_counter()
    generated, _ = build_site(root, log=log)
    return _result(time.perf_counter() - start, log, entries=len(generated.catalog.entries))


def stages(root: Path) -> dict:
    from generator.build import generate, write_docs

    log = StageLog()
    start = time.perf_counter()
    report = write_docs(root, generate(root, log=log), log)
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
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "child_peak_rss_mb": child_peak_rss_mb(),
            "stages": [{"name": r.name, "seconds": r.seconds, "peak_rss_mb": r.peak_rss_mb, "parallel": r.parallel}
                       for r in log.records], **extra}


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
