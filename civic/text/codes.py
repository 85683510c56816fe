"""Codes read out character by character: ID numbers, phones, procedure and receipt codes, addresses.

A citizen copies these down or checks them against a card, so every digit is said separately and
groups are separated by commas, which the voice turns into short pauses.
"""

from __future__ import annotations

import re

from civic.text.abbreviations import DOMAIN_WORDS, spell_letters
from civic.text.numbers import speak_digits

CCCD_GROUPS = (3, 1, 2, 6)  # province, sex/century, birth year, serial
CMND_GROUPS = (3, 3, 3)
_SEPARATOR_WORDS = {".": "chấm", "-": "gạch", "/": "gạch chéo", "_": "gạch dưới"}


def speak_id_number(digits: str) -> str:
    """12-digit citizen ID in its natural groups, 9-digit old ID in threes, others plain."""
    only = "".join(ch for ch in digits if ch.isdigit())
    if len(only) == 12:
        return speak_digits(only, CCCD_GROUPS)
    if len(only) == 9:
        return speak_digits(only, CMND_GROUPS)
    return speak_digits(only)


def speak_phone(number: str) -> str:
    """``0912345678`` → ``không chín một hai, ba bốn năm, sáu bảy tám``; ``+84 ...`` starts ``cộng tám bốn``."""
    text = number.strip()
    only = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+84"):
        rest = only[2:]
        return "cộng tám bốn, " + speak_digits(rest, (3, 3, 3) if len(rest) == 9 else (3, 4, 4))
    if len(only) == 10:
        return speak_digits(only, (4, 3, 3))
    if len(only) == 11:
        return speak_digits(only, (3, 4, 4))
    if len(only) == 8 and only[:4] in ("1800", "1900"):
        return speak_digits(only, (4, 4))
    return speak_digits(only, (3,) * (len(only) // 3 + 1))


def speak_code(code: str) -> str:
    """Procedure, form and receipt codes: letters by name, digits one by one, separators named.

    ``1.001193`` → ``một chấm không không một một chín ba``; ``G22.99-250101-0001`` → ``giê hai hai
    chấm chín chín gạch hai năm ...``.
    """
    out: list[str] = []
    for piece in re.findall(r"[^\W_]+|[./_-]", code):
        if piece in _SEPARATOR_WORDS:
            out.append(_SEPARATOR_WORDS[piece])
        else:
            out.append(spell_letters(piece))
    return " ".join(w for w in out if w)


def _speak_label(label: str) -> str:
    lower = label.lower()
    if lower in DOMAIN_WORDS:
        return DOMAIN_WORDS[lower]
    if len(lower) <= 4 or any(ch.isdigit() for ch in lower):
        return spell_letters(lower)
    return lower


def speak_url(url: str) -> str:
    """``https://dichvucong.gov.vn`` → ``dịch vụ công chấm gov chấm vê en`` (scheme dropped)."""
    text = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")
    host, _, path = text.partition("/")
    spoken = " chấm ".join(_speak_label(label) for label in host.split(".") if label)
    segments = [s for s in re.split(r"[/]", path) if s]
    for segment in segments:
        words = " ".join(_speak_label(part) for part in re.split(r"[._-]", segment) if part)
        spoken += " gạch chéo " + words
    return spoken


def speak_email(address: str) -> str:
    """``hotro@dichvucong.gov.vn`` → ``hỗ trợ a còng dịch vụ công chấm gov chấm vê en``."""
    local, _, domain = address.strip().partition("@")
    pieces = re.findall(r"[^\W_]+|[._-]", local)
    local_words = [_SEPARATOR_WORDS[p] if p in _SEPARATOR_WORDS else _speak_label(p) for p in pieces]
    return " ".join(local_words) + " a còng " + speak_url(domain)
