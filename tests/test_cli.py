"""The `relations` command: ask (text, JSON, batch), console, and the global folder options."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine, FactBase
from bot.engine.sources import normalize_space
from tests.conftest import FACTS_DIR, REPO, SEEDS_DIR


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["ask", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_ask_json_lists_every_match_in_display_order(capsys: pytest.CaptureFixture[str],
                                                     engine: Engine, fact_base: FactBase) -> None:
    result = run_json(capsys, "positions")
    positions = [f for f in fact_base.facts if f.kind == "position"]
    assert result["query"] == "positions"
    assert [f["id"] for f in result["facts"]] == [f.id for f in engine.answer("positions").facts]
    assert len(result["facts"]) == len(positions)  # all of them, not one reply's worth
    first = result["facts"][0]
    assert list(first)[:4] == ["id", "kind", "date", "quotes"]
    for fact in result["facts"]:
        for quote in fact["quotes"]:
            source = fact_base.sources[quote["source"]]
            assert normalize_space(quote["text"]) in normalize_space(source.text)


def test_ask_json_empty_answer_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "meetings", "2019")
    assert result["query"] == "meetings 2019"
    assert result["facts"] == []


def test_ask_json_batch_prints_one_object_per_line(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    queries = ["meetings 2022", "positions ukraine", "what was signed in Astana?"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(queries) + "\n"))
    assert main(["ask", "--json", "--batch"]) == 0
    lines = capsys.readouterr().out.splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["query"] for r in results] == queries
    assert [len(r["facts"]) for r in results] == [1, 0, 1]


def test_ask_prints_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "what", "was", "signed", "in", "Astana?"]) == 0
    out = capsys.readouterr().out
    assert "1 agreement" in out
    assert "agriculture, customs, science and technology" in out
    assert "&amp;" not in out


def test_version_names_the_program_and_the_fact_base(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["--version"]) == 0
    program, facts = capsys.readouterr().out.splitlines()
    assert program.startswith("relations ")
    assert facts.startswith("facts ") and "sources to 2025-06-17" in facts


def test_sources_shows_the_fact_base_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    label = capsys.readouterr().out.splitlines()[1]
    assert main(["ask", "sources"]) == 0
    assert label in capsys.readouterr().out



def test_global_options_point_at_another_fact_base(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(FACTS_DIR, facts)
    shutil.copytree(SEEDS_DIR, seeds)
    for path in facts.glob("xinhua-2022*.yaml"):
        path.unlink()  # without the 2022 article's facts there is no 2022 meeting
    (facts / "entities.yaml").rename(facts / "nested-entities.yaml")
    assert main(["--facts", str(facts), "--seeds", str(seeds), "ask", "--json", "meetings"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["facts"] and all(f["date"].startswith("2025") for f in result["facts"])


def test_broken_fact_base_stops_ask_with_the_problem(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, facts)
    (facts / "broken.yaml").write_text("facts:\n  - id: x\n", encoding="utf-8")
    status = main(["--facts", str(facts), "--seeds", str(SEEDS_DIR), "ask", "meetings"])
    assert status == 1
    assert "broken.yaml:2" in capsys.readouterr().err


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "relations"
    result = subprocess.run([str(script), "ask", "--json", "positions", "taiwan"],
                            capture_output=True, text=True, cwd=REPO, timeout=60, check=True)
    assert json.loads(result.stdout)["facts"]


def test_ask_into_a_closed_pipe_ends_quietly() -> None:
    """`relations ask ... | head -1`: the reader leaves early; no BrokenPipeError traceback."""
    script = Path(sys.executable).parent / "relations"
    with subprocess.Popen([str(script), "ask", "--batch"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO) as child:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(b"timeline\n" * 300)  # about 1 MB of answers: more than a pipe holds
        child.stdin.close()
        assert child.stdout.readline()
        child.stdout.close()
        assert child.wait(timeout=60) == 141
        assert child.stderr is not None and child.stderr.read() == b""


def test_ask_json_says_a_query_was_too_long_to_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "meetings " * 200]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["too_long"] == len(("meetings " * 200).strip())
    assert result["facts"] == [] and result["total"] == 0


def test_ask_json_text_reuses_each_fact_and_matches_a_fresh_dump(engine: Engine) -> None:
    """The fast path (each fact's stored JSON written as read) prints what dumping the
    answer prints."""
    from bot.cli import answer_json, write_answer_json

    for query in ('timeline', 'sources', 'japarof', 'what about "facts": []', 'meetings 1850',
                  'positions taiwan', 'fact nonexistent-id'):
        for _ in range(2):  # the second time from the per-fact cache
            answer = engine.answer(query)
            expected = json.dumps(answer_json(answer), ensure_ascii=False) + "\n"
            written = io.StringIO()
            write_answer_json(answer, engine.fact_base, written)
            assert written.getvalue() == expected
