"""Sentences of a source article, with the cues that make one worth a fact.

Shared by the checker (where a quote stands, whether it starts mid-sentence), `relations
draft` (one candidate per cue sentence) and `relations check --coverage` (cue sentences no
fact quotes). Sentences are cut from the whitespace-normalised text, so their offsets are
offsets into the text quotes are matched against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import KINDS
from .models import Source
from .sources import normalize_space, text_start_line

# Words after which a full stop does not end a sentence ("Feb. 6", "Mr. Xi", "U.S. side").
_ABBREVIATIONS = frozenset("""
jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen col lt sen rep gov st
no vs etc inc ltd co corp dept est approx fig
""".split())
# A sentence end: . ! or ? (maybe closing quotes), an optional photo credit "(Xinhua/...)",
# whitespace, then something that can start a sentence.
# A credit is short: bounding it keeps a '(Xinhua' that never closes from rescanning the
# rest of the article at every full stop.
_END = re.compile(r"""[.!?]["”’']?(?:\s+\((?:Xinhua|Photo|Reuters|AP|AFP)[^)]{0,200}\))?"""
                  r"""(?=\s+["“(■A-Z0-9]|\s*$)""")
_PARAGRAPH = re.compile(r"\n\s*\n")
_CREDIT = re.compile(r"\((?:Xinhua|Photo|Reuters|AP|AFP)(?:/[^)]{0,200})?\)\s*$")
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]+\.? \d{1,2} \([^)]*\) -- ")

CUES: dict[str, tuple[str, ...]] = {kind.article_cue: kind.article_cues for kind in KINDS}
_CUE_PATTERNS = {kind: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words)
                                  + r")(?![\w-])", re.IGNORECASE)
                 for kind, words in CUES.items()}


@dataclass(frozen=True)
class Sentence:
    """One sentence: its normalised text, offsets in the normalised source, and its seed line."""

    text: str
    start: int
    end: int
    line: int
    role: str  # "headline", "caption" or "body"

    @property
    def quotable(self) -> str:
        """The text a quote would take: the body without its 'CITY, Date (Xinhua) --' dateline."""
        match = _DATELINE.match(self.text)
        return self.text[match.end():] if match else self.text

    def cues(self) -> dict[str, list[str]]:
        """Cue kind -> the cue words found, e.g. {'statement': ['said']}."""
        found: dict[str, list[str]] = {}
        for kind, pattern in _CUE_PATTERNS.items():
            words = [m.group(0) for m in pattern.finditer(self.text)]
            if words:
                found[kind] = list(dict.fromkeys(w.lower() for w in words))
        return found


def split_sentences(source: Source) -> list[Sentence]:
    """Every sentence of the article, in order, each marked headline, caption or body.

    Headline: the paragraph that repeats the front matter headline (or a sentence starting
    with it, as in articles saved as one line). Caption: a sentence ending in a photo credit
    such as '(Xinhua/Ding Lin)'. Neither is a statement that facts must cover.
    """
    first_line = text_start_line(source)
    sentences: list[Sentence] = []
    offset = 0  # in the normalised text: pieces are joined with one space
    raw = source.text
    line, counted = first_line, 0  # lines are counted on from the last sentence, not from 0
    for paragraph_match in paragraphs(raw):
        paragraph_start, paragraph = paragraph_match
        for piece_start, piece in _split_paragraph(paragraph):
            text = normalize_space(piece)
            if not text:
                continue
            line += raw.count("\n", counted, paragraph_start + piece_start)
            counted = paragraph_start + piece_start
            sentences.append(Sentence(text, offset, offset + len(text), line,
                                      _role(text, source.headline)))
            offset += len(text) + 1
    return sentences


def paragraphs(raw: str) -> list[tuple[int, str]]:
    result, position = [], 0
    for match in _PARAGRAPH.finditer(raw):
        result.append((position, raw[position:match.start()]))
        position = match.end()
    result.append((position, raw[position:]))
    return result


def _split_paragraph(paragraph: str) -> list[tuple[int, str]]:
    pieces, start = [], 0
    for match in _END.finditer(paragraph):
        if paragraph[match.start()] == "." and _abbreviation_before(paragraph, match.start()):
            continue
        pieces.append((start, paragraph[start:match.end()]))
        start = match.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    pieces.append((start, paragraph[start:]))
    return pieces


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 40):dot])  # a word, not the paragraph
    if word is None:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or len(token) == 1 or "." in token  # "U.S", "A"


def _role(text: str, headline: str) -> str:
    if _CREDIT.search(text):
        return "caption"
    folded = normalize_space(headline)
    if text == folded or text.startswith(folded):
        return "headline"
    return "body"
