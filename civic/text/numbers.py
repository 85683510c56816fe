"""Vietnamese number words in both directions, from one grammar.

Speaking and understanding share these tables so that whatever the assistant says (``hai mươi tư``,
``một trăm linh năm``) is also what it understands, and so that the colloquial forms people answer
with (``ba lăm`` = 35, ``tám trăm rưỡi`` = 850, ``hai triệu tư`` = 2,400,000) parse too.
Registry normalizers were evaluated and not used (see docs in ``civic/text/spoken.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import lru_cache

from civic.text.vietnamese import nfc, strip_diacritics

DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", "nghìn", "triệu")
_BILLION = 10**9


def _tens_words(value: int) -> list[str]:
    """10–99 with the unit changes a listener expects: mốt, tư, lăm after ``mươi``; ``mười lăm``."""
    tens, unit = divmod(value, 10)
    out = ["mười"] if tens == 1 else [DIGIT_WORDS[tens], "mươi"]
    if unit == 0:
        return out
    if unit == 1:
        out.append("mốt" if tens >= 2 else "một")
    elif unit == 4:
        out.append("tư" if tens >= 2 else "bốn")
    elif unit == 5:
        out.append("lăm")
    else:
        out.append(DIGIT_WORDS[unit])
    return out


def _group_words(value: int, leading: bool) -> list[str]:
    """0–999; a group after a larger one always names its hundreds (``một nghìn không trăm năm mươi``)."""
    hundreds, rest = divmod(value, 100)
    out: list[str] = []
    if hundreds or not leading:
        out += [DIGIT_WORDS[hundreds], "trăm"]
    if rest == 0:
        return out
    if rest < 10:
        return [*out, "linh", DIGIT_WORDS[rest]] if out else [DIGIT_WORDS[rest]]
    return out + _tens_words(rest)


def _below_billion(value: int, leading: bool) -> list[str]:
    groups = [(value // 10**6) % 1000, (value // 1000) % 1000, value % 1000]
    out: list[str] = []
    for index, group in enumerate(groups):
        if group == 0:
            continue
        out += _group_words(group, leading=leading and not out)
        name = _GROUP_NAMES[2 - index]
        if name:
            out.append(name)
    return out


def spoken_number(value: int) -> str:
    """Cardinal in words: 2500000 → ``hai triệu năm trăm nghìn``; 10**12 → ``một nghìn tỷ``."""
    if value < 0:
        return "âm " + spoken_number(-value)
    if value == 0:
        return DIGIT_WORDS[0]
    if value >= _BILLION:
        high, low = divmod(value, _BILLION)
        out = [spoken_number(high), "tỷ"]
        if low:
            out += _below_billion(low, leading=False)
        return " ".join(out)
    return " ".join(_below_billion(value, leading=True))


def speak_digits(digits: str, groups: Sequence[int] | None = None) -> str:
    """Digits one by one (``079`` → ``không bảy chín``); ``groups`` adds comma pauses, e.g. (3, 1, 2, 6).

    Non-digit characters are ignored. Digit reading never uses the tens forms: 4 is ``bốn``, 5 ``năm``.
    """
    only = [DIGIT_WORDS[int(ch)] for ch in digits if ch.isdigit()]
    if not groups:
        return " ".join(only)
    parts: list[str] = []
    start = 0
    for size in groups:
        if start >= len(only):
            break
        parts.append(" ".join(only[start : start + size]))
        start += size
    if start < len(only):
        parts.append(" ".join(only[start:]))
    return ", ".join(parts)


def spoken_decimal(integer: int, fraction_digits: str) -> str:
    """``2,5`` → ``hai phẩy năm``; short fractions read as a number, longer or zero-led digit by digit."""
    whole = spoken_number(integer)
    if not fraction_digits:
        return whole
    if len(fraction_digits) <= 2 and not fraction_digits.startswith("0"):
        tail = spoken_number(int(fraction_digits))
    else:
        tail = speak_digits(fraction_digits)
    return f"{whole} phẩy {tail}"


# --- understanding -----------------------------------------------------------------------------------


class Kind(Enum):
    DIGIT = "digit"  # 0–9 (một, mốt, tư, lăm, ...)
    LINH = "linh"  # linh / lẻ: "zero tens" inside a group
    TEN = "ten"  # mười
    TENS = "tens"  # mươi / chục: multiplies the digit before it by ten
    MULT = "mult"  # trăm, nghìn, triệu, tỷ
    HALF = "half"  # rưỡi
    LITERAL = "literal"  # digits written in the text: 2, 500, 2.500.000, 2,5


@dataclass(frozen=True)
class NumberToken:
    """One number word or written numeral, in the form the grammar reads."""

    kind: Kind
    value: Fraction = Fraction(0)
    unit_form: bool = False  # mốt, tư, lăm, nhăm: the unit after a tens word (``ba lăm`` = 35)
    standalone: bool = True  # False for mốt/tư/lăm/nhăm, which are not numbers on their own
    ambiguous_ten: bool = False  # unaccented ``muoi``: mười or mươi, decided by position


def _digit(value: int, unit_form: bool = False, standalone: bool = True) -> NumberToken:
    return NumberToken(Kind.DIGIT, Fraction(value), unit_form=unit_form, standalone=standalone)


def _mult(value: int) -> NumberToken:
    return NumberToken(Kind.MULT, Fraction(value))


@lru_cache(maxsize=1)
def _marked_words() -> dict[str, NumberToken]:
    """Number words as written with marks (NFC, lowercase)."""
    table = {word: _digit(index) for index, word in enumerate(DIGIT_WORDS)}
    table.update(
        {
            "mốt": _digit(1, unit_form=True, standalone=False),
            "tư": _digit(4, unit_form=True, standalone=False),
            "lăm": _digit(5, unit_form=True, standalone=False),
            "nhăm": _digit(5, unit_form=True, standalone=False),
            "bẩy": _digit(7),
            "linh": NumberToken(Kind.LINH),
            "lẻ": NumberToken(Kind.LINH),
            "lẽ": NumberToken(Kind.LINH),
            "mười": NumberToken(Kind.TEN, Fraction(10)),
            "mươi": NumberToken(Kind.TENS, Fraction(10)),
            "chục": NumberToken(Kind.TENS, Fraction(10)),
            "trăm": _mult(100),
            "nghìn": _mult(1000),
            "ngàn": _mult(1000),
            "triệu": _mult(10**6),
            "tỷ": _mult(_BILLION),
            "tỉ": _mult(_BILLION),
            "rưỡi": NumberToken(Kind.HALF),
            "rưởi": NumberToken(Kind.HALF),
        }
    )
    return table


def marked_number_words(*kinds: Kind, max_value: int | None = None) -> tuple[str, ...]:
    """The number words this module reads, as written with marks, of the given ``kinds`` (and at
    most ``max_value``): what a speech recognizer should listen for when a number is expected, kept
    in one table with the parser so the two never disagree."""
    return tuple(
        word
        for word, token in _marked_words().items()
        if token.kind in kinds and (max_value is None or token.value <= max_value)
    )


@lru_cache(maxsize=1)
def _unmarked_words() -> dict[str, NumberToken]:
    """Number words typed or recognised without marks (``khong chin``)."""
    table = {
        "khong": _digit(0),
        "mot": _digit(1, unit_form=True),
        "hai": _digit(2),
        "ba": _digit(3),
        "bon": _digit(4),
        "tu": _digit(4, unit_form=True, standalone=False),
        "nam": _digit(5),
        "lam": _digit(5, unit_form=True, standalone=False),
        "nham": _digit(5, unit_form=True, standalone=False),
        "sau": _digit(6),
        "bay": _digit(7),
        "tam": _digit(8),
        "chin": _digit(9),
        "linh": NumberToken(Kind.LINH),
        "le": NumberToken(Kind.LINH),
        "muoi": NumberToken(Kind.TEN, Fraction(10), ambiguous_ten=True),
        "chuc": NumberToken(Kind.TENS, Fraction(10)),
        "tram": _mult(100),
        "nghin": _mult(1000),
        "ngan": _mult(1000),
        "trieu": _mult(10**6),
        "ty": _mult(_BILLION),
        "ti": _mult(_BILLION),
        "ruoi": NumberToken(Kind.HALF),
    }
    return table


def parse_numeral(text: str) -> Fraction | None:
    """Value of a written numeral with Vietnamese or English grouping (``2.500.000``, ``2,5``, ``50,000``).

    Dots or commas followed by groups of exactly three digits group thousands (the crawl writes fees
    both ways); a single other separator is a decimal mark. Anything else (``1.3.1``) is not one number.
    """
    if text.isdigit():
        return Fraction(int(text))
    for group_sep, decimal_sep in ((".", ","), (",", ".")):
        match = re.fullmatch(rf"([1-9]\d{{0,2}})((?:\{group_sep}\d{{3}})+)(?:\{decimal_sep}(\d+))?", text)
        if match:
            value = Fraction(int(match.group(1) + match.group(2).replace(group_sep, "")))
            decimals = match.group(3)
            if decimals:
                value += Fraction(int(decimals), 10 ** len(decimals))
            return value
    match = re.fullmatch(r"(\d+)[,.](\d+)", text)
    if match:
        return Fraction(int(match.group(1))) + Fraction(int(match.group(2)), 10 ** len(match.group(2)))
    return None


def number_token(word: str) -> NumberToken | None:
    """The grammar token for one lowercase NFC word or numeral, else ``None``.

    A word written with marks must match exactly (``bà`` is not ``ba``); an unmarked word is looked
    up among unmarked spellings, since ASR and hurried typing drop the marks.
    """
    if word and word[0].isdigit():
        value = parse_numeral(word)
        return None if value is None else NumberToken(Kind.LITERAL, value)
    word = nfc(word)
    marked = _marked_words().get(word)
    if marked is not None:
        return marked
    if strip_diacritics(word) == word:
        return _unmarked_words().get(word)
    return None


def resolve_tens(tokens: Sequence[NumberToken]) -> list[NumberToken]:
    """Unaccented ``muoi`` after a digit 1–9 is ``mươi`` (×10); elsewhere it is ``mười``."""
    out: list[NumberToken] = []
    for token in tokens:
        if token.ambiguous_ten and out and out[-1].kind is Kind.DIGIT and out[-1].value >= 1:
            token = NumberToken(Kind.TENS, Fraction(10))
        out.append(token)
    return out


def _is_word_digit(token: NumberToken, low: int = 0) -> bool:
    return token.kind is Kind.DIGIT and token.value >= low


def _tens(tokens: Sequence[NumberToken]) -> Fraction | None:
    """0–99 (``mười lăm``, ``hai mươi mốt``, ``ba lăm``, ``năm chục``, ``linh năm``)."""
    count = len(tokens)
    if count == 0:
        return None
    first = tokens[0]
    if count == 1:
        if first.kind is Kind.LITERAL or (first.kind is Kind.DIGIT and first.standalone):
            return first.value
        if first.kind in (Kind.TEN, Kind.TENS):
            return Fraction(10)
        return None
    second = tokens[1]
    if first.kind is Kind.TEN:
        if count == 2 and _is_word_digit(second, 1):
            return 10 + second.value
        return None
    if first.kind is Kind.LINH:
        return second.value if count == 2 and _is_word_digit(second, 1) else None
    if first.kind is Kind.DIGIT and first.value == 0:
        return _tens(tokens[1:])
    if not _is_word_digit(first, 1):
        return None
    if second.kind is Kind.TENS:
        if count == 2:
            return first.value * 10
        if count == 3 and _is_word_digit(tokens[2], 1):
            return first.value * 10 + tokens[2].value
        return None
    if count == 2 and first.value >= 2 and second.kind is Kind.DIGIT and second.unit_form:
        return first.value * 10 + second.value
    return None


def _below_thousand(tokens: Sequence[NumberToken]) -> Fraction | None:
    hundreds = [i for i, t in enumerate(tokens) if t.kind is Kind.MULT and t.value == 100]
    if not hundreds:
        return _tens(tokens)
    if len(hundreds) > 1:
        return None
    index = hundreds[0]
    left, rest = tokens[:index], tokens[index + 1 :]
    if not left:
        count = Fraction(1)
    elif len(left) == 1 and left[0].kind in (Kind.DIGIT, Kind.LITERAL) and left[0].standalone:
        count = left[0].value
    else:
        return None
    if count >= 10:
        return None
    base = count * 100
    if not rest:
        return base
    if len(rest) == 1 and rest[0].kind is Kind.HALF:
        return base + 50
    if len(rest) == 1 and _is_word_digit(rest[0], 1):
        return base + rest[0].value * 10  # colloquial: một trăm hai = 120
    if len(rest) == 2 and rest[0].kind is Kind.DIGIT and rest[0].value == 0 and _is_word_digit(rest[1], 1):
        return base + rest[1].value  # "không năm" for "linh năm"
    tail = _tens(rest)
    return None if tail is None else base + tail


def tokens_value(tokens: Sequence[NumberToken]) -> Fraction | None:
    """Value of a run of number tokens, or ``None`` when they do not form one number."""
    if not tokens:
        return None
    big = [i for i, t in enumerate(tokens) if t.kind is Kind.MULT and t.value >= 1000]
    if not big:
        return _below_thousand(tokens)
    top = max(tokens[i].value for i in big)
    index = max(i for i in big if tokens[i].value == top)
    left, right = tokens[:index], tokens[index + 1 :]
    count = tokens_value(left) if left else Fraction(1)
    if count is None or count == 0:
        return None
    if not right:
        return count * top
    if len(right) == 1 and right[0].kind is Kind.HALF:
        return count * top + top / 2
    if len(right) == 1 and _is_word_digit(right[0], 1):
        return count * top + right[0].value * top / 10  # colloquial: hai triệu tư = 2,400,000
    tail = tokens_value(right)
    if tail is None or tail >= top:
        return None
    return count * top + tail
