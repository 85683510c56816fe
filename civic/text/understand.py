"""Values from what a citizen said or typed: numbers, digit strings, dates, yes/no and list choices.

Input is ASR output (lowercase, no punctuation, sometimes no marks) or hurried typing. Every parser
returns ``None`` when unsure rather than guessing, so the dialogue can ask again. A word written with
marks must match exactly (``bà`` is never ``ba``); a word without any marks is compared unmarked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import pairwise

from civic.text.numbers import Kind, NumberToken, number_token, resolve_tens, tokens_value
from civic.text.vietnamese import nfc, strip_diacritics

_TOKEN_RE = r"\d+(?:[.,]\d+)*|[^\W\d_]+"
_MAX_SPAN = 40
TWO_DIGIT_YEAR_FUTURE_WINDOW = 10  # "25" is 2025 until it is more than 10 years ahead of today


# Answers that mean 'I do not know' rather than a value.
_UNCLEAR = (
    ("không", "biết"),
    ("chưa", "biết"),
    ("không", "rõ"),
    ("chưa", "rõ"),
    ("không", "chắc"),
    ("chưa", "chắc"),
    ("không", "nhớ"),
    ("không", "hiểu"),
    ("để", "xem"),
    ("có", "lẽ"),
    ("có", "thể"),
    ("hay", "không"),
    ("không", "sao"),
    ("phân", "vân"),
)


def _tokens(text: str) -> list[str]:
    return re.findall(_TOKEN_RE, nfc(text).lower())


@lru_cache(maxsize=4096)
def _unmarked(word: str) -> str:
    return strip_diacritics(word)


def _is_word(token: str, *spellings: str) -> bool:
    """Exact match for marked input; unmarked input matches the unmarked spelling too."""
    if token in spellings:
        return True
    return _unmarked(token) == token and any(_unmarked(s) == token for s in spellings)


@lru_cache(maxsize=1)
def _unclear_pairs() -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    return frozenset(_UNCLEAR), frozenset((_unmarked(a), _unmarked(b)) for a, b in _UNCLEAR)


def _is_unclear(tokens: Sequence[str]) -> bool:
    marked, unmarked = _unclear_pairs()
    for pair in pairwise(tokens):
        if pair in marked or (pair in unmarked and all(_unmarked(t) == t for t in pair)):
            return True
    return False


def _span_value(span: Sequence[NumberToken]) -> int | None:
    """Integer value of number tokens; a run of 3+ bare digit words is a digit sequence (``một chín tám lăm``)."""
    if len(span) >= 3 and all(t.kind is Kind.DIGIT for t in span):
        return int("".join(str(int(t.value)) for t in span))
    value = tokens_value(span)
    if value is None or value.denominator != 1 or value < 0:
        return None
    return int(value)


def _best_in_span(span: Sequence[NumberToken]) -> tuple[int, int, int] | None:
    """(length, start, value) of the longest sub-run that is one number; the whole run first."""
    for length in range(min(len(span), _MAX_SPAN), 0, -1):
        for start in range(len(span) - length + 1):
            value = _span_value(resolve_tens(span[start : start + length]))
            if value is not None:
                return length, start, value
    return None


def _number_runs(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    """Every number said in a token list as (length, position, value), in order."""
    runs: list[tuple[int, int, int]] = []
    index = 0
    while index < len(tokens):
        span: list[NumberToken] = []
        start = index
        while index < len(tokens):
            token = number_token(tokens[index])
            if token is None:
                break
            span.append(token)
            index += 1
        if not span:
            index += 1
            continue
        offset = 0
        while offset < len(span):
            best = _best_in_span(span[offset:])
            if best is None:
                break
            length, sub_start, value = best
            runs.append((length, start + offset + sub_start, value))
            offset += sub_start + length
    return runs


def parse_number(text: str) -> int | None:
    """The number in an answer: ``hai triệu năm trăm nghìn``, ``ba lăm`` (35), ``tám trăm rưỡi``, ``2.500.000``.

    When several numbers are said (``năm nay bảy mươi hai``) the longest phrase wins, then the first.
    """
    tokens = _tokens(text)
    if _is_unclear(tokens):
        return None
    runs = _number_runs(tokens)
    if not runs:
        return None
    return max(runs, key=lambda run: (run[0], -run[1]))[2]


# --- digit strings -------------------------------------------------------------------------------------

_FILLER_WORDS = frozenset(
    [
        "số",
        "là",
        "của",
        "tôi",
        "mình",
        "em",
        "anh",
        "chị",
        "cháu",
        "con",
        "bác",
        "cô",
        "chú",
        "ông",
        "bà",
        "ạ",
        "dạ",
        "vâng",
        "ừ",
        "ờ",
        "à",
        "thì",
        "nhé",
        "nha",
        "nhá",
        "đây",
        "đó",
        "này",
        "điện",
        "thoại",
        "căn",
        "cước",
        "công",
        "dân",
        "mã",
        "hồ",
        "sơ",
        "chứng",
        "minh",
        "nhân",
        "định",
        "danh",
        "cá",
        "đầu",
        "đuôi",
        "chấm",
        "gạch",
        "ngang",
        "cách",
        "cccd",
        "cmnd",
        "sđt",
        "đt",
        "vậy",
        "hả",
        "gồm",
        "có",
        "nhà",
        "mạng",
        "di",
        "động",
        "liên",
        "hệ",
        "lạc",
        "gọi",
        "cho",
        "và",
        "thẻ",
        "bảo",
        "hiểm",
        "y",
        "tế",
        "xã",
        "hội",
        "nhận",
        "phiếu",
        "biên",
        "tài",
        "khoản",
        "ngân",
        "hàng",
    ]
)


@lru_cache(maxsize=1)
def _unmarked_fillers() -> frozenset[str]:
    return frozenset(_unmarked(w) for w in _FILLER_WORDS)


def _is_filler(token: str) -> bool:
    if token in _FILLER_WORDS:
        return True
    return _unmarked(token) == token and token in _unmarked_fillers()


def _tens_phrase(tokens: Sequence[NumberToken]) -> str | None:
    """Digits of a tens or hundreds phrase inside digit speech (``mười hai`` → ``12``), else ``None``."""
    kinds = {t.kind for t in tokens}
    if not kinds & {Kind.TEN, Kind.TENS} and not any(t.kind is Kind.MULT and t.value == 100 for t in tokens):
        return None
    if any(t.kind is Kind.MULT and t.value > 100 for t in tokens) or Kind.HALF in kinds:
        return None
    value = tokens_value(tokens)
    if value is None or value.denominator != 1:
        return None
    width = 3 if Kind.MULT in kinds else 2
    return str(int(value)).zfill(width)


def parse_digit_string(text: str) -> str | None:
    """Digits said one by one: ``không chín không một hai ...`` → ``0901...``; ``+`` kept for ``cộng``.

    Accepts linh/lẻ for 0, mốt/tư/lăm/bẩy, digits mixed with words, unmarked ASR output and pairs
    such as ``mười hai``. Returns ``None`` for anything else (``không biết``); callers check length.
    """
    raw = nfc(text).strip()
    prefix = "+" if raw.startswith("+") else ""
    words = _tokens(raw)
    if words and _is_word(words[0], "cộng"):
        prefix, words = "+", words[1:]
    digits: list[str] = []
    resolved: list[NumberToken | None] = []
    previous: NumberToken | None = None
    for word in words:
        token = number_token(word) if not word[0].isdigit() else None
        if token is not None and token.ambiguous_ten and previous is not None:
            token = resolve_tens([previous, token])[1]
        resolved.append(token)
        previous = token
    index = 0
    while index < len(words):
        word, token = words[index], resolved[index]
        if word[0].isdigit():
            digits.append(re.sub(r"\D", "", word))
            index += 1
            continue
        if token is None:
            if not _is_filler(word):
                return None
            index += 1
            continue
        window = resolved[index : index + 3]
        starts_phrase = any(
            t is not None and (t.kind in (Kind.TEN, Kind.TENS) or (t.kind is Kind.MULT and t.value == 100))
            for t in window
        )
        for size in (5, 4, 3, 2, 1) if starts_phrase else ():
            run = resolved[index : index + size]
            if len(run) != size or any(t is None for t in run):
                continue
            phrase = _tens_phrase([t for t in run if t is not None])
            if phrase is not None:
                digits.append(phrase)
                index += size
                break
        else:
            if token.kind is Kind.DIGIT:
                digits.append(str(int(token.value)))
            elif token.kind is Kind.LINH:
                digits.append("0")
            else:
                return None
            index += 1
    joined = "".join(digits)
    return prefix + joined if joined else None


# --- dates ---------------------------------------------------------------------------------------------


def _full_year(year: int, today: date) -> int | None:
    """Two-digit years: this century unless that is more than 10 years ahead, then the last one."""
    if year >= 1000:
        return year
    if year >= 100:
        return None
    candidate = today.year // 100 * 100 + year
    if candidate > today.year + TWO_DIGIT_YEAR_FUTURE_WINDOW:
        candidate -= 100
    return candidate


def _make_date(year: int | None, month: int, day: int, today: date) -> date | None:
    full = today.year if year is None else _full_year(year, today)
    if full is None:
        return None
    try:
        return date(full, month, day)
    except ValueError:
        return None


def _numeric_date(text: str, today: date) -> date | bool | None:
    """Dates written with digits; ``False`` when there is none, ``None`` when it is impossible."""
    iso = re.search(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text)
    if iso:
        return _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), today)
    full = re.search(r"(?<![\d.,])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d.,]\d)", text)
    if full:
        return _make_date(int(full.group(4)), int(full.group(3)), int(full.group(1)), today)
    short = re.search(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", text)
    if short:
        return _make_date(None, int(short.group(2)), int(short.group(1)), today)
    return False


def _month_at(tokens: Sequence[str], index: int) -> tuple[int, int] | None:
    """(month, tokens used) for the words after ``tháng``."""
    if index >= len(tokens):
        return None
    word = tokens[index]
    if _is_word(word, "giêng"):
        return 1, 1
    if _is_word(word, "chạp"):
        return 12, 1
    if _is_word(word, "tư"):
        return 4, 1
    for size in (2, 1):
        run = [number_token(w) for w in tokens[index : index + size]]
        if len(run) != size or any(t is None for t in run):
            continue
        value = tokens_value(resolve_tens([t for t in run if t is not None]))
        if value is not None and value.denominator == 1 and 1 <= value <= 12:
            return int(value), size
    return None


def _run_after(tokens: Sequence[str], index: int) -> list[NumberToken]:
    run: list[NumberToken] = []
    while index < len(tokens) and len(run) < 8:
        token = number_token(tokens[index])
        if token is None:
            break
        run.append(token)
        index += 1
    return run


def _word_date(tokens: Sequence[str], today: date) -> date | None:
    for month_index, word in enumerate(tokens):
        if not _is_word(word, "tháng"):
            continue
        day_tokens: list[NumberToken] = []
        back = month_index - 1
        while back >= 0 and len(day_tokens) < 3:
            token = number_token(tokens[back])
            if token is None:
                break
            day_tokens.insert(0, token)
            back -= 1
        month = _month_at(tokens, month_index + 1)
        if not day_tokens or month is None:
            continue
        day = _span_value(resolve_tens(day_tokens))
        if day is None:
            continue
        after = month_index + 1 + month[1]
        year: int | None = None
        if after < len(tokens) and _is_word(tokens[after], "năm"):
            after += 1
        run = _run_after(tokens, after)
        if run:
            best = _best_in_span(run)
            if best is None or best[1] != 0:
                return None
            year = best[2]
        return _make_date(year, month[0], day, today)
    return None


def parse_date(text: str, today: date) -> date | None:
    """``15/3/2024``, ``ngày 15 tháng 3 năm 2024``, ``mười lăm tháng ba năm hai nghìn không trăm hai mươi
    tư``, ``mùng năm tháng giêng``; no year means this year. ``None`` for impossible dates (31/02).

    Lunar month names (giêng, chạp) give the month number only; converting a lunar date is the
    caller's business.
    """
    numeric = _numeric_date(nfc(text), today)
    if numeric is not False:
        return numeric if isinstance(numeric, date) else None
    return _word_date(_tokens(text), today)


# --- yes / no ------------------------------------------------------------------------------------------

_STRONG_YES = (
    "vâng",
    "có",
    "đúng",
    "được",
    "đc",
    "ok",
    "oke",
    "okay",
    "chuẩn",
    "phải",
    "yes",
    "ừ",
    "ừm",
    "uh",
    "uhm",
)
_WEAK_YES = ("dạ", "ờ", "rồi", "à")
_YES_PAIRS = (("đồng", "ý"), ("chính", "xác"), ("tất", "nhiên"), ("chắc", "chắn"), ("đương", "nhiên"))
_NO = ("không", "ko", "k", "kg", "hông", "hổng", "khum", "hok", "chưa", "sai", "no", "thôi")


def _matches_any(token: str, spellings: Sequence[str]) -> bool:
    return any(_is_word(token, s) for s in spellings)


def parse_yes_no(text: str) -> bool | None:
    """``True`` for dạ/vâng/có/đúng rồi/được/ok, ``False`` for không/không phải/sai rồi/chưa/ko/k,
    ``None`` when unclear (``không biết``, ``có lẽ``, a question back such as ``được không``)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    if _is_unclear(tokens):
        return None
    if len(tokens) >= 2 and _matches_any(tokens[-1], ("không",)) and _matches_any(tokens[-2], _STRONG_YES):
        return None  # "được không?" asks back
    negative = weak = False
    strong = any(_is_word(a, x) and _is_word(b, y) for a, b in pairwise(tokens) for x, y in _YES_PAIRS)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _matches_any(token, _NO):
            negative = True
            if index + 1 < len(tokens) and _matches_any(tokens[index + 1], _STRONG_YES):
                index += 1  # "không phải", "chưa được": the yes-word is negated
        elif _matches_any(token, _STRONG_YES):
            strong = True
        elif _matches_any(token, _WEAK_YES):
            weak = True
        index += 1
    if negative:
        return None if strong else False
    return True if strong or weak else None


# --- choosing from a list ------------------------------------------------------------------------------

MAX_CHOICE = 20


def parse_ordinal_choice(text: str) -> int | None:
    """Which option was picked: ``số hai`` → 2, ``cái thứ nhất``/``cái đầu tiên`` → 1, ``thứ 3`` → 3,
    ``cái cuối`` → -1 (the last one). ``None`` when unclear or when two different numbers are said."""
    tokens = _tokens(text)
    if any(_matches_any(t, ("cuối", "chót")) for t in tokens):
        return -1
    if any(_is_word(a, "sau") and _is_word(b, "cùng") for a, b in pairwise(tokens)):
        return -1
    choices: set[int] = set()
    for index, token in enumerate(tokens):
        if _matches_any(token, ("nhất", "đầu")):
            choices.add(1)
        elif _is_word(token, "nhì") or _is_word(token, "giữa"):
            choices.add(2)
        elif _is_word(token, "tư") and index > 0 and _is_word(tokens[index - 1], "thứ"):
            choices.add(4)
    for _, _, value in _number_runs(tokens):
        if 1 <= value <= MAX_CHOICE:
            choices.add(value)
    return choices.pop() if len(choices) == 1 else None


__all__ = [
    "parse_date",
    "parse_digit_string",
    "parse_number",
    "parse_ordinal_choice",
    "parse_yes_no",
]
