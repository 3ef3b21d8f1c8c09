"""The generator and the benchmark work end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import processes, report, rivals, run
from benchmarks.generate import generate, sample_names
from bot.engine import check_fact_base


def test_generated_fact_base_passes_the_real_loader_cleanly(tmp_path: Path) -> None:
    facts_dir, seeds_dir = generate(tmp_path, 300, seed=3)
    fact_base, problems = check_fact_base(facts_dir, seeds_dir)
    assert [p.format() for p in problems] == []
    assert len(fact_base.facts) == 300
    assert {f.kind for f in fact_base.facts} == {"meeting", "agreement", "position"}
    assert any(p.aliases for p in fact_base.people.values())
    assert all(t.synonyms for t in fact_base.topics.values())
    assert len({f.date[:4] for f in fact_base.facts}) > 5
    sides = {c for f in fact_base.facts for c in fact_base.sides(f)}
    assert len(sides) > 3  # several country pairs


def test_generation_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", 120, seed=5)
    generate(tmp_path / "b", 120, seed=5)
    for path in sorted((tmp_path / "a").rglob("*.*")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert twin.read_bytes() == path.read_bytes()
    names = sample_names(120, seed=5)
    assert names["people"] and names["synonyms"] and names["aliases"]


def test_query_mix_covers_every_category() -> None:
    queries = run.make_queries(300, 50)
    assert len(queries) == 50
    assert {category for category, _ in queries} == set(run.CATEGORIES)
    assert rivals.fts_query("what did Xi say about the railway?") == '"xi" OR "railway"'
    assert rivals.fts_query("what about the") is None


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One measurement of a 200-fact base, in this process and as whole processes."""
    data = tmp_path_factory.mktemp("facts-200")
    generate(data, 200, seed=0)
    result = run.measure(200, data, n_queries=25, naive_queries=5, repeat=1, load_repeat=1,
                         tail_queries=40)
    result["process"] = processes.whole_process(data, "meetings 2019", ["meetings", "bananas",
                                                                         "SCO"],
                                                cold_runs=1, warm_runs=1)
    return result


def test_benchmark_times_every_engine_first_and_repeated(tiny: dict[str, Any]) -> None:
    assert tiny["facts"] == 200
    for name in (*run.RIVALS, *(f"{n}_first" for n in run.RIVALS), "index_all", "naive",
                 "index_on_naive_subset"):
        assert tiny[name]["p50"] > 0 and tiny[name]["p99"] >= tiny[name]["p50"], name
    assert tiny["index"]["n"] == tiny["index_first"]["n"] == 25
    assert tiny["first_answer_ms"] > 0
    for name in ("index", "index_first", "reply", "reply_first"):
        assert list(tiny["by_category"][name]) == list(run.CATEGORIES)
        assert sum(s["n"] for s in tiny["by_category"][name].values()) == 25
    for figure in ("cold_s", "cold_one_core_s", "load_validate_s", "index_s", "warm_s"):
        assert tiny[figure] > 0, figure
    assert tiny["cache_bytes"] > 0 and tiny["peak_rss_mib"] > 0 and tiny["probe_ms"] > 0


def test_the_tail_asks_further_questions_fresh_and_again(tiny: dict[str, Any]) -> None:
    tail = tiny["tail"]
    assert tail["n"] == 40
    for label in ("first", "repeat"):
        figures = tail[label]
        assert figures["n"] == 40 and figures["max"] >= figures["p999"] >= figures["p99"] > 0
        assert sum(s["n"] for s in figures["by_category"].values()) == 40
        assert 0 <= figures["over_2ms"] <= 40
    asked = {q for _, q in run.make_queries(200, 40, seed=11)}
    assert len(tail["slowest"]) == 5 and all(s["query"] in asked for s in tail["slowest"])
    ms = [s["repeat_ms"] for s in tail["slowest"]]
    assert ms == sorted(ms, reverse=True) and ms[0] == tail["repeat"]["max"]


def test_rivals_answer_the_same_in_a_child_as_in_process(tiny: dict[str, Any]) -> None:
    assert tiny["tantivy_segments"] == 1  # a hit's document number is the fact's position
    answered = tiny["answered"]
    assert sum(v[0] for v in answered.values()) == 25
    for column, kind in ((2, "fts_open"), (3, "tantivy_open")):
        assert tiny[kind]["answered"] == sum(v[column] for v in answered.values()) > 0
        assert tiny[kind]["open_s"] > 0 and tiny[kind]["rss_mib"] >= 0
    assert answered["typo"][2] <= answered["typo"][1]  # exact words only: typos are missed


def test_whole_process_figures(tiny: dict[str, Any]) -> None:
    process = tiny["process"]
    assert process["batch"]["lines"] == 3  # one JSON answer per question
    assert process["warm"]["lines"] > 0 and process["cold"]["lines"] == process["warm"]["lines"]
    for kind in ("imports", "cold", "warm", "batch"):
        assert process[kind]["wall_s"] > 0 and process[kind]["peak_rss_mib"] > 0
    assert process["cache_entries"] == 1 and process["cache_bytes"] > 0
    assert process["started"]["rss_mib"] > 0 and process["started"]["start_s"] > 0


def test_run_process_reports_a_failure() -> None:
    with pytest.raises(RuntimeError, match="exited 3"):
        processes.run_process([sys.executable, "-c", "import sys; sys.exit(3)"],
                              dict(os.environ), Path.cwd())


def test_tables_show_each_figure_and_never_hide_a_miss(tiny: dict[str, Any]) -> None:
    text = "\n".join(table([tiny]) for table in (
        report.loading_table, report.query_table, report.category_table,
        report.tail_table, report.rivals_table, report.process_table))
    assert "| 200 |" in text and "tantivy" in text
    assert "a first `relations ask` (empty cache) costs" in text
    assert "| 200 | 40 | first |" in text and "slowest repeated" in text
    assert report.targets_table([tiny], {}).count("not measured") == len(report.checks({}))
    big = {**tiny, "size": 100_000, "process": {**tiny["process"],
                                                "warm": {**tiny["process"]["warm"], "wall_s": 5}}}
    ten = {**tiny, "size": 10_000, "cold_s": 1.0}
    targets = report.targets_table([ten, big], {100_000: {"index": {"p99": 1000.0}}})
    assert "not measured" not in targets
    rows = {line.split(" | ")[0].lstrip("| "): line for line in targets.splitlines()[2:]}
    assert rows["warm start ≤ 1.0 s as a whole process (`relations ask`, cache filled)"] \
        .endswith("| **NOT met** |")
    assert rows["cold (build_snapshot: load, validate, index) ≤ 1.5 s"].endswith("| met |")
    assert "| met |" in rows["query p99 unchanged or better (≤ 1.1× the last recorded run: "
                             "noise)"]


def test_worst_case_queries_are_as_long_as_read_and_each_timed(tmp_path: Path) -> None:
    from benchmarks import worst
    from bot.engine import Engine, load_fact_base
    from bot.engine.answering import MAX_QUERY_CHARS

    engine = Engine(load_fact_base(*generate(tmp_path, 60, seed=2)))
    queries = worst.worst_queries(engine.fact_base)
    assert [len(q) > MAX_QUERY_CHARS for q in queries.values()].count(True) == 3
    assert all(len(q) > MAX_QUERY_CHARS - 20 for q in queries.values())
    timings = worst.measure_worst(engine, repeat=1)
    assert list(timings) == list(queries) and all(ms > 0 for ms in timings.values())
    report = worst.worst_table({"here": timings, "again": timings})
    assert all(f"| {name} | {timings[name]:.2f} | {timings[name]:.2f} |" in report
               for name in queries)
    assert report.count("worst query") == 2


def test_a_replicated_fact_base_loads_and_its_benchmark_times_every_question(
        tmp_path: Path) -> None:
    from benchmarks import replicated
    from benchmarks.replicate import replicate
    from tests.conftest import FACTS_DIR, SEEDS_DIR

    facts_dir, seeds_dir = replicate(FACTS_DIR, SEEDS_DIR, tmp_path, 3)
    fact_base, problems = check_fact_base(facts_dir, seeds_dir)
    ids = [f.id for f in fact_base.facts]
    assert len(ids) == len(set(ids)) == 3 * replicated.REAL_FACTS
    assert problems and all(p.severity == "warning" for p in problems)  # shared quotes
    meetings = [f for f in fact_base.facts if f.kind == "agreement" and f.meeting]
    assert meetings and all(f.meeting[-6:] == f.id[-6:] for f in meetings)  # links renamed
    replies = replicated.measure(tmp_path)
    assert [s["question"] for s in replies["slowest"]] and replies["first"]["max"] > 0
    process = processes.whole_process(tmp_path, replicated.QUESTIONS[13], replicated.QUESTIONS,
                                      cold_runs=1, warm_runs=1)
    text = replicated.report([{"size": 147, "replies": replies, "process": process}])
    assert "| 147 |" in text and replies["slowest"][0]["question"] in text


def test_versus_times_two_trees_in_turns(tmp_path: Path) -> None:
    from benchmarks import versus

    root = Path(versus.__file__).resolve().parent.parent
    generate(tmp_path, 150, seed=4)
    runs = versus.versus(root, tmp_path, 150, queries=10, pairs=1)
    assert list(runs) == ["this tree", str(root)]
    for results in runs.values():
        (steps,) = results
        assert list(steps) == list(versus.STEPS)
        assert all(0 < p50 <= p99 <= total for p50, p99, total in steps.values())
    text = versus.table(runs)
    assert "| this tree |" in text and f"| {root} |" in text
