"""Sentences of the real seeds, and where a quote stands in them (body or caption, paragraph)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.engine import FactBase, Source
from bot.engine.locations import layout
from bot.engine.sentences import split_sentences
from bot.engine.sources import normalize_space
from tests.bounded import run_bounded


def test_sentences_partition_the_text(fact_base: FactBase) -> None:
    for source in fact_base.sources.values():
        sentences = split_sentences(source)
        assert " ".join(s.text for s in sentences) == normalize_space(source.text)


def test_abbreviations_and_credits_do_not_break_sentences(fact_base: FactBase) -> None:
    beijing = split_sentences(fact_base.sources["xinhua-2022-02-06-beijing"])
    assert [s.role for s in beijing[:3]] == ["headline", "caption", "body"]
    assert beijing[1].text.endswith("Feb. 6, 2022. (Xinhua/Ding Lin)")
    assert beijing[2].quotable.startswith("Chinese President Xi Jinping on Sunday said")
    astana = split_sentences(fact_base.sources["xinhua-2025-06-17-astana"])
    assert astana[0].role == "caption" and astana[-1].role == "caption"
    assert astana[1].text.startswith("ASTANA, June 17 (Xinhua) -- Chinese President")
    assert len([s for s in astana if s.role == "body"]) == 16


def test_quote_locations_in_a_seed_with_paragraphs(fact_base: FactBase) -> None:
    beijing = layout(fact_base.sources["xinhua-2022-02-06-beijing"])
    assert beijing.locations("at the Great Hall of the People in Beijing") == [("caption", 2)]
    assert beijing.locations("Xi made the remarks when meeting") == [("body", 4)]
    assert beijing.locations("not in the article") == []


def test_quote_locations_in_a_seed_saved_as_one_line(fact_base: FactBase) -> None:
    astana = layout(fact_base.sources["xinhua-2025-06-17-astana"])
    # The photo caption opens and closes the article: both are captions, both paragraph 1.
    assert astana.locations("in Astana, Kazakhstan, June 17, 2025.") == [
        ("caption", 1), ("caption", 1)]
    assert astana.locations("Xi urged the two sides") == [("body", 1)]


@pytest.mark.parametrize("body", ["a. (Xinhua" * 30_000, "Talks. " * 50_000,
                                  "U.S. " * 50_000 + "\n" * 50_000])
def test_sentences_of_a_hostile_article_are_split_in_linear_time(body: str) -> None:
    """An article from a pull request with a credit that never closes, or a hundred thousand
    full stops: each sentence end looked back over the whole paragraph or counted its lines
    from the top (over two minutes); tests/bounded.py stops it at its bound."""
    source = Source(id="hostile", headline="Hostile", publisher="X", dateline="Y",
                    published=date(2025, 6, 17), text=body, path="seeds/hostile.txt")
    sentences = run_bounded(lambda: split_sentences(source)).result
    assert sentences and sentences[-1].end <= len(normalize_space(body))
