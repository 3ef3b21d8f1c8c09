"""Benchmark: this engine against another checkout of it, process by process in turns.

    python benchmarks/versus.py --tree ../before          # 100,000 generated facts
    python benchmarks/versus.py --tree ../before --size 10000 --pairs 5

Figures from different hours do not compare on this machine (its speed drifts by tens
of percent within minutes), so "unchanged or better" against an earlier version is
measured here, not read off an old run: each tree answers the benchmark's query mix
(`run.make_queries`) in a fresh process of its own, the two trees taking turns, `--pairs`
times, the order swapped each pair. A tree's first process builds its cache (a cold
start), so a pair first warms both.

Each process times, per query, the median of 5 calls of three steps, in a tight loop
(as the benchmark before issue 8 timed the engine): `engine.parse`, the index alone
(`engine.retriever.search(parsed, 10)`), and the whole `engine.answer(query, limit=10)`
(parsing, the index, and the answering layer: sentences, cards, comparisons, and the
facts they read). Printed: p50 and p99 of each over the mix, and their sum.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = ("parse", "index", "answer")
REPEAT = 5


def _child(data: Path, queries_file: Path, cache: Path) -> dict[str, list[float]]:
    """Runs in the other tree's code (its folder first on PYTHONPATH): per step, the p50,
    p99 and sum of the per-query medians, in ms."""
    import bot

    assert Path(bot.__file__).resolve().parent.parent == Path.cwd().resolve(), bot.__file__
    try:
        from bot.engine import load_engine
    except ImportError:  # before the engine package exported it
        from bot.engine.cache import load_engine
    engine = load_engine(data / "facts", data / "seeds", cache)
    for thread in threading.enumerate():  # a bot's warm-up, where there is one
        if thread is not threading.current_thread() and thread.name.startswith("relations"):
            thread.join()
    gc.collect()
    queries = json.loads(queries_file.read_text())
    parsed = [engine.parse(query) for query in queries]
    calls: dict[str, list[Callable[[], object]]] = {
        "parse": [lambda q=q: engine.parse(q) for q in queries],
        "index": [lambda p=p: engine.retriever.search(p, 10) for p in parsed],
        "answer": [lambda q=q: engine.answer(q, limit=10) for q in queries],
    }
    result = {}
    for step in STEPS:
        medians = []
        for call in calls[step]:
            runs = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                call()
                runs.append(time.perf_counter() - start)
            medians.append(statistics.median(runs) * 1000)
        ordered = sorted(medians)
        result[step] = [statistics.median(ordered), ordered[int(len(ordered) * 0.99)],
                        sum(ordered)]
    return result


def _run(tree: Path, data: Path, queries_file: Path, cache: Path) -> dict[str, list[float]]:
    env = os.environ | {"PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, __file__, "--child", str(data), str(queries_file),
                           str(cache)], cwd=tree, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


Runs = dict[str, list[dict[str, list[float]]]]  # per tree, per process: step -> p50, p99, sum


def versus(other: Path, data: Path, size: int, queries: int, pairs: int) -> Runs:
    """Both trees, `pairs` timed processes each, taking turns (each tree's cache built
    first, untimed), on the fact base in `data` (facts/ and seeds/)."""
    from benchmarks.run import make_queries

    trees = {"this tree": HERE.parent, str(other): other.resolve()}
    data = data.resolve()  # the children run in their trees' folders
    runs: Runs = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        queries_file = Path(tmp) / "queries.json"
        queries_file.write_text(json.dumps([q for _, q in make_queries(size, queries)]))
        caches = {name: Path(tmp) / f"cache-{number}" for number, name in enumerate(trees)}
        for name, tree in trees.items():
            _run(tree, data, queries_file, caches[name])
        order = list(trees)
        for _ in range(pairs):
            for name in order:
                runs[name].append(_run(trees[name], data, queries_file, caches[name]))
            order.reverse()
    return runs


def table(runs: Runs) -> str:
    """A row per tree, each cell its processes' p50 / p99 / sum, in the order run."""
    lines = ["| tree | " + " | ".join(f"{step} p50 / p99 / sum" for step in STEPS) + " |",
             "|---|" + "---|" * len(STEPS)]
    for name, results in runs.items():
        cells = [" ; ".join(f"{r[step][0]:.3f} / {r[step][1]:.2f} / {r[step][2]:.0f}"
                            for r in results) for step in STEPS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="the other checkout (e.g. a git worktree)")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=HERE / "out")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    if args.tree is None:
        parser.error("--tree is needed")
    sys.path.insert(0, str(HERE.parent))
    from benchmarks.generate import generate

    data = args.data / f"facts-{args.size}"
    if not (data / "facts" / "entities.yaml").is_file():
        generate(data, args.size)
    runs = versus(args.tree, data, args.size, args.queries, args.pairs)
    print(f"{args.size:,} facts, {args.queries} queries, {args.pairs} processes each, in turns; "
          "ms, per query the median of 5 calls")
    print(table(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
