"""The console front end: chat in a terminal as in Slack, a peer of bot/slack/.

Lines start as they would in Slack (`/relations …` or `@relations …`) and get the same
blocks Slack would show, as text, so what a person tries locally is what Slack shows.
"""

from __future__ import annotations

from typing import TextIO

from .engine import Engine
from .frontend import reply_to
from .render import COMMAND, blocks_to_text

PROMPT = "relations> "
MENTION = "@relations"
INTRO = f"""relations console: type what you would type in Slack, for example
  {COMMAND} meetings 2022
  {COMMAND} what was signed in Astana?
  {MENTION} what did Japarov say about Taiwan?
{COMMAND} help lists everything; Ctrl-D or 'quit' leaves."""


def strip_invocation(line: str) -> str | None:
    """'/relations x' or '@relations x' -> 'x'; None for a line that is neither."""
    for prefix in (COMMAND, MENTION):
        if line == prefix or line.startswith(prefix + " "):
            return line[len(prefix):].strip()
    return None


def run_console(engine: Engine, stdin: TextIO, stdout: TextIO) -> int:
    """Read lines until end of input or 'quit'; answer each as Slack would."""
    interactive = stdin.isatty()
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
        query = strip_invocation(line)
        if query is None:
            print(f"Start with {COMMAND} (the slash command) or {MENTION} (a mention), "
                  f"e.g. {COMMAND} help", file=stdout)
            continue
        if line.startswith("@"):
            print("(reply in thread)", file=stdout)
        print(blocks_to_text(reply_to(engine, query).blocks), file=stdout, flush=True)
    return 0
