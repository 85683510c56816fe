"""Reading a channel's fee from its headline cell and its fee note.

The headline cell is unreliable: it often says "Miễn phí" while the note beside it states a fee
(driving licence: "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần"), and amounts below 1.000 đồng
are written in thousands ("20 VNĐ" next to "20.000 đồng/lần") or in another currency. The rules, in
order:

* the note states amounts in đồng and the headline says free or nothing → the first stated amount;
* the note says the province's People's Council sets the fee → unknown (``None``);
* a headline amount of 1.000 đồng or more → that amount (temporary reductions stay in the text);
* a headline amount below 1.000 → ×1.000 only if the note states exactly that, else unknown;
* "Miễn phí" with a note that only cites a fee regulation (no amount, no "miễn"/"không") → unknown;
* USD-only fees → unknown; otherwise "Miễn phí" → 0.

Nothing is guessed: when the text does not settle the amount it stays ``None`` and the original
wording is kept in ``fee_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from civic.catalog.crawl.money import dong_amounts, province_sets_fee, says_free, to_int, usd_amounts

FREE_HEADLINE = "Miễn phí"
MIN_PLAUSIBLE_FEE = 1000  # đồng; no Vietnamese fee is smaller than this

_LEADING_FREE = re.compile(
    r"^[-+•*\s(]*(?:miễn|không thu|không có|không quy định|không được quy định|chưa quy định)", re.I
)
_CITES_FEE = re.compile(r"phí|mức thu|giá dịch vụ|biểu (?:mức )?thu|/TT-BTC", re.I)
_UBND_SETS = re.compile(r"do (?:Ủy|Uỷ) ban nhân dân (?:cấp )?tỉnh (?:quy định|quyết định)", re.I)
_HEADLINE = re.compile(r"^(\d[\d,]*)\s?(Việt Nam Đồng|VNĐ|USD)$")


class FeeOutcome(str, Enum):
    """How a fee amount was decided; the build report counts these."""

    STATED = "stated"  # headline amount, plausible
    FREE = "free"  # "Miễn phí" and nothing says otherwise
    FREE_CONTRADICTED = "free_contradicted"  # "Miễn phí" but the note states the fee → amount from note
    FREE_DOUBTFUL = "free_doubtful"  # "Miễn phí" but the note cites a fee rule, no amount → None
    SCALED = "scaled"  # "20 VNĐ" + note "20.000 đồng" → 20000
    IMPLAUSIBLE = "implausible"  # amount below 1.000 đồng the note does not confirm → None
    FROM_NOTE = "from_note"  # no headline; the note states the fee
    PROVINCE = "province"  # set by the province (HĐND/UBND tỉnh) → None
    FOREIGN = "foreign"  # only a foreign-currency amount → None
    UNKNOWN = "unknown"  # the portal says nothing usable → None


@dataclass(frozen=True)
class FeeReading:
    amount: int | None
    outcome: FeeOutcome


def _province(note: str) -> bool:
    return province_sets_fee(note) or bool(_UBND_SETS.search(note))


def read_fee(headline: str, note: str, description: str = "") -> FeeReading:
    """The fee in đồng of one channel from its headline cell, fee note and description."""
    stated = dong_amounts(note)
    headline = headline.strip()
    match = _HEADLINE.match(headline)

    if headline == FREE_HEADLINE or not headline:
        if stated:
            outcome = FeeOutcome.FREE_CONTRADICTED if headline else FeeOutcome.FROM_NOTE
            return FeeReading(stated[0], outcome)
        if _province(note):
            return FeeReading(None, FeeOutcome.PROVINCE)
        if usd_amounts(note):
            return FeeReading(None, FeeOutcome.FOREIGN)
        if note and (says_free(note) or _LEADING_FREE.match(note)):
            return FeeReading(0, FeeOutcome.FREE)
        if not headline:
            return FeeReading(None, FeeOutcome.UNKNOWN)
        if _CITES_FEE.search(note) or (
            not note and _CITES_FEE.search(description) and dong_amounts(description)
        ):
            return FeeReading(None, FeeOutcome.FREE_DOUBTFUL)
        return FeeReading(0, FeeOutcome.FREE)

    if match is None:
        return FeeReading(None, FeeOutcome.UNKNOWN)
    amount, currency = to_int(match.group(1)), match.group(2)
    if currency == "USD":
        return FeeReading(stated[0], FeeOutcome.FROM_NOTE) if stated else FeeReading(None, FeeOutcome.FOREIGN)
    if _province(note):
        return FeeReading(None, FeeOutcome.PROVINCE)
    if amount >= MIN_PLAUSIBLE_FEE:
        return FeeReading(amount, FeeOutcome.STATED)
    if amount * 1000 in stated:
        return FeeReading(amount * 1000, FeeOutcome.SCALED)
    return FeeReading(None, FeeOutcome.IMPLAUSIBLE)


def fee_text(headline: str, note: str) -> str:
    """The original wording an amount was read from: headline plus its note."""
    if headline and note:
        return f"{headline} ({note})"
    return headline or note


_WELL_FORMED_FEE = re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)$")


def glued_candidates(digits: str) -> list[tuple[str, str]]:
    """Ways to read "1100,000" as (unit-less time, fee number): ``[("1", "100,000")]``.

    The time is 1–3 digits without a leading zero; the fee must be a well-formed number (no leading
    zero, thousands groups of three). A fee of exactly "0" is not considered.
    """
    candidates = []
    for cut in range(1, min(4, len(digits))):
        time_part, fee_part = digits[:cut], digits[cut:]
        if "," in time_part or time_part.startswith("0"):
            continue
        if _WELL_FORMED_FEE.match(fee_part):
            candidates.append((time_part, fee_part))
    return candidates


def split_glued(digits: str, currency: str, note: str, sibling_times: set[str]) -> tuple[str, str] | None:
    """Pick the (time, fee) reading of glued digits that the text supports, or None if it is ambiguous.

    Support, strongest first: the fee (or fee × 1.000) is an amount stated in the note; the time equals
    another channel row's time of the same procedure; only one reading is possible.
    """
    candidates = glued_candidates(digits)
    if not candidates:
        return None
    stated = set(dong_amounts(note))
    if currency != "USD":
        confirmed = [c for c in candidates if to_int(c[1]) in stated or to_int(c[1]) * 1000 in stated]
        if len(confirmed) == 1:
            return confirmed[0]
    by_sibling = [c for c in candidates if c[0] in sibling_times]
    if len(by_sibling) == 1:
        return by_sibling[0]
    if len(candidates) == 1:
        return candidates[0]
    return None
