"""Words: how queries and fact texts are split, folded and stemmed, identically on both sides."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from .replies.scripts import to_ascii

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Folded words, hyphenated compounds split, possessive 's dropped; any script is read
    through its transliteration, so "Жапаров" is the word "zhaparov"."""
    folded = to_ascii(text).lower()
    found = _WORD.findall(folded)
    if "'" not in folded:
        return found
    return [w[:-2] if w.endswith("'s") else w.replace("'", "") for w in found]


_ENGLISH = Stemmer.Stemmer("english")
# What Snowball may take off a word and still mean the same word: inflections only. Its
# derivational steps make false friends ("globalization" -> "global", "relations" ->
# "relat" like "relative", "university" like "universe"); those words keep the light stem.
_INFLECTIONS = frozenset({"", "s", "es", "ed", "ing", "ings", "e", "ly"})  # not "d": tied, tie


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem when it only strips an inflection ('agreed' and
    'agree', 'taxes' and 'tax', 'meetings' and 'meeting'; 'news' stays apart from 'new'),
    else the word with its plural or -ed/-ing ending taken off. Numbers and short words stay."""
    if len(word) <= 2 or word.isdigit():
        return word
    snowball = _ENGLISH.stemWord(word)
    base = snowball[:-1] + "y" if snowball.endswith("i") and not word.startswith(snowball) \
        else snowball  # Snowball writes a final y as i: "studi" for study
    if word.startswith(base) and word[len(base):] in _INFLECTIONS:
        return snowball
    return _light_stem(word)


def _light_stem(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ings", ""), ("ing", ""),
                                ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + replacement
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


# Words that carry no meaning for search: dropped from queries, never required of a fact.
STOPWORDS = frozenset("""
a about above after again all also am an and any anything are as at be been before being
between both but by can could did do does doing done during each either else ever every
everything for from further get give go had has have having he her here hers him his how
i if in into is it its itself just know let like list made make me more most my no nor
not now of off on once only or other our ours out over own please same say show she
should so some something such tell than that the their theirs them then there these they
this those through to too under until up upon us very was we were what whatever when
whenever where whether which while who whom whose why will with within would you your
yours anyone someone thing things find look looking want wanted need info information
details latest recent recently ever much many number were happen happened happening going may
might must shall discuss discussed discusses discussing discussion last first next
often times time never again already still yet commit commits committed commitment
year years month months week weeks day days ago since
commitments offer offers offered chair chairs chaired outcome outcomes result results
biggest big main top purpose reason reasons goal goals aim aims plan plans planned future
current currently status update updates summary summarise summarize overview explain
describe mention mentioned involve involved involving take took taken role achieve
achieved deliver delivered come came stuff topic topics subject subjects regarding
concerning related relating toward towards via kind sort type exactly specifically
particular particularly anybody somebody everyone everybody say
""".split())

# Words that describe the whole subject rather than narrow it: they help rank, never filter.
SOFT_WORDS = frozenset(stem(w) for w in """
relation relations relationship relationships tie ties cooperation cooperate bilateral
country countries side sides two both between president presidents leader leaders head
heads state states
""".split())
