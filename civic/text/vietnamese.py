"""Small, dependency-free Vietnamese text primitives.

Citizens type without diacritics, speech recognition emits lowercase text without punctuation, and
the crawl mixes composed and decomposed Unicode. Everything that compares Vietnamese text goes
through these functions so that all three meet in one form.
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[0-9a-zA-Z\u00C0-\u1EF9]+(?:[./-][0-9a-zA-Z\u00C0-\u1EF9]+)*")


def nfc(text: str) -> str:
    """Compose combining marks (the crawl holds ``a\u0323`` where ``ạ`` is meant)."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove tone and vowel marks: ``Đăng ký khai sinh`` → ``Dang ky khai sinh``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def fold(text: str) -> str:
    """Lowercase, diacritic-free, whitespace-collapsed form used as a matching key."""
    return " ".join(strip_diacritics(nfc(text)).lower().split())


def has_diacritics(text: str) -> bool:
    return fold(text) != " ".join(nfc(text).lower().split())


def words(text: str) -> list[str]:
    """Syllables and codes, lowercased and NFC, punctuation dropped (``123/2015/NĐ-CP`` kept whole)."""
    return [m.group(0).lower() for m in _WORD_RE.finditer(nfc(text))]
