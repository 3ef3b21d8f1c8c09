"""The Suggest a fact form, offered when the fact base has nothing about a question.

In Slack the button opens this modal; what the person writes (and, if they have one, a
link to where it is reported) goes to the curators' log with their question. The modal
carries the question in its private_metadata, as buttons carry it in their value, so
any replica can take the submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .buttons import ButtonState
from .markup import escape

CALLBACK_ID = "relations_suggest_fact"
FACT_BLOCK, SOURCE_BLOCK = "fact", "source"
MAX_SUGGESTION = 1000
MAX_SOURCE = 500
ERRORS = {FACT_BLOCK: "Write what the bot should know.",
          SOURCE_BLOCK: "Paste a link that starts with https://, or leave this empty."}


@dataclass(frozen=True)
class Suggestion:
    state: ButtonState  # the question it answers, and where it was asked
    fact: str
    source: str  # "" when none was given


def suggest_form(state: ButtonState) -> dict[str, Any]:
    """The modal (views.open) asking what the bot should know about the question."""
    return {
        "type": "modal", "callback_id": CALLBACK_ID, "private_metadata": state.encode(),
        "title": _plain("Suggest a fact"), "submit": _plain("Send to curators"),
        "close": _plain("Cancel"),
        "blocks": [
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                f"You asked: “{escape(' '.join(state.query.split())[:200])}”"}]},
            _input(FACT_BLOCK, "What should the bot know?", multiline=True,
                   max_length=MAX_SUGGESTION,
                   hint="Who met, signed or said what, and when. Curators check every fact "
                        "against a published article before it is added."),
            {**_input(SOURCE_BLOCK, "Where is it reported? (a link)", max_length=MAX_SOURCE),
             "optional": True},
        ],
    }


def thanks_view() -> dict[str, Any]:
    """What the modal turns into once sent."""
    return {"type": "modal", "title": _plain("Suggest a fact"), "close": _plain("Done"),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text":
                "Thanks: the curators will read your suggestion. A fact is added once it "
                "is checked word for word against a published article."}}]}


def read_submission(view: dict[str, Any]) -> Suggestion:
    """The suggestion in a view_submission's view; StaleButton if its metadata is not ours;
    ValueError (naming the block) for a source that is not a link."""
    state = ButtonState.decode(view.get("private_metadata"))
    values = (view.get("state") or {}).get("values") or {}
    fact = _value(values, FACT_BLOCK)[:MAX_SUGGESTION]
    source = _value(values, SOURCE_BLOCK)[:MAX_SOURCE]
    if not fact:
        raise ValueError(FACT_BLOCK)
    if source and not source.startswith(("https://", "http://")):
        raise ValueError(SOURCE_BLOCK)
    return Suggestion(state, fact, source)


def _value(values: dict[str, Any], block: str) -> str:
    element = (values.get(block) or {}).get(block) or {}
    value = element.get("value")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _input(block: str, label: str, multiline: bool = False, max_length: int = 3000,
           hint: str = "") -> dict[str, Any]:
    element = {"type": "plain_text_input", "action_id": block, "multiline": multiline,
               "max_length": max_length}
    data: dict[str, Any] = {"type": "input", "block_id": block, "label": _plain(label),
                            "element": element}
    if hint:
        data["hint"] = _plain(hint)
    return data


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}

