"""Resume codes for saved drafts: digits only, so they can be typed on a phone keypad too.

Seven random digits and a Damm check digit, spoken in two groups of four like a phone number
(``một hai ba bốn, năm sáu bảy tám``). A draft holds personal data read back on resumption, so the
code is longer than a PIN (10 million codes per check digit). The Damm check detects every single
wrong digit and every swap of neighbours, so a mis-heard code is asked again.
"""

from __future__ import annotations

import secrets

from civic.dossiers.receipt_codes import CodeReading
from civic.text.numbers import speak_digits
from civic.text.understand import parse_digit_string

RANDOM_DIGITS = 7
RESUME_CODE_LENGTH = RANDOM_DIGITS + 1
MAX_WORDS = 3 * RESUME_CODE_LENGTH  # eight digits with fillers between them; bounds the search

# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def check_digit(payload: str) -> str:
    return str(_damm(payload))


def is_valid_resume_code(code: str) -> bool:
    return len(code) == RESUME_CODE_LENGTH and code.isascii() and code.isdigit() and _damm(code) == 0


def new_resume_code() -> str:
    payload = "".join(secrets.choice("0123456789") for _ in range(RANDOM_DIGITS))
    return payload + check_digit(payload)


def speak_resume_code(code: str) -> str:
    return speak_digits(code, (4, 4))


def read_resume_code(said: str) -> CodeReading | None:
    """The resume code in ``tiếp tục hồ sơ một hai ba bốn năm sáu bảy tám`` or ``1234 5678``.

    Tries every stretch of the utterance, longest first, through ``parse_digit_string`` (which knows
    linh/lẻ, mốt/tư/lăm and unmarked ASR output). ``valid=False`` when eight digits were heard but
    the check fails; ``None`` when no eight digits were said.
    """
    words = said.split()
    heard: str | None = None
    for length in range(min(len(words), MAX_WORDS), 0, -1):
        for start in range(len(words) - length + 1):
            digits = parse_digit_string(" ".join(words[start : start + length]))
            if digits is None or len(digits) != RESUME_CODE_LENGTH:
                continue
            if is_valid_resume_code(digits):
                return CodeReading(digits, True)
            heard = heard or digits
    return None if heard is None else CodeReading(heard, False)


def parse_resume_code(said: str) -> str | None:
    reading = read_resume_code(said)
    return reading.code if reading is not None and reading.valid else None


__all__ = [
    "RESUME_CODE_LENGTH",
    "check_digit",
    "is_valid_resume_code",
    "new_resume_code",
    "parse_resume_code",
    "read_resume_code",
    "speak_resume_code",
]
