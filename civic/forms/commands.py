"""Spoken form commands: "quay lại", "làm lại từ đầu", "sửa tên mẹ".

The Rasa wiring recognises these as intents; this parser gives the same behaviour to channels and
tests that talk to the engine directly. Patterns are anchored and compared without marks, so only a
whole command matches: an answer that merely contains "lại" is still an answer, and "chưa" (folded
"chua", like "chữa") or "đợi" (like "đổi") only count as commands when followed by "lại".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from civic.admin_units.keys import fold_key


class CommandKind(str, Enum):
    BACK = "back"
    RESTART = "restart"
    CORRECT = "correct"


@dataclass(frozen=True)
class Command:
    kind: CommandKind
    target: str = ""  # for CORRECT: the words naming the field ("tên mẹ"); may be empty


_POLITE = r"(?:\s+(?:nhe|nha|a|di|giup|gium|voi|duoc khong))*"
_RESTART_RE = re.compile(
    rf"^(?:xin\s+|cho\s+(?:toi\s+)?)?(?:(?:lam|khai)\s+lai\s+(?:tu\s+dau|het|ca\s+ho\s+so|ho\s+so\s+tu\s+dau)"
    rf"|bat\s+dau\s+lai(?:\s+tu\s+dau)?){_POLITE}$"
)
_BACK_RE = re.compile(
    rf"^(?:xin\s+|cho\s+(?:toi\s+)?)?(?:quay\s+lai|tro\s+lai|lui\s+lai|quay\s+ve)"
    rf"(?:\s+(?:cau\s+hoi|cau|buoc|muc))?(?:\s+truoc(?:\s+do)?)?{_POLITE}$"
)
_CORRECT_RE = re.compile(
    r"^(?:xin\s+|cho\s+(?:toi\s+)?)?(?:sua(?:\s+lai)?|(?:chua|doi|ghi)\s+lai|thay\s+doi)(?:\s+(?P<target>.*))?$"
)


def parse_command(text: str) -> Command | None:
    key = fold_key(text)
    if not key:
        return None
    if _RESTART_RE.match(key):
        return Command(CommandKind.RESTART)
    if _BACK_RE.match(key):
        return Command(CommandKind.BACK)
    match = _CORRECT_RE.match(key)
    if match:
        target = re.sub(rf"{_POLITE}$", "", match.group("target") or "")
        return Command(CommandKind.CORRECT, target.strip())
    return None
