"""Input hygiene shared by the validators.

Answers arrive from speech recognition, chat widgets and kiosks: they may carry control characters,
zero-width or bidi-override marks, decomposed Unicode, or be absurdly long. Every validator runs its
input through ``clean_text`` first so the checks below see one tidy form.
"""

from __future__ import annotations

import re
import unicodedata

# Anything longer is not a dossier answer; checking it further would only waste time.
ABSURD_LENGTH = 5000

_HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&(?:[a-zA-Z]+|#\d+);|javascript\s*:", re.IGNORECASE)
_SQL_RE = re.compile(
    r"(?:\b(?:select|insert|update|delete|drop|alter|truncate|union|exec)\b[\s\S]*?\b(?:from|into|table|set|select|database)\b)"
    r"|(?:'\s*(?:or|and)\s+['\d\w]+\s*=)|(?:;\s*--)|(?:--\s*$)|(?:/\*[\s\S]*?\*/)",
    re.IGNORECASE,
)


def clean_text(text: object) -> str:
    """NFC, control and invisible format characters removed, whitespace collapsed; non-str gives ``""``."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text[: ABSURD_LENGTH * 2])
    kept = (" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    visible = "".join(ch for ch in kept if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text))


def looks_like_sql(text: str) -> bool:
    return bool(_SQL_RE.search(text))
