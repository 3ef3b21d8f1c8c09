"""Help for a quote that is not word for word in its source: where it nearly is, and how it differs."""

from __future__ import annotations

import difflib

from rapidfuzz import fuzz


def closest_passage(quote: str, text: str) -> tuple[str, str]:
    """The passage of `text` closest to `quote`, widened to whole words, and a word-level diff."""
    alignment = fuzz.partial_ratio_alignment(quote, text)
    if alignment is None:
        return "", "no similar passage in this source"
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    passage = text[start:end].strip()
    return passage, word_diff(quote, passage)


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
        elif op == "insert" and 0 < a0 < len(said):
            changes.append(f"quote leaves out '{theirs}'")
    return "; ".join(changes) or "only whitespace or the ends differ"
