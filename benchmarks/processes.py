"""Whole-process figures: what running `relations` costs a person at the command line.

Each run is a fresh process, as typed: `relations --facts F --seeds S ask "<question>"`
with an empty cache folder (a first `relations ask`: load, validate, index, write the
snapshot) and with the cache filled (every later one), and `relations ask --json --batch`
over the query mix on standard input. Wall time from spawn to exit and the child's own peak
RSS (`os.wait4`'s resource usage, for that child alone), median of a few runs; the cache
entry's size on disk; and the resident memory of a started engine (`load_engine` from the
cache, then VmRSS), measured in a child of its own:

    python benchmarks/processes.py --started FACTS SEEDS CACHE   # prints one JSON line
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def relations_command() -> list[str]:
    """The `relations` script beside this interpreter (as installed by `make`), else the
    package run as a module."""
    script = Path(sys.executable).parent / "relations"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "bot"]


def run_process(command: Sequence[str], env: dict[str, str], cwd: Path,
                stdin: Path | None = None) -> dict[str, float]:
    """Run one process to its end: wall seconds, its peak RSS in MiB, and the lines and
    bytes it printed (kept in a file: a batch's JSON can be hundreds of megabytes).
    RuntimeError, with the end of its stderr, on a non-zero exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=source, stdout=out, stderr=err, env=env,
                                   cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(command[:6])}… exited {process.returncode}: "
                               f"{err.read().decode(errors='replace')[-2000:]}")
        out.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
        printed = out.tell()
    return {"wall_s": wall, "peak_rss_mib": usage.ru_maxrss / 1024.0, "lines": lines,
            "bytes": printed}


def _median_runs(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per figure, the median over runs; wall time's spread too (min, max)."""
    result = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    result |= {"wall_min_s": min(r["wall_s"] for r in runs),
               "wall_max_s": max(r["wall_s"] for r in runs), "runs": len(runs)}
    return result


def rss_now_mib() -> float:
    """This process's resident memory now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def folder_bytes(folder: Path) -> int:
    """The size on disk of every file under `folder` (a cache entry's)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def whole_process(data: Path, question: str, batch: Sequence[str], cold_runs: int = 3,
                  warm_runs: int = 3) -> dict[str, Any]:
    """The whole-process figures for the fact base under `data` (facts/ and seeds/).
    Runs take turns (cold, warm, batch) so each meets the machine alike."""
    relations = [*relations_command(), "--facts", str(data / "facts"),
                 "--seeds", str(data / "seeds")]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cache = tmp / "cache"
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("RELATIONS_")}
        warm_env = {**env, "RELATIONS_CACHE_DIR": str(cache)}
        queries = tmp / "queries.txt"
        queries.write_text("".join(q.replace("\n", " ") + "\n" for q in batch))
        ask = [*relations, "ask", question]
        runs: dict[str, list[dict[str, float]]] = {
            "imports": [], "cold": [], "warm": [], "batch": []}
        for i in range(max(cold_runs, warm_runs)):
            runs["imports"].append(run_process([sys.executable, "-c", "import bot.cli"], env,
                                               tmp))
            if i < cold_runs:  # an empty cache folder each time; the first fills the warm one
                empty = cache if i == 0 else tmp / f"empty-{i}"
                runs["cold"].append(run_process(ask, {**env, "RELATIONS_CACHE_DIR": str(empty)},
                                                tmp))
            if i < warm_runs:
                runs["warm"].append(run_process(ask, warm_env, tmp))
                runs["batch"].append(run_process([*relations, "ask", "--json", "--batch"],
                                                 warm_env, tmp, stdin=queries))
        result: dict[str, Any] = {kind: _median_runs(found) for kind, found in runs.items()}
        result["batch"]["questions"] = len(batch)
        result["cache_bytes"] = folder_bytes(cache)
        from bot.engine.cache import SUFFIX

        # snapshots; beside them a small stamp file (bot/engine/stamps.py), counted in bytes
        result["cache_entries"] = sum(1 for _ in cache.rglob("*" + SUFFIX))
        started = subprocess.run(
            [sys.executable, __file__, "--started", str(data / "facts"), str(data / "seeds"),
             str(cache)], capture_output=True, text=True, check=True, env=env, cwd=tmp)
        result["started"] = json.loads(started.stdout.strip().splitlines()[-1])
    return result


def _started(facts_dir: Path, seeds_dir: Path, cache: Path) -> dict[str, float]:
    """A bot's start from the cache, in this fresh process: seconds, then memory."""
    import resource

    start = time.perf_counter()
    from bot.engine import load_engine

    load_engine(facts_dir, seeds_dir, cache)
    return {"start_s": time.perf_counter() - start, "rss_mib": rss_now_mib(),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--started", nargs=3, metavar=("FACTS", "SEEDS", "CACHE"), type=Path,
                        required=True, help="start an engine from the cache, print its memory")
    args = parser.parse_args(argv)
    print(json.dumps(_started(*args.started)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
