"""Benchmark: the fact index against a naive rapidfuzz scan and SQLite FTS5, on the same data.

    python benchmarks/run.py                        # 1,000, 10,000 and 100,000 facts
    python benchmarks/run.py --sizes 1000 --queries 100

For each size the fact base is generated (benchmarks/generate.py; kept under
benchmarks/out/ and reused), then one child process per size measures, on that data:

- load + validate + index, cold (no cache) and warm (from bot.engine.cache), and the
  process's peak RSS once loaded, indexed and prepared (before the alternatives are built);
- `Engine.answer(query, limit=10)` (what Slack and the console call) and
  `Engine.answer(query)` (all matches, as `relations ask --json`), per query the median
  of --repeat runs, then p50 and p99 over the mixed query set;
- SQLite FTS5 (in memory, the same fact texts, default unicode61 tokenizer: exact words)
  with `MATCH` of the query's content words joined by OR, `ORDER BY bm25 LIMIT 10`,
  timed taking turns with the index query by query, so both meet the machine alike;
- the naive scan `rapidfuzz.process.extract(query, texts, scorer=fuzz.WRatio, limit=10)`
  over every fact's text, on an evenly spread subset of the queries (it is slow), with
  the index timed on the same subset for the ratio;
- last, on today's fact base, the slowest queries we can construct (benchmarks/worst.py).

Standard library plus the project's own dependencies only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate, sample_names, spoil  # noqa: E402

CATEGORIES = ("kind filter", "plain question", "typo", "alias/synonym", "matches nothing")
NOTHING = ["bananas", "spaceship", "saxophone", "volcano", "penguins", "quantum", "glacier",
           "origami", "submarine", "croissant", "marathon", "telescope", "dinosaur", "lasagna",
           "hurricane", "violin", "meteorite", "chess", "yoga", "pyramids"]
FOREIGN = ["US sanctions", "Ukraine", "Russia gas", "European Union", "India trade", "NATO",
           "Japan", "Afghanistan security"]


# --- the query mix ------------------------------------------------------------------------------

def make_queries(size: int, n: int, seed: int = 1) -> list[tuple[str, str]]:
    """(category, query): about a fifth of each category, deterministic."""
    names = sample_names(size)
    rng = random.Random(seed)
    pick = rng.choice
    years = [str(y) for y in range(2000, 2025)]
    months = ["january", "march", "june", "september", "november"]
    kinds = ["meetings", "agreements", "positions"]
    makers = {
        "kind filter": lambda: pick([
            f"{pick(kinds)} {pick(years)}", f"{pick(kinds)} {pick(names['surnames'])}",
            f"agreements {pick(names['synonyms'])}", f"positions in {pick(names['places'])}",
            f"meetings {pick(['China', 'Kyrgyzstan', 'Uzbekistan', 'Georgia'])} {pick(years)}",
            f"timeline {pick(names['surnames'])}", f"{pick(kinds)} {pick(months)} {pick(years)}",
            pick(kinds)]),
        "plain question": lambda: pick([
            f"what did {pick(names['surnames'])} say about {pick(names['synonyms'])}?",
            f"what was signed in {pick(names['places'])} in {pick(years)}?",
            f"who met in {pick(names['places'])}?",
            f"{pick(names['words'])} {pick(names['words'])} {pick(names['topics']).lower()}",
            f"{pick(names['topics'])} cooperation {pick(years)}",
            f"{pick(names['rare'])} {pick(names['words'])}"]),
        "typo": lambda: pick([
            spoil(pick(names["surnames"]).lower(), rng),
            f"positions {spoil(pick(names['surnames']).lower(), rng)}",
            spoil(pick([w for w in names["words"] if len(w) > 6]), rng),
            f"{spoil(pick(names['topics']).split()[0].lower(), rng)} {pick(years)}"]),
        "alias/synonym": lambda: pick([
            pick(names["aliases"]), pick(names["place_aliases"]), pick(names["synonyms"]),
            f"positions {pick(names['synonyms'])}", pick(["SCO", "UN", "EAEU", "AIIB", "C+C5"]),
            f"meetings {pick(names['aliases'])}"]),
        "matches nothing": lambda: pick([
            pick(NOTHING), f"{pick(NOTHING)} {pick(NOTHING)}", pick(FOREIGN),
            f"meetings {pick(NOTHING)}", f"what did {pick(names['surnames'])} say about "
                                         f"{pick(NOTHING)}?"]),
    }
    queries = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        queries.append((category, makers[category]()))
    return queries


# --- measuring, in a child process per size ---------------------------------------------------

def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _time_each(fn, items, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Per item, the median of `repeat` timed calls (after one untimed warm-up call)."""
    medians = []
    for item in items:
        fn(item)
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(item)
            runs.append(time.perf_counter() - start)
        medians.append(statistics.median(runs))
    return medians


def _time_by_turns(fns, items, repeat: int) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """Per function and item, as _time_each, the functions taking turns item by item: so
    they meet the machine in the same state (a shared machine's speed drifts by tens of
    percent within minutes), each still warmed up for the item it is timed on."""
    medians: list[list[float]] = [[] for _ in fns]
    for item in items:
        for fn, found in zip(fns, medians, strict=True):
            found.extend(_time_each(fn, [item], repeat))
    return medians


def _summary(latencies: list[float]) -> dict[str, float]:
    return {"p50": _ms(_percentile(latencies, 0.5)), "p99": _ms(_percentile(latencies, 0.99)),
            "mean": _ms(statistics.fmean(latencies)) if latencies else float("nan"),
            "n": len(latencies)}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def fts_query(text: str) -> str | None:
    """The query's content words as an FTS5 OR query; None when no word is left."""
    from bot.engine.text import STOPWORDS, words

    terms = [w for w in dict.fromkeys(words(text)) if w not in STOPWORDS]
    return " OR ".join('"' + w.replace('"', "") + '"' for w in terms) or None


def measure(size: int, data: Path, n_queries: int, naive_queries: int, repeat: int,
            load_repeat: int) -> dict:
    from rapidfuzz import fuzz, process

    from bot.engine import Engine
    from bot.engine.cache import load_snapshot
    from bot.engine.gc_tuning import keep_out_of_gc, paused_gc
    from bot.engine.index import FactIndex, fact_text
    from bot.engine.loader import load_fact_base

    facts_dir, seeds_dir = data / "facts", data / "seeds"
    result: dict = {"size": size}

    cold = []
    for i in range(load_repeat):
        with paused_gc():  # as bot.engine.cache.build_snapshot, what a start without cache does
            start = time.perf_counter()
            fact_base = load_fact_base(facts_dir, seeds_dir)
            loaded = time.perf_counter()
            index = FactIndex(fact_base)
            done = time.perf_counter()
        cold.append((done - start, loaded - start, done - loaded))
        if i + 1 < load_repeat:
            del fact_base, index
    start = time.perf_counter()
    index.prepare()  # the typo filters, otherwise built at the first unknown word
    result["prepare_s"] = time.perf_counter() - start
    result["peak_rss_mib"] = _rss_mib()  # all a bot holds: loaded, indexed, prepared
    keep_out_of_gc()  # as bot.engine.cache.load_engine does once the bot has loaded
    result["cold_s"] = statistics.median(c[0] for c in cold)
    result["load_validate_s"] = statistics.median(c[1] for c in cold)
    result["index_s"] = statistics.median(c[2] for c in cold)
    result["facts"] = len(fact_base.facts)

    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        load_snapshot(facts_dir, seeds_dir, folder=Path(cache))
        result["cache_build_s"] = time.perf_counter() - start
        warm: list[float] = []
        misses = 0
        while len(warm) < max(3, load_repeat) and misses < 3:
            start = time.perf_counter()
            _snapshot, hit = load_snapshot(facts_dir, seeds_dir, folder=Path(cache))
            if hit:
                warm.append(time.perf_counter() - start)
            else:  # bot/engine/ was edited meanwhile (the key covers its code): rebuilt
                misses += 1
            del _snapshot
        result["warm_s"] = statistics.median(warm) if warm else float("nan")

    engine = Engine(fact_base, index)
    queries = make_queries(size, n_queries)
    texts = [q for _, q in queries]

    fact_texts = [fact_text(f, fact_base) for f in fact_base.facts]
    start = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE facts USING fts5(text)")
    db.executemany("INSERT INTO facts(rowid, text) VALUES (?, ?)", enumerate(fact_texts))
    db.commit()
    result["fts_build_s"] = time.perf_counter() - start

    def fts(query: str) -> list[int]:
        match = fts_query(query)
        if match is None:
            return []
        rows = db.execute("SELECT rowid FROM facts WHERE facts MATCH ? ORDER BY bm25(facts) "
                          "LIMIT 10", (match,)).fetchall()
        return [r[0] for r in rows]

    latencies, fts_latencies = _time_by_turns(
        [lambda q: engine.answer(q, limit=10), fts], texts, repeat)
    result["index"] = _summary(latencies)
    result["fts"] = _summary(fts_latencies)
    result["index_all"] = _summary(_time_each(engine.answer, texts, max(1, repeat // 2)))
    answered = {c: [0, 0, 0] for c in CATEGORIES}  # queries, index non-empty, FTS non-empty
    for category, query in queries:
        answered[category][0] += 1
        answered[category][1] += bool(engine.answer(query, limit=10).facts)
    per_category = {}
    for category in CATEGORIES:
        chosen = [lat for (c, _), lat in zip(queries, latencies, strict=True) if c == category]
        per_category[category] = _summary(chosen)
    result["index_by_category"] = per_category

    for category, query in queries:
        answered[category][2] += bool(fts(query))
    result["answered"] = answered

    lowered = [t.lower() for t in fact_texts]
    step = max(1, len(texts) // max(1, naive_queries))
    subset = texts[::step][:naive_queries]

    def naive(query: str) -> list:
        return process.extract(query.lower(), lowered, scorer=fuzz.WRatio, limit=10)

    naive_latencies = []
    for query in subset:  # one run each: it is slow, and noise is small next to its cost
        start = time.perf_counter()
        naive(query)
        naive_latencies.append(time.perf_counter() - start)
    result["naive"] = _summary(naive_latencies)
    result["index_on_naive_subset"] = _summary(
        _time_each(lambda q: engine.answer(q, limit=10), subset, repeat))
    return result


# --- the parent: generate, run each size, print the table -------------------------------------

def _fmt(value: float) -> str:
    return f"{value:.3g}" if value < 10 else f"{value:.0f}"


def table(results: list[dict]) -> str:
    lines = [
        "| facts | cold load+validate+index | built on first use | warm (cache) | peak RSS "
        "| index p50 / p99 "
        "| all matches p50 / p99 | FTS5 p50 / p99 | naive scan p50 / p99 | naive ÷ index (p50) "
        "| index ÷ FTS5: p50 / mean / p99 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        index, fts, naive, sub = r["index"], r["fts"], r["naive"], r["index_on_naive_subset"]
        lines.append(
            f"| {r['size']:,} | {r['cold_s']:.2f} s ({r['load_validate_s']:.2f} + "
            f"{r['index_s']:.2f}) | {r['prepare_s']:.2f} s | {r['warm_s']:.2f} s "
            f"| {r['peak_rss_mib']:.0f} MiB "
            f"| {_fmt(index['p50'])} / {_fmt(index['p99'])} ms "
            f"| {_fmt(r['index_all']['p50'])} / {_fmt(r['index_all']['p99'])} ms "
            f"| {_fmt(fts['p50'])} / {_fmt(fts['p99'])} ms "
            f"| {_fmt(naive['p50'])} / {_fmt(naive['p99'])} ms "
            f"| {naive['p50'] / sub['p50']:.0f}× | {index['p50'] / fts['p50']:.1f}× / "
            f"{index['mean'] / fts['mean']:.2f}× / {index['p99'] / fts['p99']:.2f}× |")
    return "\n".join(lines)


def category_table(results: list[dict]) -> str:
    lines = ["| facts | category | queries | index p50 / p99 | answered by index | by FTS5 |",
             "|---:|---|---:|---:|---:|---:|"]
    for r in results:
        for category in CATEGORIES:
            total, by_index, by_fts = r["answered"][category]
            s = r["index_by_category"][category]
            lines.append(f"| {r['size']:,} | {category} | {total} | {_fmt(s['p50'])} / "
                         f"{_fmt(s['p99'])} ms | {by_index} | {by_fts} |")
    return "\n".join(lines)


def targets(results: list[dict]) -> str:
    out = []
    for r in results:
        checks = []
        if r["size"] >= 100_000:
            checks += [
                ("query p99 <= 10 ms", r["index"]["p99"] <= 10),
                (">= 100x faster than the naive scan",
                 r["naive"]["p50"] / r["index_on_naive_subset"]["p50"] >= 100),
                ("p99 <= 3x FTS5's p99", r["index"]["p99"] <= 3 * r["fts"]["p99"]),
                ("mean <= 3x FTS5's mean", r["index"]["mean"] <= 3 * r["fts"]["mean"]),
                ("p50 <= 3x FTS5's p50", r["index"]["p50"] <= 3 * r["fts"]["p50"]),
                ("peak memory < 1 GiB", r["peak_rss_mib"] < 1024),
            ]
        if r["size"] == 10_000:
            checks += [("cold load+validate+index <= 2 s", r["cold_s"] <= 2),
                       ("warm (cache) load <= 2 s", r["warm_s"] <= 2)]
        for name, ok in checks:
            out.append(f"- {r['size']:,} facts: {name}: {'met' if ok else 'NOT met'}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median kept)")
    parser.add_argument("--load-repeat", type=int, default=0,
                        help="cold loads per size (median kept); default 3, 1 at 100,000+")
    parser.add_argument("--data", type=Path, default=HERE / "out",
                        help="where generated fact bases are kept and reused")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        size, data = int(args.child[0]), Path(args.child[1])
        load_repeat = args.load_repeat or (1 if size >= 100_000 else 3)
        print(json.dumps(measure(size, data, args.queries, args.naive_queries, args.repeat,
                                 load_repeat)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = args.data / f"facts-{size}"
        if not (data / "facts" / "entities.yaml").is_file():
            start = time.perf_counter()
            generate(data, size)
            print(f"generated {size:,} facts in {time.perf_counter() - start:.1f} s under {data}",
                  file=sys.stderr)
        command = [sys.executable, __file__, "--child", str(size), str(data),
                   "--queries", str(args.queries), "--naive-queries", str(args.naive_queries),
                   "--repeat", str(args.repeat), "--load-repeat", str(args.load_repeat)]
        start = time.perf_counter()
        child = subprocess.run(command, capture_output=True, text=True, check=False,
                               env={**os.environ, "PYTHONHASHSEED": "0"})
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(f"measured {size:,} facts in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results))
    print()
    print(category_table(results))
    print()
    print(targets(results))
    print()
    from benchmarks.worst import worst_report  # the slowest queries, on today's fact base

    print(worst_report(repeat=args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
