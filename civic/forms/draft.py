"""The state of one dossier being collected, as plain JSON.

The draft lives in a Rasa slot between turns and in the dossier store when the citizen says "dừng
lại", so it holds only JSON types and round-trips exactly through ``to_dict``/``from_dict``. It
holds personal data: its ``repr`` shows the procedure, phase and field names, never the answers.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

FORMAT_VERSION = 1
REVIEW = ":review"  # return point of a correction made while the summary was being confirmed


class Phase(str, Enum):
    CONSENT = "consent"  # waiting for the citizen's agreement; nothing collected yet
    ASKING = "asking"  # waiting for the answer to ``current``
    CONFIRMING = "confirming"  # an answer was read back; waiting for "đúng" / "sai"
    REVIEW = "review"  # every field answered; the summary waits for a final "đúng"
    CONFIRMED = "confirmed"  # the citizen confirmed the whole dossier: ready to submit
    REFUSED = "refused"  # consent refused: nothing is kept


@dataclass
class DossierDraft:
    code: str
    phase: Phase = Phase.CONSENT
    consent: bool | None = None
    answers: dict[str, Any] = field(default_factory=dict, repr=False)
    current: str | None = None  # the field being asked or read back
    pending: dict[str, Any] | None = field(default=None, repr=False)  # {"value": …} awaiting "đúng"
    attempts: dict[str, int] = field(default_factory=dict)  # failed attempts per field
    history: list[str] = field(default_factory=list)  # confirmed fields, oldest first, for "quay lại"
    return_to: str | None = None  # where a correction returns: a field name or REVIEW
    reopened: dict[str, Any] = field(default_factory=dict, repr=False)  # old values of reopened fields
    clarifying: str | None = field(default=None, repr=False)  # an ambiguous answer awaiting precision
    choices: list[str] = field(default_factory=list, repr=False)  # values the clarifying question offered

    def copy(self) -> DossierDraft:
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "code": self.code,
            "phase": self.phase.value,
            "consent": self.consent,
            "answers": copy.deepcopy(self.answers),
            "current": self.current,
            "pending": copy.deepcopy(self.pending),
            "attempts": dict(self.attempts),
            "history": list(self.history),
            "return_to": self.return_to,
            "reopened": copy.deepcopy(self.reopened),
            "clarifying": self.clarifying,
            "choices": list(self.choices),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DossierDraft:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported draft format {data.get('format')!r}")
        return cls(
            code=str(data["code"]),
            phase=Phase(data["phase"]),
            consent=data.get("consent"),
            answers=dict(data.get("answers") or {}),
            current=data.get("current"),
            pending=data.get("pending"),
            attempts={str(k): int(v) for k, v in (data.get("attempts") or {}).items()},
            history=[str(name) for name in data.get("history") or []],
            return_to=data.get("return_to"),
            reopened=dict(data.get("reopened") or {}),
            clarifying=data.get("clarifying"),
            choices=[str(choice) for choice in data.get("choices") or []],
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DossierDraft:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a draft is a JSON object")
        return cls.from_dict(data)
