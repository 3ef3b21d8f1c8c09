"""Entity cards and comparisons through `relations ask --json`, in any spelling or script."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine, FactBase
from bot.engine.index import fact_topics
from bot.engine.models import BOTH_SIDES
from bot.engine.query import Filter, ParsedQuery
from bot.engine.replies import cards
from bot.engine.replies.cards import STATEMENTS, entity_card
from bot.engine.replies.compare import COMPARED
from tests.engine.replies.conftest import ask_all, replicated_engine

Ask = Callable[[str], dict[str, Any]]

CARDS = {
    "who is Japarov": "sadyr-japarov", "who is sadyr zhaparov?": "sadyr-japarov",
    "Жапаров": "sadyr-japarov", "Садыр Жапаров": "sadyr-japarov", "who Dzhaparov": "sadyr-japarov",
    "who is Xi": "xi-jinping", "Си Цзиньпин": "xi-jinping", "习近平": "xi-jinping",
    "Кыргызстан": "kyrgyzstan", "吉尔吉斯斯坦": "kyrgyzstan", "Kyrgyzstan": "kyrgyzstan",
    "Китай": "china", "中国": "china", "Астана": "astana", "北京": "beijing", "Пекин": "beijing",
    "taiwan": "taiwan", "Тайвань": "taiwan", "台湾": "taiwan", "what is the SCO?": "sco",
    "tell me about the railway": "rail-transport", "CKU": "cku-railway",
    "中吉乌铁路": "cku-railway", "who is President Japarov?": "sadyr-japarov",
    "who is the president of Kyrgyzstan?": "sadyr-japarov",
    "who is China's president": "xi-jinping", "铁路": "rail-transport",
    "железная дорога": "rail-transport", "Beijing 2022": "beijing-2022-olympic-winter-games",
    "where is Astana?": "astana", "where is Пекин": "beijing",
}
NO_CARD = ["Xi and Japarov", "who met in 2025?", "meetings japarov", "positions taiwan",
           "what is the latest on taiwan?", "who is Putin", "who is Joe Biden?", "Путин"]
COMPARISONS = ["how has Kyrgyzstan's position on Taiwan changed?",
               "compare 2022 and 2025 on the railway", "compare railway",
               "China vs Kyrgyzstan on the railway", "china versus kyrgyzstan railway",
               "how has China's position on the railway changed"]


@pytest.fixture(scope="module", autouse=True)
def _asked_together() -> None:
    ask_all([*CARDS, *NO_CARD, *COMPARISONS, "compare bananas", "Kyrgyzstan vs China on Taiwan"])


def _entity(fact_base: FactBase, entity_id: str) -> Any:
    for section in ("people", "countries", "places", "organisations", "topics", "events"):
        if entity_id in fact_base.section(section):
            return fact_base.section(section)[entity_id]
    raise KeyError(entity_id)


@pytest.mark.parametrize(("question", "entity_id"), CARDS.items())
def test_card_names_the_entity_and_counts_from_the_facts(ask: Ask, fact_base: FactBase,
                                                         question: str, entity_id: str) -> None:
    card = ask(question)["card"]
    assert card is not None, question
    entity = _entity(fact_base, entity_id)
    assert (card["id"], card["name"]) == (entity.id, entity.name)
    assert set(entity.aliases) <= set(card["other_names"]) | {entity.name} or \
        len(card["other_names"]) == 24
    if entity_id in fact_base.countries:  # a country as a side (as where, if nobody's side)
        involved = [f for f in fact_base.facts if entity_id in fact_base.sides(f)] or [
            f for f in fact_base.facts if entity_id in fact_base.location(f)]
    elif entity_id in fact_base.events:
        involved = [f for f in fact_base.facts if fact_base.event_of(f) == entity_id]
    else:
        involved = [f for f in fact_base.facts if entity_id in (
            *f.people, *fact_base.location(f), *f.organisations, *f.topics,
            *getattr(f, "fields", ()))]
    assert sum(card["counts"].values()) == len(involved)
    for statement in card["statements"]:
        fact = fact_base.by_id[statement["id"]]
        assert statement["quote"] == fact.quotes[0].text


def test_person_card_role_and_latest_meeting(ask: Ask, fact_base: FactBase) -> None:
    card = ask("who is Japarov")["card"]
    person = fact_base.people["sadyr-japarov"]
    assert person.role and person.role in card["role"]
    theirs = [f for f in fact_base.facts if f.kind == "meeting" and person.id in f.participants]
    latest = max(theirs, key=lambda f: f.date)
    assert card["latest_meeting"]["id"] == latest.id
    assert card["counts"]["meetings"] == len(theirs)
    assert "Жапаров" in card["other_names"]


def test_topic_card_lists_who_said_what_by_side(ask: Ask, fact_base: FactBase) -> None:
    card = ask("taiwan")["card"]
    said = [f for f in fact_base.facts if f.kind == "position" and "taiwan" in f.topics]
    assert {s["id"] for s in card["statements"]} == {f.id for f in said}
    keys = [(s["side"], s["date"]) for s in card["statements"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("question", NO_CARD)
def test_no_card_for_several_names_a_question_or_an_unknown_name(ask: Ask,
                                                                 question: str) -> None:
    assert ask(question)["card"] is None


@pytest.mark.parametrize("question", ["who is Putin", "who is Joe Biden?", "Путин"])
def test_unknown_people_get_nothing(ask: Ask, question: str) -> None:
    result = ask(question)
    assert result["facts"] == [] and result["not_covered"]


def test_unknown_word_in_another_script_is_named_as_typed(ask: Ask) -> None:
    assert ask("Путин")["not_covered"] == ["Путин"]


@pytest.mark.parametrize("question", COMPARISONS)
def test_comparison_puts_positions_side_by_side_oldest_first(ask: Ask, fact_base: FactBase,
                                                             question: str) -> None:
    result = ask(question)
    comparison = result["comparison"]
    assert comparison is not None, question
    items = [item for group in comparison["groups"] for item in group["items"]]
    assert items and [f["id"] for f in result["facts"]] == [i["id"] for i in items]
    for item in items:
        fact = fact_base.by_id[item["id"]]
        assert fact.kind == "position" and item["quote"] == fact.quotes[0].text
    if comparison["by"] == "date":
        dates = [item["date"] for item in items]
        assert dates == sorted(dates)
        assert len(comparison["groups"]) == len(set(dates))
    assert result["answer"] is None  # side by side, no sentence about change


def test_by_side_groups_follow_the_order_typed(ask: Ask) -> None:
    assert [g["label"] for g in ask("China vs Kyrgyzstan on the railway")["comparison"]
            ["groups"]] == ["China", "Kyrgyzstan"]
    groups = ask("Kyrgyzstan vs China on Taiwan")["comparison"]["groups"]
    assert groups[0]["label"] == "Kyrgyzstan"


def test_comparison_by_year_keeps_only_those_years(ask: Ask, fact_base: FactBase) -> None:
    result = ask("compare 2022 and 2025 on the railway")
    expected = {f.id for f in fact_base.facts if f.kind == "position"
                and "rail-transport" in f.topics and f.date[:4] in ("2022", "2025")}
    assert {f["id"] for f in result["facts"]} == expected


def test_comparison_of_nothing_known_says_so(ask: Ask) -> None:
    result = ask("compare bananas")
    assert result["comparison"] is None and result["facts"] == []
    assert result["not_covered"] == ["bananas"]


def test_a_card_lists_the_same_facts_newest_first_in_any_spelling(ask: Ask) -> None:
    spellings = [q for q, entity in CARDS.items() if entity == "sadyr-japarov"]
    shown = {q: [f["id"] for f in ask(q)["facts"]] for q in spellings}
    first = shown[spellings[0]]
    assert all(ids == first for ids in shown.values())
    dates = [f["date"] for f in ask(spellings[0])["facts"]]
    assert dates == sorted(dates, reverse=True)


def test_where_is_a_place_gives_its_country(ask: Ask, fact_base: FactBase) -> None:
    card = ask("where is Astana?")["card"]
    place = fact_base.places["astana"]
    assert place.country and fact_base.name("countries", place.country) in card["role"]


def _naming_other_sides(fact_base: FactBase) -> FactBase:
    """The fact base with some positions naming the other side's country, and some spoken
    for both sides: a side's statements are then not all that name its country."""
    varied = []
    for number, fact in enumerate(fact_base.facts):
        if fact.kind == "position" and number % 3 == 1:
            fact = fact.model_copy(update={"countries": ("china", "kyrgyzstan")})
        elif fact.kind == "position" and number % 3 == 2 and vars(fact).get("meeting"):
            fact = fact.model_copy(update={"side": BOTH_SIDES})
        varied.append(fact)
    return replace(fact_base, facts=tuple(varied))


@pytest.mark.parametrize("varied", [False, True])
def test_topic_card_statements_are_each_sides_newest(fact_base: FactBase,
                                                     varied: bool) -> None:
    """Read through the index, side by side: the same statements as reading the topic's
    positions one by one, newest first, and keeping each side's first few."""
    fact_base = _naming_other_sides(fact_base) if varied else fact_base
    engine = Engine(fact_base)
    for topic in fact_base.topics:
        card = entity_card(engine, ParsedQuery("", "search", filters=(
            Filter("topics", (topic,), topic),)))
        newest = [f for f in fact_base.facts if f.kind == "position" and topic in fact_topics(f)]
        per_side: dict[str, list[str]] = {}
        for fact in newest:
            per_side.setdefault(fact_base.sides(fact)[0], []).append(fact.id)
        expected = {i for ids in per_side.values() for i in ids[:STATEMENTS // 2]}
        assert {s["id"] for s in card.statements} == expected, topic


def test_a_side_named_in_the_other_sides_newer_positions_still_gets_its_own(
        fact_base: FactBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every position names both countries and a card carries 2 (one a side): a side's
    newest rows naming it may all be the other side's, and then more are read."""
    monkeypatch.setattr(cards, "STATEMENTS", 2)
    both = replace(fact_base, facts=tuple(
        f.model_copy(update={"countries": ("china", "kyrgyzstan")}) if f.kind == "position"
        else f for f in fact_base.facts))
    engine = Engine(both)
    for topic in both.topics:
        card = entity_card(engine, ParsedQuery("", "search", filters=(
            Filter("topics", (topic,), topic),)))
        first: dict[str, str] = {}
        for fact in both.facts:
            if fact.kind == "position" and topic in fact_topics(fact):
                first.setdefault(both.sides(fact)[0], fact.id)
        assert {s["id"] for s in card.statements} == set(first.values()), topic


def test_a_comparison_of_more_positions_than_it_shows_says_how_many_matched(
        tmp_path: Path) -> None:
    """Only the oldest COMPARED positions are put side by side (and paged through): the
    count shown is theirs, and a note gives how many matched, never a smaller number alone."""
    engine = replicated_engine(tmp_path, 3)
    answer = engine.answer("China vs Kyrgyzstan", limit=10)
    matched = engine.retriever.count(replace(engine.parse("China vs Kyrgyzstan"),
                                             kind="position"))
    assert matched > COMPARED and answer.comparison is not None
    assert answer.total == COMPARED == sum(len(g["items"]) for g in answer.comparison.groups)
    assert answer.note == f"The oldest {COMPARED} of the {matched} positions that match, compared"
    few = engine.answer("China vs Kyrgyzstan on the railway", limit=10)
    assert few.comparison is not None and few.total < COMPARED and "oldest" not in few.note
