"""Full Vietnamese names (họ và tên) for dossiers.

Rules follow BLDS 2015 Điều 26 and the hộ tịch guidance: a name is written in Vietnamese or another
ethnic language of Vietnam, has no digits, and is not "quá dài, khó sử dụng". Ethnic-minority names
use Latin letters Vietnamese does not (``f j w z``), breves on other vowels (``ŏ ŭ``) and apostrophes
(``H'Hen Niê``), so those are allowed; anything else (digits, emoji, symbols, markup) is refused with
an example of what is expected. A name typed without marks is accepted with a warning so the dialogue
can confirm the spelling, because dossiers are issued with the marked spelling.
"""

from __future__ import annotations

import re
import unicodedata

from civic.text.vietnamese import has_diacritics
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text

MAX_NAME_LENGTH = 50
EXAMPLE = "ví dụ: Nguyễn Văn An"

# Combining marks Vietnamese (and the ethnic orthographies built on it) put on Latin letters:
# the five tones plus circumflex, breve and horn.
_ALLOWED_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_APOSTROPHES = "’‘`´ʼ"
# Spoken lead-ins ("dạ, tên tôi là …") that speech recognition passes along with the name.
_LEAD_IN_RE = re.compile(
    r"^(?:(?:dạ|vâng|ạ)\s+)*(?:(?:họ\s+(?:và\s+)?tên|tên)\s+(?:của\s+)?(?:tôi|cháu|em|con|bé|mình|bà|ông)?\s*là\s+"
    r"|(?:tôi|cháu|em|mình)\s+(?:tên\s+)?là\s+|tên\s+)?",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"\s+(?:ạ|nhé|nha)$", re.IGNORECASE)


def _is_name_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    return base.isascii() and base.isalpha() and len(marks) <= 2 and all(m in _ALLOWED_MARKS for m in marks)


def _capitalize(word: str) -> str:
    """``nguyễn`` → ``Nguyễn``; ``h'hen`` → ``H'Hen``; ``y-ngông`` → ``Y-Ngông``."""
    word = re.sub(r"[-']", lambda m: m.group(0) + "\x00", word.lower())
    return "".join(part[:1].upper() + part[1:] for part in word.split("\x00"))


def _strip_lead_in(text: str) -> str:
    stripped = _TRAILING_RE.sub("", _LEAD_IN_RE.sub("", text, count=1))
    return stripped if len(stripped.split()) >= 2 else text


def validate_full_name(text: object) -> ValidationResult[str]:
    """Check and capitalise a full name; ``value`` and ``display`` are the name as it should be written."""
    raw = text if isinstance(text, str) else ""
    if len(raw) > MAX_NAME_LENGTH * 4:  # checked before cleaning: 500 characters is not a name
        return ValidationResult.reject(
            "name_too_long",
            f"Họ và tên dài quá {MAX_NAME_LENGTH} ký tự. Xin nói lại họ, tên đệm và tên, {EXAMPLE}.",
        )
    cleaned = clean_text(raw)
    for mark in _APOSTROPHES:
        cleaned = cleaned.replace(mark, "'")
    cleaned = _strip_lead_in(cleaned.strip(" .,;:"))
    if not cleaned:
        return ValidationResult.reject("name_empty", f"Xin cho biết họ và tên đầy đủ, {EXAMPLE}.")
    if len(cleaned) > MAX_NAME_LENGTH:
        return ValidationResult.reject(
            "name_too_long",
            f"Họ và tên dài quá {MAX_NAME_LENGTH} ký tự. Xin nói lại họ, tên đệm và tên, {EXAMPLE}.",
        )
    if any(ch.isdigit() for ch in cleaned):
        return ValidationResult.reject(
            "name_has_digits", f"Họ và tên không được có chữ số. Xin nói lại họ và tên, {EXAMPLE}."
        )
    words = cleaned.split()
    for word in words:
        inner_ok = all(_is_name_letter(ch) or ch in "-'" for ch in word)
        # An apostrophe or hyphen only joins letters: "H'Hen", "Y-Ngông"; never leads, trails or repeats.
        joins_ok = re.fullmatch(r"[^-']+(?:[-'][^-']+)*", word) is not None
        if not (inner_ok and joins_ok):
            return ValidationResult.reject(
                "name_invalid_characters",
                f"Họ và tên chỉ gồm chữ cái tiếng Việt, không có ký hiệu. Xin nói lại họ và tên, {EXAMPLE}.",
            )
    if len(words) < 2:
        return ValidationResult.reject("name_single_word", f"Xin cho biết đầy đủ cả họ và tên, {EXAMPLE}.")
    name = " ".join(_capitalize(word) for word in words)
    if not has_diacritics(name):
        return ValidationResult.accept(
            name,
            name,
            message=(
                f"Họ tên {name} chưa có dấu. Xin xác nhận viết đúng như vậy, hoặc nhập lại có dấu, {EXAMPLE}."
            ),
            warnings=("name_without_diacritics",),
        )
    return ValidationResult.accept(name, name)
