"""Counting defects found in the crawl: how many were repaired and how many could not be.

Every repair in the builder reports what it did here, so the build report (and the tests) can say
exactly how much of the catalog was changed and how much is still unknown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Stable, human-readable descriptions of each defect class, in report order.
DEFECT_CLASSES: dict[str, str] = {
    "nfd_text": "decomposed (NFD) Unicode → NFC",
    "section_boundaries": "crawler section field cut at the wrong heading → re-cut from raw_text",
    "boilerplate": "page chrome / 'Không có thông tin' placeholders removed",
    "duplicate_channel_rows": "identical channel rows listed twice",
    "orphan_channel_text": "text before the first channel row (row lost by the scraper)",
    "time_glued_to_fee": "unit-less time glued to a numeric fee ('1100 VNĐ' = 1 | 100 VNĐ)",
    "time_unit_missing": "time with a number and no unit",
    "time_zero": "time given as 0",
    "time_unit_conflict": "cell says 'Ngày' but the row's own text says the same number of 'ngày làm việc'",
    "fee_free_headline_contradicted": "'Miễn phí' headline but the fee note states or cites a fee",
    "fee_headline_scale": "headline amount below 1.000 đồng (written in thousands or wrong unit)",
    "fee_headline_missing": "no fee headline but the note states the fee",
    "document_notes": "note lines in the dossier list ('0 bản chính', 'Lưu ý', headings)",
    "document_glued_quantity": "quantity glued to a year/article number ('20261 bản chính')",
    "document_bullets": "leading bullets/numbering ('- ', '+ ', '--- ', 'a) ')",
    "document_form_template": "form file name glued to the document name",
    "document_quantity_missing": "dossier line without a quantity cell",
    "legal_row_split": "legal-basis row (title + code) split from the flattened table",
    "decision_placeholder": "placeholder publication decision ('QĐ/0001-BTP')",
    "decision_malformed": "malformed decision number ('SỐ 64/QĐ-NHNN', '2267./QĐ-BXD', 'QĐ2338-BTP')",
    "result_codes": "result names glued to their 'Mã: KQ…' codes",
    "agency_missing": "no 'Cơ quan thực hiện' → competent authority used",
}


@dataclass
class DefectTally:
    """Per defect class: how many occurrences were repaired, and how many could not be."""

    repaired: Counter[str] = field(default_factory=Counter)
    unrepairable: Counter[str] = field(default_factory=Counter)

    def fixed(self, defect: str, count: int = 1) -> None:
        self._check(defect)
        if count:
            self.repaired[defect] += count

    def failed(self, defect: str, count: int = 1) -> None:
        self._check(defect)
        if count:
            self.unrepairable[defect] += count

    @staticmethod
    def _check(defect: str) -> None:
        if defect not in DEFECT_CLASSES:
            raise KeyError(f"unknown defect class {defect!r}")

    def rows(self) -> list[tuple[str, int, int]]:
        """(class, repaired, unrepairable) for every class, in report order."""
        return [(name, self.repaired[name], self.unrepairable[name]) for name in DEFECT_CLASSES]
