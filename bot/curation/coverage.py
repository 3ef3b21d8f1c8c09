"""`relations check --coverage`: what share of each source the facts quote, and what they left out.

A reviewer reads this to see what a PR's facts skipped. A body sentence counts as
covered when the quotes of the facts cover at least half of its characters (quotes are
often clauses, so several quotes may cover one sentence together). Headlines and photo
captions are never required: they repeat the body. Cost is linear in the text per quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.factbase import FactBase
from bot.engine.models import Source
from bot.engine.sentences import Sentence, split_sentences
from bot.engine.sources import normalize_space

COVERED_SHARE = 0.5


@dataclass(frozen=True)
class SourceCoverage:
    source: Source
    sentences: tuple[Sentence, ...]
    shares: tuple[float, ...]  # per sentence, the share of its characters some quote covers

    @property
    def body(self) -> list[tuple[Sentence, float]]:
        return [(s, share) for s, share in zip(self.sentences, self.shares, strict=True)
                if s.role == "body"]

    @property
    def covered(self) -> int:
        return sum(1 for _, share in self.body if share >= COVERED_SHARE)

    @property
    def left_out(self) -> list[Sentence]:
        """Body sentences with a meeting, signing or statement cue that no fact quotes."""
        return [s for s, share in self.body if share < COVERED_SHARE and s.cues()]


def source_coverage(fact_base: FactBase) -> list[SourceCoverage]:
    """Coverage of every source, in source id order."""
    quotes: dict[str, set[str]] = {}
    for fact in fact_base.facts:
        for quote in fact.quotes:
            quotes.setdefault(quote.source, set()).add(normalize_space(quote.text))
    return [coverage(fact_base.sources[source_id], quotes.get(source_id, set()))
            for source_id in sorted(fact_base.sources)]


def coverage(source: Source, quotes: set[str]) -> SourceCoverage:
    """One source's coverage by these quotes (whitespace normalized)."""
    sentences = split_sentences(source)
    text = " ".join(s.text for s in sentences)
    marks = bytearray(len(text))
    for wanted in quotes:
        start = text.find(wanted)
        while start >= 0 and wanted:
            marks[start:start + len(wanted)] = b"\x01" * len(wanted)
            start = text.find(wanted, start + 1)
    shares = tuple(marks[s.start:s.end].count(1) / max(1, len(s.text)) for s in sentences)
    return SourceCoverage(source, tuple(sentences), shares)


def coverage_text(fact_base: FactBase) -> tuple[str, int]:
    """The report, and how many cue sentences no fact quotes (non-zero fails the check)."""
    lines = ["coverage (body sentences quoted by some fact; headlines and captions excluded):"]
    missing = 0
    for coverage in source_coverage(fact_base):
        body = len(coverage.body)
        left_out = coverage.left_out
        missing += len(left_out)
        share = f"{100 * coverage.covered / body:.0f}%" if body else "n/a"
        lines.append(f"  {coverage.source.path or coverage.source.id}: {coverage.covered} of "
                     f"{body} sentences quoted ({share}); {len(left_out)} with meeting, "
                     f"signing or statement cues left out")
        for sentence in left_out:
            cues = "; ".join(f"{kind}: {', '.join(words)}"
                             for kind, words in sentence.cues().items())
            lines.append(f"    {coverage.source.path}:{sentence.line}: not quoted ({cues}): "
                         f"\"{sentence.text}\"")
    if missing:
        lines.append(f"{missing} sentence(s) with cues are not quoted by any fact: add facts "
                     "for them (relations draft <seed file> proposes some), or explain in the "
                     "PR why they are left out")
    return "\n".join(lines), missing
