"""The one table of fact kinds: every word, label and help line the code knows for a kind.

A new kind is a row here plus its model in bot/engine/models.py (and its fields in the
loader's rules and the renderer's fact line, if it has fields of its own). The parser,
the engine, the renderer and the curation tools all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # as in fact files and ids: "meeting"
    plural: str  # as typed and shown: "meetings"
    label: str  # a fact's heading: "Meeting"
    help: str  # its line in `help`
    words: tuple[str, ...]  # a query's first word choosing this kind: "meetings", "deals"
    cues: frozenset[str]  # words of a plain question that ask for this kind
    pure_cues: frozenset[str]  # the cues that never also name an entity (noise once read)
    cue_rank: int  # cues are checked in this order: "what did X say when they met" is a position
    day_order: int  # within one day on the timeline: the meeting, what was said, what was signed
    article_cue: str  # what the curation tools call a sentence reporting one
    article_cues: tuple[str, ...]  # words in an article's sentence that report one
    article_rank: int  # a drafted fact's kind when a sentence has several kinds' cues: lowest


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KINDS: tuple[Kind, ...] = (
    Kind(
        name="meeting", plural="meetings", label="Meeting",
        help="who met whom, when, where",
        words=("meeting", "meetings"),
        cues=_words("""meet met meets meeting meetings talks talk visit visited visits encounter
                    encountered held hold holds"""),
        pure_cues=_words("meet met meets meeting meetings talks encounter encountered"),
        cue_rank=2, day_order=0,
        article_cue="meeting",
        article_cues=("met", "meet", "meets", "meeting", "meetings", "talks", "held talks"),
        article_rank=1,
    ),
    Kind(
        name="agreement", plural="agreements", label="Agreement",
        help="what was signed or issued",
        words=("agreement", "agreements", "signings", "documents", "deals"),
        cues=_words("""sign signed signing signings signs agreement agreements document documents
                    deal deals treaty treaties memorandum memoranda mou issued ink inked accord
                    agree agreed accords contract contracts conclude concluded witness
                    witnessed witnesses"""),
        pure_cues=_words("""sign signed signing signings signs agreement agreements deal deals
                         agree agreed"""),
        cue_rank=1, day_order=2,
        article_cue="signing",
        article_cues=("signed", "signing", "sign", "issued", "agreement", "agreements",
                      "document", "documents", "memorandum", "treaty", "joint statement", "deal"),
        article_rank=0,
    ),
    Kind(
        name="position", plural="positions", label="Position",
        help="who said what, on which topic",
        words=("position", "positions", "stances", "statements", "views"),
        cues=_words("""say said says saying position positions stance stances view views think
                    thinks thought stated remark remarks urge urged urges call called calls
                    propose proposed proposes proposal proposals opinion voice voiced noted note
                    express expressed believe believes pledge pledged promise promised claim
                    claimed declare declared back backed backs backing support supported
                    supports supporting oppose opposed opposes opposing endorse endorsed"""),
        pure_cues=_words("""say said says saying position positions stance stances view views
                         think thinks thought remark remarks opinion"""),
        cue_rank=0, day_order=1,
        article_cue="statement",
        article_cues=("said", "says", "say", "noted", "noting", "urged", "urging", "called",
                      "calling", "expressed", "stands ready", "ready to", "willing",
                      "willingness", "recalled", "voiced", "added", "adding", "stressed",
                      "pointed out", "expects", "hopes", "supports", "opposes", "welcomes",
                      "proposed"),
        article_rank=2,
    ),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
KIND_NAMES = tuple(KIND_BY_NAME)
KIND_PLURALS = {kind.name: kind.plural for kind in KINDS}
KIND_BY_WORD = {word: kind.name for kind in KINDS for word in kind.words}
KIND_BY_ARTICLE_CUE = {kind.article_cue: kind for kind in KINDS}


def plural(kind: str | None, default: str = "facts") -> str:
    """'meetings' for 'meeting'; `default` when no kind (or an unknown one) is asked for."""
    return KIND_PLURALS.get(kind or "", default)
