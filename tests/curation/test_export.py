"""`relations export`: csv read back by the csv module, json by json, plover one event a line."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from bot.cli import main
from bot.curation.export import COLUMNS, export, fact_row
from bot.engine import FactBase
from bot.engine.sources import normalize_space


def run_export(fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main(["export", "--format", fmt]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_csv_loads_as_one_row_per_fact(fact_base: FactBase,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_export("csv", capsys)
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    assert [r["id"] for r in rows] == [f.id for f in fact_base.facts]
    by_id = {r["id"]: r for r in rows}
    consensus = by_id["agreement-2025-02-xi-japarov-beijing-consensuses"]
    assert consensus["date"] == "2025-02" and consensus["parties"] == "china; kyrgyzstan"
    assert consensus["reported_by"] == "xi-jinping" and consensus["reported_on"] == "2025-06-17"
    assert consensus["reported_at"] == "meeting-2025-06-17-xi-japarov-astana"
    meeting = by_id["meeting-2022-02-06-xi-japarov-beijing"]
    assert meeting["quote_locations"].splitlines() == ["body:4", "caption:2"]
    assert meeting["location"] == "Great Hall of the People; Beijing; China"
    for row in rows:  # every quote cell holds the source's words
        source = normalize_space(fact_base.sources[row["sources"].split("; ")[0]].text)
        for quote in row["quotes"].splitlines():
            assert quote in source


def test_json_loads_back_with_lists_and_nulls(fact_base: FactBase,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run_export("json", capsys)
    rows = json.loads(out)
    assert len(rows) == len(fact_base.facts) and set(rows[0]) == set(COLUMNS)
    by_id = {r["id"]: r for r in rows}
    railway = by_id["position-2025-06-17-xi-railway"]
    assert railway["recipient"] == "both-sides" and railway["countries"] == ["uzbekistan"]
    assert railway["event"] == "second-china-central-asia-summit"
    assert railway["document"] is None
    assert by_id["position-2025-06-17-xi-relations-best-in-history"]["refers_to"] == "1992"


@pytest.mark.parametrize("facts", [None, ()])
def test_json_written_a_row_at_a_time_is_the_list_dumped_whole(
        fact_base: FactBase, facts: tuple[()] | None) -> None:
    fact_base = fact_base if facts is None else dataclasses.replace(fact_base, facts=facts)
    out = io.StringIO()
    export(fact_base, "json", out)
    whole = [fact_row(fact, fact_base) for fact in fact_base.facts]
    assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"


def test_plover_events_by_kind_and_stance(fact_base: FactBase,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run_export("plover", capsys)
    events = [json.loads(line) for line in out.splitlines()]
    by_id = {e["id"]: e for e in events}
    assessments = sum(1 for f in fact_base.facts if getattr(f, "stance", "") == "assessment")
    assert len(events) == len(fact_base.facts) - assessments
    assert f"{assessments} assessment(s) left out" in err
    assert {e["event"] for e in events} <= {"CONSULT", "AGREE", "SUPPORT", "COOPERATE",
                                            "REQUEST", "REJECT"}
    meeting = by_id["meeting-2025-06-17-xi-japarov-astana"]
    assert (meeting["event"], meeting["actor"], meeting["recipient"]) == (
        "CONSULT", "China", "Kyrgyzstan")
    assert (meeting["actor_people"], meeting["recipient_people"]) == (
        "Xi Jinping", "Sadyr Japarov")
    assert (meeting["location"], meeting["location_country"]) == ("Astana", "Kazakhstan")
    request = by_id["position-2025-06-17-xi-railway"]
    assert (request["event"], request["actor"], request["actor_people"]) == (
        "REQUEST", "China", "Xi Jinping")
    assert request["recipient"] == "China; Kyrgyzstan"  # "urged the two sides"
    assert request["text"].startswith("Xi urged the two sides")
    support = by_id["position-2025-06-17-japarov-core-interests"]
    assert (support["event"], support["recipient"]) == ("SUPPORT", "China")
    assert by_id["position-2025-06-17-japarov-taiwan-independence"]["event"] == "REJECT"
    consensus = by_id["agreement-2025-02-xi-japarov-beijing-consensuses"]
    assert (consensus["event"], consensus["actor_people"], consensus["recipient_people"]) == (
        "AGREE", "Xi Jinping", "Sadyr Japarov")
    witnessed = by_id["agreement-2025-06-17-cooperation-documents"]
    assert witnessed["actor_people"] == witnessed["recipient_people"] == ""  # witnesses only
    order = [(e["date"], e["id"]) for e in events]
    assert order == sorted(order)  # oldest first, as event data is read


def test_source_sentence_is_the_whole_sentence(fact_base: FactBase) -> None:
    out = io.StringIO()
    export(fact_base, "plover", out)
    events = {e["id"]: e for e in map(json.loads, out.getvalue().splitlines())}
    # The quote is a clause; the coder gets the sentence, without its dateline.
    assert events["position-2022-02-06-xi-all-round-cooperation"]["text"].startswith(
        "Chinese President Xi Jinping on Sunday said China is willing")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(fact_base: FactBase) -> None:
    fact = fact_base.facts[0].model_copy(update={"summary": "=HYPERLINK(\"http://x\")"})
    out = io.StringIO()
    export(dataclasses.replace(fact_base, facts=(fact,)), "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["summary"] == "'=HYPERLINK(\"http://x\")"
