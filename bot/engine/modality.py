"""The summary keeps the source's modality and open lists: the mechanical part of a fact-check.

"China is willing to work" is not "China will work"; "areas such as health" is not
"health". A fact's quotes are the source's words, so each modal word or open-list marker
in the quotes must reappear in the summary (in some form); a modal word put in its place
("should" for "is ready to") is named in the warning. What this cannot see (scope, merged
points, "common and long-term" shortened to "common long-term") is left to the reviewer.
"""

from __future__ import annotations

import re

from .models import AnyFact
from .problems import Finding

# One row per marker: (what it is, pattern in the quotes, pattern the summary must then have,
# the word to put in the summary). A summary pattern also accepts the marker's other forms.
_MODAL = r"(?<![\w-])(?:{})(?![\w-])"
MARKERS: tuple[tuple[str, str, str, str], ...] = (
    ("willing", r"willing|willingness", r"willing|willingness", "willing"),
    ("ready", r"ready", r"ready", "ready"),
    ("will", r"will", r"will", "will"),
    ("should", r"should", r"should", "should"),
    ("expects", r"expects?|expected|expectation", r"expects?|expected|expectation", "expects"),
    ("hopes", r"hopes?|hoped", r"hopes?|hoped", "hopes"),
    ("called on", r"call(?:ed|s|ing)? on", r"call(?:ed|s|ing)? (?:on|for)", "called on"),
    ("urged", r"urg(?:ed|es|e|ing)", r"urg(?:ed|es|e|ing)", "urged"),
)
OPEN_LISTS: tuple[tuple[str, str], ...] = (
    ("such as", r"such as|such (?:\w+ ){1,2}as"),
    ("among other", r"among other"),
    ("and other", r"and other"),
)
_OPEN_IN_SUMMARY = re.compile(
    _MODAL.format(r"such as|such (?:\w+ ){1,2}as|among other|and other|including|other"),
    re.IGNORECASE)


def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_MODAL.format(pattern), re.IGNORECASE)


_QUOTE_MARKERS = [(name, _compiled(quote), _compiled(summary), word)
                  for name, quote, summary, word in MARKERS]
_QUOTE_OPEN = [(name, _compiled(pattern)) for name, pattern in OPEN_LISTS]


def modality_findings(fact: AnyFact) -> list[Finding]:
    """Warnings for modal words and open lists the summary drops or changes."""
    quotes = " ".join(quote.text for quote in fact.quotes)
    summary = fact.summary
    findings = []
    added = [found.group(0) for _, in_quote, in_summary, _ in _QUOTE_MARKERS
             if (found := in_quote.search(summary)) and not in_summary.search(quotes)]
    instead = f" (it says '{added[0]}' instead)" if added else ""
    for _, in_quote, in_summary, word in _QUOTE_MARKERS:
        quoted = in_quote.search(quotes)
        if quoted and not in_summary.search(summary):
            findings.append(Finding(
                ("summary",), f"the quote says '{quoted.group(0)}' but the summary does not"
                f"{instead}",
                f"keep the source's modality: the quote reads \"{_around(quotes, quoted)}\"; "
                f"say '{word}' in the summary too"))
    for name, pattern in _QUOTE_OPEN:
        found = pattern.search(quotes)
        if found and _restates_list(summary, quotes, found) \
                and not _OPEN_IN_SUMMARY.search(summary):
            findings.append(Finding(
                ("summary",), f"the quote's list is open ('{found.group(0)}') but the summary "
                "reads as a closed list",
                f"keep the list open as the quote does (\"{_around(quotes, found)}\"): write "
                f"'{name}' or 'and other ...' in the summary"))
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
