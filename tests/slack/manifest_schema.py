"""The limits of Slack's app manifest schema (version 1) for the sections our manifests use.

Transcribed from Slack's published schema, github.com/slackapi/manifest-schema,
schemas/manifest.schema.1.0.0.json: the same field names, types, lengths, URL patterns and
`additionalProperties: false`, so a misspelt field or a too-long text fails here as it
would when pasted at api.slack.com/apps. Sections we do not use (functions, workflows,
shortcuts...) are left out, so adding one means adding its limits here first.
"""

from __future__ import annotations

from typing import Any

_URL = {"type": "string", "pattern": r"^https?:\/\/", "maxLength": 3500}


def _text(min_length: int, max_length: int) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": list(required)}


_SCOPES = {"type": "array", "items": {"type": "string", "maxLength": 50}, "maxItems": 255}
_EVENTS = {"type": "array", "items": {"type": "string", "maxLength": 50}, "maxItems": 100,
           "uniqueItems": True}

MANIFEST_SCHEMA: dict[str, Any] = _object({
    "_metadata": _object({"major_version": {"const": 1}, "minor_version": {"type": "integer"}}),
    "display_information": _object({
        "name": _text(1, 35),
        "description": _text(1, 140),
        "background_color": {"type": "string", "pattern": "^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$"},
        "long_description": _text(175, 4000),
    }, required=("name",)),
    "features": _object({
        "app_home": _object({"home_tab_enabled": {"type": "boolean"},
                             "messages_tab_enabled": {"type": "boolean"},
                             "messages_tab_read_only_enabled": {"type": "boolean"}}),
        "bot_user": _object({"display_name": _text(1, 80),
                             "always_online": {"type": "boolean"}}, required=("display_name",)),
        "slash_commands": {"type": "array", "minItems": 1, "maxItems": 50, "items": _object({
            "command": {**_text(2, 32), "pattern": r"^\/"},
            "url": {**_URL, "maxLength": 3000},
            "description": _text(1, 2000),
            "usage_hint": _text(1, 1000),
            "should_escape": {"type": "boolean"},
        }, required=("command", "description"))},
    }),
    "oauth_config": _object({"scopes": _object({"bot": _SCOPES, "user": _SCOPES})}),
    "settings": _object({
        "event_subscriptions": _object({"request_url": _URL, "bot_events": _EVENTS,
                                        "user_events": _EVENTS}),
        "interactivity": _object({"is_enabled": {"type": "boolean"}, "request_url": _URL,
                                  "message_menu_options_url": _URL}, required=("is_enabled",)),
        "org_deploy_enabled": {"type": "boolean"},
        "socket_mode_enabled": {"type": "boolean"},
        "token_rotation_enabled": {"type": "boolean"},
    }),
}, required=("display_information",))
