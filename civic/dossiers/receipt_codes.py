"""Receipt codes: unguessable, short, and safe to read over a bad phone line.

A code is 7 random symbols and 1 check symbol from a 16-symbol alphabet (16^7 ≈ 268 million codes
per check value), written ``C2H9-N4S7`` and spoken ``xê hai hát chín, en bốn ét bảy``.

The alphabet keeps only symbols that neither look nor sound alike in Vietnamese:

- no ``0``/``O``/``Q``/``D``, ``1``/``I``/``L``/``J`` (look alike when written down);
- of the letters whose names rhyme on ``-ê`` (bê, xê, đê, giê, pê, tê, vê, and ``E``/``Ê``) only
  ``C`` (xê) stays: over the phone they differ by one consonant;
- ``M`` (em) and ``N`` (en) differ only in the final nasal: ``N`` stays (``em`` is also a pronoun);
- ``F`` (ép), ``Z`` (dét) and ``S`` (ét) differ in one consonant: ``S`` stays;
- ``A`` and ``U`` are bare vowels that ASR confuses with the fillers ``à``/``ừ``; ``W`` (vê kép)
  contains ``vê``.

The check symbol is computed in GF(16) (state ← 2·state ⊕ symbol, check = 2·state), a totally
anti-symmetric scheme: every single wrong symbol, every swap of neighbours and every swap across
one symbol is detected, so a mis-heard code is asked again instead of fetching someone else's.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from civic.text.abbreviations import LETTER_NAMES
from civic.text.numbers import DIGIT_WORDS, Kind, number_token
from civic.text.vietnamese import nfc, strip_diacritics

ALPHABET = "23456789CHKNRSXY"
RANDOM_LENGTH = 7
CODE_LENGTH = RANDOM_LENGTH + 1
_GF16_MODULUS = 0b10011  # x^4 + x + 1: primitive, so multiplying by x (2) permutes the non-zero symbols
_INDEX = {symbol: index for index, symbol in enumerate(ALPHABET)}

# Other ways people say the alphabet's letters, besides civic.text.abbreviations.LETTER_NAMES.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "c": ("cê",),
    "h": ("hắt",),
    "k": ("ka",),
    "n": ("nờ",),
    "r": ("rờ", "ơ rờ"),
    "s": ("ét xì", "ét sì"),
    "x": ("ích xì", "ít xì"),
    "y": ("i grếc", "i gờ rếch", "y dài"),
}
# Said between the symbols of a code without meaning anything.
_SEPARATORS = frozenset({"gạch", "ngang", "chấm", "cách", "phẩy", "ờ", "à", "ừ", "ơ", "thì", "là"})
MIN_HEARD = 4  # fewer symbols than this in a row is not an attempt at a code


@dataclass(frozen=True)
class CodeReading:
    """What was heard: the symbols in order and whether they form a code that passes its check."""

    code: str
    valid: bool


def _times_two(value: int) -> int:
    value <<= 1
    return value ^ _GF16_MODULUS if value & 0b10000 else value


def _check_state(symbols: str) -> int:
    state = 0
    for symbol in symbols:
        state = _times_two(state) ^ _INDEX[symbol]
    return state


def check_symbol(payload: str) -> str:
    """The symbol that brings the check state of ``payload + symbol`` to zero."""
    return ALPHABET[_times_two(_check_state(payload))]


def is_valid_receipt_code(code: str) -> bool:
    """``code`` in normalized form (8 alphabet symbols, upper case, no separator) with a correct check."""
    return len(code) == CODE_LENGTH and all(ch in _INDEX for ch in code) and _check_state(code) == 0


def new_receipt_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_symbol(payload)


def normalize_receipt_code(typed: str) -> str | None:
    """A typed code (``c2h9-n4s7``, ``C2H9 N4S7``) in normalized form, or ``None`` if it is not valid."""
    code = re.sub(r"[\s_.\-/]", "", typed).upper()
    return code if is_valid_receipt_code(code) else None


def format_receipt_code(code: str) -> str:
    """Written form, grouped like the spoken one: ``C2H9-N4S7``."""
    return f"{code[:4]}-{code[4:]}"


def _say_symbol(symbol: str) -> str:
    return DIGIT_WORDS[int(symbol)] if symbol.isdigit() else LETTER_NAMES[symbol.lower()]


def speak_receipt_code(code: str) -> str:
    """``C2H9N4S7`` → ``xê hai hát chín, en bốn ét bảy``: letters by name, digits one by one, 4-4."""
    groups = (code[:4], code[4:])
    return ", ".join(" ".join(_say_symbol(symbol) for symbol in group) for group in groups if group)


# --- hearing a code ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _spoken_names() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Letter names as word tuples → symbol, written with marks and without.

    All letters are known, not only the alphabet's, so that a mis-heard ``bê`` is recognised as part
    of a code (and the code reported invalid) rather than ending it.
    """
    marked: dict[tuple[str, ...], str] = {}
    for letter, name in LETTER_NAMES.items():
        if letter.isascii():
            marked.setdefault(tuple(name.split()), letter.upper())
    for letter, names in _EXTRA_NAMES.items():
        for name in names:
            marked[tuple(name.split())] = letter.upper()
    unmarked: dict[tuple[str, ...], str] = {}
    for words, symbol in marked.items():
        unmarked.setdefault(tuple(strip_diacritics(w) for w in words), symbol)
    return marked, unmarked


def _name_at(tokens: list[str], index: int) -> tuple[str, int] | None:
    """(symbol, words used) for a letter name starting at ``index``, longest name first."""
    marked, unmarked = _spoken_names()
    for size in (3, 2, 1):
        words = tuple(tokens[index : index + size])
        if len(words) != size:
            continue
        if words in marked:
            return marked[words], size
        if all(strip_diacritics(w) == w for w in words) and words in unmarked:
            return unmarked[words], size
    return None


def _symbols_at(tokens: list[str], index: int) -> tuple[str, int] | None:
    """The symbols one token (or a multi-word letter name) stands for, and how many tokens it used."""
    named = _name_at(tokens, index)
    if named is not None:
        return named
    token = tokens[index]
    number = number_token(token) if not token[0].isdigit() else None
    if number is not None and number.kind is Kind.DIGIT:
        return str(int(number.value)), 1
    upper = token.upper()
    if all(ch in _INDEX for ch in upper) or (
        token.isascii() and token.isalnum() and any(c.isdigit() for c in token)
    ):
        return upper, 1
    return None


def heard_runs(said: str) -> list[str]:
    """Runs of code symbols in an utterance, separators skipped, other words ending a run."""
    tokens = re.findall(r"[^\W_]+", nfc(said).lower())
    runs: list[str] = []
    current = ""
    index = 0
    while index < len(tokens):
        found = _symbols_at(tokens, index)
        if found is not None:
            current += found[0]
            index += found[1]
            continue
        if tokens[index] not in _SEPARATORS and strip_diacritics(tokens[index]) not in _SEPARATORS:
            if current:
                runs.append(current)
            current = ""
        index += 1
    if current:
        runs.append(current)
    return runs


def read_receipt_code(said: str) -> CodeReading | None:
    """The code in what was said or typed: ``xê hai hát chín en bốn ét bảy``, ``c2h9 n4s7``,
    ``xe hai hat chin en bon et bay``. ``None`` when nothing like a code was said; ``valid=False``
    when a code was said but a symbol was mis-heard (the check fails), so the caller asks again.
    """
    runs = [run for run in heard_runs(said) if len(run) >= MIN_HEARD]
    if not runs:
        return None
    for run in runs:
        for start in range(len(run) - CODE_LENGTH + 1):
            window = run[start : start + CODE_LENGTH]
            if is_valid_receipt_code(window):
                return CodeReading(window, True)
    return CodeReading(max(runs, key=len), False)


def parse_receipt_code(said: str) -> str | None:
    """The valid receipt code in an utterance, else ``None``."""
    reading = read_receipt_code(said)
    return reading.code if reading is not None and reading.valid else None


__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "CodeReading",
    "check_symbol",
    "format_receipt_code",
    "heard_runs",
    "is_valid_receipt_code",
    "new_receipt_code",
    "normalize_receipt_code",
    "parse_receipt_code",
    "read_receipt_code",
    "speak_receipt_code",
]
