"""The generator and the benchmark work end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import run
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
    assert run.fts_query("what did Xi say about the railway?") == '"xi" OR "railway"'
    assert run.fts_query("what about the") is None


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    generate(tmp_path, 200, seed=0)
    result = run.measure(200, tmp_path, n_queries=25, naive_queries=5, repeat=1, load_repeat=1)
    assert result["facts"] == 200
    for engine in ("index", "index_all", "fts", "naive", "index_on_naive_subset"):
        assert result[engine]["p50"] >= 0 and result[engine]["p99"] >= result[engine]["p50"]
    assert result["warm_s"] >= 0 and result["peak_rss_mib"] > 0
    assert sum(v[0] for v in result["answered"].values()) == 25
    text = run.table([result]) + run.category_table([result]) + run.targets([result])
    assert "| 200 |" in text


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
    report = worst.worst_table(timings)
    assert all(f"| {name} |" in report for name in queries)
