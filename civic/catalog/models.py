"""Typed records of the procedure catalog.

The crawl of the national portal is messy; these records are the clean shape every other part of the
project reads (search, actions, benchmarks). They are plain frozen dataclasses so they can be shared
between threads, compared in tests and serialised to JSON without a framework.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class ChannelKind(str, Enum):
    """How a dossier can be handed in. Values are stable identifiers used in payloads."""

    IN_PERSON = "in_person"  # Trực tiếp
    ONLINE = "online"  # Trực tuyến
    POST = "post"  # Dịch vụ bưu chính


class TimeUnit(str, Enum):
    """Units of a processing time limit, normalised from the portal's wording."""

    WORKING_DAYS = "working_days"  # Ngày làm việc
    DAYS = "days"  # Ngày
    HOURS = "hours"  # Giờ
    MONTHS = "months"  # Tháng


class Level(str, Enum):
    """Administrative level that carries out a procedure (after the 2025 reform: no district level)."""

    COMMUNE = "commune"  # Cấp xã
    PROVINCE = "province"  # Cấp tỉnh
    MINISTRY = "ministry"  # Cấp bộ
    OTHER = "other"  # Cơ quan khác


class Requirement(str, Enum):
    """Whether a document must always be handed in, only in some cases, or only shown."""

    REQUIRED = "required"
    CONDITIONAL = "conditional"
    PRESENT = "present"  # Giấy tờ phải xuất trình: shown at the counter, not handed in


@dataclass(frozen=True)
class Channel:
    kind: ChannelKind
    time_value: float | None  # None when the portal gives no time limit
    time_unit: TimeUnit | None
    time_text: str  # the portal's cell as crawled, for audit
    fee_amount: int | None  # in đồng; 0 means free; None when the amount is unknown or set by the province
    fee_text: str  # the fee description the amount was read from (original wording)
    description: str = ""


@dataclass(frozen=True)
class Document:
    name: str
    copies: int | None
    original: bool | None  # True: bản chính, False: bản sao, None: not stated
    requirement: Requirement
    form_template: str | None = None  # e.g. "Mẫu DC01 Phiếu thu thập thông tin dân cư.docx"
    section: str = ""  # the portal's grouping heading, if any


@dataclass(frozen=True)
class LegalBasis:
    code: str  # e.g. "123/2015/NĐ-CP"
    title: str = ""


@dataclass(frozen=True)
class Step:
    order: int
    text: str


@dataclass(frozen=True)
class Procedure:
    code: str  # e.g. "1.001193"
    name: str
    ministry: str
    levels: tuple[Level, ...]
    field: str  # lĩnh vực
    agency: str  # cơ quan thực hiện
    target_groups: tuple[str, ...]
    results: tuple[str, ...]
    url: str
    decision: str | None  # quyết định công bố; None when the portal shows a placeholder
    channels: tuple[Channel, ...] = ()
    documents: tuple[Document, ...] = ()
    legal_basis: tuple[LegalBasis, ...] = ()
    steps: tuple[Step, ...] = ()
    conditions: str = ""  # yêu cầu, điều kiện
    submit_address: str = ""  # địa chỉ tiếp nhận hồ sơ
    source: str = "dichvucong.gov.vn"
    needs_verification: tuple[str, ...] = ()  # names of fields whose facts are unverified

    @property
    def is_citizen_facing(self) -> bool:
        return any("Công dân" in group for group in self.target_groups)

    def channel(self, kind: ChannelKind) -> Channel | None:
        return next((c for c in self.channels if c.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _enum_values(asdict(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Procedure:
        return cls(
            code=data["code"],
            name=data["name"],
            ministry=data["ministry"],
            levels=tuple(Level(v) for v in data["levels"]),
            field=data["field"],
            agency=data["agency"],
            target_groups=tuple(data["target_groups"]),
            results=tuple(data["results"]),
            url=data["url"],
            decision=data.get("decision"),
            channels=tuple(
                Channel(
                    kind=ChannelKind(c["kind"]),
                    time_value=c["time_value"],
                    time_unit=TimeUnit(c["time_unit"]) if c["time_unit"] else None,
                    time_text=c["time_text"],
                    fee_amount=c["fee_amount"],
                    fee_text=c["fee_text"],
                    description=c.get("description", ""),
                )
                for c in data.get("channels", ())
            ),
            documents=tuple(
                Document(
                    name=d["name"],
                    copies=d["copies"],
                    original=d["original"],
                    requirement=Requirement(d["requirement"]),
                    form_template=d.get("form_template"),
                    section=d.get("section", ""),
                )
                for d in data.get("documents", ())
            ),
            legal_basis=tuple(LegalBasis(**lb) for lb in data.get("legal_basis", ())),
            steps=tuple(Step(**s) for s in data.get("steps", ())),
            conditions=data.get("conditions", ""),
            submit_address=data.get("submit_address", ""),
            source=data.get("source", "dichvucong.gov.vn"),
            needs_verification=tuple(data.get("needs_verification", ())),
        )


def _enum_values(value: Any) -> Any:
    """Turn enums into their string values and tuples into lists, recursively, for JSON."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _enum_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_enum_values(v) for v in value]
    return value
