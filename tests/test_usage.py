"""The usage counts, the curators' log and `relations report`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.usage import UsageLog, person_hash
from bot.usage_report import build_report, format_report, parse_since

# Ids no timestamp or hash can contain by chance ("T1" is in every time from 10:00 to 19:59).
TEAM, OTHER_TEAM, ALICE, BOB = "T0TEAMQ", "T0TEAMR", "U0PERSONA", "U0PERSONB"


def test_counts_by_event_outcome_and_front_end_and_logs_only_what_curators_need(
        tmp_path: Path) -> None:
    path = tmp_path / "logs" / "usage.jsonl"
    usage = UsageLog(path)
    usage.question("answered", "command", "meetings 2022", person_hash(TEAM, ALICE))
    usage.question("typo corrected", "dm", "positions taiwn", person_hash(TEAM, BOB))
    usage.question("nothing found", "mention", "positions ukraine", person_hash(TEAM, ALICE))
    usage.click("page", "command", "positions", person_hash(TEAM, ALICE))
    usage.click("not helpful", "command", "positions", person_hash(TEAM, ALICE))
    assert usage.counts == {("question", "answered", "command"): 1,
                            ("question", "typo corrected", "dm"): 1,
                            ("question", "nothing found", "mention"): 1,
                            ("click", "page", "command"): 1, ("click", "not helpful", "command"): 1}
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [e.get("question") for e in entries] == [None, None, "positions ukraine", None,
                                                    "positions"]
    assert {e["person"] for e in entries} == {person_hash(TEAM, ALICE), person_hash(TEAM, BOB)}
    assert ALICE not in path.read_text() and TEAM not in path.read_text()
    assert datetime.fromisoformat(entries[0]["time"].replace("Z", "+00:00")).tzinfo


def test_person_hash_is_per_workspace_and_user() -> None:
    assert person_hash(TEAM, ALICE) == person_hash(TEAM, ALICE)
    hashes = {person_hash(TEAM, ALICE), person_hash(OTHER_TEAM, ALICE), person_hash(TEAM, BOB)}
    assert len(hashes) == 3
    assert person_hash(TEAM, None) == ""


def test_no_log_file_still_counts(tmp_path: Path) -> None:
    usage = UsageLog(None)
    usage.question("answered", "console", "help")
    assert usage.counts[("question", "answered", "console")] == 1
    assert not list(tmp_path.iterdir())


def test_an_unwritable_log_never_fails_a_reply(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    usage = UsageLog(blocker / "usage.jsonl")  # a folder that cannot exist
    usage.question("nothing found", "command", "x")
    usage.question("nothing found", "command", "y")
    assert usage.counts[("question", "nothing found", "command")] == 2
    assert len([r for r in caplog.records if "usage log" in r.getMessage()]) == 1


def test_the_log_location_is_a_setting_and_can_be_turned_off(tmp_path: Path) -> None:
    none = tmp_path / "none.env"
    assert load_settings({"RELATIONS_USAGE_LOG": "off"}, none).usage_log is None
    chosen = tmp_path / "u.jsonl"
    assert load_settings({"RELATIONS_USAGE_LOG": str(chosen)}, none).usage_log == chosen
    state = load_settings({"XDG_STATE_HOME": str(tmp_path)}, none).usage_log
    assert state == tmp_path / "relations" / "usage.jsonl"


def write_log(path: Path, entries: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(e) + "\n" for e in entries) + "not json\n",
                    encoding="utf-8")


def entry(days_ago: float, event: str, outcome: str, question: str | None = None,
          front_end: str = "command", person: str = "p1") -> dict[str, str]:
    when = datetime.now(UTC) - timedelta(days=days_ago)
    line = {"time": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "event": event, "outcome": outcome, "front_end": front_end, "person": person}
    if question is not None:
        line["question"] = question
    return line


def test_report_lists_top_unanswered_and_least_helpful_for_the_period(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "usage.jsonl"
    write_log(log, [
        entry(30, "question", "nothing found", "positions mongolia"),  # outside the period
        entry(1, "question", "nothing found", "positions ukraine"),
        entry(1, "question", "nothing found", "Positions  Ukraine", person="p2"),
        entry(2, "question", "nothing found", "meetings 2019", front_end="dm"),
        entry(1, "question", "answered"),
        entry(1, "click", "not helpful", "meetings 2022"),
        entry(1, "click", "not helpful", "meetings 2022"),
        entry(1, "click", "helpful", "meetings 2022"),
        entry(1, "click", "not helpful", "positions sco"),
        entry(1, "click", "helpful", "timeline"),
        {**entry(1, "suggestion", "suggested", "meetings 2019"),
         "suggestion": "Japarov spoke.", "source": "https://example.org/a"},
    ])
    assert main(["report", "--log", str(log), "--since", "7d"]) == 0
    out = capsys.readouterr().out
    assert "4 question(s), 5 click(s), 2 person(s)" in out
    assert "nothing found 3 · answered 1" in out
    unanswered = out.split("Top unanswered questions\n")[1].split("\n\n")[0].splitlines()
    assert unanswered[0].split() == ["2", "Positions", "Ukraine"]
    assert unanswered[1].split() == ["1", "meetings", "2019"]
    assert "mongolia" not in out
    helpful = out.split("Least helpful answers (not helpful / helpful)\n")[1].split("\n\n")[0]
    assert [line.split() for line in helpful.splitlines()] == [
        ["2", "/", "1", "meetings", "2022"], ["1", "/", "0", "positions", "sco"]]
    suggested = out.split("Facts suggested (newest first)\n")[1].splitlines()
    assert suggested == ["  asked “meetings 2019”: Japarov spoke. (https://example.org/a)"]


def test_report_since_a_date_and_bad_periods(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert parse_since("2w", now) == now - timedelta(weeks=2)
    assert parse_since("24h", now) == now - timedelta(hours=24)
    assert parse_since("2026-03-01", now) == datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="7d"):
        parse_since("last week", now)
    assert main(["report", "--log", str(tmp_path / "missing.jsonl")]) == 1
    assert main(["report", "--since", "soon", "--log", str(tmp_path)]) == 2
    assert "use a period such as 7d" in capsys.readouterr().err


def test_an_empty_period_says_none(tmp_path: Path) -> None:
    log = tmp_path / "usage.jsonl"
    write_log(log, [])
    since = datetime.now(UTC) - timedelta(days=1)
    text = format_report(build_report(log, since), since)
    assert "0 question(s), 0 click(s)" in text and text.count("(none)") == 3


def _outcomes(path: Path) -> list[str]:
    return [json.loads(line)["outcome"] for line in path.read_text().splitlines()]


def test_lines_are_on_disk_at_once_and_a_rotated_file_is_followed(tmp_path: Path) -> None:
    """The file is kept open between lines, yet each line is flushed, and a file moved or
    deleted by log rotation is followed by a new one at the path."""
    path = tmp_path / "state" / "usage.jsonl"
    usage = UsageLog(path)
    usage.question("answered", "command", "a")
    usage.click("helpful", "command", "a")
    assert _outcomes(path) == ["answered", "helpful"]  # flushed, not buffered
    path.rename(tmp_path / "usage.jsonl.1")  # logrotate moves it away
    usage.question("nothing found", "dm", "b")
    assert _outcomes(path) == ["nothing found"]
    assert _outcomes(tmp_path / "usage.jsonl.1") == ["answered", "helpful"]
    path.unlink()  # or deletes it
    usage.question("answered", "dm", "c")
    assert _outcomes(path) == ["answered"]
