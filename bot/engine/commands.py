"""The one table of commands: the words that choose each, and its line in `help`.

A query's first word picks a command (or a kind, from bot/engine/kinds.py); anything
else is a search. The renderer generates the help text from this table and the kinds
table, so help cannot drift from what the parser accepts. A new command is a row here,
a branch in `Engine.answer` (bot/engine/answering.py) and, if it shows something new,
a branch in `render_blocks` (bot/render/reply.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Command = Literal["help", "search", "timeline", "sources", "fact"]


@dataclass(frozen=True)
class CommandSpec:
    name: Command
    words: tuple[str, ...]  # a query's first word choosing it ("search" has none: the default)
    usage: str  # as typed after the slash command, for help ("" keeps it out of help)
    help: str


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("help", ("help", "?", "commands", "usage"), "", "what you can ask"),
    CommandSpec("timeline", ("timeline", "history", "chronology"), "timeline [words]",
                "everything, oldest first"),
    CommandSpec("sources", ("sources", "source", "articles"), "sources",
                "the articles the facts come from"),
    CommandSpec("fact", ("fact",), "fact <id>", "one fact in full"),
    CommandSpec("search", (), "<a question>",
                "e.g. _what was signed in Astana?_ or _what did Japarov say about Taiwan?_"),
    # Read from the question's words by the answering layer (bot/engine/replies/), not by
    # the first word alone: "who met in 2025?" is a question, "who Japarov" a card.
    CommandSpec("search", (), "who <name>",
                "a card: name, other spellings, role, counts, latest meeting, positions"),
    CommandSpec("search", (), "compare <words> [YEAR YEAR]",
                "positions side by side, by date or by side (_China vs Kyrgyzstan on the "
                "railway_), oldest first"),
)

COMMAND_BY_WORD: dict[str, Command] = {word: spec.name for spec in COMMANDS
                                       for word in spec.words}
COMMAND_SPEC: dict[Command, CommandSpec] = {spec.name: spec for spec in COMMANDS
                                            if spec.name != "search"}
