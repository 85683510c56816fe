"""Rows of the flattened "Cách thức thực hiện" table.

The scraper glued the table's cells together: ``Hình thức nộpThời gianPhí, lệ phíMô tả`` followed by
rows like ``Trực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(fee note)free description``. A row starts
where a channel name is directly followed by a time cell and a fee cell; channel names elsewhere
("+ Trực tuyến: nộp hồ sơ …") are description text. When the time has no unit and the fee is a
number, the two run together ("Trực tuyến1100 VNĐ"); those digits are kept whole here and split by
:mod:`civic.catalog.crawl.fees`, which can check the candidates against the fee note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civic.catalog.crawl.cleaning import NO_INFO, clean
from civic.catalog.models import ChannelKind, TimeUnit

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"

KIND_BY_NAME = {
    "Trực tiếp": ChannelKind.IN_PERSON,
    "Trực tuyến": ChannelKind.ONLINE,
    "Dịch vụ bưu chính": ChannelKind.POST,
}
UNIT_BY_NAME = {
    "ngày làm việc": TimeUnit.WORKING_DAYS,
    "ngày": TimeUnit.DAYS,
    "giờ": TimeUnit.HOURS,
    "tháng": TimeUnit.MONTHS,
}

_CURRENCY = r"(?:Việt Nam Đồng|VNĐ|USD)"
_FEE = rf"(?:Miễn phí|{NO_INFO}|\d{{1,3}}(?:,\d{{3}})*\s?{_CURRENCY}|\d+\s?{_CURRENCY})"
_TIME = (
    r"\s*\d+(?:[.,]\d+)?\s?(?:Ngày làm việc|Ngày|Giờ|Tháng)"  # value with unit
    rf"|\s*\d+(?=Miễn phí|{NO_INFO})"  # value without unit, fee is words
    r"|Không[^()\d]{0,60}?|Hệ thống[^()]{0,200}?"  # words instead of a time
)
_ROW = re.compile(
    r"(?P<channel>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
    rf"(?:(?P<time>{_TIME})(?P<fee>{_FEE})|(?P<glued>\d[\d,]*)\s?(?P<currency>{_CURRENCY}))"
)


@dataclass(frozen=True)
class RawChannel:
    """One table row as written, before any repair."""

    kind: ChannelKind
    time_cell: str  # "" when the row's time and fee digits are glued (see ``glued_digits``)
    fee_cell: str  # headline, e.g. "Miễn phí", "10,000 Việt Nam Đồng"; "" when glued
    fee_note: str  # the parenthesised text right after the fee headline, without the parentheses
    description: str  # the "Mô tả" cell
    glued_digits: str = ""  # e.g. "1100" from "Trực tuyến1100 VNĐ"
    glued_currency: str = ""


@dataclass(frozen=True)
class ChannelTable:
    rows: tuple[RawChannel, ...]
    orphan_text: str  # text before the first row (a row the scraper mangled)
    duplicates_dropped: int


def _balanced_parens(text: str) -> int:
    """Length of the leading "( … )" group of ``text`` (0 if it does not start with one)."""
    if not text.startswith("("):
        return 0
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)  # unclosed: the note runs to the end of the row


def parse_channels(section: str) -> ChannelTable:
    body = section.strip()
    if body.startswith(HEADER):
        body = body[len(HEADER) :]
    matches = list(_ROW.finditer(body))
    rows: list[RawChannel] = []
    seen: set[RawChannel] = set()
    duplicates = 0
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        rest = body[match.end() : end]
        note_length = _balanced_parens(rest)
        note = rest[1:note_length]
        if note.endswith(")"):
            note = note[:-1]
        row = RawChannel(
            kind=KIND_BY_NAME[match.group("channel")],
            time_cell=clean(match.group("time") or ""),
            fee_cell=clean(match.group("fee") or ""),
            fee_note=clean(note),
            description=clean(rest[note_length:]),
            glued_digits=match.group("glued") or "",
            glued_currency=match.group("currency") or "",
        )
        if row in seen:
            duplicates += 1
            continue
        seen.add(row)
        rows.append(row)
    orphan = clean(body[: matches[0].start()] if matches else body)
    return ChannelTable(rows=tuple(rows), orphan_text=orphan, duplicates_dropped=duplicates)


_TIME_VALUE = re.compile(r"^(\d+(?:[.,]\d+)?)\s?(Ngày làm việc|Ngày|Giờ|Tháng)?$", re.IGNORECASE)


def read_time(cell: str) -> tuple[float | None, TimeUnit | None, bool]:
    """(value, unit, unit_missing) of a time cell; words ("Không quy định") give no value."""
    match = _TIME_VALUE.match(cell.strip())
    if not match:
        return None, None, False
    value = float(match.group(1).replace(",", "."))
    if value <= 0:
        return None, None, False
    unit_name = match.group(2)
    if unit_name is None:
        return value, None, True
    return value, UNIT_BY_NAME[unit_name.lower()], False
