"""The summary keeps the source's modality and open lists: the mechanical part of a fact-check.

"China is willing to work" is not "China will work"; "areas such as health" is not
"health". A fact's quotes are the source's words, so each modal word or open-list marker
in the quotes must reappear in the summary (in some form), a modal word put in its place
("should" for "is ready to") is named in the warning, and a modal word of the summary must
come from the quotes ("will support" for "supports"). What this cannot see (scope, merged
points, "common and long-term" shortened to "common long-term") is left to the reviewer.
"""

from __future__ import annotations

import re

from .models import AnyFact
from .problems import Finding

# One row per marker: (name, pattern in the quotes, pattern the summary must then have, the
# word to put in the summary, whether it opens a list). The summary's pattern also accepts
# the marker's other forms ("called for" for "called on").
_BOUNDED = r"(?<![\w-])(?:{})(?![\w-])"
_OPEN_LIST = r"such as|such (?:\w+ ){1,2}as|among other|and other|including|other"
MARKERS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("willing", r"willing|willingness", r"willing|willingness", "willing", False),
    ("ready", r"ready", r"ready", "ready", False),
    ("will", r"will", r"will", "will", False),
    ("should", r"should", r"should", "should", False),
    ("expects", r"expects?|expected|expectation", r"expects?|expected|expectation", "expects",
     False),
    ("hopes", r"hopes?|hoped", r"hopes?|hoped", "hopes", False),
    ("called on", r"call(?:ed|s|ing)? on", r"call(?:ed|s|ing)? (?:on|for)", "called on", False),
    ("urged", r"urg(?:ed|es|e|ing)", r"urg(?:ed|es|e|ing)", "urged", False),
    ("such as", r"such as|such (?:\w+ ){1,2}as", _OPEN_LIST, "such as", True),
    ("among other", r"among other", _OPEN_LIST, "among other", True),
    ("and other", r"and other", _OPEN_LIST, "and other", True),
)
# Every marker in one pattern, so a text is scanned once (a fact base of 10,000 facts is
# checked on every load): the group that matched names the row.
_SCAN = re.compile(_BOUNDED.format("|".join(f"(?P<m{i}>{row[1]})"
                                            for i, row in enumerate(MARKERS))), re.IGNORECASE)
# Modal words proper: one in a summary must come from a quote. (Reporting verbs such as "urged"
# only have to be kept.)
_MODALS = frozenset({"willing", "ready", "will", "should", "expects", "hopes"})
_IN_SUMMARY = [re.compile(_BOUNDED.format(row[2]), re.IGNORECASE) for row in MARKERS]


# Letters every marker contains: a text with none of them needs no regular expression.
_CUES = ("will", "ready", "should", "expect", "hope", "call", "urg", "such", "other")


def _might_have_markers(text: str) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in _CUES)


def _markers(text: str) -> dict[int, re.Match[str]]:
    """Row number -> the first match of that marker in the text."""
    found: dict[int, re.Match[str]] = {}
    for match in _SCAN.finditer(text):
        found.setdefault(int(str(match.lastgroup)[1:]), match)
    return found


def modality_findings(fact: AnyFact) -> list[Finding]:
    """Warnings for modal words and open lists the summary drops, changes or adds."""
    quotes = " ".join(quote.text for quote in fact.quotes)
    summary = fact.summary
    if not _might_have_markers(quotes) and not _might_have_markers(summary):
        return []
    quoted = _markers(quotes)
    added = [match.group(0) for row, match in _markers(summary).items()
             if row not in quoted and MARKERS[row][0] in _MODALS]
    dropped = [(row, match) for row, match in quoted.items()
               if not _IN_SUMMARY[row].search(summary)]
    findings = []
    if added and all(MARKERS[row][4] for row, _ in dropped):  # no modal word dropped
        findings.append(Finding(("summary",), "modal-added", {"typed": added[0]}))
    instead = f" (it says '{added[0]}' instead)" if added else ""
    for row, match in dropped:
        name, _, _, word, opens_list = MARKERS[row]
        around = _around(quotes, match)
        if not opens_list:
            findings.append(Finding(("summary",), "modal-dropped",
                                    {"typed": match.group(0), "instead": instead,
                                     "around": around, "word": word}))
        elif _restates_list(summary, quotes, match):
            findings.append(Finding(("summary",), "open-list-closed",
                                    {"typed": match.group(0), "around": around,
                                     "marker": name}))
    return findings


def _restates_list(summary: str, quotes: str, found: re.Match[str]) -> bool:
    """Whether the summary repeats the list the marker opens: its first item ('such as
    culture') or its last one ('green minerals and other fields'). A quote widened to name its
    speaker may hold another clause's list, which the summary need not mention."""
    if found.group(0).lower().startswith("such"):
        neighbours = quotes[found.end():].split()
    else:
        neighbours = quotes[:found.start()].split()[::-1]
    item = next((w.strip(",.;:\"'") for w in neighbours if len(w.strip(",.;:\"'")) > 3), "")
    return bool(item) and item.lower() in summary.lower()


def _around(text: str, found: re.Match[str], words: int = 4) -> str:
    """The marker with a few words either side: enough to see what it governs."""
    before = text[:found.start()].split()[-words:]
    after = text[found.end():].split()[:words]
    return " ".join(["…", *before, found.group(0), *after, "…"])
