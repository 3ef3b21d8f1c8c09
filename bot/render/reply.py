"""An Answer as a reply: its Block Kit and its notification text; and the help text,
generated from the kinds and commands tables.

Slack and the console show the same blocks, so what a person tries locally is what
Slack will show. Everything shown passes through `bot.markup.escape`.
"""

from __future__ import annotations

from ..engine import Answer, FactBase
from ..engine.answering import MAX_QUERY_CHARS
from ..engine.commands import COMMAND_SPEC, COMMANDS
from ..engine.kinds import KIND_PLURALS, KINDS, plural
from ..engine.replies.questions import QUESTION_EXAMPLES
from ..markup import escape, mention
from ..paging import FACTS_PER_PAGE
from .answering import answering_blocks, title
from .blocks import MAX_BLOCKS, Block, clip, context, format_date, header, sections
from .facts import fact_blocks

MAX_NOTIFICATION_QUOTE = 280
MAX_NOTIFICATION = 1000  # a notification shows far less; the blocks hold the rest
FACTS_PER_REPLY = FACTS_PER_PAGE
COMMAND = "/relations"

HELP_TEXT = "\n".join([
    "*Ask about China–Kyrgyzstan relations.* Every answer quotes its source verbatim.",
    *(f"`{COMMAND} {kind.plural} [words]` — {kind.help}" for kind in KINDS),
    *(f"`{COMMAND} {spec.usage}` — {spec.help}" for spec in COMMANDS if spec.usage),
    "*Answered in one line first*, the facts underneath: " + " · ".join(
        f"{asked}: _{example}_" for asked, example in QUESTION_EXAMPLES) + ".",
    """Words narrow the answer, all together: a year (`2022`), a month (`february`), a person \
(`japarov`, `zhaparov`), a side (`kyrgyzstan`), a place (`astana`), a topic (`taiwan`, `railway`, \
`sco`). Typos are forgiven."""])
FACT_USAGE = COMMAND_SPEC["fact"].usage
_ALL_KINDS = ", ".join(kind.plural for kind in KINDS[:-1]) + f" and {KINDS[-1].plural}"


def render_blocks(answer: Answer, fact_base: FactBase, *, first: int = 1,
                  shared_by: str | None = None) -> list[Block]:
    """`first`: the number of the first fact shown (pages after the first start later)."""
    if answer.command == "help":
        return [header("relations — help"), *sections(HELP_TEXT)]
    if answer.command == "sources":
        return _render_sources(answer, fact_base)
    blocks = [header(title(answer) or _title(answer)), *answering_blocks(answer, fact_base)]
    understood = " · ".join(filter(None, [_shared_by(shared_by), _understood(answer)]))
    if understood:
        blocks.append(context([understood]))
    if not answer.facts:
        blocks.extend(sections(_nothing_found(answer, fact_base)))
        return blocks[:MAX_BLOCKS]
    for fact in answer.facts:
        blocks.extend(fact_blocks(fact, fact_base, full=answer.command == "fact"))
    if answer.total > len(answer.facts):
        last = first + len(answer.facts) - 1
        example = "".join(f", e.g. `{COMMAND} {escape(s)}`" for s in answer.suggestions[:1])
        blocks.extend(sections(
            f"Facts {first}–{last} of {answer.total}. "
            f"Narrow down with a year, a person, a place or a topic{example}."))
    return blocks[:MAX_BLOCKS]


def _shared_by(who: str | None) -> str:
    return f"Shared by {mention(who)}" if who else ""


def _title(answer: Answer) -> str:
    if answer.too_long:
        return "Question too long"
    if answer.command == "fact":
        if answer.facts:
            return f"Fact {answer.facts[0].id}"
        return "No such fact" if answer.query.fact_id else "No fact id given"
    noun = "timeline" if answer.command == "timeline" else plural(answer.query.kind)
    if not answer.total:
        return f"No {noun} found" if noun != "timeline" else "Nothing on the timeline"
    if noun == "timeline":
        return f"Timeline: {answer.total} fact{'s' if answer.total != 1 else ''}, oldest first"
    if answer.total == 1:
        noun = noun.removesuffix("s")
    return f"{answer.total} {noun}"


def _understood(answer: Answer) -> str:
    query = answer.query
    if query.command == "fact" or answer.too_long:
        return ""
    parts = [f"You asked: “{escape(query.text)}”"]
    if query.kind:
        parts.append(f"kind: {KIND_PLURALS[query.kind]}")
    parts.extend(escape(f.label) for f in query.filters if f.field != "foreign")
    parts.extend(f"read “{escape(typed)}” as “{escape(meant)}”"
                 for typed, meant in query.corrections)
    if answer.passed_over:
        parts.append("did not use " + ", ".join(f"“{escape(w)}”" for w in answer.passed_over))
    if answer.note:
        parts.append(escape(answer.note))
    return " · ".join(parts)


def _nothing_found(answer: Answer, fact_base: FactBase) -> str:
    query = answer.query
    if answer.too_long:
        return (f"Your question is {answer.too_long:,} characters long; I read questions of up "
                f"to {MAX_QUERY_CHARS:,}. Ask about one thing at a time: a person, a place, a "
                f"topic or a year, e.g. `{COMMAND} what was signed in Astana?`\n"
                f"Type `{COMMAND} help` for what you can ask.")
    if query.command == "fact" and not query.fact_id:
        text = (f"`{COMMAND} {FACT_USAGE}` shows one fact in full; each fact's id appears "
                f"under it in answers, e.g. those of `{COMMAND} {KINDS[0].plural}`.")
    elif query.command == "fact":
        text = (f"There is no fact with the id `{escape(query.fact_id or '')}`. "
                "Ids appear under each fact in answers.")
    elif answer.not_covered:
        subjects = ", ".join(f"“{escape(s)}”" for s in answer.not_covered)
        text = (f"The fact base has nothing about {subjects}. It covers China–Kyrgyzstan "
                f"{_ALL_KINDS} from {len(fact_base.sources)} source "
                f"article(s); see `{COMMAND} sources`.")
    else:
        text = "No facts match all of that together."
        years = fact_base.years(query.kind)
        if any(f.field == "date" for f in query.filters) and years:
            noun = plural(query.kind)
            text += f" The fact base has {noun} from {', '.join(years)}."
    if answer.suggestions:
        tries = " or ".join(f"`{COMMAND} {escape(s)}`" for s in answer.suggestions)
        text += f"\nDid you mean {tries}?" if answer.not_covered or query.command == "fact" \
            else f"\nTry {tries}."
    elif query.command != "fact":
        text += f"\nType `{COMMAND} help` for what you can ask."
    return text


def _render_sources(answer: Answer, fact_base: FactBase) -> list[Block]:
    blocks = [header(f"{len(answer.sources)} source article(s)")]
    if answer.version is not None:
        blocks.append(context([escape(answer.version.label())]))
    for source in answer.sources[: (MAX_BLOCKS - len(blocks)) // 2]:
        text = (f"*{escape(source.headline)}*\n{escape(source.publisher)}, "
                f"{escape(source.dateline)}, {format_date(source.published.isoformat())}")
        blocks.extend(sections(text))
        count = fact_base.fact_count(source.id)
        blocks.append(context([f"`{source.id}`", f"{count} fact{'s' if count != 1 else ''}"]))
    return blocks[:MAX_BLOCKS]


def fallback_text(answer: Answer, fact_base: FactBase) -> str:
    """The message's `text`: what notifications and screen readers get, so it carries the
    answer itself in plain words (the first fact and its quote), not just the title."""
    if answer.command == "help":
        return (f"relations: how to ask. `{COMMAND} meetings`, `{COMMAND} agreements`, "
                f"`{COMMAND} positions`, `{COMMAND} sources` or a question in plain words.")
    if answer.command == "sources":
        newest = answer.sources[0] if answer.sources else None
        latest = (f"; the newest: {escape(newest.publisher)}, “{escape(newest.headline)}”, "
                  f"{format_date(newest.published.isoformat())}") if newest else ""
        return f"{len(answer.sources)} source article(s){latest}."
    if answer.direct is not None:
        return clip(answer.direct.text, MAX_NOTIFICATION)
    title = _title(answer)
    if not answer.facts:
        why = _nothing_found(answer, fact_base).split("\n", 1)[0]
        return clip(f"{title}. {why}", MAX_NOTIFICATION)
    fact = answer.facts[0]
    quote = escape(clip(fact.quotes[0].text, MAX_NOTIFICATION_QUOTE))
    return clip(f"{title}. {format_date(fact.date)}: {escape(fact.summary)} “{quote}”",
                 MAX_NOTIFICATION)
