"""Where a quote stands in its source: body or photo caption, and which paragraph.

A reader checking a quote needs to find it; a caption is not the article's body (it is the
only place some sources give the full date or the venue). Paragraphs are the seed text's
blank-line-separated blocks, counted from 1; a source saved as one line has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .models import AnyFact, Source
from .problems import Finding
from .sentences import Sentence, paragraphs, split_sentences
from .sources import normalize_space


@dataclass(frozen=True)
class Layout:
    """A source's normalised text with its sentences and paragraph starts (offsets into it)."""

    text: str
    paragraph_starts: tuple[int, ...]
    sentences: tuple[Sentence, ...]

    @property
    def captions(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences if s.role == "caption"]

    def sentences_around(self, start: int, end: int) -> list[Sentence]:
        return [s for s in self.sentences if s.start < end and start < s.end]

    def locations(self, quote: str) -> list[tuple[str, int]]:
        """(body|caption, paragraph) of every place the quote occurs."""
        wanted = normalize_space(quote)
        found, start = [], self.text.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            captions = self.captions
            role = "caption" if any(a <= start and end <= b for a, b in captions) else "body"
            paragraph = sum(1 for p in self.paragraph_starts if p <= start)
            found.append((role, paragraph))
            start = self.text.find(wanted, start + 1)
        return found


@lru_cache(maxsize=64)
def layout(source: Source) -> Layout:
    starts, offset = [], 0
    for _, paragraph in paragraphs(source.text):
        text = normalize_space(paragraph)
        if text:
            starts.append(offset)
            offset += len(text) + 1
    return Layout(normalize_space(source.text), tuple(starts), tuple(split_sentences(source)))


def location_findings(fact: AnyFact, sources: Mapping[str, Source]) -> list[Finding]:
    """A quote's `location` and `paragraph` must be where the quote is."""
    found = []
    for index, quote in enumerate(fact.quotes):
        source = sources.get(quote.source)
        if source is None or (quote.location is None and quote.paragraph is None):
            continue
        places = layout(source).locations(quote.text)
        if not places:
            continue  # not word for word: reported as such by the quote check
        if quote.location is not None and quote.location not in {r for r, _ in places}:
            found.append(Finding(("quotes", index, "location"), "quote-location",
                                 {"actual": places[0][0], "given": quote.location}, "error"))
        if quote.paragraph is not None and quote.paragraph not in {p for _, p in places}:
            found.append(Finding(("quotes", index, "paragraph"), "quote-paragraph",
                                 {"actual": places[0][1], "given": quote.paragraph,
                                  "path": source.path}, "error"))
    return found
