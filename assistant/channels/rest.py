"""REST channel whose replies keep text and payload together.

Rasa's stock REST channel sends a response's text and its ``custom`` payload as two separate
messages and splits text on blank lines, so a client cannot tell which payload belongs to which
sentence. Voice clients need exactly that pairing (which procedure, which options, hand-off), so this
channel answers ``[{"recipient_id", "text", "custom"}, ...]`` with one entry per bot message.
It also never logs message text: citizens say names and ID numbers.

A turn never ends in silence: when the dialogue produced no message at all (the action server died
or timed out mid-request, and Rasa dropped that action's events), the citizen hears
:data:`NO_REPLY_TEXT` with the payload kind ``retry`` and can simply say it again. Nothing is lost
by that: the draft of a dossier lives in the conversation's slots, which the failed action never
changed.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

NO_REPLY_TEXT = "Xin lỗi, tôi chưa trả lời được. Bạn nói lại giúp tôi, hoặc nói “gặp cán bộ”."
NO_REPLY_KIND = "retry"


class PairedOutputChannel(CollectingOutputChannel):
    """Collects each bot message as one dict holding its text and its payload."""

    @classmethod
    def name(cls) -> str:
        return "paired_collector"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self._persist_message(
            self._message(
                recipient_id,
                text=message.get("text"),
                image=message.get("image"),
                buttons=message.get("buttons"),
                attachment=message.get("attachment"),
                custom=message.get("custom"),
            )
        )


class AssistantRestInput(InputChannel):
    """``POST /webhooks/assistant/webhook`` with ``{"sender": ..., "message": ..., "metadata": ...}``."""

    @classmethod
    def name(cls) -> str:
        return "assistant"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("assistant_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender = body.get("sender")
            text = body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "cần 'sender' và 'message' dạng chuỗi"}, status=400)
            collector = PairedOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=body.get("input_channel") or self.name(),
                        metadata=body.get("metadata"),
                    )
                )
            except CancelledError:
                logger.error("assistant channel: message handling timed out")  # never log the text
            if not collector.messages:
                logger.error("assistant channel: the dialogue produced no reply; asking to say it again")
                return response.json([no_reply(sender)])
            return response.json(collector.messages)

        return webhook


def no_reply(sender: str) -> dict[str, Any]:
    """What the citizen hears when the dialogue said nothing: an apology and a way forward."""
    return {"recipient_id": sender, "text": NO_REPLY_TEXT, "custom": {"kind": NO_REPLY_KIND, "retry": True}}
