"""Matching keys for place names said aloud or typed.

Speech recognition gives ``phường mười bốn``, a keyboard gives ``P.14`` or ``phuong 14``, the
official table says ``Phường 14``; ``Đắk Lắk`` arrives as ``daklak`` and ``Hoà`` as ``Hòa``. These
helpers turn all of them into a few comparable keys so lookup code stays simple.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from civic.text.vietnamese import fold, nfc

_APOSTROPHES = "'’‘`´ʼ"
_NON_WORD_RE = re.compile(r"[^0-9a-z\u00C0-\u1EF9]+")
_LETTER_DIGIT_RE = re.compile(r"(?<=[a-z\u00C0-\u1EF9])(?=[0-9])|(?<=[0-9])(?=[a-z\u00C0-\u1EF9])")
# Tone marks (huyền, sắc, ngã, hỏi, nặng); vowel marks (ă â ê ô ơ ư) are not tones and stay in place.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def clean_tokens(text: str) -> list[str]:
    """Lowercase NFC syllables, punctuation dropped, ``M'gar`` → ``mgar``, ``p14`` → ``p 14``."""
    lowered = nfc(text).lower()
    for mark in _APOSTROPHES:
        lowered = lowered.replace(mark, "")
    lowered = _LETTER_DIGIT_RE.sub(" ", _NON_WORD_RE.sub(" ", lowered))
    return lowered.split()


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Per-character fold of every precomposed Latin letter: one ``str.translate`` instead of NFD per name."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        folded = fold(char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    return table


def fold_key(text: str) -> str:
    """Diacritic-free, spaced key: ``Phường Văn Miếu - Quốc Tử Giám`` → ``phuong van mieu quoc tu giam``."""
    return " ".join(clean_tokens(text)).translate(_fold_table())


def compact_key(text: str) -> str:
    """``fold_key`` without spaces, so ``Đắk Lắk``, ``dak lak`` and ``daklak`` meet."""
    return fold_key(text).replace(" ", "")


def tone_key(text: str) -> str:
    """Diacritic-aware key that ignores where the tone mark sits (``hoà`` = ``hòa``, ``thuỷ`` = ``thủy``)."""
    syllables = []
    for token in clean_tokens(text):
        decomposed = unicodedata.normalize("NFD", token)
        tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
        syllables.append(base + tones)
    return "".join(syllables)


_UNITS = {
    "khong": 0,
    "mot": 1,  # also "mốt" in "hai mươi mốt"
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}


def _run_value(words: list[str]) -> int | None:
    """Value of 1–3 folded number words (``muoi bon`` → 14, ``hai muoi mot`` → 21), else ``None``."""
    if len(words) == 1:
        return 10 if words[0] == "muoi" else _UNITS.get(words[0])
    if words[0] == "muoi" and len(words) == 2 and words[1] in _UNITS:
        return 10 + _UNITS[words[1]]
    if words[0] in _UNITS and words[1] == "muoi" and _UNITS[words[0]] >= 2:
        if len(words) == 2:
            return _UNITS[words[0]] * 10
        if words[2] in _UNITS:
            return _UNITS[words[0]] * 10 + _UNITS[words[2]]
    return None


def spoken_numbers_to_digits(key: str) -> str:
    """Rewrite number words in a folded key as digits (``phuong muoi bon`` → ``phuong 14``).

    Only a fallback variant: ``Hai Bà Trưng`` or ``Hà Nam`` are names, so callers try the key as said
    first and this rewrite only when that finds nothing.
    """
    words = key.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        for size in (3, 2, 1):
            run = words[index : index + size]
            if len(run) == size:
                value = _run_value(run)
                if value is not None:
                    out.append(str(value))
                    index += size
                    break
        else:
            out.append(words[index])
            index += 1
    return " ".join(out)


# Spellings of unit kinds in front of a name, as lowercase NFC token sequences (with and without marks).
COMMUNE_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("đặc", "khu"),
    ("dac", "khu"),
    ("thị", "trấn"),
    ("thi", "tran"),
    ("phường",),
    ("phuong",),
    ("xã",),
    ("xa",),
    ("tt",),
    ("p",),
    ("f",),
    ("x",),
)
PROVINCE_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("thành", "phố"),
    ("thanh", "pho"),
    ("tỉnh",),
    ("tinh",),
    ("tp",),
    ("t", "p"),
)
# Former district-level words: the district level is gone, but people still say it.
DISTRICT_MARKERS: tuple[tuple[str, ...], ...] = (
    ("huyện",),
    ("quận",),
    ("thị", "xã"),
    ("huyen",),
    ("quan",),
    ("thi", "xa"),
)


def strip_prefix(tokens: list[str], prefixes: tuple[tuple[str, ...], ...]) -> tuple[list[str], bool]:
    """Drop one leading kind word (``phường``, ``tp`` …); says whether one was dropped."""
    for prefix in prefixes:
        if len(tokens) > len(prefix) and tuple(tokens[: len(prefix)]) == prefix:
            return tokens[len(prefix) :], True
    return tokens, False


def find_marker(tokens: list[str], markers: tuple[tuple[str, ...], ...]) -> int | None:
    """Index of the first district marker after the first token, if any."""
    for index in range(1, len(tokens)):
        for marker in markers:
            if tuple(tokens[index : index + len(marker)]) == marker:
                return index
    return None
