"""What a question asks for, from its own words: a date, a place, a person, a count, the
newest or oldest of something, a yes or no, a card about one name, or a comparison. A
question that asks for a list ("what was signed in 2022?") is none of these."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from ..text import words

Asked = Literal["when", "where", "who", "count", "yesno", "latest", "earliest"]

# The kinds of question answered in one line, with an example each: for help and the README.
QUESTION_EXAMPLES = (
    ("when", "when did Xi and Japarov last meet?"),
    ("where", "where was the joint statement issued?"),
    ("who", "who supports the railway?"),
    ("how many", "how many times did Xi and Japarov meet?"),
    ("latest / first", "latest positions on Taiwan"),
    ("yes / no", "did Kyrgyzstan back China on Taiwan?"),
    ("years", "meetings since 2023"),
    ("any script", "Жапаров, 习近平, Тайвань"),
)

YES_NO_OPENERS = frozenset(
    "did does do has have had is was were are can could will would".split())
CARD_OPENERS = (("who", "is"), ("who", "was"), ("who", "are"), ("what", "is"), ("what", "are"),
                ("where", "is"), ("tell", "me", "about"), ("who",), ("about",))
_QUESTION_WORDS = frozenset({"who", "whom", "when", "where", "how", "what", "which", "why"})
COMPARE_WORDS = frozenset({"compare", "compared", "comparison", "vs", "versus", "contrast"})
CHANGE_WORDS = frozenset({"changed", "change", "changes", "evolved", "evolve", "shifted",
                          "shift", "developed"})


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[str, ...]:
    """A question's words, split once for the several things asked of them."""
    return tuple(words(text))


def asked(text: str, order: str | None) -> Asked | None:
    """Which direct answer a question wants, or None for a list (or a bare command)."""
    tokens = _tokens(text)
    if not tokens or (len(tokens) == 1 and tokens[0] in _QUESTION_WORDS):
        return None  # "who?" alone asks about nothing: no sentence is put in its mouth
    present = set(tokens)
    if tokens[0] in YES_NO_OPENERS:
        return "yesno"
    if ("how" in present and present & {"many", "often"}) or "number" in present:
        return "count"
    for word in ("when", "where"):
        if word in present:
            return word
    if present & {"who", "whom"}:
        return "who"
    if order is not None:
        return "latest" if order == "newest" else "earliest"
    return None


def card_subject(text: str) -> list[str] | None:
    """The words after 'who is', 'what is', 'tell me about' or 'who' (None if it opens
    otherwise); the words themselves when the query is nothing but them."""
    tokens = _tokens(text)
    for opener in CARD_OPENERS:
        if tuple(tokens[:len(opener)]) == opener and len(tokens) > len(opener):
            rest = list(tokens[len(opener):])
            return rest[1:] if rest[0] == "the" else rest
    return None


def compares(text: str) -> str | None:
    """'side' for "China vs Kyrgyzstan on ...", 'date' for "compare 2022 and 2025" or
    "how has ... changed", None otherwise."""
    tokens = _tokens(text)
    present = set(tokens)
    if present & {"vs", "versus"} or (present & COMPARE_WORDS and "sides" in present):
        return "side"
    if present & COMPARE_WORDS or ("how" in present and present & CHANGE_WORDS):
        return "date"
    return None


def is_where_is(text: str) -> bool:
    """'where is Astana?': a card (its country), not the places of facts."""
    return _tokens(text)[:2] == ("where", "is")
