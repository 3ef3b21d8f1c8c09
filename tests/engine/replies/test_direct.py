"""Direct answers through `relations ask --json`: the right date, place, count and names,
the facts they rest on shown first, and no sentence where the question wants a list.

Expectations are read from the fact files (who met where and when), not written out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.engine import FactBase
from bot.engine.replies.respond import EVERY
from bot.engine.sources import normalize_space
from tests.engine.replies.conftest import ask_all, meetings_of, replicated_engine, said

Ask = Callable[[str], dict[str, Any]]
XI, JAPAROV = "xi-jinping", "sadyr-japarov"

LAST_MEETING = ["when did Xi and Japarov last meet?", "when did xi and zhaparov last meet",
                "When did Си Цзиньпин and Жапаров last meet?", "last meeting of Xi and Japarov",
                "most recent meeting between China and Kyrgyzstan", "latest meetigns",
                "when did 习近平 and Japarov meet most recently"]
FIRST_MEETING = ["when did Xi and Japarov first meet?", "first meeting", "earliest meeting",
                 "Xi Zhaparov first meeting"]
COUNT = ["how many times did Xi and Japarov meet?", "how many meetings xi japarov",
         "how many times has Си Цзиньпин met Жапаров?", "how many times did xi meet zhaparof",
         "How often have Xi Jinping and Sadyr Zhaparov met?",
         "number of meetings between Xi and Dzhaparov"]
NO_SENTENCE = ["what was signed in 2022?", "meetings 2022", "positions taiwan",
               "what did Xi say about the railway?", "agreements", "timeline", "railway",
               "Xi and Japarov", "what did Japarov say about Taiwan?", "positions in Astana",
               "what did Xi say about trade?", "agreements in 2025", "list meetings",
               "show me positions on taiwan", "Xi's statements on connectivity",
               "what was agreed in Astana?", "timeline japarov", "sources", "help",
               "fact meeting-2025-06-17-xi-japarov-astana", "what did they discuss in 2022?",
               "China-Kyrgyzstan relations", "positions since 2025",
               "who", "when?", "Where", "what"]  # a question word alone asks about nothing
YES_NO_NOTHING = ["did Xi meet Putin?", "did Kyrgyzstan sign a trade deal with Russia?",
                  "did Japarov say anything about bananas?", "did Xi and Japarov meet in 2019?",
                  "did China oppose the railway in 2019?", "did Japarov criticize China?",
                  "Did Xi Jinping visit Kyrgyzstan?", "did they sign a joint statement in 2025?",
                  "Is Kyrgyzstan a member of NATO?", "has Xi ever talked about Hong Kong?",
                  "did Жапаров meet Путин?"]
ALL = [*LAST_MEETING, *FIRST_MEETING, *COUNT, *NO_SENTENCE, *YES_NO_NOTHING,
       "when was the joint statement issued?", "where did Xi and Japarov meet in 2022?",
       "where did they meet in June 2025", "did Kyrgyzstan back China on Taiwan?",
       "did Japarov support the one-China principle?", "did Xi and Japarov meet in 2025?",
       "who met in 2025?", "who supports the railway?", "what is the latest on taiwan?",
       "latest positions on Taiwan", "how many positions on taiwan",
       "did Kyrgyzstan oppose the railway?", "when was the first agreement signed",
       "meetings since 2023", "positions before 2023", "meetings between 2020 and 2023",
       "where was the joint statement signed?", "Japarov's most recent statement on the railway",
       "When did Xi and Japarov meet?", "when was the railway discussed?",
       "when did Japarov say he opposes Taiwan independence", "who witnessed the joint statement?",
       "Where was the China-Central Asia summit held?", "who praised Xi?"]


@pytest.fixture(scope="module", autouse=True)
def _asked_together() -> None:
    ask_all(ALL)


def _answer(ask: Ask, question: str) -> dict[str, Any]:
    result = ask(question)
    assert result["answer"] is not None, question
    answer = result["answer"]
    shown = [f["id"] for f in result["facts"]]
    assert answer["facts"] and shown[:len(answer["facts"])] == answer["facts"], question
    return answer


@pytest.mark.parametrize("question", LAST_MEETING)
def test_last_meeting_gives_its_date_place_and_occasion(ask: Ask, fact_base: FactBase,
                                                        question: str) -> None:
    last = meetings_of(fact_base, XI, JAPAROV)[-1]
    answer = _answer(ask, question)
    assert answer["facts"] == [last.id]
    assert said(last.date) in answer["text"]
    assert fact_base.places[last.place].name in answer["text"]
    assert last.occasion and last.occasion in answer["text"]


@pytest.mark.parametrize("question", FIRST_MEETING)
def test_first_meeting_is_the_oldest(ask: Ask, fact_base: FactBase, question: str) -> None:
    first = meetings_of(fact_base, XI, JAPAROV)[0]
    answer = _answer(ask, question)
    assert answer["facts"] == [first.id]
    assert said(first.date) in answer["text"]
    assert answer["text"].startswith("The earliest meeting the fact base records:")


@pytest.mark.parametrize("question", COUNT)
def test_count_of_meetings_lists_every_date(ask: Ask, fact_base: FactBase,
                                            question: str) -> None:
    meetings = meetings_of(fact_base, XI, JAPAROV)
    answer = _answer(ask, question)
    assert f"records {len(meetings)} meetings" in answer["text"]
    assert answer["facts"] == [m.id for m in meetings]  # oldest first, as the sentence lists
    for meeting in meetings:
        assert said(meeting.date) in answer["text"]
    assert "Xi Jinping" in answer["text"] and "Sadyr Japarov" in answer["text"]


def test_when_without_last_lists_every_meeting(ask: Ask, fact_base: FactBase) -> None:
    meetings = meetings_of(fact_base, XI, JAPAROV)
    answer = _answer(ask, "When did Xi and Japarov meet?")
    assert answer["facts"] == [m.id for m in meetings]
    assert [said(m.date) in answer["text"] for m in meetings] == [True] * len(meetings)


def test_agreement_date_and_place(ask: Ask, fact_base: FactBase) -> None:
    statement = next(f for f in fact_base.facts if f.kind == "agreement"
                     and "joint statement" in f.document)
    for question in ("when was the joint statement issued?",
                     "where was the joint statement signed?"):
        answer = _answer(ask, question)
        assert answer["facts"][0] == statement.id
        assert said(statement.date) in answer["text"]
        assert fact_base.places[statement.place].name in answer["text"]
        assert statement.document in answer["text"]


def test_where_names_the_venue_and_city(ask: Ask, fact_base: FactBase) -> None:
    meeting = next(m for m in meetings_of(fact_base, XI, JAPAROV) if m.date.startswith("2022"))
    answer = _answer(ask, "where did Xi and Japarov meet in 2022?")
    assert answer["facts"] == [meeting.id]
    assert meeting.venue and meeting.venue in answer["text"]
    assert fact_base.places[meeting.place].name in answer["text"]


@pytest.mark.parametrize("question", NO_SENTENCE)
def test_list_questions_get_no_sentence(ask: Ask, question: str) -> None:
    assert ask(question)["answer"] is None


@pytest.mark.parametrize("question", YES_NO_NOTHING)
def test_yes_no_with_nothing_recorded_is_never_no(ask: Ask, question: str) -> None:
    result = ask(question)
    assert result["facts"] == []
    text = result["answer"]["text"]
    assert text.startswith("The fact base records no such")
    assert not text.lower().startswith("no")
    assert result["answer"]["facts"] == []


def test_yes_quotes_the_fact_verbatim(ask: Ask, fact_base: FactBase) -> None:
    for question in ("did Kyrgyzstan back China on Taiwan?",
                     "did Japarov support the one-China principle?"):
        answer = _answer(ask, question)
        fact = fact_base.by_id[answer["facts"][0]]
        assert answer["text"].startswith("Yes: ")
        assert fact.kind == "position" and fact.side == "kyrgyzstan" and fact.stance == "support"
        assert f"“{fact.quotes[0].text}”" in answer["text"]


def test_yes_for_a_meeting_in_the_record(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "did Xi and Japarov meet in 2025?")
    assert answer["text"].startswith("Yes: ")
    assert fact_base.by_id[answer["facts"][0]].date.startswith("2025")


def test_a_stance_the_record_does_not_show_gets_no_yes(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "did Kyrgyzstan oppose the railway?")
    assert not answer["text"].startswith("Yes")
    assert "no statement saying exactly that" in answer["text"]
    assert fact_base.by_id[answer["facts"][0]].stance != "opposition"


def test_who_met_names_the_participants(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "who met in 2025?")
    met = [m for m in fact_base.facts if m.kind == "meeting" and m.date.startswith("2025")]
    assert sorted(answer["facts"]) == sorted(m.id for m in met)
    for person in {p for m in met for p in m.participants}:
        assert fact_base.people[person].name in answer["text"]


def test_who_said_groups_speakers_with_their_sides(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "who supports the railway?")
    for fact_id in answer["facts"]:
        fact = fact_base.by_id[fact_id]
        assert "rail-transport" in fact.topics
        assert f"({fact_base.name('countries', fact.side)} side)" in answer["text"]


@pytest.mark.parametrize("question", ["what is the latest on taiwan?",
                                      "latest positions on Taiwan"])
def test_latest_rests_on_the_newest_facts(ask: Ask, fact_base: FactBase, question: str) -> None:
    answer = _answer(ask, question)
    taiwan = [f for f in fact_base.facts if "taiwan" in f.topics]
    newest = max(f.date for f in taiwan)
    assert {fact_base.by_id[i].date for i in answer["facts"]} == {newest}
    for fact_id in answer["facts"]:
        assert f"“{fact_base.by_id[fact_id].quotes[0].text}”" in answer["text"]


def test_count_of_positions_by_day(ask: Ask, fact_base: FactBase) -> None:
    taiwan = [f for f in fact_base.facts if f.kind == "position" and "taiwan" in f.topics]
    answer = _answer(ask, "how many positions on taiwan")
    assert f"records {len(taiwan)} positions" in answer["text"]


def test_first_agreement_is_the_oldest(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "when was the first agreement signed")
    oldest = min(f.date for f in fact_base.facts if f.kind == "agreement")
    assert fact_base.by_id[answer["facts"][0]].date == oldest
    assert said(oldest) in answer["text"]


def test_newest_statement_of_a_person_on_a_topic(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "Japarov's most recent statement on the railway")
    theirs = [f for f in fact_base.facts if f.kind == "position" and f.speaker == JAPAROV
              and "rail-transport" in f.topics]
    assert fact_base.by_id[answer["facts"][0]].date == max(f.date for f in theirs)


@pytest.mark.parametrize(("question", "keep"), [
    ("meetings since 2023", lambda year: year >= 2023),
    ("positions before 2023", lambda year: year < 2023),
    ("meetings between 2020 and 2023", lambda year: 2020 <= year <= 2023),
    ("positions after 2020 and before 2025", lambda year: 2020 < year < 2025),
    ("agreements before 2023 or after 2024", lambda year: year < 2023 or year > 2024)])
def test_year_ranges(ask: Ask, fact_base: FactBase, question: str,
                     keep: Callable[[int], bool]) -> None:
    kind = question.split()[0].removesuffix("s")
    expected = {f.id for f in fact_base.facts if f.kind == kind and any(  # or the year it recalls
        keep(int(d[:4])) for d in (f.date, vars(f).get("refers_to")) if d)}
    assert {f["id"] for f in ask(question)["facts"]} == expected
    assert expected


@pytest.mark.parametrize("question", ALL)
def test_every_quote_shown_is_verbatim(ask: Ask, fact_base: FactBase, question: str) -> None:
    result = ask(question)
    for fact in result["facts"]:
        for quote in fact["quotes"]:
            source = fact_base.sources[quote["source"]]
            assert normalize_space(quote["text"]) in normalize_space(source.text)
    if result["answer"]:
        for fragment in result["answer"]["text"].split("“")[1:]:
            quoted = fragment.split("”")[0]
            assert any(quoted == q.text for f in fact_base.facts for q in f.quotes)


def test_when_leads_with_the_best_match_then_the_other_dates(ask: Ask,
                                                            fact_base: FactBase) -> None:
    answer = _answer(ask, "when did Japarov say he opposes Taiwan independence")
    best = fact_base.by_id[answer["facts"][0]]
    assert best.speaker == "sadyr-japarov" and "Taiwan independence" in best.quotes[0].text
    opening = f"Sadyr Japarov (Kyrgyzstan side) said “{best.quotes[0].text}”"
    assert answer["text"].startswith(opening)
    theirs = {f.date for f in fact_base.facts if f.kind == "position"
              and f.speaker == "sadyr-japarov" and "taiwan" in f.topics}
    for date in theirs:
        assert said(date) in answer["text"]


def test_when_about_a_topic_is_a_direct_answer_not_a_card(ask: Ask) -> None:
    result = ask("when was the railway discussed?")
    assert result["card"] is None and result["answer"] is not None


def test_who_witnessed_names_the_witnesses(ask: Ask, fact_base: FactBase) -> None:
    statement = next(f for f in fact_base.facts if f.kind == "agreement"
                     and "joint statement" in f.document)
    answer = _answer(ask, "who witnessed the joint statement?")
    assert answer["facts"][0] == statement.id
    for person in statement.witnessed_by:
        assert fact_base.people[person].name in answer["text"]


def test_where_an_event_was_held_is_its_meeting(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "Where was the China-Central Asia summit held?")
    meeting = fact_base.by_id[answer["facts"][0]]
    assert meeting.kind == "meeting" and fact_base.event_of(meeting)
    assert fact_base.places[meeting.place].name in answer["text"]
    assert said(meeting.date) in answer["text"]


def test_who_spoke_of_a_person_is_someone_else(ask: Ask, fact_base: FactBase) -> None:
    answer = _answer(ask, "who praised Xi?")
    for fact_id in answer["facts"]:
        fact = fact_base.by_id[fact_id]
        assert fact.kind == "position" and fact.speaker != "xi-jinping"
        assert "Xi" in fact.summary + " ".join(q.text for q in fact.quotes)


def test_a_count_resting_on_some_of_the_facts_says_so(tmp_path: Path) -> None:
    """The sentence lists the dates of the first EVERY facts only: with more than that, it
    says "among them", never a breakdown that reads as complete."""
    engine = replicated_engine(tmp_path, 20)
    answer = engine.answer("how many times did Xi and Japarov meet?", limit=10)
    total = len(meetings_of(engine.fact_base, XI, JAPAROV))  # 3 meetings, 20 times
    assert answer.total == total > EVERY and answer.direct is not None
    text = answer.direct.text
    assert text.startswith(f"The fact base records {total} meetings between Xi Jinping and "
                           "Sadyr Japarov, among them: ")
    assert " and more" not in text


def test_a_sentence_on_the_facts_shown_ranks_the_matches_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence naming facts among those shown does not rank the EVERY it may rest on
    again; a count, which reads them all, does."""
    engine = replicated_engine(tmp_path, 6)
    limits: list[int | None] = []
    search = engine.retriever.search
    monkeypatch.setattr(engine.retriever, "search", lambda query, limit=None, *order: (
        limits.append(limit), search(query, limit, *order))[1])
    for question, ranked in [("who met in Beijing?", [10]), ("latest positions on taiwan", [10]),
                             ("when did Xi and Japarov last meet?", [10]),
                             ("how many times did Xi and Japarov meet?", [10, EVERY])]:
        limits.clear()
        answer = engine.answer(question, limit=10)
        assert answer.direct is not None and answer.total > 10, question
        assert limits == ranked, question
