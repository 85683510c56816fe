"""Dates in dossiers: birth, a young child's birth, death.

Parsing (``ngày mùng năm tháng ba năm hai không hai mươi``, ``5/3/2020``) is
``civic.text.understand.parse_date``'s job; this module adds what a form needs: impossible calendar
dates named as such ("tháng 2 không có ngày 31"), plausibility (not in the future, not before 1900),
the under-6 rule of the 2.000986 liên thông, and a spoken display. ``today`` is injectable so tests
and replays are deterministic.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from civic.text.understand import parse_date, parse_number
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text

EARLIEST_YEAR = 1900
CHILD_MAX_AGE_YEARS = 6  # 2.000986: trẻ em dưới 6 tuổi
EXAMPLE = "ví dụ: ngày 5 tháng 3 năm 2020"

_ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_RE = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?\b")
# "ngày 31 tháng 2 năm 2020" and "ngày ba mươi mốt tháng hai": day words, month words, optional year.
_SPOKEN_RE = re.compile(r"(?:ngày|mùng|mồng)\s+(.+?)\s+tháng\s+(.+?)(?:\s+năm\s+(.+))?$", re.IGNORECASE)
_MONTH_NAMES = {"giêng": 1, "chạp": 12, "tư": 4}


def spoken_date(value: date) -> str:
    """``2020-03-05`` → ``ngày 5 tháng 3 năm 2020`` (how dates are read aloud)."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def _day_month_year(text: str) -> tuple[int, int, int | None] | None:
    """Day, month and (4-digit) year as written or said, without calendar checks; ``None`` if absent."""
    iso = _ISO_RE.search(text)
    if iso is not None:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    numeric = _NUMERIC_RE.search(text)
    if numeric is not None:
        year = numeric.group(3)
        return int(numeric.group(1)), int(numeric.group(2)), int(year) if year and len(year) == 4 else None
    spoken = _SPOKEN_RE.search(text)
    if spoken is None:
        return None
    day = parse_number(spoken.group(1))
    month_words = spoken.group(2).strip().lower()
    month = _MONTH_NAMES.get(month_words, parse_number(month_words))
    year = parse_number(spoken.group(3)) if spoken.group(3) else None
    if day is None or month is None:
        return None
    return day, month, year if year is not None and year >= 1000 else None


def _impossible(text: str) -> str | None:
    """A message when the text names a day or month that does not exist (31/02, 12/13/2020)."""
    parts = _day_month_year(text)
    if parts is None:
        return None
    day, month, year = parts
    if month < 1 or month > 12:
        return f"Không có tháng {month}. Tháng chỉ từ 1 đến 12. Xin nói lại ngày tháng năm, {EXAMPLE}."
    last_day = calendar.monthrange(year or 2000, month)[1]  # 2000 is a leap year: 29/2 is possible
    if day < 1 or day > last_day:
        return f"Tháng {month} không có ngày {day}. Xin nói lại ngày tháng năm, {EXAMPLE}."
    return None


def _year_was_said(text: str, parsed: date, today: date) -> bool:
    """``parse_date`` fills a missing year with this year: parse again as if a year later and compare."""
    later = parse_date(text, date(today.year + 1, today.month, min(today.day, 28)))
    return later is None or later.year != parsed.year + 1


def validate_date(
    text: object, today: date | None = None, *, require_year: bool = False
) -> ValidationResult[date]:
    """Any real calendar date; ``display`` is the spoken form. Without a year, this year is assumed
    unless ``require_year`` (births and deaths always need the year)."""
    today = today or date.today()
    cleaned = clean_text(text)
    if not cleaned:
        return ValidationResult.reject("date_empty", f"Xin nói ngày, tháng, năm, {EXAMPLE}.")
    impossible = _impossible(cleaned)
    if impossible is not None:
        return ValidationResult.reject("date_impossible", impossible)
    parsed = parse_date(cleaned, today)
    if parsed is None:
        return ValidationResult.reject(
            "date_unclear", f"Chưa rõ ngày. Xin nói đủ ngày, tháng, năm, {EXAMPLE}."
        )
    if not _year_was_said(cleaned, parsed, today):
        if require_year:
            return ValidationResult.reject("date_year_missing", f"Xin nói cả năm, {EXAMPLE}.")
        return ValidationResult.accept(parsed, spoken_date(parsed), warnings=("date_year_assumed",))
    return ValidationResult.accept(parsed, spoken_date(parsed))


def _past_date(
    text: object, today: date | None, what: str, code: str, example: str
) -> ValidationResult[date]:
    """Shared rule for birth and death: a real date, not after today, not before 1900."""
    today = today or date.today()
    result = validate_date(text, today, require_year=True)
    if not result.ok or result.value is None:
        return ValidationResult.reject(
            result.error or "date_unclear", result.message.replace(EXAMPLE, example)
        )
    if result.value > today:
        return ValidationResult.reject(
            f"{code}_in_future",
            f"{what} không thể sau hôm nay, {spoken_date(today)}. Xin nói lại, {example}.",
        )
    if result.value.year < EARLIEST_YEAR:
        return ValidationResult.reject(
            f"{code}_too_early", f"{what} phải từ năm {EARLIEST_YEAR} trở về sau. Xin nói lại, {example}."
        )
    return result


def validate_birth_date(text: object, today: date | None = None) -> ValidationResult[date]:
    return _past_date(text, today, "Ngày sinh", "birth_date", "ví dụ: ngày 5 tháng 3 năm 1980")


def validate_child_birth_date(
    text: object, today: date | None = None, max_age_years: int = CHILD_MAX_AGE_YEARS
) -> ValidationResult[date]:
    """Birth date of a child who must be under ``max_age_years`` today (liên thông 2.000986)."""
    today = today or date.today()
    result = _past_date(text, today, "Ngày sinh của bé", "birth_date", "ví dụ: ngày 5 tháng 3 năm 2024")
    if not result.ok or result.value is None:
        return result
    if age_on(result.value, today) >= max_age_years:
        return ValidationResult.reject(
            "child_too_old",
            f"Bé sinh {spoken_date(result.value)} đã đủ {max_age_years} tuổi. "
            f"Thủ tục liên thông này chỉ dành cho trẻ dưới {max_age_years} tuổi; "
            "có thể làm từng thủ tục riêng.",
        )
    return result


def validate_death_date(
    text: object, today: date | None = None, birth_date: date | None = None
) -> ValidationResult[date]:
    result = _past_date(text, today, "Ngày mất", "death_date", "ví dụ: ngày 5 tháng 3 năm 2025")
    if result.ok and result.value is not None and birth_date is not None and result.value < birth_date:
        return ValidationResult.reject(
            "death_before_birth",
            f"Ngày mất không thể trước ngày sinh, {spoken_date(birth_date)}. Xin kiểm tra lại.",
        )
    return result


def age_on(birth: date, day: date) -> int:
    """Completed years of age on ``day`` (a 29 February birthday counts from 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
