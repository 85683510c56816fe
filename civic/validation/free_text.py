"""Free-text dossier fields (reason, note, house number and street).

The text is kept as the citizen gave it, minus control and invisible characters. Text that looks like
HTML or SQL is still only text — nothing downstream renders or executes it — but it is flagged so a
reviewer sees it and the dialogue can ask whether it was meant.
"""

from __future__ import annotations

from civic.validation.result import ValidationResult
from civic.validation.sanitize import ABSURD_LENGTH, clean_text, looks_like_html, looks_like_sql

DEFAULT_MAX_LENGTH = 500


def validate_free_text(
    text: object,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    min_length: int = 1,
    field_label: str = "Nội dung",
) -> ValidationResult[str]:
    """Accept plain text of ``min_length``–``max_length`` characters (after cleaning)."""
    raw_length = len(text) if isinstance(text, str) else 0
    if raw_length > ABSURD_LENGTH or raw_length > max_length * 4:
        return _too_long(field_label, max_length)
    cleaned = clean_text(text)
    if len(cleaned) < min_length:
        return ValidationResult.reject("text_empty", f"{field_label} còn trống. Xin nói lại ạ.")
    if len(cleaned) > max_length:
        return _too_long(field_label, max_length)
    warnings = tuple(
        code
        for code, flagged in (
            ("text_looks_like_html", looks_like_html),
            ("text_looks_like_sql", looks_like_sql),
        )
        if flagged(cleaned)
    )
    return ValidationResult.accept(cleaned, cleaned, warnings=warnings)


def _too_long(field_label: str, max_length: int) -> ValidationResult[str]:
    return ValidationResult.reject(
        "text_too_long", f"{field_label} dài quá {max_length} ký tự. Xin nói ngắn gọn hơn ạ."
    )
