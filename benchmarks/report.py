"""The benchmark's tables, from the figures `benchmarks/run.py` gathers (one dict per size).

Every target is printed with its measured figure and met or NOT met; a target at a size
the run did not measure says so rather than disappearing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Result = dict[str, Any]
BIG = 100_000  # the size most targets are set at
MIB = 1024 * 1024


def _fmt(value: float) -> str:
    return f"{value:.3g}" if value < 10 else f"{value:.0f}"


def _pair(summary: dict[str, float]) -> str:
    return f"{_fmt(summary['p50'])} / {_fmt(summary['p99'])} ms"


def _ratios(ours: dict[str, float], theirs: dict[str, float]) -> str:
    return (f"{ours['p50'] / theirs['p50']:.1f}× / {ours['mean'] / theirs['mean']:.2f}× / "
            f"{ours['p99'] / theirs['p99']:.2f}×")


def _wall(run: dict[str, float]) -> str:
    """A process's median wall time with the spread of its runs."""
    spread = (f"{run['wall_min_s']:.2f}–{run['wall_max_s']:.2f}" if run["runs"] > 1
              else "1 run")
    return f"{run['wall_s']:.2f} s ({spread})"


def table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = ()) -> str:
    """A Markdown table, figures right-aligned, the columns in `left` (text) left-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i in left else "---:" for i in range(len(header))) + "|"]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


def loading_table(results: list[Result]) -> str:
    return table(
        ["facts", "cold: build_snapshot", "cold on one core (no fork)",
         "its parts alone: load+validate / index", "warm: load_snapshot",
         "load_engine from the cache", "cache entry", "peak RSS",
         "machine probe (lower: faster)"],
        [[f"{r['size']:,}", f"{r['cold_s']:.2f} s", _seconds(r.get("cold_one_core_s")),
          f"{r['load_validate_s']:.2f} s / {r['index_s']:.2f} s", f"{r['warm_s']:.2f} s",
          f"{r['engine_start_s']:.2f} s", f"{r['cache_bytes'] / MIB:.1f} MiB",
          f"{r['peak_rss_mib']:.0f} MiB",
          f"{r['probe_ms']:.0f} ms" if "probe_ms" in r else "—"]
         for r in results])


def _seconds(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f} s"


def query_table(results: list[Result]) -> str:
    return table(
        ["facts", "a fresh engine's very first answer", "index, first call p50 / p99",
         "index, repeats p50 / p99",
         "all matches p50 / p99", "FTS5 p50 / p99", "tantivy p50 / p99", "naive scan p50 / p99",
         "naive ÷ index (p50)", "index ÷ FTS5: p50 / mean / p99",
         "index ÷ tantivy: p50 / mean / p99"],
        [[f"{r['size']:,}", f"{_fmt(r['first_answer_ms'])} ms", _pair(r["index_first"]),
          _pair(r["index"]), _pair(r["index_all"]),
          _pair(r["fts"]), _pair(r["tantivy"]), _pair(r["naive"]),
          f"{r['naive']['p50'] / r['index_on_naive_subset']['p50']:.0f}×",
          _ratios(r["index"], r["fts"]), _ratios(r["index"], r["tantivy"])] for r in results])


def category_table(results: list[Result]) -> str:
    rows = []
    for r in results:
        by = r["by_category"]
        for category, (total, *answered) in r["answered"].items():
            rows.append([f"{r['size']:,}", category, str(total),
                         *(_pair(by[name][category]) for name in
                           ("index_first", "index", "reply_first", "reply")),
                         *map(str, answered)])
    return table(["facts", "category", "queries", "index first p50 / p99",
                   "index repeats p50 / p99", "Slack reply first p50 / p99",
                   "Slack reply repeats p50 / p99", "answered by index", "by FTS5",
                   "by tantivy"], rows, left=(1,))


def tail_table(results: list[Result]) -> str:
    rows, slowest = [], []
    for r in results:
        tail = r.get("tail")
        if not tail or not tail["n"]:
            continue
        for label in ("first", "repeat"):
            t = tail[label]
            worst, p99 = _worst(t["by_category"])
            rows.append([f"{r['size']:,}", f"{tail['n']:,}", label, _pair(t),
                         f"{_fmt(t['p999'])} / {_fmt(t['max'])} ms",
                         f"{t['over_2ms']} ({t['over_2ms'] / tail['n']:.1%})",
                         f"{_fmt(p99)} ms ({worst})"])
        slowest.append(f"- {r['size']:,} facts, slowest repeated: " + "; ".join(
            f"\"{s['query']}\" {_fmt(s['repeat_ms'])} ms" for s in tail["slowest"][:3]))
    return "\n".join([table(["facts", "questions", "call", "p50 / p99", "p99.9 / max",
                              "over 2 ms", "worst category p99"], rows, left=(2,)),
                      "", *slowest])


def rivals_table(results: list[Result]) -> str:
    rows = []
    for r in results:
        for name, key in (("SQLite FTS5", "fts"), ("tantivy", "tantivy")):
            opened = r[f"{key}_open"]
            rows.append([f"{r['size']:,}", name, f"{r[f'{key}_build_s']:.2f} s",
                         f"{opened['open_s'] * 1000:.2f} ms",
                         f"{opened['first_query_ms']:.2f} ms", f"{opened['rss_mib']:.0f} MiB"])
    return table(["facts", "", "build", "open from disk", "first query",
                   "memory after all queries"], rows, left=(1,))


def process_table(results: list[Result]) -> str:
    rows, plainly = [], []
    for r in results:
        p = r["process"]
        cold, warm, batch = p["cold"], p["warm"], p["batch"]
        rows.append([
            f"{r['size']:,}", f"{p['imports']['wall_s']:.2f} s",
            _wall(cold), _wall(warm),
            f"{_wall(batch)} for {batch['questions']}, {batch['bytes'] / 1e6:.0f} MB printed "
            f"({(batch['wall_s'] - warm['wall_s']) / batch['questions'] * 1000:.2f} ms each "
            "beyond a warm start)",
            f"{cold['peak_rss_mib']:.0f} / {warm['peak_rss_mib']:.0f} / "
            f"{batch['peak_rss_mib']:.0f} MiB",
            f"{p['started']['start_s']:.2f} s, {p['started']['rss_mib']:.0f} MiB",
            f"{p['cache_bytes'] / MIB:.1f} MiB"])
        plainly.append(f"- At {r['size']:,} facts a first `relations ask` (empty cache) costs "
                       f"{cold['wall_s']:.2f} s as a whole process; every later one "
                       f"{warm['wall_s']:.2f} s.")
    return "\n".join([table(
        ["facts", "import bot.cli", "first `relations ask` (empty cache)",
         "warm `relations ask`", "`ask --json --batch`", "peak RSS cold / warm / batch",
         "start (imports + load_engine), RSS after it", "cache entry"], rows), "", *plainly])


Check = tuple[str, int, Callable[[Result], tuple[str, bool]]]


def _worst(by_category: dict[str, dict[str, float]]) -> tuple[str, float]:
    """The category with the highest p99, and that p99."""
    worst = max(by_category, key=lambda c: by_category[c]["p99"])
    return worst, by_category[worst]["p99"]


def _worst_category(r: Result, name: str) -> tuple[str, bool]:
    worst, p99 = _worst(r["by_category"][name])
    return f"{p99:.2f} ms (worst: {worst})", p99 <= 2.0


def _tail_category(r: Result, label: str) -> tuple[str, bool]:
    tail = r.get("tail")
    if not tail or not tail["n"]:
        return "not measured (--tail-queries 0)", False
    worst, p99 = _worst(tail[label]["by_category"])
    return (f"{p99:.2f} ms (worst: {worst}; {tail[label]['over_2ms']} of "
            f"{tail['n']:,} over 2 ms)", p99 <= 2.0)


def _unchanged_p99(baseline: dict[int, Result]) -> Callable[[Result], tuple[str, bool]]:
    def check(r: Result) -> tuple[str, bool]:
        before = baseline.get(r["size"], {}).get("index", {}).get("p99")
        if before is None:
            return f"{r['index']['p99']:.2f} ms, no earlier run to compare", False
        ratio = r["index"]["p99"] / before
        return f"{r['index']['p99']:.2f} ms against {before:.2f} ms before ({ratio:.2f}×)", \
            ratio <= 1.1
    return check


def checks(baseline: dict[int, Result]) -> list[Check]:
    """(target, at how many facts, figure and verdict): the issue's targets, then the
    earlier ones."""
    return [
        ("cold (build_snapshot: load, validate, index) ≤ 1.5 s", 10_000,
         lambda r: (f"{r['cold_s']:.2f} s (on one core: {_seconds(r.get('cold_one_core_s'))})",
                    r["cold_s"] <= 1.5)),
        ("Slack reply path (reply_to + Block Kit JSON) p99 ≤ 2 ms in every category, "
         "repeated questions", BIG, lambda r: _worst_category(r, "reply")),
        ("the same, each question's first call", BIG,
         lambda r: _worst_category(r, "reply_first")),
        ("the same over 3,000 further questions (the tail), first call", BIG,
         lambda r: _tail_category(r, "first")),
        ("resident memory after start (load_engine from the cache) ≤ 250 MiB", BIG,
         lambda r: (f"{r['process']['started']['rss_mib']:.0f} MiB",
                    r["process"]["started"]["rss_mib"] <= 250)),
        ("warm start ≤ 1.0 s as a whole process (`relations ask`, cache filled)", BIG,
         lambda r: (f"{r['process']['warm']['wall_s']:.2f} s",
                    r["process"]["warm"]["wall_s"] <= 1.0)),
        ("snapshot (the cache entry's files) ≤ 60 MB", BIG,
         lambda r: (f"{r['process']['cache_bytes'] / 1e6:.1f} MB",
                    r["process"]["cache_bytes"] <= 60e6)),
        ("query p99 unchanged or better (≤ 1.1× the last recorded run: noise)", BIG,
         _unchanged_p99(baseline)),
        ("query p99 ≤ 10 ms", BIG, lambda r: (f"{r['index']['p99']:.2f} ms",
                                              r["index"]["p99"] <= 10)),
        ("≥ 100× faster than the naive scan (p50)", BIG, lambda r: (
            f"{r['naive']['p50'] / r['index_on_naive_subset']['p50']:,.0f}×",
            r["naive"]["p50"] / r["index_on_naive_subset"]["p50"] >= 100)),
        ("≤ 3× SQLite FTS5's latency: p50, mean and p99", BIG, lambda r: (
            _ratios(r["index"], r["fts"]),
            all(r["index"][k] <= 3 * r["fts"][k] for k in ("p50", "mean", "p99")))),
        ("peak memory < 1 GiB (the benchmark's own process, cold)", BIG,
         lambda r: (f"{r['peak_rss_mib']:.0f} MiB", r["peak_rss_mib"] < 1024)),
        ("warm (cache) load ≤ 2 s", 10_000, lambda r: (f"{r['warm_s']:.2f} s",
                                                      r["warm_s"] <= 2)),
    ]


def targets_table(results: list[Result], baseline: dict[int, Result]) -> str:
    by_size = {r["size"]: r for r in results}
    rows = []
    for target, size, check in checks(baseline):
        if size in by_size:
            figure, ok = check(by_size[size])
            rows.append([target, f"{size:,}", figure, "met" if ok else "**NOT met**"])
        else:
            rows.append([target, f"{size:,}", "not measured: add it to --sizes", "—"])
    return table(["target", "facts", "measured", ""], rows, left=(0, 2, 3))
