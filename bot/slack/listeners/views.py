"""Modal submissions: the Suggest a fact form goes to the curators' log."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from ...buttons import StaleButton
from ...suggest_form import CALLBACK_ID, ERRORS, read_submission, thanks_view
from ...usage import UsageLog, person_hash


def register(app: App, usage: UsageLog) -> None:
    def suggestion_sent(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                        logger: logging.Logger) -> None:
        handle_suggestion(usage, ack, body, view, logger)

    app.view(CALLBACK_ID)(suggestion_sent)


def handle_suggestion(usage: UsageLog, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                      logger: logging.Logger) -> None:
    """Log the suggestion and thank the person in the modal; a missing fact or a source
    that is not a link is shown next to its field, as Slack does for any form."""
    try:
        suggestion = read_submission(view)
    except StaleButton:
        ack(response_action="update", view=thanks_view())  # not ours to log; close politely
        logger.warning("relations: a Suggest a fact form with unreadable metadata")
        return
    except ValueError as error:
        ack(response_action="errors", errors={str(error): ERRORS[str(error)]})
        return
    user = body.get("user") or {}
    usage.suggestion(suggestion.state.front_end, suggestion.state.query, suggestion.fact,
                     suggestion.source, person_hash(user.get("team_id"), user.get("id")))
    ack(response_action="update", view=thanks_view())
