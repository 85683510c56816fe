"""Answers to closed questions: pick one of a read-out list, or yes/no.

A citizen picks by number ("số hai", "cái cuối") or by saying (part of) the label, often with
recognition errors; both are accepted. When two labels fit equally, the answer is not guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from civic.admin_units.keys import fold_key
from civic.text.understand import parse_ordinal_choice, parse_yes_no
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text, looks_like_html, looks_like_sql

_FUZZY_CUTOFF = 80.0
_FUZZY_MARGIN = 5.0


def _numbers_hint(count: int) -> str:
    return f"Xin chọn một số từ 1 đến {count}, hoặc nói tên lựa chọn."


def validate_choice(text: object, options: Sequence[str]) -> ValidationResult[int]:
    """The 0-based index of the option meant; ``display`` is its label."""
    if not options:
        return ValidationResult.reject("choice_no_options", "Hiện chưa có danh sách để chọn.")
    cleaned = clean_text(text)
    if not cleaned:
        return ValidationResult.reject("choice_empty", _numbers_hint(len(options)), choices=tuple(options))
    if looks_like_html(cleaned) or looks_like_sql(cleaned):  # "1' OR '1'='1" is not picking option 1
        return ValidationResult.reject("choice_unclear", _numbers_hint(len(options)), choices=tuple(options))
    said = fold_key(cleaned)
    keys = [fold_key(option) for option in options]
    # 1. The whole label said (possibly inside a sentence): the longest label wins ("trực tuyến" in a phrase).
    contained = [i for i, key in enumerate(keys) if key and f" {key} " in f" {said} "]
    if contained:
        longest = max(len(keys[i]) for i in contained)
        best = [i for i in contained if len(keys[i]) == longest]
        if len(best) == 1:
            return ValidationResult.accept(best[0], options[best[0]])
    # 2. A number or ordinal ("số hai", "thứ ba", "cuối cùng").
    number = parse_ordinal_choice(cleaned)
    if number is not None:
        index = len(options) - 1 if number == -1 else number - 1
        if 0 <= index < len(options):
            return ValidationResult.accept(index, options[index])
        return ValidationResult.reject(
            "choice_out_of_range", _numbers_hint(len(options)), choices=tuple(options)
        )
    # 3. A label with recognition errors.
    scores = [fuzz.ratio(said, key) for key in keys]
    top = max(scores)
    if top >= _FUZZY_CUTOFF:
        close = [i for i, score in enumerate(scores) if score >= top - _FUZZY_MARGIN]
        if len(close) == 1:
            return ValidationResult.accept(close[0], options[close[0]], warnings=("choice_fuzzy",))
        labels = tuple(options[i] for i in close)
        return ValidationResult.reject(
            "choice_ambiguous", f"Xin nói rõ: {' hay '.join(labels)}?", choices=labels
        )
    return ValidationResult.reject("choice_unclear", _numbers_hint(len(options)), choices=tuple(options))


def validate_yes_no(text: object) -> ValidationResult[bool]:
    cleaned = clean_text(text)
    plain = cleaned and not (looks_like_html(cleaned) or looks_like_sql(cleaned))
    answer = parse_yes_no(cleaned) if plain else None
    if answer is None:
        return ValidationResult.reject(
            "yes_no_unclear", "Xin trả lời có hoặc không ạ.", choices=("có", "không")
        )
    return ValidationResult.accept(answer, "có" if answer else "không")
