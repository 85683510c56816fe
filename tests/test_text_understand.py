"""Values from what citizens say or type: the case table and round trips through the speaking side."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from civic.text.numbers import speak_digits, spoken_number
from civic.text.spoken import speak_date, to_spoken
from civic.text.understand import (
    parse_date,
    parse_digit_string,
    parse_number,
    parse_ordinal_choice,
    parse_yes_no,
)
from civic.text.vietnamese import strip_diacritics

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "normalization_cases.yml").read_text(encoding="utf-8")
)
TODAY = date(2026, 5, 1)


def _ids(cases: list[list[Any]]) -> list[str]:
    return [str(case[0])[:40] or "<empty>" for case in cases]


@pytest.mark.parametrize(("text", "expected"), CASES["parse_number"], ids=_ids(CASES["parse_number"]))
def test_parse_number(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), CASES["parse_digit_string"], ids=_ids(CASES["parse_digit_string"])
)
def test_parse_digit_string(text: str, expected: str | None) -> None:
    assert parse_digit_string(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES["parse_date"], ids=_ids(CASES["parse_date"]))
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text, TODAY) == (date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize(("text", "expected"), CASES["parse_yes_no"], ids=_ids(CASES["parse_yes_no"]))
def test_parse_yes_no(text: str, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"), CASES["parse_ordinal_choice"], ids=_ids(CASES["parse_ordinal_choice"])
)
def test_parse_ordinal_choice(text: str, expected: int | None) -> None:
    assert parse_ordinal_choice(text) == expected


def _number_sample() -> list[int]:
    rng = random.Random(11)
    return [*range(0, 3001), *range(3001, 10**7, 4999), *(rng.randrange(10**13) for _ in range(1500))]


def test_every_number_the_assistant_says_is_understood_back() -> None:
    failures = [n for n in _number_sample() if parse_number(spoken_number(n)) != n]
    assert not failures, failures[:10]


def test_numbers_are_understood_from_asr_output_without_marks() -> None:
    failures = [n for n in _number_sample()[::7] if parse_number(strip_diacritics(spoken_number(n))) != n]
    assert not failures, failures[:10]


def test_digit_strings_survive_speaking_and_hearing() -> None:
    rng = random.Random(5)
    for length in (9, 10, 12):
        for _ in range(300):
            digits = "".join(rng.choice("0123456789") for _ in range(length))
            assert parse_digit_string(speak_digits(digits)) == digits
            assert parse_digit_string(speak_digits(digits, (3, 1, 2, 6))) == digits
            assert parse_digit_string(strip_diacritics(speak_digits(digits))) == digits


def test_every_date_of_two_years_survives_speaking_and_hearing() -> None:
    day = date(2024, 1, 1)
    while day < date(2026, 1, 1):
        assert parse_date(speak_date(day.day, day.month, day.year), TODAY) == day
        assert parse_date(to_spoken(f"{day.day}/{day.month}/{day.year}"), TODAY) == day
        assert parse_date(strip_diacritics(speak_date(day.day, day.month, day.year)), TODAY) == day
        day += timedelta(days=1)
