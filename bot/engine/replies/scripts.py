"""Any script in, ASCII words out: Cyrillic, Chinese and accented Latin are transliterated
(anyascii, a maintained per-character table) so that "Жапаров" reads as "zhaparov" on both the
query's side and the fact base's, where names in other scripts are aliases.

Chinese is written without spaces, so each Han character becomes a syllable of its own:
"习近平" is "xi jin ping" (the alias of Xi Jinping, matched as a phrase) even inside a longer
sentence, where a run of syllables would otherwise be one unmatched word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from anyascii import anyascii


def _is_han(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff" or "\uf900" <= character <= "\ufaff"


def to_ascii(text: str) -> str:
    """Text with every non-ASCII character transliterated; Han characters space-separated."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text.replace("\u2019", "'"))
    return "".join(f" {anyascii(c)} " if _is_han(c) else anyascii(c) for c in text)


# A character of each block of 256 that Kyrgyz, Russian and Chinese are typed in: Cyrillic
# (U+0400-U+04FF) and the common Han characters (U+4E00-U+9FFF).
_TYPED_BLOCKS = "".join(chr(block << 8) for block in (0x04, *range(0x4E, 0xA0)))


def warm_scripts(names: Iterable[str]) -> None:
    """Transliterate `names` (the fact base's names in other scripts) and a character of
    each block people type Kyrgyz, Russian or Chinese in: anyascii reads the table of each
    block from disk when first used, 2-7 ms that a first question in Cyrillic or Chinese
    would otherwise wait for (all of them: 70 ms and 1 MB, in a bot's warm-up)."""
    for name in names:
        to_ascii(name)
    to_ascii(_TYPED_BLOCKS)


def as_typed(word: str, text: str) -> str:
    """The word of `text` as typed (its script, its capitals) that reads as `word`, else
    `word`: "Путин", "Putin"."""
    from ..text import words

    for typed in text.split():
        core = typed.strip("?!.,;:\"'()«»“”„")
        if word in words(core) and len(words(core)) == 1:
            return core
    return word
