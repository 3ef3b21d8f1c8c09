"""Benchmark: the real fact base replicated to 10,000 and 100,000 facts, asked real questions.

    python benchmarks/replicated.py                  # 10,000 and 100,000 facts
    python benchmarks/replicated.py --sizes 10000

A generated fact base (benchmarks/run.py) has varied texts; a replicated one
(benchmarks/replicate.py: each real fact copied about size / 49 times) is the other
extreme: thousands of facts with the very same words, dates and people, so equal scores,
days of thousands of facts and counts in the thousands. For each size, whole processes
(benchmarks/processes.py: `relations ask` with an empty and a filled cache, a batch of
the questions, a started bot's memory, the snapshot's size), then, in a fresh process,
each of QUESTIONS through the Slack reply path (`reply_to` and the JSON of its blocks) on
a started engine: its first call and the median of 5 repeats; the slowest by name.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.processes import whole_process  # noqa: E402
from benchmarks.replicate import replicate  # noqa: E402
from benchmarks.report import table  # noqa: E402
from benchmarks.timing import ms, summary, time_each  # noqa: E402

REAL_FACTS = 49  # in facts/ today: each copy of the fact files adds as many
# The README's examples of each kind of question, and a few plain ones.
QUESTIONS = [
    "help", "meetings", "agreements", "positions", "timeline", "sources", "meetings 2022",
    "positions taiwan", "what was signed in Astana?", "who is Japarov", "Жапаров", "taiwan",
    "where is Astana?", "when did Xi and Japarov last meet?", "when did they last meet?",
    "where was the joint statement issued?", "who supports the railway?",
    "how many times did Xi and Japarov meet?", "latest positions on Taiwan", "first meeting",
    "did Kyrgyzstan back China on Taiwan?", "meetings since 2023", "positions before 2023",
    "between 2020 and 2023", "how has Kyrgyzstan's position on Taiwan changed?",
    "compare 2022 and 2025 on the railway", "China vs Kyrgyzstan on the railway",
    "meetigns 2022", "agrements 2025", "positons taiwan", "who praised Xi's leadership?",
    "what documents were signed during the Beijing visit?", "Си Цзиньпин", "习近平",
    "timeline railway", "positions xi", "positions japarov 2025", "agreements kyrgyzstan china",
    "who met in Beijing?", "what did Japarov say about Taiwan?", "Xi's position on the railway",
    "positions energy", "cooperation", "what did xi say", "who is the president of Kyrgyzstan?",
    "meetings 1999", "positions mars", "olympic", "china kyrgyzstan uzbekistan railway",
]
REPEAT = 5


def measure(data: Path) -> dict:
    """In this fresh process: a started engine (the cache built first, as a bot's first
    start would) answering each question through the Slack reply path."""
    from benchmarks.run import machine_probe_ms, slack_reply, wait_for_warm_ups
    from bot.engine import load_engine

    with tempfile.TemporaryDirectory() as cache:
        load_engine(data / "facts", data / "seeds", Path(cache), warm_up=False)  # builds
        engine = load_engine(data / "facts", data / "seeds", Path(cache))  # a bot's start
        wait_for_warm_ups()
        gc.collect()
        firsts, repeats = time_each(partial(slack_reply, engine), QUESTIONS, REPEAT)
    slowest = sorted(zip(firsts, repeats, QUESTIONS, strict=True), reverse=True)[:5]
    return {"probe_ms": machine_probe_ms(),
            "first": summary(firsts) | {"max": ms(max(firsts))},
            "repeat": summary(repeats) | {"max": ms(max(repeats))},
            "slowest": [{"question": q, "first_ms": ms(f), "repeat_ms": ms(r)}
                        for f, r, q in slowest]}


def report(results: list[dict]) -> str:
    rows = []
    for r in results:
        process, first, repeat = r["process"], r["replies"]["first"], r["replies"]["repeat"]
        rows.append([f"{r['size']:,}", f"{process['cold']['wall_s']:.2f} s",
                     f"{process['warm']['wall_s']:.2f} s",
                     f"{process['started']['rss_mib']:.0f} MiB",
                     f"{process['cache_bytes'] / 1e6:.1f} MB",
                     f"{first['p50']:.2f} / {first['p99']:.2f} / {first['max']:.2f} ms",
                     f"{repeat['p50']:.2f} / {repeat['p99']:.2f} / {repeat['max']:.2f} ms",
                     f"{r['replies']['probe_ms']:.0f} ms"])
    text = table(["facts", "first `relations ask`", "warm `relations ask`", "started bot",
                  "snapshot", "reply path, first call p50 / p99 / max",
                  "repeats p50 / p99 / max", "machine probe (lower: faster)"], rows)
    for r in results:
        text += f"\n\nSlowest at {r['size']:,} facts (first call, repeats):\n"
        text += "\n".join(f"- {s['first_ms']:.2f} ms, {s['repeat_ms']:.2f} ms: {s['question']}"
                          for s in r["replies"]["slowest"])
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--data", type=Path, default=HERE / "out",
                        help="where replicated fact bases are kept and reused")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        copies = -(-size // REAL_FACTS)
        data = args.data / f"replicated-{copies * REAL_FACTS}"
        if not (data / "facts" / "entities.yaml").is_file():
            replicate(HERE.parent / "facts", HERE.parent / "seeds", data, copies)
        child = subprocess.run([sys.executable, __file__, "--child", str(data)],
                               capture_output=True, text=True, check=False,
                               env={**os.environ, "PYTHONHASHSEED": "0"})
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        results.append({"size": copies * REAL_FACTS,
                        "replies": json.loads(child.stdout.strip().splitlines()[-1]),
                        "process": whole_process(data, QUESTIONS[13], QUESTIONS,
                                                 cold_runs=1, warm_runs=3)})
        print(f"measured {copies * REAL_FACTS:,} replicated facts", file=sys.stderr)
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
