"""Timing helpers for the benchmark: per-item first calls and medians of repeats, taking
turns, percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


Timings = tuple[list[float], list[float]]  # per item: the first call, the median of repeats


def time_each(fn: Callable[[str], object], items: list[str], repeat: int) -> Timings:
    """Per item, the first call's time (the item fresh to `fn`: what a new question meets)
    and the median of `repeat` further calls (what a repeated one meets)."""
    firsts, medians = [], []
    for item in items:
        start = time.perf_counter()
        fn(item)
        firsts.append(time.perf_counter() - start)
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(item)
            runs.append(time.perf_counter() - start)
        medians.append(statistics.median(runs))
    return firsts, medians


def time_by_turns(fns: list[Callable[[str], object]], items: list[str],
                   repeat: int) -> list[Timings]:
    """Per function, as time_each, the functions taking turns item by item: so they meet
    the machine in the same state (a shared machine's speed drifts by tens of percent
    within minutes)."""
    timings: list[Timings] = [([], []) for _ in fns]
    for item in items:
        for fn, (firsts, medians) in zip(fns, timings, strict=True):
            first, median = time_each(fn, [item], repeat)
            firsts += first
            medians += median
    return timings


def summary(latencies: list[float]) -> dict[str, float]:
    return {"p50": ms(percentile(latencies, 0.5)), "p99": ms(percentile(latencies, 0.99)),
            "mean": ms(statistics.fmean(latencies)) if latencies else float("nan"),
            "n": len(latencies)}
