"""Slack's markup, in one place: escaping what the bot shows, and reading back what people typed.

Slack reserves &, < and > (api.slack.com/reference/surfaces/formatting): everything the
bot shows passes through `escape`, so neither a user's text nor a source's can ping
`@channel` or inject a link. Text arriving from Slack (`<@U…>`, `<#C…|name>`,
`<url|label>`, `&amp;`) is turned back into what the person typed before it reaches
the engine.
"""

from __future__ import annotations

import re

# No part of a markup token crosses a '<' (Slack sends a typed '<' as &lt;), so a failed
# match stops at the next one: a message of 40,000 '<' takes milliseconds, not half a minute.
_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^<>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!([^<>|]+)(?:\|([^<>]*))?>")
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_LABELLED_LINK = re.compile(r"<([^<|>]+)\|([^<>]+)>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Slack's three control characters, escaped (most text has none: returned as it is)."""
    if "&" not in text and "<" not in text and ">" not in text:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(who: str) -> str:
    """A Slack user id as a mention (`<@U123>`, which Slack shows as the person's name);
    anything else (a name in the console) as '@name', escaped."""
    return f"<@{who}>" if _USER_ID.fullmatch(who) else f"@{escape(who)}"


def unescape(text: str) -> str:
    """Undo `escape`: what a person sees, or typed before Slack escaped it."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def shown(mrkdwn: str) -> str:
    """What a person sees of mrkdwn text: labelled links as their labels, unescaped."""
    return unescape(_LABELLED_LINK.sub(r"\2", mrkdwn))


def command_text_to_query(text: str) -> str:
    """A slash command's words as typed: Slack may send &, < and > escaped; "" becomes help."""
    return " ".join(unescape(text).split())


def message_text_to_query(text: str) -> str:
    """Slack markup back to plain words: mentions of people go, channels and links keep a name."""
    text = _USER_MENTION.sub(" ", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(1)}" if m.group(1) else " ", text)
    text = _SPECIAL.sub(lambda m: m.group(2) or "@" + m.group(1).split("^")[0], text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return " ".join(unescape(text).split())
