"""The console front end: chat in a terminal as in Slack, a peer of bot/slack/.

Lines are what a person would type in Slack (`/relations …`, `@relations …`, or a question
alone, as in a direct message) and get the same blocks Slack would show, as text, so what
a person tries locally is what Slack shows.
"""

from __future__ import annotations

from typing import TextIO

from .buttons import buttons_in
from .clicks import click
from .engine import Engine
from .frontend import reply_to
from .render import COMMAND, Block, blocks_to_text
from .usage import UsageLog

PROMPT = "relations> "
MENTION = "@relations"
INTRO = f"""relations console: type what you would type in Slack, for example
  {COMMAND} meetings 2022
  {MENTION} what was signed in Astana?
  what did Japarov say about Taiwan?      (as in a direct message to the bot)
Buttons show as [ Show more ]: type a button's label to click it.
{COMMAND} help lists everything; Ctrl-D or 'quit' leaves."""
USER = "you"  # who shares, in the console
DELIVERY_NOTES = {
    "share": "(posted in the channel for everyone, shared by @you; your private copy is removed)",
    "private": "(only you see this)",
    "form": "(only you see this)",  # no forms here: the click's reply says what to do
    "replace": "(the answer above is replaced by)",
}


def strip_invocation(line: str) -> str | None:
    """'/relations x' or '@relations x' -> 'x'; None for a line that is neither."""
    for prefix in (COMMAND, MENTION):
        if line == prefix or line.startswith(prefix + " "):
            return line[len(prefix):].strip()
    return None


def run_console(engine: Engine, stdin: TextIO, stdout: TextIO,
                usage: UsageLog | None = None) -> int:
    """Read lines until end of input or 'quit'; answer each as Slack would. A button's
    label clicks that button on the last reply."""
    usage = usage or UsageLog(None)
    interactive = stdin.isatty()
    blocks: list[Block] = []
    print(INTRO, file=stdout)
    while True:
        if interactive:
            print(PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line in ("quit", "exit"):
            break
        button = _button_named(blocks, line)
        if button is not None:
            result = click(engine, usage, button["action_id"], button["value"], USER)
            print(DELIVERY_NOTES[result.delivery], file=stdout)
            print(blocks_to_text(result.reply.blocks), file=stdout, flush=True)
            if result.delivery == "replace":
                blocks = result.reply.blocks
            elif result.delivery == "share":
                blocks = []  # the private copy is gone
            continue
        query = strip_invocation(line)
        if query is None:  # as in a direct message to the bot, which needs neither
            query = line
        elif line.startswith("@"):
            print("(reply in thread)", file=stdout)
        reply = reply_to(engine, query, front_end="console")
        usage.question(reply.outcome, "console", query)
        blocks = reply.blocks
        print(blocks_to_text(blocks), file=stdout, flush=True)
    return 0


def _button_named(blocks: list[Block], line: str) -> Block | None:
    """The button on the last reply whose label is `line` (any case, brackets optional)."""
    label = line.strip("[] ").lower()
    return next((b for b in buttons_in(blocks) if b["text"]["text"].lower() == label), None)
