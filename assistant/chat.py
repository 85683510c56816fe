"""Terminal chat with a running assistant, through the same REST channel other clients use."""

from __future__ import annotations

import uuid
from typing import Any

import requests

PROMPT = "Bạn: "


def send(url: str, sender: str, text: str, timeout: float = 30.0) -> list[dict[str, Any]]:
    """One user turn; returns the bot messages, each ``{"text": ..., "custom": {...}}``."""
    reply = requests.post(
        f"{url.rstrip('/')}/webhooks/assistant/webhook",
        json={"sender": sender, "message": text},
        timeout=timeout,
    )
    reply.raise_for_status()
    messages: list[dict[str, Any]] = reply.json()
    return messages


def cli_chat(url: str = "http://127.0.0.1:5005", sender: str | None = None) -> int:
    sender = sender or f"terminal-{uuid.uuid4().hex[:8]}"
    print("Trợ lý thủ tục. Gõ câu hỏi rồi nhấn Enter; Ctrl-C hoặc Ctrl-D để thoát.")
    while True:
        try:
            text = input(PROMPT).strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text:
            continue
        try:
            messages = send(url, sender, text)
        except requests.RequestException:
            print("Trợ lý: Xin lỗi, hệ thống đang bận. Bạn thử lại sau ít phút nhé.")
            continue
        for message in messages:
            if message.get("text"):
                print(f"Trợ lý: {message['text']}")
