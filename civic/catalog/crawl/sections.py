"""Cut a crawled page (``raw_text``) into its sections.

The crawler's own per-section fields sometimes start or stop at the wrong heading, because a
heading's words also occur inside the text (a dossier line mentioning "Kết quả xử lý", conditions
quoting "Cơ quan thực hiện"). The page itself always lists the sections in the same order, so we find
each heading *after* the previous one, preferring the occurrence followed by that section's table
header. The crawler's field is used only when a heading cannot be found at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from civic.text.vietnamese import nfc


@dataclass(frozen=True)
class PageSections:
    steps: str
    channels: str
    documents: str
    legal_basis: str
    agency: str
    conditions: str
    results: str
    realigned: tuple[str, ...]  # names of sections whose crawler field had wrong boundaries


_STEPS = "Trình Tự Thực Hiện"
_CHANNELS = "Cách Thức Thực Hiện"
_DOCUMENTS = "Thành phần hồ sơ"
_LEGAL = "Căn cứ pháp lý"
_AGENCY = "Cơ quan thực hiện"
_CONDITIONS = "Yêu cầu, điều kiện thực hiện"
_RESULTS = "Kết quả xử lý"
_KEYWORDS = "Từ khóa"

_LEGAL_TABLE = re.compile(r"Căn cứ pháp lý(?=Tên văn bản pháp lý|Không có thông tin)")

# crawler field name → section attribute
FIELD_OF_SECTION = {
    "steps": "trinh_tu_thuc_hien",
    "channels": "cach_thuc_thuc_hien",
    "documents": "thanh_phan_ho_so",
    "legal_basis": "can_cu_phap_ly",
    "agency": "co_quan_thuc_hien",
    "conditions": "yeu_cau_dieu_kien",
}


def _find(text: str, heading: str, start: int) -> int:
    return text.find(heading, start) if start >= 0 else -1


def split_page(raw_text: str, fields: Mapping[str, str]) -> PageSections:
    """Sections of one page; ``fields`` are the crawler's per-section strings (fallback and audit)."""
    text = nfc(raw_text)
    steps_at = _find(text, _STEPS, 0)
    channels_at = _find(text, _CHANNELS, steps_at)
    documents_at = _find(text, _DOCUMENTS, channels_at)
    legal_match = _LEGAL_TABLE.search(text, documents_at) if documents_at >= 0 else None
    legal_at = legal_match.start() if legal_match else _find(text, _LEGAL, documents_at)
    agency_at = _find(text, _AGENCY, legal_at + len(_LEGAL) if legal_at >= 0 else -1)
    conditions_at = _find(text, _CONDITIONS, agency_at)
    results_at = _find(text, _RESULTS, conditions_at)
    keywords_at = _find(text, _KEYWORDS, results_at if results_at >= 0 else conditions_at)

    bounds = [
        ("steps", steps_at, _STEPS),
        ("channels", channels_at, _CHANNELS),
        ("documents", documents_at, _DOCUMENTS),
        ("legal_basis", legal_at, _LEGAL),
        ("agency", agency_at, _AGENCY),
        ("conditions", conditions_at, _CONDITIONS),
        ("results", results_at, _RESULTS),
    ]
    found = [b for b in bounds if b[1] >= 0]
    ends = [b[1] for b in found[1:]] + [keywords_at if keywords_at >= 0 else len(text)]
    parts: dict[str, str] = {}
    for (name, at, heading), end in zip(found, ends, strict=True):
        parts[name] = text[at + len(heading) : max(end, at + len(heading))]

    realigned: list[str] = []
    for name in ("steps", "channels", "documents", "legal_basis", "agency", "conditions"):
        field_text = nfc(fields.get(FIELD_OF_SECTION[name], "") or "")
        if name not in parts:
            parts[name] = field_text
        elif parts[name].strip() != field_text.strip():
            realigned.append(name)
    if "results" not in parts:
        # No "Kết quả xử lý" heading: the page shows no result, whatever the crawler field holds.
        parts["results"] = ""
    return PageSections(
        steps=parts["steps"],
        channels=parts["channels"],
        documents=parts["documents"],
        legal_basis=parts["legal_basis"],
        agency=parts["agency"],
        conditions=parts["conditions"],
        results=parts["results"],
        realigned=tuple(realigned),
    )
