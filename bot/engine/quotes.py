"""What a quote must be, and help for one that is not word for word in its source.

A quote is at least MIN_QUOTE_WORDS words and starts and ends on whole words of the
source: "a" or half a word is in every article, and proves nothing.
The fuzzy search runs only for quotes that failed the (linear) substring test, so it
never runs for a correct fact base, however large.
"""

from __future__ import annotations

import difflib

from rapidfuzz import fuzz

MIN_QUOTE_WORDS = 3
_MAX_OCCURRENCES = 1000  # places a quote is tried at before it counts as cut mid-word
QUOTE_RULE = (f"a quote is at least {MIN_QUOTE_WORDS} words, copied from the source, "
              "starting and ending on whole words")


def quote_rule_problem(quote: str, text: str, start: int) -> str | None:
    """Why `quote`, found in `text` at `start` (both whitespace-normalised), is not a quote;
    else None."""
    count = quote.count(" ") + 1 if quote else 0
    if count < MIN_QUOTE_WORDS:
        return f"quote has {count} word{'s' if count != 1 else ''}: too short to show anything"
    first = start
    for _ in range(_MAX_OCCURRENCES):  # a quote is found once or twice; never scan forever
        if start < 0:
            break
        if _on_word_boundaries(text, start, start + len(quote)):
            return None
        start = text.find(quote, start + 1)
    start = first
    around = text[max(0, start - 20):start + len(quote) + 20] if start >= 0 else ""
    return f"quote starts or ends inside a word of the source, which reads: \"…{around}…\""


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither begins nor ends in the middle of a word."""
    inside_at_start = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_at_end = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    return not (inside_at_start or inside_at_end)


def closest_span(quote: str, text: str) -> tuple[int, int]:
    """(start, end) character offsets in `text` of the passage closest to `quote`."""
    if not quote.strip() or not text.strip():
        return 0, 0
    alignment = fuzz.partial_ratio_alignment(quote, text)
    if alignment is None or alignment.score < 40:
        return 0, 0
    # Words of the source around the rough region, with their offsets.
    margin = len(quote)
    lo, hi = max(0, alignment.dest_start - margin), min(len(text), alignment.dest_end + margin)
    words = _words_with_offsets(text, lo, hi)
    said = quote.split()
    if not words:
        return 0, 0
    matcher = difflib.SequenceMatcher(a=said, b=[w for w, _, _ in words], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return words[0][1], words[-1][2]
    best = max(_runs(blocks, len(said)), key=lambda run: sum(b.size for b in run))
    if sum(b.size for b in best) * 2 < len(said):
        return 0, 0  # fewer than half the words agree: nothing here is "nearly" the quote
    first, last = best[0], best[-1]
    begin = max(0, first.b - first.a)
    finish = min(len(words), last.b + last.size + (len(said) - last.a - last.size))
    start, end = words[begin][1], words[finish - 1][2]
    # A clause quoted without the comma that ends it in the source: leave the comma out.
    while end > start and text[end - 1] in ",;:" and not quote.endswith(text[end - 1]):
        end -= 1
    return start, end


def _runs(blocks: list[difflib.Match], quote_words: int) -> list[list[difflib.Match]]:
    """Group matching blocks that sit close together in the source (one candidate passage each)."""
    runs: list[list[difflib.Match]] = [[blocks[0]]]
    for block in blocks[1:]:
        previous = runs[-1][-1]
        if block.b - (previous.b + previous.size) <= max(3, quote_words // 3):
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def _words_with_offsets(text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """Whole words overlapping text[lo:hi], widened to word boundaries."""
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    result = []
    position = lo
    for word in text[lo:hi].split():
        start = text.index(word, position)
        result.append((word, start, start + len(word)))
        position = start + len(word)
    return result


def word_diff(quote: str, passage: str) -> str:
    """'quote has X where the source has Y', one clause per difference."""
    said, source = quote.split(), passage.split()
    changes = []
    matcher = difflib.SequenceMatcher(a=said, b=source, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        ours, theirs = " ".join(said[a0:a1]), " ".join(source[b0:b1])
        if op == "replace":
            changes.append(f"quote has '{ours}' where the source has '{theirs}'")
        elif op == "delete":
            changes.append(f"quote adds '{ours}'")
        elif op == "insert":
            changes.append(f"quote leaves out '{theirs}'")
    return "; ".join(changes) or "only whitespace differs"
