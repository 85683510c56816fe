"""A scripted citizen filing a dossier through the running assistant (REST channel).

Shared by the end-to-end filing tests and ``assistant bench filing``: it follows the payloads
(which field is asked, whether an answer was read back) rather than the Vietnamese text, answers
from the scripts of ``tests/test_forms.py`` and counts turns and time.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from civic.catalog.answers import short_name
from civic.catalog.store import default_catalog
from civic.forms import engine
from civic.forms.draft import Phase

MAX_WORDS = {"consent": 60}  # the consent statement is the one longer message
MAX_WORDS_DEFAULT = 30

START_PHRASES = {
    "1.001193": "tôi muốn đăng ký khai sinh cho con",
    "2.000635": "làm giùm tôi hồ sơ cấp bản sao giấy khai sinh",
}


def steps_for_today(code: str, steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The script's steps that apply on the servers' date: the scripts were written for a fixed day,
    and a question such as "a minor's guardian" depends on the age today."""
    draft = engine.handle(engine.start(code).draft, "đồng ý").draft
    kept: list[tuple[str, str]] = []
    for field_name, text in steps:
        if draft.current != field_name:
            continue
        kept.append((field_name, text))
        out = engine.handle(draft, text)
        if out.kind is engine.OutcomeKind.CLARIFY:
            out = engine.handle(out.draft, text)
        draft = out.draft
        if draft.phase is Phase.CONFIRMING:
            draft = engine.handle(draft, "đúng").draft
    assert draft.phase is Phase.REVIEW, (code, draft)
    return kept


def expected_for_today(code: str, steps: list[tuple[str, str]], expected: dict[str, Any]) -> dict[str, Any]:
    """The script's expected dossier without the fields that do not apply today."""
    asked = {name for name, _ in steps_for_today(code, steps)}
    return {name: value for name, value in expected.items() if name in asked}


def start_phrase(code: str) -> str:
    procedure = default_catalog().get(code)
    assert procedure is not None, code
    return START_PHRASES.get(code) or f"tôi muốn nộp hồ sơ {short_name(procedure, 14)}"


@dataclass
class FilingCitizen:
    """One conversation: says things, checks every reply carries a payload, counts turns."""

    webhook: str
    sender: str = field(default_factory=lambda: f"filing-{uuid.uuid4().hex[:10]}")
    turns: int = 0
    session: requests.Session = field(default_factory=requests.Session)
    last: list[dict[str, Any]] = field(default_factory=list)

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.session.post(self.webhook, json={"sender": self.sender, "message": text}, timeout=120)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        self.turns += 1
        assert messages, f"no reply to {text!r}"
        for message in messages:
            custom = message.get("custom")
            assert message.get("text") and isinstance(custom, dict) and custom.get("kind"), message
            limit = MAX_WORDS.get(custom["kind"], MAX_WORDS_DEFAULT)
            assert len(message["text"].split()) <= limit, message["text"]
        self.last = messages
        return messages

    @property
    def last_payload(self) -> dict[str, Any]:
        return dict(self.last[-1]["custom"])

    def asked_field(self) -> str | None:
        payload = self.last_payload
        return payload.get("field") if payload["kind"] in ("form_question", "invalid_answer") else None

    def start(self, code: str) -> None:
        """Ask to file ``code``; confirm or pick it if the assistant asks which procedure."""
        self.say(start_phrase(code))
        payload = self.last_payload
        if payload["kind"] == "confirm":
            self.say("đúng")
        elif payload["kind"] == "options":
            number = next(o["number"] for o in payload["options"] if o["procedure_code"] == code)
            self.say(f"số {number}")
        assert self.last_payload["kind"] == "consent", self.last
        assert self.last_payload["procedure_code"] == code

    def answer(self, field_name: str, text: str) -> None:
        """Answer the question on ``field_name`` (which must be the one asked) and confirm the read-back."""
        assert self.asked_field() == field_name, (field_name, self.last)
        self.say(text)
        if self.last_payload["kind"] == "clarify":
            self.say(text)
        if self.last_payload["kind"] == "read_back":
            self.say("đúng")

    def fill(self, steps: list[tuple[str, str]]) -> None:
        self.say("đồng ý")
        for field_name, text in steps:
            self.answer(field_name, text)
        assert self.last_payload["kind"] == "summary", self.last

    def confirm(self) -> str:
        """The final "đúng"; returns the receipt code written on screen."""
        self.say("đúng")
        submitted = [m["custom"] for m in self.last if m["custom"]["kind"] == "submitted"]
        assert submitted, self.last
        return str(submitted[0]["receipt_code"])


@dataclass(frozen=True)
class FilingRun:
    code: str
    receipt_code: str
    turns: int
    seconds: float


def file_dossier(webhook: str, code: str, steps: list[tuple[str, str]]) -> FilingRun:
    """One complete scripted filing, timed from the first message to the receipt."""
    citizen = FilingCitizen(webhook)
    began = time.perf_counter()
    citizen.start(code)
    citizen.fill(steps)
    receipt = citizen.confirm()
    return FilingRun(code, receipt, citizen.turns, time.perf_counter() - began)
