"""A quote must stand on its own: it starts where its sentence says who speaks or acts.

"improve connectivity networks" or "where they reached ..." cannot be read aloud as
anyone's words: the rule (CONTRIBUTING.md) is to widen such a quote to the clause that
names its subject ("Xi urged the two sides to ... improve connectivity networks"). A quote
starting with a lower-case word is a fragment unless a pronoun opens it ("he called on
...") or a name of its speaker follows within three words ("said Xi, adding that ...").
"""

from __future__ import annotations

from collections.abc import Mapping

from .locations import layout
from .models import AnyFact, Entity, Source
from .problems import Finding
from .sources import normalize_space

PRONOUNS = frozenset({"he", "she", "they", "we", "it", "i"})


def subject_findings(fact: AnyFact, sources: Mapping[str, Source],
                     people: Mapping[str, Entity]) -> list[Finding]:
    found = []
    for index, quote in enumerate(fact.quotes):
        if not quote.text.lstrip()[:1].islower():  # most quotes: checked without splitting
            continue
        words = quote.text.split()
        names = {word.lower() for person_id in fact.people if person_id in people
                 for name in people[person_id].names for word in name.split()}
        if words[0] in PRONOUNS or {w.strip(",.;:").lower() for w in words[:3]} & names:
            continue
        found.append(Finding(("quotes", index, "text"), "quote-without-subject",
                             {"opening": " ".join(words[:3]),
                              "example": _widened(quote.source, quote.text, sources)}))
    return found


def _widened(source_id: str, quote: str, sources: Mapping[str, Source]) -> str:
    """For the fix: ', e.g. "<the quote from the start of its sentence>"', or ""."""
    source = sources.get(source_id)
    if source is None:
        return ""
    wanted = normalize_space(quote)
    found = layout(source)
    start = found.text.find(wanted)
    for sentence in found.sentences_around(start, start + 1) if start >= 0 else ():
        body = sentence.quotable
        offset = sentence.start + len(sentence.text) - len(body)
        return f", e.g. \"{body[:max(0, start - offset)] + wanted}\""
    return ""
