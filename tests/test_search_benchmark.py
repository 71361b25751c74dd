"""benchmarks/search.py's --runs: each measure's median over the runs, every run's page errors kept."""

from __future__ import annotations

import pytest

from benchmarks.search import median_results, report


def _run(p95, cold, errors=()):
    return {
        "paperdigest": {"keystroke_p95_ms": p95, "cold_first_results_ms": cold, "page_errors": list(errors)}
    }


@pytest.mark.parametrize(
    ("runs", "p95", "cold", "errors"),
    [
        ([_run(61.0, 130)], 61.0, 130, []),
        ([_run(517.2, 295), _run(98.9, 164), _run(66.7, 201)], 98.9, 201, []),
        ([_run(64.0, None), _run(103.2, 244)], 83.6, 244, []),  # a measure one run lacks: the others'
        (
            [_run(1.0, 1, ["TypeError: x"]), _run(2.0, 2, ["ReferenceError: y"])],
            1.5,
            1.5,
            ["TypeError: x", "ReferenceError: y"],
        ),
    ],
)
def test_the_median_of_each_measure_over_the_runs(runs, p95, cold, errors):
    merged = median_results(runs)["paperdigest"]
    assert merged["keystroke_p95_ms"] == pytest.approx(p95)
    assert merged["cold_first_results_ms"] == pytest.approx(cold)
    assert merged["page_errors"] == errors


def test_the_report_names_the_runs_and_each_runs_p95():
    keys = [
        "cold_first_results_ms",
        "keystroke_p50_ms",
        "keystroke_p95_ms",
        "full_results_p50_ms",
        "full_results_p95_ms",
        "worker_ms_per_answer_p95",
        "answers_fetching_nothing",
        "longest_task_after_focus_ms",
        "bytes_before_first_results",
        "search_bytes_before_first_results",
    ]
    runs = [
        {"paperdigest": {**dict.fromkeys(keys, 1.0), "keystroke_p95_ms": p95, "page_errors": []}}
        for p95 in (61.0, 517.2, 98.9)
    ]
    text = report(10_000, {}, {"paperdigest": 12_350_000}, median_results(runs), runs)
    assert (
        text.splitlines()[0]
        == "Search benchmark, 10000 papers (medians of 3 runs, each engine in turn in each)"
    )
    assert "| keystroke p95 (ms) | 98.9 | n/a | n/a |" in text
    assert "Keystroke p95 of each run, paperdigest: 61.0, 517.2, 98.9 ms" in text
