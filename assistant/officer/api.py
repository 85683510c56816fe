"""JSON HTTP API for the one-stop office system: list, fetch and move dossiers.

``GET /dossiers`` (filters ``status``, ``procedure``, ``channel``; ``limit``/``offset``),
``GET /dossiers/{receipt}`` (with its status history) and ``POST /dossiers/{receipt}/status``
(``{"status": ..., "note": ..., "actor": ...}``) — the status changes "tra cứu hồ sơ" reads back to
citizens. Every route but ``/health`` needs ``Authorization: Bearer <ASSISTANT_OFFICER_TOKEN>``.

Database calls block, so they run in worker threads and the event loop keeps serving. Only the
access log line (method, path, status) is logged; bodies and headers are not.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from assistant.officer.serialize import dossier_to_dict
from assistant.stores.dossiers import dossier_url, open_dossier_store
from civic.dossiers.records import DossierRecord
from civic.dossiers.status import ALLOWED_TRANSITIONS, Channel, DossierStatus, TransitionError
from civic.dossiers.store import DossierNotFound, DossierStore

TOKEN_ENV = "ASSISTANT_OFFICER_TOKEN"
MIN_TOKEN_LENGTH = 16
DEFAULT_PORT = 8085
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_NOTE_LENGTH = 2000
MAX_ACTOR_LENGTH = 64
_STORE: web.AppKey[DossierStore] = web.AppKey("store", DossierStore)
_TOKEN_DIGEST: web.AppKey[bytes] = web.AppKey("token_digest", bytes)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


def _digest(token: str) -> bytes:
    """Hashing first makes the comparison constant-time in the token's length too."""
    return hashlib.sha256(token.encode()).digest()


@web.middleware
async def _require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path == "/health":
        return await handler(request)
    scheme, _, provided = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        _digest(provided.strip()), request.app[_TOKEN_DIGEST]
    ):
        response = _error(401, "a valid bearer token is required")
        response.headers["WWW-Authenticate"] = 'Bearer realm="dossiers"'
        return response
    return await handler(request)


def _bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": message}), content_type="application/json")


def _int_param(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _bad_request(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _enum_param(request: web.Request, name: str, enum: type[DossierStatus] | type[Channel]) -> Any:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return enum(raw)
    except ValueError:
        valid = ", ".join(member.value for member in enum)
        raise _bad_request(f"unknown {name}; use one of: {valid}") from None


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _list(request: web.Request) -> web.Response:
    store = request.app[_STORE]
    status = _enum_param(request, "status", DossierStatus)
    channel = _enum_param(request, "channel", Channel)
    procedure = request.query.get("procedure") or None
    limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_param(request, "offset", 0, 0, 10**9)
    filters = {"status": status, "procedure_code": procedure, "channel": channel}
    records, total = await asyncio.gather(
        asyncio.to_thread(lambda: store.list_dossiers(**filters, limit=limit, offset=offset)),
        asyncio.to_thread(lambda: store.count_dossiers(**filters)),
    )
    return web.json_response(
        {
            "items": [dossier_to_dict(r) for r in records],
            "total": total,
            "limit": limit,
            "offset": offset,
        }
    )


async def _with_history(store: DossierStore, record: DossierRecord) -> dict[str, Any]:
    history = await asyncio.to_thread(store.history, record.receipt_code or "")
    return dossier_to_dict(record, history)


async def _fetch(request: web.Request) -> web.Response:
    store = request.app[_STORE]
    record = await asyncio.to_thread(store.get, request.match_info["receipt"])
    if record is None:
        return _error(404, "no dossier with this receipt code")
    return web.json_response(await _with_history(store, record))


def _text_field(body: dict[str, Any], name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise _bad_request(f"{name} must be text of at most {limit} characters")
    return value.strip() or None


async def _update_status(request: web.Request) -> web.Response:
    store = request.app[_STORE]
    try:
        body = await request.json()
    except ValueError:
        return _error(400, "the body must be JSON")
    if not isinstance(body, dict) or not isinstance(body.get("status"), str):
        return _error(400, 'the body must be an object with a "status"')
    try:
        status = DossierStatus(body["status"])
    except ValueError:
        return _error(400, "unknown status", allowed=[s.value for s in DossierStatus])
    note = _text_field(body, "note", MAX_NOTE_LENGTH)
    actor = _text_field(body, "actor", MAX_ACTOR_LENGTH) or "officer"
    receipt = request.match_info["receipt"]
    try:
        record = await asyncio.to_thread(store.update_status, receipt, status, actor=actor, note=note)
    except DossierNotFound:
        return _error(404, "no dossier with this receipt code")
    except TransitionError as error:
        allowed = sorted(s.value for s in ALLOWED_TRANSITIONS[error.current])
        return _error(409, str(error), current=error.current.value, allowed=allowed)
    return web.json_response(await _with_history(store, record))


def create_app(store: DossierStore, token: str) -> web.Application:
    """The API over ``store``; ``token`` is the shared secret of the office system."""
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(f"the officer token must be at least {MIN_TOKEN_LENGTH} characters")
    app = web.Application(middlewares=[_require_token], client_max_size=64 * 1024)
    app[_STORE] = store
    app[_TOKEN_DIGEST] = _digest(token)
    app.router.add_get("/health", _health)
    app.router.add_get("/dossiers", _list)
    app.router.add_get("/dossiers/{receipt}", _fetch)
    app.router.add_post("/dossiers/{receipt}/status", _update_status)
    return app


def cli_officer_api(host: str, port: int) -> int:
    token = os.environ.get(TOKEN_ENV, "")
    if len(token) < MIN_TOKEN_LENGTH:
        print(f"Set {TOKEN_ENV} to a secret of at least {MIN_TOKEN_LENGTH} characters.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    store = open_dossier_store(dossier_url())
    try:
        web.run_app(
            create_app(store, token), host=host, port=port, print=lambda text: print(text, flush=True)
        )
    finally:
        store.close()
    return 0


__all__ = ["DEFAULT_PORT", "TOKEN_ENV", "cli_officer_api", "create_app"]
