"""Is a message inside a form an interruption ("lệ phí bao nhiêu?") or an answer ("Bùi Thị Mai")?

The intent classifier was trained on questions, not on answers: it files "Nguyễn Văn Cường" under
``ask_legal_basis``, "phường Trường Vinh" under ``request_human`` and "dân tộc Kinh" under
``speak_slower`` with high confidence. Losing an answer to a false interruption is worse than
missing an interruption (the citizen can ask again), so inside a form an interrupting intent only
counts when the words themselves ask for it; otherwise the text is the answer.
"""

from __future__ import annotations

import re

from civic.admin_units.keys import fold_key

_QUESTION = r"(?:bao nhieu|\bgi\b|\bnao\b|\bsao\b|the nao|\bkhong\b|\bchua\b|\bmay\b|\?)"

# Per interrupting intent: words that must be present (folded, without marks) for it to count.
_CUES: dict[str, tuple[str, ...]] = {
    "cancel": (r"\b(?:dung lai|tam dung|dung day|thoi|huy|ngung|de sau|khong (?:lam|nop|khai) nua)\b",),
    "request_human": (r"\b(?:can bo|nhan vien|nguoi that|tong dai|gap nguoi|chuyen may)\b",),
    "ask_fee": (r"\b(?:phi|tien|ton)\b", _QUESTION),
    "ask_documents": (r"\b(?:giay to|ho so|can gi|mang (?:theo )?gi|nhung gi|chuan bi)\b", _QUESTION),
    "ask_processing_time": (r"\b(?:bao lau|may ngay|khi nao|bao gio|thoi gian|thoi han)\b",),
    "ask_where_to_submit": (r"\b(?:o dau|noi nao|cho nao|nop o|dau vay)\b",),
    "ask_legal_basis": (r"\b(?:can cu|luat|nghi dinh|thong tu|quy dinh|van ban)\b",),
    "ask_steps": (r"\b(?:cac buoc|trinh tu|quy trinh|lam sao|lam the nao|buoc)\b",),
    "repeat": (r"\b(?:nhac lai|noi lai|doc lai|lap lai|chua nghe|khong nghe|gi co|cai gi)\b|^ha\b",),
    "speak_slower": (r"\bcham\b",),
    "speak_faster": (r"\bnhanh\b",),
    "help": (r"\b(?:giup|huong dan|tro giup|lam (?:duoc )?gi|noi gi)\b",),
    "check_dossier_status": (r"\b(?:tra cuu|tinh trang|trang thai|den dau|toi dau)\b",),
    "resume_filing": (r"\b(?:tiep tuc|lam tiep|nop tiep)\b",),
}
_COMPILED = {intent: tuple(re.compile(p) for p in patterns) for intent, patterns in _CUES.items()}

INTERRUPTING_INTENTS = frozenset(_CUES)


def is_interruption(intent: str, text: str) -> bool:
    """True when ``text``, classified as ``intent``, should leave the form question for a moment."""
    patterns = _COMPILED.get(intent)
    if patterns is None:
        return False
    key = fold_key(text)
    if "?" in text:
        key += " ?"
    return all(p.search(key) for p in patterns)


__all__ = ["INTERRUPTING_INTENTS", "is_interruption"]
