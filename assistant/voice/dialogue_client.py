"""The dialogue as the voice loop sees it: text in, typed replies out, over the assistant's REST channel.

Why HTTP and not an imported Rasa agent: the voice front end (microphone, recognizer, voice) and the
dialogue server scale and fail separately, and a kiosk PC can talk to a shared server. The channel
answers ``[{"text", "custom": {"kind", "speech_rate", "handoff", "options", ...}}]`` (see
``assistant/channels/rest.py``); this module turns that into :class:`DialogueReply` objects. One
``aiohttp`` session is kept open so every turn reuses the same keep-alive connection.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp

from assistant.voice.events import VoiceError, VoiceErrorCode

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:5005"
WEBHOOK_PATH = "/webhooks/assistant/webhook"
WARM_UP_TEXT = "làm giấy khai sinh cần giấy tờ gì"
REQUEST_HUMAN = "/request_human"
"""Rasa reads a message starting with ``/`` as that intent, skipping NLU: the citizen's "có" to the
voice loop's own hand-off offer becomes the dialogue's hand-off, which it already knows how to do."""


@dataclass(frozen=True)
class DialogueReply:
    """One bot message with the payload fields the voice loop acts on."""

    text: str
    kind: str = "info"
    speech_rate: float | None = None
    handoff: bool = False
    handoff_offered: bool = False
    repeated: bool = False
    options: tuple[Mapping[str, Any], ...] = ()
    custom: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> DialogueReply:
        custom = message.get("custom")
        payload: Mapping[str, Any] = custom if isinstance(custom, Mapping) else {}
        rate = payload.get("speech_rate")
        options = payload.get("options")
        return cls(
            text=str(message.get("text") or ""),
            kind=str(payload.get("kind") or "info"),
            speech_rate=float(rate) if isinstance(rate, (int, float)) else None,
            handoff=bool(payload.get("handoff")),
            handoff_offered=bool(payload.get("handoff_offered")),
            repeated=bool(payload.get("repeated")),
            options=tuple(o for o in options if isinstance(o, Mapping)) if isinstance(options, list) else (),
            custom=dict(payload),
        )


class Dialogue(Protocol):
    """What the session needs from a dialogue: one user message in, the bot's messages out."""

    async def send(self, sender: str, text: str) -> list[DialogueReply]: ...

    async def close(self) -> None: ...


class RestDialogue:
    """:class:`Dialogue` over ``POST {url}/webhooks/assistant/webhook``."""

    def __init__(self, url: str = DEFAULT_URL, timeout_s: float = 30.0, input_channel: str = "voice") -> None:
        self.url = url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.input_channel = input_channel
        self._session: aiohttp.ClientSession | None = None

    @property
    def webhook(self) -> str:
        return f"{self.url}{WEBHOOK_PATH}"

    async def send(self, sender: str, text: str) -> list[DialogueReply]:
        body = {"sender": sender, "message": text, "input_channel": self.input_channel}
        try:
            async with self._client().post(self.webhook, json=body) as response:
                if response.status != 200:
                    raise VoiceError(VoiceErrorCode.DIALOGUE_FAILED, f"HTTP {response.status}")
                messages = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            raise VoiceError(VoiceErrorCode.DIALOGUE_UNAVAILABLE, type(exc).__name__) from exc
        except ValueError as exc:  # not JSON
            raise VoiceError(VoiceErrorCode.DIALOGUE_FAILED, "reply is not JSON") from exc
        return parse_messages(messages)

    async def wait_until_ready(self, timeout_s: float = 10.0) -> bool:
        """Whether the channel answers its health check within ``timeout_s`` (for start-up messages)."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            try:
                async with self._client().get(f"{self.url}/webhooks/assistant/") as response:
                    if response.status == 200:
                        return True
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
                pass
            if asyncio.get_running_loop().time() >= deadline:
                return False
            await asyncio.sleep(0.5)

    async def warm_up(self, text: str = WARM_UP_TEXT) -> bool:
        """Send one typical question in a throw-away conversation so the first citizen is not the one
        who waits while the servers load their models and the catalog (measured: about 3 s cold,
        0.25 s warm)."""
        try:
            await self.send(f"warmup-{uuid.uuid4().hex[:8]}", text)
        except VoiceError:
            return False
        return True

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session


def parse_messages(messages: object) -> list[DialogueReply]:
    """Replies with text, in order; anything malformed is a dialogue failure, not a crash."""
    if not isinstance(messages, Sequence) or isinstance(messages, (str, bytes)):
        raise VoiceError(VoiceErrorCode.DIALOGUE_FAILED, "reply is not a list")
    replies = [DialogueReply.from_message(m) for m in messages if isinstance(m, Mapping)]
    return [reply for reply in replies if reply.text.strip()]
