"""`relations report`: what people asked that the bot could not answer, and what they
found least helpful, over a period, read from the usage log (bot/usage.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

_PERIOD = re.compile(r"(\d+)\s*([dhw])")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """'7d', '24h', '2w' (ago), or a date 'YYYY-MM-DD'; ValueError with the forms otherwise."""
    now = now or datetime.now(UTC)
    match = _PERIOD.fullmatch(text.strip().lower())
    if match:
        return now - int(match.group(1)) * _UNITS[match.group(2)]
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since {text!r}: use a period such as 7d, 24h or 2w, "
                         "or a date YYYY-MM-DD") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def read_lines(path: Path, since: datetime) -> Iterator[dict[str, str]]:
    """The log's entries from `since` on; lines that are not ours are skipped."""
    with path.open(encoding="utf-8", errors="replace") as file:
        for line in file:
            try:
                entry = json.loads(line)
                when = datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            if isinstance(entry, dict) and when >= since:
                yield entry


def _key(question: str) -> str:
    """Questions that differ only in case and spacing count as one."""
    return " ".join(question.lower().split())


@dataclass
class Report:
    questions: Counter[str] = field(default_factory=Counter)  # by outcome
    front_ends: Counter[str] = field(default_factory=Counter)
    clicks: Counter[str] = field(default_factory=Counter)  # by outcome
    people: set[str] = field(default_factory=set)
    unanswered: Counter[str] = field(default_factory=Counter)
    helpful: Counter[str] = field(default_factory=Counter)
    not_helpful: Counter[str] = field(default_factory=Counter)
    wording: dict[str, str] = field(default_factory=dict)  # key -> the latest wording
    suggestions: list[tuple[str, str, str]] = field(default_factory=list)  # question, fact, link

    def add(self, entry: dict[str, str]) -> None:
        outcome, question = entry.get("outcome", ""), entry.get("question")
        if entry.get("event") == "question":
            self.questions[outcome] += 1
            self.front_ends[entry.get("front_end", "")] += 1
        elif entry.get("event") == "click":
            self.clicks[outcome] += 1
        elif entry.get("event") == "suggestion":
            self.suggestions.append((str(entry.get("question", "")),
                                     str(entry.get("suggestion", "")),
                                     str(entry.get("source", ""))))
        if entry.get("person"):
            self.people.add(entry["person"])
        if not isinstance(question, str):
            return
        key = _key(question)
        self.wording[key] = question
        if outcome == "nothing found":
            self.unanswered[key] += 1
        elif outcome == "helpful":
            self.helpful[key] += 1
        elif outcome == "not helpful":
            self.not_helpful[key] += 1


def build_report(path: Path, since: datetime) -> Report:
    report = Report()
    for entry in read_lines(path, since):
        report.add(entry)
    return report


def format_report(report: Report, since: datetime, top: int = 10) -> str:
    asked = sum(report.questions.values())
    lines = [f"Usage since {since:%Y-%m-%d %H:%M} UTC: {asked} question(s), "
             f"{sum(report.clicks.values())} click(s), {len(report.people)} person(s)"]
    for label, counts in (("questions", report.questions), ("front ends", report.front_ends),
                          ("clicks", report.clicks)):
        if counts:
            lines.append(f"  {label}: " + " · ".join(f"{name} {n}"
                                                     for name, n in counts.most_common()))
    lines.append("")
    lines.append("Top unanswered questions")
    lines.extend(f"  {n:>4}  {report.wording[key]}"
                 for key, n in report.unanswered.most_common(top))
    if not report.unanswered:
        lines.append("  (none)")
    lines.append("")
    lines.append("Least helpful answers (not helpful / helpful)")
    worst = sorted(report.not_helpful, key=lambda k: (-report.not_helpful[k],
                                                      report.helpful[k], k))[:top]
    lines.extend(f"  {report.not_helpful[key]:>4} / {report.helpful[key]:<4} "
                 f"{report.wording[key]}" for key in worst)
    if not worst:
        lines.append("  (none)")
    lines.append("")
    lines.append("Facts suggested (newest first)")
    for question, fact, source in reversed(report.suggestions[-top:]):
        lines.append(f"  asked “{question}”: {fact}" + (f" ({source})" if source else ""))
    if not report.suggestions:
        lines.append("  (none)")
    return "\n".join(lines)
