"""Benchmark: what users meet, the engine against SQLite FTS5, tantivy and a naive scan.

    python benchmarks/run.py                        # 1,000, 10,000 and 100,000 facts
    python benchmarks/run.py --sizes 1000 --queries 100
    python benchmarks/run.py --tables results.json  # reprint a run's tables

For each size the fact base is generated (benchmarks/generate.py; kept under
benchmarks/out/ and reused), then one child process per size measures, on that data:

- cold `build_snapshot` (load, validate, index: what a start without cache does), the
  loader alone for the split, warm `load_snapshot` from a cache, `load_engine` from it,
  the cache entry's size, and the process's peak RSS once cold-loaded;
- taking turns query by query, so all meet the machine alike: `Engine.answer(query,
  limit=10)` on a fresh engine from the cache, the Slack reply path (`reply_to` with
  front_end="slack" plus the JSON of its blocks, on a second fresh engine), SQLite FTS5 and
  tantivy (benchmarks/rivals.py); per query its first call and the median of --repeat more;
- `Engine.answer(query)` (all matches, as `relations ask --json`), the rivals' open time
  and memory from disk (a child each), and the naive rapidfuzz scan on a subset;

then, from the parent, whole processes (benchmarks/processes.py): `relations ask` with an
empty and a filled cache, `ask --json --batch` over the query mix, a start's memory. The
tables end with the targets, met or NOT met, and the worst-case queries on today's fact
base and each generated one (benchmarks/worst.py, timed last in each child).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks import report  # noqa: E402
from benchmarks.generate import generate, sample_names, spoil  # noqa: E402
from benchmarks.processes import folder_bytes, whole_process  # noqa: E402
from benchmarks.rivals import (  # noqa: E402
    build_fts5,
    build_tantivy,
    fts5_search,
    open_in_child,
    save_fts5,
    segments,
    tantivy_search,
)
from benchmarks.timing import (  # noqa: E402
    ms,
    percentile,
    summary,
    time_by_turns,
    time_each,
)
from benchmarks.worst import measure_worst, todays_timings, worst_table  # noqa: E402

if TYPE_CHECKING:
    from bot.engine import Engine

RIVALS = ("index", "reply", "fts", "tantivy")  # timed taking turns, query by query
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

def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cold(facts_dir: Path, seeds_dir: Path, repeat: int) -> dict[str, float]:
    """What a start without cache does (`build_snapshot`: load, validate, index, with its
    forked children on the spare core), the same on one core (forking off), and its two
    parts alone for the split: the loader (`check_fact_base`) and the index (`FactIndex`),
    the garbage collector paused as there; medians of `repeat` runs each, then the
    process's peak RSS."""
    from bot.engine import check_fact_base, forked
    from bot.engine.cache import build_snapshot
    from bot.engine.gc_tuning import paused_gc
    from bot.engine.index import FactIndex

    builds, one_core, loads, indexes = [], [], [], []
    can_fork = forked.can_fork
    for _ in range(repeat):
        start = time.perf_counter()
        facts = len(build_snapshot(facts_dir, seeds_dir).fact_base.facts)
        builds.append(time.perf_counter() - start)
        forked.can_fork = lambda: False
        try:
            start = time.perf_counter()
            build_snapshot(facts_dir, seeds_dir)
            one_core.append(time.perf_counter() - start)
        finally:
            forked.can_fork = can_fork
        with paused_gc():
            start = time.perf_counter()
            fact_base, _problems = check_fact_base(facts_dir, seeds_dir)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            FactIndex(fact_base)
            indexes.append(time.perf_counter() - start)
    return {"facts": facts, "cold_s": statistics.median(builds),
            "cold_one_core_s": statistics.median(one_core),
            "load_validate_s": statistics.median(loads), "index_s": statistics.median(indexes),
            "peak_rss_mib": _rss_mib()}  # all a bot holds: loaded, indexed, prepared


def _warm(facts_dir: Path, seeds_dir: Path, cache: Path, repeat: int) -> dict[str, float]:
    """`load_snapshot` filling an empty cache, then from it (median of `repeat`)."""
    from bot.engine.cache import load_snapshot

    start = time.perf_counter()
    load_snapshot(facts_dir, seeds_dir, folder=cache)
    result = {"cache_build_s": time.perf_counter() - start}
    warm: list[float] = []
    misses = 0
    while len(warm) < repeat and misses < 3:
        start = time.perf_counter()
        _snapshot, hit = load_snapshot(facts_dir, seeds_dir, folder=cache)
        if hit:
            warm.append(time.perf_counter() - start)
        else:  # bot/engine/ was edited meanwhile (the key covers its code): rebuilt
            misses += 1
        del _snapshot
    result["warm_s"] = statistics.median(warm) if warm else float("nan")
    result["cache_bytes"] = folder_bytes(cache)
    return result


def slack_reply(engine: Engine, query: str) -> str:
    """What a Slack reply costs: the reply with its buttons, and its JSON body."""
    from bot.frontend import reply_to

    reply = reply_to(engine, query, front_end="slack")
    return json.dumps({"blocks": reply.blocks, "text": reply.text})


def wait_for_warm_ups() -> None:
    """Let the engines' background warm-ups finish (bot/engine/cache.py: the word list, the
    bitmaps; about 1.5 s at 100,000 facts after a start): the first calls timed are a
    running bot's fresh questions, not the start's; a bot's very first answer is timed on
    its own, its warm-up under way."""
    from bot.engine.cache import WARM_UP_THREAD

    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD:
            thread.join()


def machine_probe_ms() -> float:
    """The best of 5 runs of a fixed loop of plain Python: this shared machine's speed drifts
    by tens of percent over minutes, so each size's figures come with it, to compare runs."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - start)
    return ms(best)


def _by_category(queries: list[tuple[str, str]],
                 latencies: list[float]) -> dict[str, dict[str, float]]:
    """`summary` of the latencies of each category's queries."""
    return {category: summary([lat for (c, _), lat in zip(queries, latencies, strict=True)
                               if c == category]) for category in CATEGORIES}


def _tail(reply: Callable[[str], object], size: int, n: int) -> dict:
    """The reply path over `n` further questions of the mix (another seed), each asked once
    fresh and once again, as a running bot meets them: the tail a 300-question sample
    cannot show (one question in a few hundred)."""
    queries = make_queries(size, n, seed=11)
    firsts, repeats = time_each(reply, [q for _, q in queries], 1)
    result: dict = {"n": n}
    for label, latencies in (("first", firsts), ("repeat", repeats)):
        result[label] = summary(latencies) | {
            "p999": ms(percentile(latencies, 0.999)), "max": ms(max(latencies, default=0.0)),
            "over_2ms": sum(lat > 0.002 for lat in latencies),
            "by_category": _by_category(queries, latencies)}
    slowest = sorted(zip(repeats, queries, strict=True), reverse=True)[:5]
    result["slowest"] = [{"query": q, "category": c, "repeat_ms": ms(lat)}
                         for lat, (c, q) in slowest]
    return result


def measure(size: int, data: Path, n_queries: int, naive_queries: int, repeat: int,
            load_repeat: int, tail_queries: int = 0) -> dict:
    from rapidfuzz import fuzz, process

    from bot.engine import load_engine
    from bot.engine.index import fact_text

    facts_dir, seeds_dir = data / "facts", data / "seeds"
    result: dict = {"size": size, "probe_ms": machine_probe_ms(),
                    **_cold(facts_dir, seeds_dir, load_repeat)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        result |= _warm(facts_dir, seeds_dir, tmp / "cache", max(3, load_repeat))
        queries = make_queries(size, n_queries)
        texts = [q for _, q in queries]
        start = time.perf_counter()
        just_started = load_engine(facts_dir, seeds_dir, tmp / "cache")
        result["engine_start_s"] = time.perf_counter() - start
        start = time.perf_counter()
        just_started.answer(texts[0], limit=10)  # a bot's first question, its warm-up under way
        result["first_answer_ms"] = ms(time.perf_counter() - start)
        engine = load_engine(facts_dir, seeds_dir, tmp / "cache")  # fresh: nothing asked yet
        slack_engine = load_engine(facts_dir, seeds_dir, tmp / "cache")  # the reply path's
        fact_texts = [fact_text(f, engine.fact_base) for f in engine.fact_base.facts]
        start = time.perf_counter()
        db = build_fts5(fact_texts)
        result["fts_build_s"] = time.perf_counter() - start
        start = time.perf_counter()
        tantivy_index = build_tantivy(fact_texts, tmp)
        result["tantivy_build_s"] = time.perf_counter() - start
        result["tantivy_segments"] = segments(tantivy_index)
        fts, tantivy = fts5_search(db), tantivy_search(tantivy_index)

        reply = partial(slack_reply, slack_engine)
        wait_for_warm_ups()
        gc.collect()  # the benchmark's own garbage (cold builds, the rivals' indexes): its
        # full collection would land on the first call timed (45 ms at 100,000 facts)
        timed = time_by_turns([lambda q: engine.answer(q, limit=10), reply, fts,
                                tantivy], texts, repeat)
        by_category: dict[str, dict[str, dict[str, float]]] = {}
        for name, (firsts, medians) in zip(RIVALS, timed, strict=True):
            for label, latencies in ((name, medians), (f"{name}_first", firsts)):
                result[label] = summary(latencies)
                by_category[label] = _by_category(queries, latencies)
        result["by_category"] = by_category
        result["index_all"] = summary(time_each(engine.answer, texts, max(1, repeat // 2))[1])
        result["tail"] = _tail(reply, size, tail_queries)
        answered = {c: [0, 0, 0, 0] for c in CATEGORIES}  # queries, index, FTS5, tantivy
        for category, query in queries:
            counts = answered[category]
            counts[0] += 1
            counts[1] += bool(engine.answer(query, limit=10).facts)
            counts[2] += bool(fts(query))
            counts[3] += bool(tantivy(query))
        result["answered"] = answered
        # last: it reads every fact's words, filling the reply path's kept models
        result["worst"] = measure_worst(slack_engine, repeat=3)
        save_fts5(db, tmp)
        result["fts_open"] = open_in_child("fts5", tmp, texts)
        result["tantivy_open"] = open_in_child("tantivy", tmp, texts)

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
    result["naive"] = summary(naive_latencies)
    result["index_on_naive_subset"] = summary(
        time_each(lambda q: engine.answer(q, limit=10), subset, repeat)[1])
    return result


# --- the parent: generate, run each size, print the tables -------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=60)
    parser.add_argument("--tail-queries", type=int, default=3000,
                        help="further questions through the reply path, for its tail")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median kept)")
    parser.add_argument("--load-repeat", type=int, default=0,
                        help="cold loads and cold processes per size (median kept); "
                             "default 3, 1 at 100,000+")
    parser.add_argument("--data", type=Path, default=HERE / "out",
                        help="where generated fact bases are kept and reused")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--baseline", type=Path, default=HERE / "results.json",
                        help="an earlier run's --json, for 'query p99 unchanged or better'")
    parser.add_argument("--tables", type=Path, metavar="JSON",
                        help="only print the tables of an earlier run's --json (no measuring)")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        size, data = int(args.child[0]), Path(args.child[1])
        print(json.dumps(measure(size, data, args.queries, args.naive_queries, args.repeat,
                                 _load_repeat(args.load_repeat, size), args.tail_queries)))
        return 0
    baseline = ({r["size"]: r for r in json.loads(args.baseline.read_text())}
                if args.baseline.is_file() else {})  # read before --json may overwrite it
    results = json.loads(args.tables.read_text()) if args.tables else []
    for size in () if args.tables else (int(s) for s in args.sizes.split(",")):
        data = args.data / f"facts-{size}"
        if not (data / "facts" / "entities.yaml").is_file():
            start = time.perf_counter()
            generate(data, size)
            print(f"generated {size:,} facts in {time.perf_counter() - start:.1f} s under {data}",
                  file=sys.stderr)
        command = [sys.executable, __file__, "--child", str(size), str(data),
                   "--queries", str(args.queries), "--naive-queries", str(args.naive_queries),
                   "--repeat", str(args.repeat), "--load-repeat", str(args.load_repeat),
                   "--tail-queries", str(args.tail_queries)]
        start = time.perf_counter()
        child = subprocess.run(command, capture_output=True, text=True, check=False,
                               env={**os.environ, "PYTHONHASHSEED": "0"})
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        result = json.loads(child.stdout.strip().splitlines()[-1])
        queries = make_queries(size, args.queries)
        question = next(q for c, q in queries if c == "plain question")
        runs = _load_repeat(args.load_repeat, size)
        result["process"] = whole_process(data, question, [q for _, q in queries],
                                          cold_runs=runs, warm_runs=3)
        results.append(result)
        print(f"measured {size:,} facts in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    for title, text in (("Loading", report.loading_table(results)),
                        ("Queries", report.query_table(results)),
                        ("Per category", report.category_table(results)),
                        ("The reply path's tail", report.tail_table(results)),
                        ("The rivals' indexes", report.rivals_table(results)),
                        ("Whole process", report.process_table(results)),
                        ("Targets", report.targets_table(results, baseline)),
                        ("Worst-case queries", _worst_table(results, args.repeat))):
        print(f"## {title}\n\n{text}\n")
    return 0


def _worst_table(results: list[dict], repeat: int) -> str:
    """Milliseconds per worst-case query on today's fact base and each generated one."""
    columns = {"today's facts": todays_timings(repeat=repeat)}
    columns.update({f"{r['size']:,} facts": r["worst"] for r in results if "worst" in r})
    return worst_table(columns)


def _load_repeat(asked: int, size: int) -> int:
    return asked or (1 if size >= 100_000 else 3)


if __name__ == "__main__":
    sys.exit(main())
