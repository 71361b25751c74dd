"""Timing and memory of each build stage, for `paperdigest build --timings` and the benchmarks."""

from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class StageRecord:
    name: str
    seconds: float
    peak_rss_mb: float  # the process's high-water mark when the stage ended
    parallel: bool = (
        False  # ran beside other stages (generator/runtime/parallel.py): its time overlaps theirs
    )


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


class StageLog:
    def __init__(self) -> None:
        self.records: list[StageRecord] = []

    @contextmanager
    def stage(self, name: str, parallel: bool = False):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.records.append(StageRecord(name, time.perf_counter() - start, peak_rss_mb(), parallel))

    def table(self) -> str:
        lines = [f"{'stage':<28}{'seconds':>10}{'peak MB':>10}"]
        lines += [
            f"{'  ' * r.parallel + r.name:<28}{r.seconds:>10.2f}{r.peak_rss_mb:>10.0f}" for r in self.records
        ]
        return "\n".join(lines)
