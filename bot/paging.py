"""Pages of an answer: facts 1–10, 11–20, ... of the same query, asked afresh each time.

A page is recomputed from the query text and its number alone (the engine answers in
well under a millisecond), so the buttons that turn pages carry no server-side state.
"""

from __future__ import annotations

from dataclasses import replace

from .engine import Answer, Engine

FACTS_PER_PAGE = 10  # 3 blocks each + header, context, footer and buttons: well inside 50


def answer_page(engine: Engine, query: str, page: int = 1) -> Answer:
    """The answer to `query` with only the facts of `page` (counted from 1); `total` is all."""
    answer = engine.answer(query, limit=page * FACTS_PER_PAGE)
    if page == 1:
        return answer
    return replace(answer, facts=answer.facts[(page - 1) * FACTS_PER_PAGE:])


def page_count(total: int) -> int:
    return max(1, -(-total // FACTS_PER_PAGE))


def first_number(page: int) -> int:
    """The position (from 1) of the first fact on `page`."""
    return (page - 1) * FACTS_PER_PAGE + 1
