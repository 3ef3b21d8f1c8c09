"""How questions are read: other scripts, typos of command and kind words, stems without
false friends, ordinary words passed over, facts of one event together, and nothing at all
for what the fact base does not hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from bot.engine import Engine, FactBase
from bot.engine.query import Filter, ParsedQuery
from bot.engine.replies.scripts import to_ascii
from bot.engine.replies.widen import LINKED, same_event
from bot.engine.text import stem, words
from tests.engine.replies.conftest import ask_all

Ask = Callable[[str], dict[str, Any]]

SAME_AS = {  # typed as people type -> the query it must answer exactly like
    "meetigns 2022": "meetings 2022", "agrements 2025": "agreements 2025",
    "positons taiwan": "positions taiwan", "meetngs": "meetings", "postions japarov":
    "positions japarov", "agreemnts": "agreements", "timelin": "timeline",
    "positions Тайвань": "positions taiwan", "positions 台湾": "positions taiwan",
    "meetings Жапаров": "meetings japarov", "Си Цзиньпин Жапаров": "xi japarov",
    "meetings Пекин": "meetings beijing", "agreements Астана": "agreements astana",
    "positions Кыргызстан": "positions kyrgyzstan",
    "positions 吉尔吉斯斯坦": "positions kyrgyzstan", "positions ШОС": "positions sco",
    "what did 习近平 say about the railway": "positions xi railway",
}
OFF_BASE = ["what did Xi say about nuclear weapons?", "what did Xi say about funding",
            "what did Japarov say about greed", "Russia", "US sanctions",
            "what did Japarov say about Ukraine?", "meetings with Putin", "positions on bananas",
            "did Xi and Japarov discuss covid?", "Путин", "positions Путин", "who is Erdogan",
            "what did Xi say about war", "agreements with India", "meetings 2019",
            "what was signed in Tashkent?", "qwertyuiop", "the weather in Bishkek tomorrow"]


@pytest.fixture(scope="module", autouse=True)
def _asked_together() -> None:
    ask_all([*SAME_AS, *SAME_AS.values(), *OFF_BASE, "who praised Xi's leadership?",
             "what documents were signed during the Olympics visit?",
             "Japarov's most recent statement on the railway", "позиции Тайвань",
             "what was agreed at the summit in Astana", "tied", "news", "trace", "taxes",
             "who praised China?", "who said Taiwan is part of China?",
             "what did China say about Taiwan?", "who criticized unilateralism",
             "has Xi ever talked about Hong Kong?", "what did Xi say about funding",
             "what did Japarov say about greed", "what did Xi say about the Olympics",
             "any news about Taiwan?", "Did Xi Jinping visit Kyrgyzstan?"])


@pytest.mark.parametrize(("typed", "meant"), SAME_AS.items())
def test_read_as_meant(ask: Ask, typed: str, meant: str) -> None:
    got, want = ask(typed), ask(meant)
    assert want["facts"], meant
    assert {f["id"] for f in got["facts"]} == {f["id"] for f in want["facts"]}
    assert "not_covered" not in got


@pytest.mark.parametrize("question", OFF_BASE)
def test_what_the_fact_base_does_not_hold_gets_nothing(ask: Ask, question: str) -> None:
    result = ask(question)
    assert result["facts"] == [], question
    assert result["card"] is None and result["comparison"] is None


def test_a_word_meaning_nothing_in_another_script_is_named(ask: Ask) -> None:
    result = ask("позиции Тайвань")
    assert result["facts"] == [] and result["not_covered"] == ["позиции"]


def test_transliteration_keeps_han_syllables_apart() -> None:
    assert words("习近平说") == ["xi", "jin", "ping", "shuo"]
    assert words(to_ascii("Жапаров")) == ["zhaparov"]
    assert to_ascii("plain ascii") == "plain ascii"


@pytest.mark.parametrize(("one", "other"), [("agree", "agreed"), ("oppose", "opposed"),
                                            ("tax", "taxes"), ("meeting", "meetings"),
                                            ("study", "studies"), ("issue", "issued")])
def test_inflections_share_a_stem(one: str, other: str) -> None:
    assert stem(one) == stem(other)


@pytest.mark.parametrize(("one", "other"), [("news", "new"), ("globalization", "global"),
                                            ("important", "import"), ("nations", "national"),
                                            ("relations", "relative"),
                                            ("university", "universe")])
def test_no_false_friends(one: str, other: str) -> None:
    assert stem(one) != stem(other)


@pytest.mark.parametrize("word", ["tied", "news", "trace", "taxes"])
def test_a_real_word_is_not_read_as_a_typo_of_another(ask: Ask, word: str) -> None:
    result = ask(word)  # "tied" is not "ties", "news" not "new", "trace" not "trade"
    assert result["facts"] == [] and result["not_covered"] == [word]


def test_a_person_may_be_what_was_said_about(ask: Ask, fact_base: FactBase) -> None:
    result = ask("who praised Xi's leadership?")
    assert result["facts"]
    first = fact_base.by_id[result["facts"][0]["id"]]
    assert first.kind == "position" and first.speaker == "sadyr-japarov"
    assert "leadership" in first.quotes[0].text
    assert result["answer"] and "Sadyr Japarov" in result["answer"]["text"]
    assert result["note"]


@pytest.mark.parametrize("question", ["what documents were signed during the Olympics visit?",
                                      "what was agreed at the summit in Astana"])
def test_facts_of_one_event_answer_together(ask: Ask, fact_base: FactBase,
                                            question: str) -> None:
    result = ask(question)
    assert result["facts"]
    for fact in result["facts"]:
        assert fact["kind"] == "agreement"
        meeting = fact_base.by_id[fact["meeting"]]
        assert meeting.kind == "meeting"
    assert "meeting they belong to" in result["note"]


def test_ordinary_words_are_passed_over_and_named(ask: Ask, fact_base: FactBase) -> None:
    result = ask("Japarov's most recent statement on the railway")
    assert result["passed_over"] == ["statement"]
    first = fact_base.by_id[result["facts"][0]["id"]]
    assert first.speaker == "sadyr-japarov" and "rail-transport" in first.topics


@pytest.mark.parametrize("question", ["who praised China?", "who said Taiwan is part of China?"])
def test_who_finds_a_country_in_what_was_said(ask: Ask, fact_base: FactBase,
                                             question: str) -> None:
    result = ask(question)
    answer = result["answer"]
    assert answer["facts"] and answer["facts"][0] == result["facts"][0]["id"]
    for fact_id in answer["facts"]:
        fact = fact_base.by_id[fact_id]
        assert fact.kind == "position" and fact.side != "china"  # about China, by the other side
        assert "China" in " ".join(q.text for q in fact.quotes) + fact.summary
        assert fact_base.name("countries", fact.side) in answer["text"]


def test_what_a_side_said_stays_that_sides(ask: Ask, fact_base: FactBase) -> None:
    result = ask("what did China say about Taiwan?")  # China said nothing on Taiwan here
    said = [f for f in fact_base.facts if f.kind == "position" and f.side == "china"
            and "taiwan" in f.topics]
    assert [f["id"] for f in result["facts"]] == [f.id for f in said]


def test_a_verb_the_fact_base_lacks_is_passed_over(ask: Ask, fact_base: FactBase) -> None:
    result = ask("who criticized unilateralism")
    assert result["passed_over"] == ["criticized"] and "not_covered" not in result
    on_it = [f.id for f in fact_base.facts if f.kind == "position" and "unilateralism" in f.topics]
    assert [f["id"] for f in result["facts"]] == on_it
    assert result["answer"]["facts"] == on_it


def test_a_passed_over_verb_does_not_make_a_yes(ask: Ask, fact_base: FactBase) -> None:
    result = ask("has Xi ever talked about Hong Kong?")
    assert not any(f.kind == "position" and f.speaker == "xi-jinping" and "hong-kong" in f.topics
                   for f in fact_base.facts)
    assert result["facts"] == [] and result["passed_over"] == ["talked"]
    assert result["answer"]["text"] == "The fact base records no such statement."


def test_facts_of_one_event_keep_the_speaker_asked_for(ask: Ask, fact_base: FactBase) -> None:
    result = ask("what did Xi say about the Olympics")
    olympic = {f.id for f in fact_base.facts if f.kind == "meeting" and (
        "olympics" in f.topics or "olympic" in (vars(f).get("event") or ""))}
    expected = {f.id for f in fact_base.facts if f.kind == "position"
                and f.speaker == "xi-jinping" and f.meeting in olympic}
    assert expected and {f["id"] for f in result["facts"]} == expected


def test_a_generic_noun_is_passed_over_when_a_subject_remains(ask: Ask,
                                                              fact_base: FactBase) -> None:
    result = ask("any news about Taiwan?")
    assert result["passed_over"] == ["news"]
    assert {f["id"] for f in result["facts"]} == {f.id for f in fact_base.facts
                                                  if "taiwan" in f.topics}


def test_visiting_a_country_means_being_there(ask: Ask, fact_base: FactBase) -> None:
    result = ask("Did Xi Jinping visit Kyrgyzstan?")
    assert not any(f.kind == "meeting" and "kyrgyzstan" in fact_base.location(f)
                   for f in fact_base.facts)
    assert result["facts"] == []
    assert result["answer"]["text"] == "The fact base records no such meeting."


def test_facts_of_one_event_are_those_of_the_named_people_and_sides(
        engine: Engine, fact_base: FactBase) -> None:
    """The index's rows narrow the linked facts before any is made: the same facts as
    reading every linked fact and checking its kind, people and sides (a fact may name a
    country it does not speak for: the index's countries are wider than its sides)."""
    people = sorted({p for fact in fact_base.facts for p in fact.people})
    sides = sorted({s for fact in fact_base.facts  # and countries only named, not sides
                    for s in (*fact_base.sides(fact), *fact.countries)})
    asked = 0
    for kind in ("agreement", "position"):
        for filters in ((), *((Filter("people", (p,), p),) for p in people),
                        *((Filter("countries", (s, t), s),) for s in sides for t in sides),
                        *((Filter("people", (p,), p), Filter("countries", (s,), s))
                          for p in people[:3] for s in sides)):
            query = ParsedQuery("", "search", kind=kind, filters=filters)
            meetings, _ = engine.matching(replace(query, kind="meeting"), LINKED)
            ids = {m.id for m in meetings}
            expected = [f.id for f in fact_base.facts
                        if vars(f).get("meeting") in ids and f.kind == kind
                        and all(set(c.values) & set(f.people if c.field == "people"
                                                    else fact_base.sides(f)) for c in filters)]
            for limit in (None, 2):
                found = same_event(engine, query, limit)
                assert ([f.id for f in found.facts] if found else []) == expected[:limit], \
                    (kind, filters)
                assert (found.total if found else 0) == len(expected)
            asked += bool(expected)
    assert asked > 3  # some of them found linked facts
