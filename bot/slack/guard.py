"""What an HTTP request must be before Bolt sees it: small, freshly signed, and parseable.

Bolt would answer a non-numeric or 5,000-digit timestamp, a malformed JSON body or a
non-UTF-8 body with a 500 and a traceback, and logs a failed signature check with the
whole body (which holds a token and a response_url). Here each of those is refused
cleanly, with one log line naming the reason, never the body:

- 413 for a body over MAX_BODY_BYTES (Slack's payloads are a few KB);
- 401 for a missing or malformed timestamp or signature, a timestamp outside Slack's
  five minutes, or a signature that does not match: Slack's v0 HMAC-SHA256 over the raw
  bytes (slack_sdk's SignatureVerifier decodes the body first, and fails on non-UTF-8);
- 400 for a signed body that is not UTF-8, not JSON where JSON is declared, or whose
  interactive `payload` field is not a JSON object.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from ..ops import metrics

MAX_BODY_BYTES = 1 << 20
MAX_CLOCK_SKEW_SECONDS = 5 * 60
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

log = logging.getLogger("relations.http")


@dataclass(frozen=True)
class Rejection:
    status: int
    reason: str


TOO_LARGE = Rejection(413, "body too large")


class RequestGuard:
    """Checks one request's headers and raw body; `check` returns None when it may pass."""

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode("utf-8")
        self._clock = clock

    def check(self, headers: Mapping[str, str], body: bytes | None) -> Rejection | None:
        """`body` None: it was longer than MAX_BODY_BYTES and was not read to the end."""
        rejection = self._check(headers, body) if body is not None else TOO_LARGE
        if rejection is not None:
            metrics.REJECTED.labels(rejection.reason).inc()
            log.warning("relations: HTTP request refused: %d %s (body not logged)",
                        rejection.status, rejection.reason)
        return rejection

    def _check(self, headers: Mapping[str, str], body: bytes) -> Rejection | None:
        if len(body) > MAX_BODY_BYTES:
            return TOO_LARGE
        timestamp = headers.get("x-slack-request-timestamp") or ""
        signature = headers.get("x-slack-signature") or ""
        if not _TIMESTAMP.fullmatch(timestamp):
            return Rejection(401, "missing or malformed timestamp")
        if abs(self._clock() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            return Rejection(401, "timestamp outside five minutes")
        if not _SIGNATURE.fullmatch(signature):
            return Rejection(401, "missing or malformed signature")
        expected = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body,
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(f"v0={expected}", signature):
            return Rejection(401, "signature mismatch")
        return _check_body(headers.get("content-type") or "", body)


def _check_body(content_type: str, body: bytes) -> Rejection | None:
    """A signed body Bolt can parse: UTF-8, and JSON where JSON is expected."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "body is not UTF-8")
    try:  # as Bolt's parse_body reads it
        if content_type.split(";")[0].strip() == "application/json" or text.startswith("{"):
            if not isinstance(json.loads(text), dict):
                return Rejection(400, "JSON body is not an object")
        elif "payload" in text:
            payload = parse_qsl(text, keep_blank_values=True)
            value = dict(payload).get("payload")
            if value is not None and not isinstance(json.loads(value), dict):
                return Rejection(400, "payload is not a JSON object")
    except (ValueError, RecursionError):
        return Rejection(400, "malformed JSON")
    return None
