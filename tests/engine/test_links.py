"""The model's links, checked: recipients and both sides, events, reported by/on, the year a fact
refers to, parties versus witnesses, meeting links, quote locations and former ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine, FactBase, Problem, check_fact_base, load_fact_base
from bot.engine.models import Position
from tests.engine.edited import REPO, check_edited

ASTANA = "xinhua-2025-06-17-astana.yaml"
BEIJING = "xinhua-2022-02-06-beijing.yaml"
RECALLED_MEETING = (
    '    reported_on: "{reported_on}"\n    reported_at: meeting-2025-06-17-xi-japarov-astana\n'
    "    quotes:\n      - source: xinhua-2025-06-17-astana\n"
    "        text: >-\n          The Chinese president recalled that he held a fruitful meeting "
    "with Japarov in Beijing\n          in February\n")
JOINT_STATEMENT_LINK = (
    "    meeting_link: reported-with\n    quotes:\n      - source: xinhua-2022-02-06-beijing\n"
    "        text: >-\n"
    "          The two sides have issued a joint statement between the two heads of state\n")


def errors(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems if p.severity == "error"]


def test_the_real_fact_base_has_no_problem_at_all() -> None:
    _, problems = check_fact_base(REPO / "facts", REPO / "seeds")
    assert [p.format() for p in problems] == []


def test_recipients_and_both_sides(fact_base: FactBase) -> None:
    railway = fact_base.by_id["position-2025-06-17-xi-railway"]
    assert isinstance(railway, Position) and railway.recipient == "both-sides"
    assert fact_base.both_sides(railway) == ("china", "kyrgyzstan")
    support = fact_base.by_id["position-2025-06-17-japarov-core-interests"]
    assert isinstance(support, Position) and support.recipient == "china"


def test_parties_are_not_witnesses(fact_base: FactBase) -> None:
    statement = fact_base.by_id["agreement-2022-02-06-joint-statement"]
    assert statement.kind == "agreement"
    assert statement.party_leaders == ("xi-jinping", "sadyr-japarov")
    assert statement.witnessed_by == () and statement.meeting_link == "reported-with"
    signing = fact_base.by_id["agreement-2025-06-17-cooperation-documents"]
    assert signing.kind == "agreement" and signing.party_leaders == ()
    assert signing.witnessed_by == ("xi-jinping", "sadyr-japarov")
    assert signing.meeting_link == "after"


def test_events_are_not_organisations(fact_base: FactBase) -> None:
    assert "second-china-central-asia-summit" in fact_base.events
    names = {n.lower() for o in fact_base.organisations.values() for n in o.names}
    assert not any("summit" in n for n in names)
    position = fact_base.by_id["position-2025-06-17-xi-railway"]
    assert position.event is None  # said at the meeting: the meeting's event is its event
    assert fact_base.event_of(position) == "second-china-central-asia-summit"


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    (ASTANA, "    recipient: both-sides\n    stance: proposal\n    meeting: meeting-2025-06-17-xi-"
     "japarov-astana\n    topics: [finance]",
     "    recipient: kyrgystan\n    stance: proposal\n    meeting: meeting-2025-06-17-xi-"
     "japarov-astana\n    topics: [finance]", "unknown country 'kyrgystan' in 'recipient'"),
    (ASTANA, "    event: second-china-central-asia-summit\n",
     "    event: second-central-asia-summit\n",
     "unknown event 'second-central-asia-summit' in 'event'"),
    (ASTANA, RECALLED_MEETING.format(reported_on="2025-06-17"),
     RECALLED_MEETING.format(reported_on="2025-01"),
     "reported on 2025-01, before it happened (2025-02)"),
    (ASTANA, "    refers_to: \"1992\"", "    refers_to: \"2026\"",
     "refers_to 2026 is after the fact's date 2025-06-17"),
    (ASTANA, "    witnessed_by: [xi-jinping, sadyr-japarov]",
     "    party_leaders: [xi-jinping]\n    witnessed_by: [xi-jinping, sadyr-japarov]",
     "'xi-jinping' is both a party or signatory and a witness"),
    (BEIJING, "    meeting: meeting-2022-02-06-xi-japarov-beijing\n" + JOINT_STATEMENT_LINK,
     JOINT_STATEMENT_LINK,
     "'meeting_link' without 'meeting'"),
    (BEIJING, "        location: caption\n        paragraph: 2",
     "        location: body\n        paragraph: 2", "the quote is in the caption, not the body"),
    (BEIJING, "        location: body\n        paragraph: 4", "        location: body\n"
     "        paragraph: 5", "the quote is in paragraph 4, not 5"),
])
def test_link_mistakes_are_errors_at_their_line(tmp_path: object, file: str, old: str, new: str,
                                                message: str) -> None:
    problems, lines = check_edited(tmp_path, file, {old: new})
    assert message in errors(problems)
    (problem,) = [p for p in problems if p.message == message]
    assert problem.path.endswith(file) and 1 <= problem.line <= len(lines)


def test_a_corrected_date_keeps_the_old_id_working(tmp_path: object) -> None:
    problems, _ = check_edited(tmp_path, ASTANA, {
        "  - id: position-2025-06-17-xi-financial-cooperation\n    kind: position\n"
        "    date: \"2025-06-17\"\n":
        "  - id: position-2025-06-16-xi-financial-cooperation\n    kind: position\n"
        "    date: \"2025-06-16\"\n    replaces: [position-2025-06-17-xi-financial-cooperation]\n"})
    assert errors(problems) == []
    root = Path(str(tmp_path))
    engine = Engine(load_fact_base(root / "facts", root / "seeds"))
    (fact,) = engine.answer("fact position-2025-06-17-xi-financial-cooperation").facts
    assert fact.id == "position-2025-06-16-xi-financial-cooperation"


@pytest.mark.parametrize(("replaces", "message"), [
    ("[meeting-2025-06-17-xi-japarov-astana]",
     "'meeting-2025-06-17-xi-japarov-astana' in 'replaces' is the id of another fact"),
    ("[not an id]", "'not an id' in 'replaces' is not a fact id"),
])
def test_former_ids_must_be_free_and_well_formed(tmp_path: object, replaces: str,
                                                 message: str) -> None:
    problems, _ = check_edited(tmp_path, ASTANA, {
        "  - id: position-2025-06-17-xi-financial-cooperation\n    kind: position\n":
        "  - id: position-2025-06-17-xi-financial-cooperation\n    kind: position\n"
        f"    replaces: {replaces}\n"})
    assert message in errors(problems)


def test_both_sides_is_a_valid_side_for_a_joint_position(tmp_path: object) -> None:
    problems, _ = check_edited(tmp_path, ASTANA, {
        "  - id: position-2025-06-17-xi-financial-cooperation\n    kind: position\n"
        "    date: \"2025-06-17\"\n    summary: Xi urged the two sides to deepen financial "
        "cooperation.\n    place: astana\n    speaker: xi-jinping\n    side: china\n":
        "  - id: position-2025-06-17-xi-financial-cooperation\n    kind: position\n"
        "    date: \"2025-06-17\"\n    summary: Xi urged the two sides to deepen financial "
        "cooperation.\n    place: astana\n    speaker: xi-jinping\n    side: both-sides\n"})
    assert errors(problems) == []
    root = Path(str(tmp_path))
    fact_base = load_fact_base(root / "facts", root / "seeds")
    fact = fact_base.by_id["position-2025-06-17-xi-financial-cooperation"]
    assert fact_base.sides(fact) == ("china", "kyrgyzstan")
    assert {f.id for f in Engine(fact_base).answer("positions kyrgyzstan finance").facts} == {
        fact.id}


def test_unknown_field_in_a_quote_names_the_quote_fields(tmp_path: object) -> None:
    problems, _ = check_edited(tmp_path, ASTANA, {
        "        text: Xi urged the two sides to deepen financial cooperation\n"
        "        location: body\n":
        "        text: Xi urged the two sides to deepen financial cooperation\n"
        "        locaton: body\n"})
    (problem,) = [p for p in problems if p.message == "unknown field 'locaton' in quote"]
    assert problem.severity == "error" and "did you mean 'location'?" in problem.fix


def test_reported_at_names_the_meeting_of_reported_on(tmp_path: object) -> None:
    problems, _ = check_edited(tmp_path, ASTANA, {
        "    reported_at: meeting-2025-06-17-xi-japarov-astana\n    topics: [bilateral":
        "    reported_at: meeting-2022-02-06-xi-japarov-beijing\n    topics: [bilateral"})
    assert ("reported at a meeting of 2022-02-06, but reported on 2025-06-17"
            in errors(problems))
