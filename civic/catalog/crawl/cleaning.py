"""Text clean-up shared by every catalog parser.

The portal's text arrives decomposed (``a\u0323``), with non-breaking spaces and tabs, with the
placeholder "Không có thông tin" where a cell is empty, and with page chrome (the agency picker and
"Nộp hồ sơ" button) glued to the last section. Every string the catalog stores goes through
:func:`clean` so that all of this is handled in one place.
"""

from __future__ import annotations

import re

from civic.text.vietnamese import nfc

NO_INFO = "Không có thông tin"

# Page chrome that the scraper glued to the end of the last section (``ket_qua_xu_ly``/``raw_text``).
# Each pattern starts a tail that runs to the end of the text.
BOILERPLATE_TAILS = (
    re.compile(r"Từ khóa\s*:?.*\Z", re.S),
    re.compile(r"Chọn cơ quan thực hiện.*\Z", re.S),
    re.compile(r"-+\s*Hệ thống chỉ hiển thị.*\Z", re.S),
    re.compile(r"Hệ thống chỉ hiển thị những cơ quan.*\Z", re.S),
)
# Fragments that must never survive in a stored string (used by the build's final audit and tests).
BOILERPLATE_MARKERS = (
    "Chọn cơ quan thực hiện",
    "Hệ thống chỉ hiển thị",
    "-- Chọn",
    "Tên giấy tờMẫu đơn",
    "Tên văn bản pháp lýMã văn bản",
    "Hình thức nộpThời gian",
    NO_INFO,
)

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
_MANY_NEWLINES = re.compile(r"\n\s*\n+")


def clean(text: str | None) -> str:
    """NFC, one space between words, trimmed lines; the "no information" placeholder becomes ""."""
    if not text:
        return ""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _MANY_NEWLINES.sub("\n", "\n".join(line for line in lines if line)).strip()
    if text.strip(" .:;") == NO_INFO:
        return ""
    return text


def one_line(text: str | None) -> str:
    """:func:`clean` and then join lines: names, titles and list items are read as one sentence."""
    return " ".join(clean(text).split())


def strip_boilerplate(text: str) -> tuple[str, bool]:
    """Cut page chrome off the end of ``text``; the flag says whether anything was cut."""
    cut = text
    for pattern in BOILERPLATE_TAILS:
        cut = pattern.sub("", cut)
    return cut, cut != text


def has_boilerplate(text: str) -> bool:
    return any(marker in text for marker in BOILERPLATE_MARKERS)
