"""Written Vietnamese → words a TTS voice reads correctly (``to_spoken``).

Piper's Vietnamese voices phonemize through espeak-ng, which reads ``2.500.000`` digit by digit or
in English and ``UBND`` as letters. Everything the assistant says goes through ``to_spoken`` first.

Why hand-written rules and not a registry normalizer (evaluated 2026 on crawl sentences):
``vinorm`` 2.0.7 (2020) shells out to a bundled binary that writes into its own package folder
(not safe with two callers, fails on a read-only install), imports the ``imp`` module removed in
Python 3.12, and misreads legal references, procedure codes and URLs. ``sea-g2p`` 0.10 (Apache-2.0,
maintained) is the best of them, but reads ``50,000 Việt Nam Đồng`` as fifty, spells ``NĐ-CP`` and
``TTHC`` as letters, cannot be adjusted from Python, and ships a 62 MB phoneme dictionary the project
does not need. ``soe-vinorm`` downloads a model from a hub at first use (impossible offline here);
``vinormx`` and ``vietnormalizer`` garble common cases (``2.500.000`` → ``hai phẩy năm ...``, ``CCCD`` →
letters). The understanding side must also share one number grammar with speaking
(``civic.text.numbers``), which no package offers.

Passes run from the most specific pattern to the most general, each turning its matches into
lowercase words without digits, so later passes cannot re-read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from civic.text.abbreviations import (
    LETTER_NAMES,
    UNITS,
    expand_abbreviation,
    looks_like_syllable,
    spell_letters,
)
from civic.text.codes import speak_code, speak_email, speak_id_number, speak_phone, speak_url
from civic.text.legal import replace_legal_references
from civic.text.numbers import speak_digits, spoken_decimal, spoken_number
from civic.text.vietnamese import nfc

_NUM = r"\d+(?:[.,]\d+)*"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PER_UNIT_WORDS = (
    "đồng",
    "đô la mỹ",
    "mét vuông",
    "mét khối",
    "ki lô mét",
    "ki lô gam",
    "héc ta",
    "mét",
    "tấn",
)


def spoken_month(month: int) -> str:
    """Month 4 is ``tháng tư`` in speech; the others are plain numbers."""
    return "tư" if month == 4 else spoken_number(month)


def speak_date(day: int | None, month: int, year: int | None) -> str:
    """``ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi tư`` (parts left out when absent)."""
    words = [f"ngày {spoken_number(day)}"] if day is not None else []
    words.append(f"tháng {spoken_month(month)}")
    if year is not None:
        words.append(f"năm {spoken_number(year)}")
    return " ".join(words)


def speak_time(hour: int, minute: int = 0) -> str:
    """``mười lăm giờ ba mươi phút``; whole hours without minutes."""
    if minute == 0:
        return f"{spoken_number(hour)} giờ"
    return f"{spoken_number(hour)} giờ {spoken_number(minute)} phút"


def speak_numeral(text: str) -> str:
    """One written number in words, choosing its reading from its shape.

    ``2.500.000`` and ``50,000`` group thousands, ``2,5`` is a decimal, ``1.001193`` is a procedure
    code, ``6.2`` a section number; 9+ bare digits or zero-led runs of 3+ are read digit by digit.
    """
    if text.isdigit():
        if len(text) >= 9:
            return speak_id_number(text) if len(text) in (9, 12) else speak_digits(text, (3,) * len(text))
        if len(text) >= 3 and text.startswith("0"):
            return speak_digits(text)
        return spoken_number(int(text))
    if re.fullmatch(r"\d\.\d{6}", text):
        return speak_code(text)
    for group_sep, decimal_sep in ((".", ","), (",", ".")):
        grouped = re.fullmatch(rf"([1-9]\d{{0,2}}(?:\{group_sep}\d{{3}})+)(?:\{decimal_sep}(\d+))?", text)
        if grouped:
            return spoken_decimal(int(grouped.group(1).replace(group_sep, "")), grouped.group(2) or "")
    decimal = re.fullmatch(r"(\d+),(\d+)", text)
    if decimal:
        return spoken_decimal(int(decimal.group(1)), decimal.group(2))
    if "," not in text:
        return " chấm ".join(speak_numeral(part) for part in text.split("."))
    return ", ".join(speak_numeral(part) for part in re.split(r"[.,]", text) if part)


def _roman_value(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN[char]
        following = _ROMAN[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]]:
    """The passes, compiled once on first use (nothing runs at import time)."""
    units = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    per_unit = "|".join(re.escape(u) for u in _PER_UNIT_WORDS)
    rules: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        # Crawl cells glued together: "Trực tuyến7 Ngày", "việc10,000".
        (r"(?<!\w)[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*(?=\d)", lambda m: m.group(0) + " "),
        (r"(?<=\d)(?=[^\W\d_]*[^\x00-\x7f\W\d_])(?=[^\W\d_]{2})", lambda m: " "),
        (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", lambda m: speak_email(m.group(0))),
        (
            r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)(?:/[\w./-]*[\w/])?(?![\w])",
            lambda m: speak_url(m.group(0)),
        ),
        (r"(?<=[a-zđà-ỹ]{2})\.(?=[^\W\d_]{2})", lambda m: ". "),
        (r"(?<![\w.])\d\.\d{6}(?:\.[0-9A-Z]{1,4})*(?![\w]|\.\w)", lambda m: speak_code(m.group(0))),
        (
            r"(?<![\w+])(?:\+84[ .-]?\d{2,3}(?:[ .-]?\d){6,7}|0\d{2,3}(?:[ .-]?\d){6,8})(?![\w]|[.,]\d)",
            _phone,
        ),
        (r"(?<![\w.])(?:1800|1900)[ .]?\d{3,4}(?![\w]|[.,]\d)", lambda m: speak_phone(m.group(0))),
        (r"\b(?P<w>[Mm]ẫu(?:\s+số)?)\s+(?P<codes>\d+[a-zđ]?(?:\s*/\s*\d+[a-zđ]?)*)(?![\w])", _form),
        (r"(?<![\w/.-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/.-])", _date),
        (
            r"(?P<ngay>\b[Nn]gày\s+)?(?<![\w/.-])(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)"
            r"(?P<y>\d{4}|\d{2})(?![\w/]|[.-]\d)",
            _date,
        ),
        (r"(?P<thang>\b[Tt]háng\s+)?(?<![\w/.])(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\w/])", _month_year),
        (r"\b(?P<ngay>[Nn]gày)\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\w/])", _day_month),
        (r"(?<![\w.,])(?P<h>\d{1,2})\s?[hH](?P<min>\d{2})?(?![\w])", _time),
        (r"(?<![\w.,])(?P<h>\d{1,2})\s+giờ\s+(?P<min>\d{1,2})(?!\s*phút)(?![\w])", _time),
        (r"(?<![\w.,:/])(?P<h>\d{1,2}):(?P<min>\d{2})(?![\w:])", _time),
        (r"(?P<w>giờ|phút)\s*-\s*(?=[^\W\d_])", lambda m: f"{m.group('w')} đến "),
        (
            r"(?P<w>(?i:tỷ lệ|tỉ lệ))\s+(?P<a>\d+)\s*:\s*(?P<b>\d+)(?![\w])",
            lambda m: (
                f"{m.group('w')} {spoken_number(int(m.group('a')))} trên {spoken_number(int(m.group('b')))}"
            ),
        ),
        (
            r"(?<![\w.,])(?P<a>\d+)\s*[xX×]\s*(?P<b>\d+)(?![\w])",
            lambda m: f"{spoken_number(int(m.group('a')))} nhân {spoken_number(int(m.group('b')))}",
        ),
        (r"\b(?P<w>[Tt]hứ|[Tt]háng)\s+0?(?P<n>[14])(?!\d)(?![\w])", _ordinal),
        (
            r"\b(?P<w>(?i:chương|mục|phần|phụ lục|khóa|khoá|quý|nhóm|loại|hạng|đợt|kỳ|bậc|tập|điều))"
            r"\s+(?P<r>[IVXLC]+)\b",
            _roman,
        ),
        (
            rf"(?<![\w.,])(?!(?:{per_unit})\s*/)(?P<w>[^\W\d_]+)\s*/\s*(?=[^\W\d_])",
            _or,
        ),
        (
            r"(?<![\w.-])(?=[A-Za-z0-9.-]*[A-Za-z])(?=[A-Za-z0-9.-]*\d)[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*(?![\w-])",
            _code,
        ),
        (
            rf"(?<![\w.,])(?P<a>{_NUM})(?:\s*-\s*(?P<b>{_NUM}))?(?:\s?(?P<unit>{units}))?(?![^\W_])",
            _number,
        ),
        (r"\b(?P<a>[Tt]hứ [^\W\d_]+)\s+-\s+(?=[Tt]hứ\b)", lambda m: f"{m.group('a')} đến "),
        (r"(?<![\w-])[^\W\d_]*[A-ZĐ][^\W\d_]*[A-ZĐ][^\W\d_]*(?:[.-][^\W\d_]+)*(?![\w-])", _abbreviation),
        (rf"(?P<u>{per_unit})\s*/\s*(?=[^\W\d_])", lambda m: f"{m.group('u')} mỗi "),
        (r"\s*/\s*", lambda m: " trên "),
        (r"≤", lambda m: " không quá "),
        (r"≥", lambda m: " ít nhất "),
        (r"\s&\s", lambda m: " và "),
        (r"^[ \t]*[-+*•][ \t]+", lambda m: ""),
        (r"[()\[\]{}\"“”]", lambda m: ", "),
        (r"[ \t]+", lambda m: " "),
        (r" *([,.;:!?])(?: *,)+", lambda m: m.group(1)),
        (r" +([,.;:!?])", lambda m: m.group(1)),
        (r",+ *([.;:!?])", lambda m: m.group(1)),
        (r"(?:^|(?<=\n))[ ,]+|[ ,]+$", lambda m: ""),
    ]
    return [(re.compile(p, re.MULTILINE), f) for p, f in rules]


def _or(match: re.Match[str]) -> str:
    """``cha/mẹ`` → ``cha hoặc mẹ``; ``và/hoặc`` keeps a single ``hoặc``."""
    following = match.string[match.end() : match.end() + 4]
    return match.group("w") + (" " if following == "hoặc" else " hoặc ")


def _roman(match: re.Match[str]) -> str:
    value = _roman_value(match.group("r"))
    word = match.group("w")
    return f"{word} {'tư' if value == 4 and word.lower() == 'quý' else spoken_number(value)}"


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    national = digits[2:] if match.group(0).startswith("+") else digits[1:]
    if len(national) not in (9, 10):
        return match.group(0)
    return speak_phone(match.group(0))


def _form(match: re.Match[str]) -> str:
    codes = re.split(r"\s*/\s*", match.group("codes"))
    spoken = []
    for code in codes:
        digits = code.rstrip("abcdefghijklmnopqrstuvwxyzđ")
        letter = code[len(digits) :]
        words = speak_digits(digits) if digits.startswith("0") else spoken_number(int(digits))
        if letter:
            words += " " + LETTER_NAMES[letter]
        spoken.append(words)
    return f"{match.group('w')} " + " hoặc ".join(spoken)


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _date(match: re.Match[str]) -> str:
    day, month, year = int(match.group("d")), int(match.group("m")), int(match.group("y"))
    if not _valid_day_month(day, month):
        return match.group(0)
    groups = match.groupdict()
    spoken = speak_date(day, month, year)
    prefix = groups.get("ngay")
    return prefix + spoken.removeprefix("ngày ") if prefix else spoken


def _month_year(match: re.Match[str]) -> str:
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return match.group(0)
    spoken = speak_date(None, month, int(match.group("y")))
    prefix = match.group("thang")
    return prefix + spoken.removeprefix("tháng ") if prefix else spoken


def _day_month(match: re.Match[str]) -> str:
    day, month = int(match.group("d")), int(match.group("m"))
    if not _valid_day_month(day, month):
        return match.group(0)
    return match.group("ngay") + " " + speak_date(day, month, None).removeprefix("ngày ")


def _time(match: re.Match[str]) -> str:
    hour = int(match.group("h"))
    minute = int(match.group("min") or 0)
    if hour > 24 or minute > 59:
        return match.group(0)
    return speak_time(hour, minute)


def _ordinal(match: re.Match[str]) -> str:
    word, number = match.group("w"), match.group("n")
    if word.lower() == "thứ" and number == "1":
        return f"{word} nhất"
    return f"{word} {'tư' if number == '4' else spoken_number(int(number))}"


@lru_cache(maxsize=1)
def _number_with_unit_re() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    return re.compile(rf"{_NUM}(?:{units})")


def _code(match: re.Match[str]) -> str:
    token = match.group(0)
    if _number_with_unit_re().fullmatch(token):
        return token  # "10km", "5m2": the number pass reads these
    expanded = expand_abbreviation(token)
    return expanded if expanded else speak_code(token)


def _number(match: re.Match[str]) -> str:
    words = speak_numeral(match.group("a"))
    if match.group("b"):
        words += " đến " + speak_numeral(match.group("b"))
    if match.group("unit"):
        words += " " + UNITS[match.group("unit")]
    return words


def _abbreviation_part(token: str) -> str:
    expanded = expand_abbreviation(token)
    if expanded:
        return expanded
    if token.isupper() and len(token) >= 2 and not looks_like_syllable(token):
        return spell_letters(token)
    return token


def _abbreviation(match: re.Match[str]) -> str:
    """Known abbreviations as words; unknown all-capital ones that are no syllable spelled out;
    hyphenated codes part by part (``BHXH-CSXH`` → ``bảo hiểm xã hội xê ét ích hát``)."""
    token = match.group(0)
    expanded = expand_abbreviation(token)
    if expanded:
        return expanded
    if "-" in token:
        return " ".join(_abbreviation_part(part) for part in token.split("-"))
    if "." in token:
        return token
    return _abbreviation_part(token)


def to_spoken(text: str) -> str:
    """Text the voice can read: numbers, dates, times, money, codes, abbreviations and legal
    references written out as Vietnamese words. Other words keep their case and punctuation."""
    spoken = nfc(text).replace("–", "-").replace("—", "-")
    spoken = replace_legal_references(spoken)
    for pattern, replace in _patterns():
        spoken = pattern.sub(replace, spoken)
    return spoken.strip()
