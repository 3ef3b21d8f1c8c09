"""Coverage and drafts, on the real seeds and the clean fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.curation.coverage import coverage_text, source_coverage
from bot.curation.draft import _date, draft_yaml
from bot.engine import FactBase, check_fact_base

REPO = Path(__file__).resolve().parent.parent.parent
CLEAN = REPO / "tests" / "fixtures" / "checker" / "clean"


def test_real_fact_base_leaves_no_cue_sentence_out(fact_base: FactBase) -> None:
    assert all(not c.left_out for c in source_coverage(fact_base))
    _, missing = coverage_text(fact_base)
    assert missing == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("Xi on Tuesday said", "2025-06-17"),
    ("he held a fruitful meeting with Japarov in Beijing in February", "2025-02"),
    ("they met in September", "2024-09"),
    ("at the Great Hall, Feb. 6, 2022.", "2022-02-06"),
])
def test_draft_dates_come_from_the_dateline(text: str, expected: str) -> None:
    assert _date(text, date(2025, 6, 17)) == expected


def test_draft_is_valid_yaml_whose_quotes_pass_the_checker(
        fact_base: FactBase, tmp_path: Path) -> None:
    text = draft_yaml(REPO / "seeds" / "xinhua-2025-06-17-astana.txt", fact_base)
    data = yaml.safe_load(text)
    kinds = [f["kind"] for f in data["facts"]]
    assert kinds.count("meeting") == 2 and kinds.count("agreement") == 1
    recalled = next(f for f in data["facts"] if f["date"] == "2025-02")
    assert recalled["participants"] == ["xi-jinping", "sadyr-japarov"]
    assert recalled["place"] == "beijing"
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "entities.yaml").write_text((REPO / "facts" / "entities.yaml").read_text())
    (facts / "draft.yaml").write_text(text)
    _, problems = check_fact_base(facts, REPO / "seeds")
    assert [p for p in problems if p.severity == "error"] == []


def test_draft_never_writes_into_facts(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main
    monkeypatch.chdir(CLEAN)
    before = sorted(p.name for p in (CLEAN / "facts").iterdir())
    assert main(["--facts", "facts", "--seeds", "seeds", "draft",
                 "seeds/xinhua-2025-06-17-astana.txt"]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (CLEAN / "facts").iterdir()) == before
    assert out.startswith("# yaml-language-server: $schema=./schema.json\n")
    assert "        text: >-\n          Chinese President Xi Jinping on Tuesday met with" in out


def test_draft_quotes_say_where_they_stand(fact_base: FactBase, tmp_path: Path) -> None:
    text = draft_yaml(REPO / "seeds" / "xinhua-2022-02-06-beijing.txt", fact_base)
    quotes = [q for f in yaml.safe_load(text)["facts"] for q in f["quotes"]]
    assert quotes and all(q["location"] == "body" for q in quotes)
    assert [q["paragraph"] for q in quotes] == sorted(q["paragraph"] for q in quotes)
    assert quotes[0]["paragraph"] == 3  # headline 1, caption 2, the dateline's paragraph 3
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "entities.yaml").write_text((REPO / "facts" / "entities.yaml").read_text())
    (facts / "draft.yaml").write_text(text)
    _, problems = check_fact_base(facts, REPO / "seeds")
    assert [p.format() for p in problems if p.severity == "error"] == []
