"""Digit strings typed or spoken: ID numbers and phone numbers.

Typed answers carry separators (``0912.345.678``, ``001 085 012345``); spoken ones arrive as words
(``không chín một hai …``), which ``civic.text.understand.parse_digit_string`` turns into digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civic.text.understand import parse_digit_string
from civic.validation.sanitize import clean_text

_SEPARATORS_RE = re.compile(r"[\s.\-–—_/,()]+")
_ASCII_DIGITS_RE = re.compile(r"\+?[0-9]+")
_LETTERS_AND_DIGITS_RE = re.compile(r"(?=.*[0-9])(?=.*[a-zA-Z])[0-9a-zA-Z]+")


@dataclass(frozen=True)
class DigitsReading:
    digits: str  # ASCII digits only; "" when none could be read
    plus: bool  # typed with a leading "+" (international form)
    has_letters: bool  # letters mixed into a typed number ("0012030A1234")


def read_digits(text: object) -> DigitsReading:
    """Digits of a typed or spoken number, and whether letters were mixed in."""
    cleaned = clean_text(text)
    compact = _SEPARATORS_RE.sub("", cleaned)
    if _ASCII_DIGITS_RE.fullmatch(compact):
        return DigitsReading(compact.lstrip("+"), compact.startswith("+"), False)
    if _LETTERS_AND_DIGITS_RE.fullmatch(compact.lstrip("+")):
        return DigitsReading("", False, True)
    spoken = parse_digit_string(cleaned) if cleaned else None
    if spoken:
        digits = "".join(ch for ch in spoken if ch.isascii() and ch.isdigit())
        return DigitsReading(digits, spoken.startswith("+"), False)
    return DigitsReading("", False, False)  # words but no number ("không biết"): nothing was read
