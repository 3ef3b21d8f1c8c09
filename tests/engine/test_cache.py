"""The compiled snapshot: used when nothing changed, rebuilt on any change, never stale."""

from __future__ import annotations

import gc
import json
import os
import pickle
import shutil
import threading
from pathlib import Path

import pytest

from bot.engine import Engine, FactBaseError, check_fact_base, forked, load_fact_base, packed
from bot.engine import cache as cache_module
from bot.engine.cache import (
    WARM_UP_THREAD,
    build_snapshot,
    content_key,
    load_engine,
    load_snapshot,
)
from bot.engine.index import FactIndex
from bot.engine.loader import reader

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the real facts/ and seeds/ to change at will."""
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(REPO / "facts", facts)
    shutil.copytree(REPO / "seeds", seeds)
    return facts, seeds


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + cache_module.SUFFIX))


def _stored_entry(facts: Path, seeds: Path, folder: Path) -> Path:
    """Load once through the cache in `folder` and return the one entry it stored."""
    load_snapshot(facts, seeds, folder=folder)
    (entry,) = _entries(folder)
    return entry


def test_second_load_comes_from_the_cache_and_answers_alike(tree: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    _, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit
    assert len(_entries(folder)) == 1
    second, hit = load_snapshot(facts, seeds, folder=folder)
    assert hit
    built = build_snapshot(facts, seeds).fact_base  # validated models, in memory
    assert list(second.fact_base.facts) == list(built.facts)  # made from records alike
    for section in ("people", "countries", "places", "organisations", "events", "topics"):
        assert dict(second.fact_base.section(section)) == dict(built.section(section))
    assert {key: source.model_copy(update={"text": ""})
            for key, source in built.sources.items()} == dict(second.fact_base.sources)
    assert second.fact_base.summary == built.summary
    fresh = Engine(built)
    cached = load_engine(facts, seeds, folder=folder)
    for query in ("positions taiwan", "meetings 2022", "japarof", "timeline", "what about bananas",
                  "what was signed in Astana?"):
        assert cached.answer(query) == fresh.answer(query)
        assert cached.answer(query, limit=10) == fresh.answer(query, limit=10)


def test_the_loaded_engine_is_kept_out_of_the_garbage_collector(tree: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    """Full collections would otherwise walk the whole fact base while a reply waits."""
    facts, seeds = tree
    gc.unfreeze()
    try:
        engine = load_engine(facts, seeds, folder=tmp_path / "cache")
        assert gc.get_freeze_count() > len(engine.fact_base.facts)
    finally:
        gc.unfreeze()


def test_any_change_to_a_fact_file_rebuilds(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    before, _ = load_snapshot(facts, seeds, folder=folder)
    path = facts / "xinhua-2025-06-17-astana.yaml"
    text = path.read_text(encoding="utf-8")
    old = "Xi said cooperation between China and Kyrgyzstan holds great potential."
    assert old in text
    path.write_text(text.replace(old, "Xi said cooperation holds great potential indeed."),
                    encoding="utf-8")
    os.utime(path, (1, 1))  # the key is the content, not the time: an old mtime changes nothing
    after, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit
    summaries = {f.id: f.summary for f in after.fact_base.facts}
    assert summaries["position-2025-06-17-xi-cooperation-potential"].endswith("indeed.")
    assert after.key != before.key
    assert len(_entries(folder)) == 1  # the stale entry is gone
    again, hit = load_snapshot(facts, seeds, folder=folder)
    assert hit and again.key == after.key


def test_added_removed_or_renamed_files_and_seed_changes_rebuild(tree: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    facts, seeds = tree
    keys = {content_key(facts, seeds)}
    extra = facts / "more.yaml"
    extra.write_text("# yaml-language-server: $schema=./schema.json\nfacts:\n", encoding="utf-8")
    keys.add(content_key(facts, seeds))
    extra.rename(facts / "renamed.yaml")
    keys.add(content_key(facts, seeds))
    (facts / "renamed.yaml").unlink()
    assert content_key(facts, seeds) in keys  # back to the original content: the original key
    seed = seeds / "xinhua-2022-02-06-beijing.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    keys.add(content_key(facts, seeds))
    assert len(keys) == 4


def test_a_seed_change_that_breaks_a_quote_is_reported_not_served(tree: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    load_snapshot(facts, seeds, folder=folder)
    seed = seeds / "xinhua-2025-06-17-astana.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("opposes all forms of", "rejects all forms of"), encoding="utf-8")
    with pytest.raises(FactBaseError):
        load_snapshot(facts, seeds, folder=folder)
    with pytest.raises(FactBaseError):  # still: errors are never cached
        load_snapshot(facts, seeds, folder=folder)


def test_a_change_to_the_engine_code_rebuilds(tree: tuple[Path, Path], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    facts, seeds = tree
    code = tmp_path / "engine"
    shutil.copytree(Path(cache_module.__file__).parent, code,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_ENGINE_DIR", code)
    before = content_key(facts, seeds)
    assert content_key(facts, seeds) == before
    index = code / "index" / "ranking.py"  # a subpackage module counts too
    index.write_text(index.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed = content_key(facts, seeds)
    assert changed != before
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    assert content_key(facts, seeds) not in (before, changed)


def test_corrupt_or_foreign_entries_are_replaced(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    entry = _stored_entry(facts, seeds, folder)
    intact = entry.read_bytes()
    entry.write_bytes(b"not a snapshot at all")
    assert not load_snapshot(facts, seeds, folder=folder)[1]
    header, sections = packed.read(entry)
    entry.write_bytes(b"".join(packed.pack(header | {"key": "another key"}, sections)))
    assert not load_snapshot(facts, seeds, folder=folder)[1]  # intact, for another key
    assert entry.read_bytes() == intact  # rebuilt alike
    assert load_snapshot(facts, seeds, folder=folder)[1]
    assert not list(folder.glob(".tmp-*"))  # written atomically, nothing left behind


def test_a_build_lists_warnings_only_beside_errors(tree: tuple[Path, Path],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A bot's build keeps no warnings (`relations check` lists them), so it parses no
    file again to locate one; beside an error it lists every warning, located as
    `relations check` locates it."""
    facts, seeds = tree
    path = facts / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: unused-topic\n"
                    "    name: Unused\n", encoding="utf-8")
    monkeypatch.setattr(forked, "can_fork", lambda: False)  # the parses counted here
    parsed: list[str] = []
    parse = reader.parse_yaml
    monkeypatch.setattr(reader, "parse_yaml",
                        lambda text, **options: (parsed.append(text), parse(text, **options))[1])
    _, problems = check_fact_base(facts, seeds)
    assert any("unused-topic" in p.message for p in problems)
    fact_files = len(list(facts.rglob("*.yaml")))
    assert len(parsed) > fact_files  # located: entities.yaml parsed again
    parsed.clear()
    build_snapshot(facts, seeds)
    assert len(parsed) == fact_files  # each once

    path = facts / "xinhua-2025-06-17-astana.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "speaker: xi-jinping", "speaker: xi-jinpin", 1), encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build_snapshot(facts, seeds)
    _, problems = check_fact_base(facts, seeds)
    assert raised.value.problems == problems
    assert any("unused-topic" in p.message for p in problems)
    assert any(p.severity == "error" and "xi-jinpin" in p.message for p in problems)


def test_unwritable_cache_folder_still_loads(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    snapshot, hit = load_snapshot(facts, seeds, folder=blocker / "cache")
    assert not hit and snapshot.fact_base.facts


def test_cli_uses_the_cache(tree: tuple[Path, Path], tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                            ) -> None:
    from bot.cli import main

    facts, seeds = tree
    folder = tmp_path / "cache"
    monkeypatch.setenv("RELATIONS_CACHE_DIR", str(folder))
    monkeypatch.delenv("RELATIONS_CACHE", raising=False)
    args = ["--facts", str(facts), "--seeds", str(seeds), "ask", "--json", "positions", "taiwan"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert len(_entries(folder)) == 1
    assert main(args) == 0
    assert capsys.readouterr().out == first
    monkeypatch.setenv("RELATIONS_CACHE", "off")
    assert main(args) == 0
    assert capsys.readouterr().out == first


def test_only_recent_entries_are_kept(tree: tuple[Path, Path], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    folder.mkdir()
    for n in range(5):
        (folder / f"factbase-{n:016d}-old.snapshot").write_bytes(b"x")
        os.utime(folder / f"factbase-{n:016d}-old.snapshot", (n + 1, n + 1))
    (folder / ".tmp-crashed.json").write_bytes(b"x")
    os.utime(folder / ".tmp-crashed.json", (1, 1))
    monkeypatch.setattr(cache_module, "KEEP_ENTRIES", 3)  # here: built in this process
    load_snapshot(facts, seeds, folder=folder, apart=False)
    names = {p.name for p in folder.iterdir()}
    assert len(names) == 3
    assert "factbase-0000000000000004-old.snapshot" in names  # the newest old ones stay
    assert ".tmp-crashed.json" not in names


class _RunsCode:
    """Unpickling this writes a marker file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "code ran"))  # type: ignore[return-value]


def test_a_planted_pickle_runs_no_code_and_is_rebuilt(tree: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    entry = _stored_entry(facts, seeds, folder)
    marker = tmp_path / "marker"
    entry.write_bytes(pickle.dumps(_RunsCode(marker)))
    snapshot, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit and snapshot.fact_base.facts
    assert not marker.exists()
    assert load_snapshot(facts, seeds, folder=folder)[1]  # the rebuilt entry serves again


@pytest.mark.parametrize("where", [0.0, 0.01, 0.5, 0.999])
def test_a_changed_byte_anywhere_is_refused_and_rebuilt(tree: tuple[Path, Path],
                                                       tmp_path: Path, where: float) -> None:
    """The header, the index's arrays or a compressed fact: any byte changed, and the
    entry is refused whole (its checksum), never half read."""
    facts, seeds = tree
    folder = tmp_path / "cache"
    entry = _stored_entry(facts, seeds, folder)
    data = bytearray(entry.read_bytes())
    at = int(where * (len(data) - 1))
    data[at] ^= 0x20
    entry.write_bytes(bytes(data))
    snapshot, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit
    fresh = Engine(build_snapshot(facts, seeds).fact_base)
    for query in ("japarof", "positions taiwan", "timeline"):
        assert Engine(snapshot.fact_base, snapshot.index).answer(query) == fresh.answer(query)


def test_a_truncated_or_empty_entry_is_rebuilt(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    entry = _stored_entry(facts, seeds, folder)
    whole = entry.read_bytes()
    for cut in (whole[:len(whole) // 2], whole[:10], b""):
        entry.write_bytes(cut)
        snapshot, hit = load_snapshot(facts, seeds, folder=folder)
        assert not hit and len(snapshot.fact_base.facts) > 0
        entry = _stored_entry(facts, seeds, folder)


def test_a_folder_others_can_write_is_not_used(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    for _ in range(2):
        snapshot, hit = load_snapshot(facts, seeds, folder=folder)
        assert not hit and snapshot.fact_base.facts
    assert not list(folder.iterdir())  # nothing read, nothing written
    folder.chmod(0o700)
    load_snapshot(facts, seeds, folder=folder)
    assert load_snapshot(facts, seeds, folder=folder)[1]


def test_a_new_cache_folder_is_private(tree: tuple[Path, Path], tmp_path: Path) -> None:
    facts, seeds = tree
    folder = tmp_path / "new" / "cache"
    load_snapshot(facts, seeds, folder=folder)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_loaded_engine_is_freed_by_reference_counting_alone(tree: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    """A loaded engine is frozen out of the cycle collector's sight (keep_out_of_gc), so
    an engine replaced by a reload must hold no reference cycle, or its mapped snapshot
    would never be let go."""
    import weakref

    facts, seeds = tree
    folder = tmp_path / "cache"
    load_snapshot(facts, seeds, folder=folder)
    gc.disable()
    try:
        snapshot, hit = load_snapshot(facts, seeds, folder=folder)
        assert hit
        engine = Engine(snapshot.fact_base, snapshot.index)
        engine.answer("when did Xi and Japarov last meet?")
        watched = [weakref.ref(x) for x in (snapshot.fact_base, snapshot.fact_base.facts,
                                             snapshot.index)]
        del snapshot, engine
        assert [ref() for ref in watched] == [None, None, None]
    finally:
        gc.enable()


def _wait_for_warm_ups() -> None:
    """Until the engines' background warm-ups have finished."""
    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD:
            thread.join(timeout=60)


def test_warming_up_builds_the_id_map_and_every_large_bitmap_and_changes_no_answer(
        tmp_path: Path) -> None:
    from benchmarks.generate import generate

    facts, seeds = generate(tmp_path / "base", 2000, seed=3)  # lists long enough for bitmaps
    folder = tmp_path / "cache"
    cold = load_engine(facts, seeds, folder, warm_up=False)
    warmed = load_engine(facts, seeds, folder, warm_up=True)
    _wait_for_warm_ups()
    assert "row_of" in vars(warmed.fact_base) and "row_of" not in vars(cold.fact_base)
    index = warmed.retriever
    assert isinstance(index, FactIndex)
    for stretches in (index._filter_stretches, index._words):
        large = [n for n in range(stretches.count) if stretches.size(n) >= stretches.bitmap_from]
        assert large and set(stretches._bitmaps) == set(large)
    for query in ("positions taiwan", "meetings 2022", "japarof", "timeline", "trade",
                  "when did Xi and Japarov last meet?"):
        assert warmed.answer(query) == cold.answer(query)


def test_what_the_warm_up_builds_is_kept_out_of_the_collectors_sight(
        tree: tuple[Path, Path], tmp_path: Path) -> None:
    """It lives as long as the engine: left in sight, every full collection while
    answering would walk it (8 ms at 100,000 facts)."""
    facts, seeds = tree
    engine = load_engine(facts, seeds, tmp_path / "cache", warm_up=True)
    _wait_for_warm_ups()
    built = [engine.fact_base.row_of, engine.fact_base.nearby_ids._ids]
    in_sight = {id(candidate) for candidate in gc.get_objects()}
    assert [id(thing) in in_sight for thing in built] == [False, False]


def test_a_missing_entry_is_built_in_a_child_process(tree: tuple[Path, Path], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's gigabyte (at 100,000 facts) is a child's, given back when it exits:
    this process only reads the entry the child stored."""
    facts, seeds = tree
    folder = tmp_path / "cache"

    def not_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("built in this process")

    monkeypatch.setattr(cache_module, "build_snapshot", not_here)
    snapshot, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit and len(_entries(folder)) == 1
    assert list(snapshot.fact_base.facts) == list(load_fact_base(facts, seeds).facts)


def test_the_child_reports_the_fact_bases_problems(tree: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    facts, seeds = tree
    seed = seeds / "xinhua-2025-06-17-astana.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("opposes all forms of", "rejects all forms of"), encoding="utf-8")
    _, expected = check_fact_base(facts, seeds)
    with pytest.raises(FactBaseError) as raised:
        load_snapshot(facts, seeds, folder=tmp_path / "cache")
    assert raised.value.problems == expected
    assert not _entries(tmp_path / "cache")


def test_a_child_that_cannot_run_leaves_the_build_to_this_process(
        tree: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts, seeds = tree
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache_module.sys, "executable", "/bin/false")
    snapshot, hit = load_snapshot(facts, seeds, folder=folder)
    assert not hit and snapshot.fact_base.facts and len(_entries(folder)) == 1


def test_a_large_answer_prints_its_stored_facts_as_a_fresh_dump_would(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """All 2,000 facts of `timeline`, from the snapshot without making one model, print as
    they do from validated models with no cache."""
    from benchmarks.generate import generate
    from bot.cli import main
    from bot.engine.records import FactsAt

    facts, seeds = generate(tmp_path / "base", 2000, seed=5)
    monkeypatch.setenv("RELATIONS_CACHE_DIR", str(tmp_path / "cache"))
    args = ["--facts", str(facts), "--seeds", str(seeds), "ask", "--json", "timeline"]
    assert main(args) == 0 and main(args) == 0  # the second from the snapshot
    _, cached = capsys.readouterr().out.splitlines()
    monkeypatch.setenv("RELATIONS_CACHE", "off")
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == cached
    assert len(json.loads(cached)["facts"]) == 2000
    engine = load_engine(facts, seeds, tmp_path / "cache", warm_up=False)
    assert isinstance(engine.answer("timeline").facts, FactsAt)


def test_warming_up_reads_the_transliteration_tables_of_the_names_scripts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first question in Cyrillic or Chinese does not wait for anyascii to read its
    tables from disk (2-7 ms): the warm-up transliterates the fact base's names and a
    character of each block of Cyrillic and of the common Han characters."""
    import anyascii

    from tests.conftest import FACTS_DIR, SEEDS_DIR

    blocks = {ord("Ж") >> 8, ord("习") >> 8}  # Жапаров, 习近平: aliases in entities.yaml
    blocks |= {ord("易") >> 8, ord("安") >> 8, ord("能") >> 8}  # 贸易 安全 能源: in no name
    load_snapshot(FACTS_DIR, SEEDS_DIR, folder=tmp_path)  # (its build transliterates)
    monkeypatch.setattr(anyascii, "_blocks", {})
    load_engine(FACTS_DIR, SEEDS_DIR, tmp_path, warm_up=False)
    assert not blocks & set(anyascii._blocks)  # a snapshot's start reads none of them
    load_engine(FACTS_DIR, SEEDS_DIR, tmp_path, warm_up=True)
    _wait_for_warm_ups()
    assert blocks <= set(anyascii._blocks)
