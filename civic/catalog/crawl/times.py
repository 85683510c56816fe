"""Finding the unit of a processing time the table gives as a bare number.

861 time cells lost their unit when the table was flattened (khai sinh shows ``1``). The unit is
restored only from the procedure's own text, strongest evidence first:

1. the row's own fee note or description states that number with a unit ("05 ngày làm việc");
2. another channel row of the same procedure has that number with a unit;
3. the steps, conditions or any channel description state that number with a unit;
4. for ``1``: the steps say the result is returned "trong ngày" / "ngày làm việc tiếp theo".

Otherwise the unit stays unknown. The number itself is never changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from enum import Enum

from civic.catalog.models import TimeUnit

_UNIT_WORDS = {
    "ngày làm việc": TimeUnit.WORKING_DAYS,
    "ngày": TimeUnit.DAYS,
    "giờ": TimeUnit.HOURS,
    "tháng": TimeUnit.MONTHS,
}
_SAME_DAY = re.compile(r"(?:ngay )?trong ngày(?! \d)|ngày làm việc tiếp theo", re.IGNORECASE)


class UnitEvidence(str, Enum):
    OWN_TEXT = "own_text"
    SIBLING_CHANNEL = "sibling_channel"
    PROCEDURE_TEXT = "procedure_text"
    SAME_DAY_WORDING = "same_day_wording"


def _number_pattern(value: float) -> str:
    if value.is_integer():
        return rf"0*{int(value)}"
    return re.escape(f"{value:g}").replace(r"\.", "[.,]")


def units_stated(text: str, value: float) -> list[TimeUnit]:
    """Units written right after ``value`` in ``text`` ("trong thời hạn 03 ngày làm việc")."""
    pattern = re.compile(
        rf"(?<![\d/.,]){_number_pattern(value)}\s*(?:\([^)]{{0,20}}\)\s*)?"
        r"(ngày làm việc|ngày|giờ|tháng)(?![a-zà-ỹ])",
        re.IGNORECASE,
    )
    return [_UNIT_WORDS[m.group(1).lower()] for m in pattern.finditer(text)]


def _pick(units: Iterable[TimeUnit]) -> TimeUnit | None:
    """Most frequent unit; a tie between working days and days goes to working days."""
    counts = Counter(units)
    if not counts:
        return None
    best = max(counts.values())
    tied = [u for u, n in counts.items() if n == best]
    if TimeUnit.WORKING_DAYS in tied:
        return TimeUnit.WORKING_DAYS
    return sorted(tied, key=lambda u: u.value)[0]


def infer_unit(
    value: float,
    own_text: str,
    sibling_units: Iterable[TimeUnit],
    procedure_text: str,
) -> tuple[TimeUnit | None, UnitEvidence | None]:
    """The unit of a bare ``value`` and what supports it, or (None, None)."""
    unit = _pick(units_stated(own_text, value))
    if unit:
        return unit, UnitEvidence.OWN_TEXT
    unit = _pick(sibling_units)
    if unit:
        return unit, UnitEvidence.SIBLING_CHANNEL
    unit = _pick(units_stated(procedure_text, value))
    if unit:
        return unit, UnitEvidence.PROCEDURE_TEXT
    if value == 1 and _SAME_DAY.search(procedure_text):
        return TimeUnit.WORKING_DAYS, UnitEvidence.SAME_DAY_WORDING
    return None, None
