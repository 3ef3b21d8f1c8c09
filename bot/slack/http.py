"""The ASGI app the production server runs: Slack's requests through Bolt's Starlette
adapter, plus health, readiness and metrics.

    POST /slack/events   Slack's commands, events and interactions (HTTP mode)
    GET  /healthz        liveness: 200 while the process serves (in Socket Mode: 503
                         while the socket is not connected)
    GET  /readyz         200 once a fact base is loaded, with its version and fact count;
                         503 before. A reload that failed shows under "failed".
    GET  /metrics        Prometheus' text format

Bolt's App is synchronous: each Slack request is checked (guard.py) on the event loop,
then dispatched in a thread of `pool`, so a slow request never blocks the others nor
the health checks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..ops import metrics
from ..ops.live import LiveEngine
from .app import EVENTS_PATH
from .guard import MAX_BODY_BYTES, TOO_LARGE, RequestGuard


def asgi_app(live: LiveEngine, bolt_app: App | None = None, guard: RequestGuard | None = None,
             pool: Executor | None = None,
             socket_connected: Callable[[], bool] | None = None) -> Starlette:
    """Health, readiness and metrics; /slack/events too when `bolt_app` and `guard` are given
    (HTTP mode). `socket_connected` makes the health checks report Socket Mode's socket."""

    def connection() -> dict[str, Any]:
        return {} if socket_connected is None else {"socket_connected": socket_connected()}

    async def healthz(request: Request) -> Response:
        status = connection()
        healthy = status.get("socket_connected", True)
        return JSONResponse({"status": "ok" if healthy else "disconnected", **status},
                            status_code=200 if healthy else 503)

    async def readyz(request: Request) -> Response:
        status = live.status() | connection()
        ready = status["ready"] and status.get("socket_connected", True)
        return JSONResponse(status, status_code=200 if ready else 503)

    async def metrics_text(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    routes = [Route("/healthz", healthz), Route("/readyz", readyz),
              Route("/metrics", metrics_text)]
    if bolt_app is not None and guard is not None:
        routes.append(Route(EVENTS_PATH, _slack_events(bolt_app, guard, pool), methods=["POST"]))
    return Starlette(routes=routes)


def _slack_events(bolt_app: App, guard: RequestGuard, pool: Executor | None
                  ) -> Callable[[Request], Any]:
    async def slack_events(request: Request) -> Response:
        body = await _read_body(request)
        rejection = guard.check(request.headers, body)
        if rejection is not None or body is None:
            rejection = rejection or TOO_LARGE
            return PlainTextResponse(rejection.reason, status_code=rejection.status)
        bolt_request = to_bolt_request(request, body)
        response = await asyncio.get_running_loop().run_in_executor(
            pool, bolt_app.dispatch, bolt_request)
        return to_starlette_response(response)

    return slack_events


async def _read_body(request: Request) -> bytes | None:
    """The body, or None as soon as it is known to exceed MAX_BODY_BYTES."""
    declared = request.headers.get("content-length") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
