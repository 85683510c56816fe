"""Idempotency keys: one per conversation and draft, so repeating a step never repeats its effect.

The dialogue makes a draft token when a form starts (kept in a slot, so it survives a restart of
the action server) and derives the key from it and the conversation id. Every save and the final
submission carry the same key; the store's unique constraint on it turns "confirmed twice" or
"retried after a timeout" into "return what was stored the first time". The conversation id may be
a caller's phone number, so the key is a hash and the id itself is never stored.
"""

from __future__ import annotations

import hashlib
import secrets

KEY_LENGTH = 64


def new_draft_token() -> str:
    return secrets.token_hex(8)


def idempotency_key(conversation_id: str, draft_token: str) -> str:
    """64 hex characters naming one draft of one conversation."""
    if not conversation_id or not draft_token:
        raise ValueError("both the conversation id and the draft token are needed")
    digest = hashlib.sha256(f"{conversation_id}\x1f{draft_token}".encode())
    return digest.hexdigest()


__all__ = ["KEY_LENGTH", "idempotency_key", "new_draft_token"]
