"""Amounts of money in the portal's fee wording.

Fees are written many ways: "135.000 đồng", "135.000đ", "10,000 Việt Nam Đồng", "50.000 VNĐ",
"15000000/lần Đồng", "8.000.000/lần" and, for consulates, "10 USD". Amounts are returned in đồng
(ints) in the order they appear, so the first one is the fee the text states first.
"""

from __future__ import annotations

import re

_THOUSANDS = r"\d{1,3}(?:[.,]\d{3})+"
_DONG_WORD = r"(?:Việt Nam Đồng|đồng|Đồng|VNĐ|vnđ|VND|đ(?![a-zà-ỹ]))"
_DONG = re.compile(
    rf"(?<![\d.,/])({_THOUSANDS}|\d+)\s*(?:/\s*[^\s\d()]{{1,20}}\s*)?{_DONG_WORD}"
    rf"|(?<![\d.,/])({_THOUSANDS})\s*/",
)
_USD = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:USD|usd|đô la Mỹ)")
_FREE = re.compile(
    r"^\(?\s*(?:-\s*)?(?:miễn(?: phí| lệ phí| thu)?|không(?: thu(?: phí| lệ phí)?| quy định| có)?"
    r"|chưa quy định|0 đồng|0đ)\s*[.;)]*\s*$",
    re.IGNORECASE,
)
_PROVINCE_SETS = re.compile(
    r"(?:do|theo|thẩm quyền quyết định của|thẩm quyền của)\s+(?:(?:Nghị quyết|quy định)\s+(?:của\s+)?)?"
    r"(?:Hội đồng nhân dân|HĐND)|(?:Hội đồng nhân dân|HĐND)\s+(?:cấp\s+)?tỉnh[^.;]{0,60}?(?:quy định|quyết định|ban hành)",
    re.IGNORECASE,
)


def to_int(number: str) -> int:
    """``"135.000"``, ``"10,000"`` and ``"15000000"`` → int (separators are always thousands here)."""
    return int(re.sub(r"[.,]", "", number))


def dong_amounts(text: str) -> list[int]:
    """Every amount in đồng stated in ``text``, in order (duplicates kept)."""
    amounts: list[int] = []
    for match in _DONG.finditer(text):
        number = match.group(1) or match.group(2)
        amounts.append(to_int(number))
    return amounts


def usd_amounts(text: str) -> list[float]:
    return [float(m.group(1).replace(",", ".")) for m in _USD.finditer(text)]


def says_free(text: str) -> bool:
    """The whole text only says "free"/"none" ("(Không)", "Miễn phí.", "Chưa quy định")."""
    return bool(_FREE.match(text.strip()))


def province_sets_fee(text: str) -> bool:
    """The fee is left to each province's People's Council ("do HĐND tỉnh quy định")."""
    return bool(_PROVINCE_SETS.search(text))
