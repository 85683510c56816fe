"""A scripted citizen filing a dossier through the running assistant (REST channel).

Shared by ``assistant bench filing`` and the end-to-end filing tests: it follows the payloads (which
field is asked, whether an answer was read back) rather than the Vietnamese text, answers from the
scripts of ``civic.forms.scripts`` and counts turns and time. Any reply it does not expect raises
``UnexpectedReply`` with the reply itself, so a failed run says what the assistant answered.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import requests

from civic.catalog.answers import short_name
from civic.catalog.store import default_catalog
from civic.forms.draft import Phase
from civic.forms.scripts import play

MAX_WORDS = {"consent": 60}  # the consent statement is the one longer message
MAX_WORDS_DEFAULT = 30

START_PHRASES = {
    "1.001193": "tôi muốn đăng ký khai sinh cho con",
    "2.000635": "làm giùm tôi hồ sơ cấp bản sao giấy khai sinh",
}

Steps = list[tuple[str, str]]


class UnexpectedReply(RuntimeError):
    """The assistant answered something the script does not allow for (or a script does not fit)."""


def _shown(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, ensure_ascii=False)


def steps_for_today(code: str, steps: Steps, today: date | None = None) -> Steps:
    """The script's steps that apply on ``today`` (the servers' date by default): the scripts were
    written for a fixed day, and a question such as "a minor's guardian" depends on the age today."""
    draft, kept = play(code, steps, today)
    if draft.phase is not Phase.REVIEW:
        raise ValueError(
            f"the script of {code} does not complete its form on {today or date.today()}: "
            f"the form is at {draft.phase.value}, asking {draft.current!r}"
        )
    return kept


def expected_for_today(
    code: str, steps: Steps, expected: dict[str, Any], today: date | None = None
) -> dict[str, Any]:
    """The script's expected dossier without the fields that are not asked on ``today``."""
    asked = {name for name, _ in steps_for_today(code, steps, today)}
    return {name: value for name, value in expected.items() if name in asked}


def start_phrase(code: str) -> str:
    """What the citizen says to start filing ``code``."""
    procedure = default_catalog().get(code)
    if procedure is None:
        raise KeyError(f"procedure {code} is not in the catalog")
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
        """Send ``text``; every reply must have speakable text, a payload kind and few words."""
        response = self.session.post(self.webhook, json={"sender": self.sender, "message": text}, timeout=120)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        self.turns += 1
        if not messages:
            raise UnexpectedReply(f"no reply to {text!r}")
        for message in messages:
            custom = message.get("custom")
            if not (message.get("text") and isinstance(custom, dict) and custom.get("kind")):
                raise UnexpectedReply(
                    f"a reply to {text!r} lacks text or a payload kind: {_shown([message])}"
                )
            limit = MAX_WORDS.get(custom["kind"], MAX_WORDS_DEFAULT)
            if len(message["text"].split()) > limit:
                raise UnexpectedReply(
                    f"a reply to {text!r} is longer than {limit} words: {message['text']!r}"
                )
        self.last = messages
        return messages

    @property
    def last_payload(self) -> dict[str, Any]:
        return dict(self.last[-1]["custom"])

    def asked_field(self) -> str | None:
        """The field the last reply asks for, if it asks a form question."""
        payload = self.last_payload
        return payload.get("field") if payload["kind"] in ("form_question", "invalid_answer") else None

    def start(self, code: str, phrase: str | None = None) -> None:
        """Ask to file ``code`` (in the words of ``phrase``, else the usual ones); confirm or pick it
        if the assistant asks which procedure."""
        self.say(phrase or start_phrase(code))
        payload = self.last_payload
        if payload["kind"] == "confirm":
            self.say("đúng")
        elif payload["kind"] == "options":
            numbers = [o["number"] for o in payload["options"] if o["procedure_code"] == code]
            if not numbers:
                raise UnexpectedReply(f"{code} is not among the options offered: {_shown(self.last)}")
            self.say(f"số {numbers[0]}")
        payload = self.last_payload
        if payload["kind"] != "consent" or payload.get("procedure_code") != code:
            raise UnexpectedReply(f"expected the consent question for {code}: {_shown(self.last)}")

    def answer(self, field_name: str, text: str) -> None:
        """Answer the question on ``field_name`` (which must be the one asked) and confirm the read-back."""
        if self.asked_field() != field_name:
            raise UnexpectedReply(f"expected the question on {field_name!r}: {_shown(self.last)}")
        self.say(text)
        if self.last_payload["kind"] == "clarify":
            self.say(text)
        if self.last_payload["kind"] == "read_back":
            self.say("đúng")

    def fill(self, steps: Steps) -> None:
        """Consent, then answer every step; the assistant must end with the summary."""
        self.say("đồng ý")
        for field_name, text in steps:
            self.answer(field_name, text)
        if self.last_payload["kind"] != "summary":
            raise UnexpectedReply(f"expected the summary after the last answer: {_shown(self.last)}")

    def confirm(self) -> str:
        """The final "đúng"; returns the receipt code written on screen."""
        self.say("đúng")
        submitted = [m["custom"] for m in self.last if m["custom"]["kind"] == "submitted"]
        if not submitted:
            raise UnexpectedReply(f"expected a receipt after the final “đúng”: {_shown(self.last)}")
        return str(submitted[0]["receipt_code"])


@dataclass(frozen=True)
class FilingRun:
    code: str
    receipt_code: str
    turns: int
    seconds: float


def file_dossier(webhook: str, code: str, steps: Steps) -> FilingRun:
    """One complete scripted filing, timed from the first message to the receipt."""
    citizen = FilingCitizen(webhook)
    began = time.perf_counter()
    citizen.start(code)
    citizen.fill(steps)
    receipt = citizen.confirm()
    return FilingRun(code, receipt, citizen.turns, time.perf_counter() - began)


__all__ = [
    "FilingCitizen",
    "FilingRun",
    "UnexpectedReply",
    "expected_for_today",
    "file_dossier",
    "start_phrase",
    "steps_for_today",
]
