"""What the citizen hears after confirming a dossier: papers to bring or upload, fee, processing time.

Everything comes from data: the catalog (documents, fee and time per channel), the spec (which catalog
documents apply to this dossier, in short speakable words, and notes where the catalog is unreliable)
and the province fee rules. Amounts are said in words ("mười nghìn đồng"), since a listener cannot
glance back at a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from civic.catalog.answers import VERIFY_NOTE
from civic.catalog.models import Channel, ChannelKind, Document, Procedure, Requirement, TimeUnit
from civic.catalog.store import Catalog, default_catalog
from civic.forms.draft import DossierDraft
from civic.forms.fee_rules import FeeRule, rules_for
from civic.forms.flow import conditions_hold
from civic.forms.loader import get_spec
from civic.forms.spec import DocumentSpec, FormSpec
from civic.text.numbers import spoken_number
from civic.text.vietnamese import fold

MAX_PART_WORDS = 25
_ORDINALS = ("Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Thứ tám")
_CHANNEL_WORDS = {
    ChannelKind.ONLINE: "khi nộp trực tuyến",
    ChannelKind.IN_PERSON: "khi nộp trực tiếp",
    ChannelKind.POST: "khi gửi qua bưu điện",
}
_UNIT_WORDS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.DAYS: "ngày",
    TimeUnit.HOURS: "giờ",
    TimeUnit.MONTHS: "tháng",
}


@dataclass(frozen=True)
class PaperDocument:
    say: str  # short speakable name from the spec
    name: str  # the full name, from the catalog when it lists the paper
    present_only: bool  # shown at the counter, not handed in
    from_catalog: bool


def money_words(amount: int) -> str:
    """``10000`` → ``mười nghìn đồng``."""
    return f"{spoken_number(amount)} đồng"


def catalog_document(procedure: Procedure, wanted: str) -> Document:
    """The one catalog document whose name contains ``wanted`` (compared without marks)."""
    key = fold(wanted)
    found = [d for d in procedure.documents if key in fold(d.name)]
    if len(found) != 1:
        raise LookupError(
            f"{procedure.code}: {len(found)} catalog documents contain {wanted!r}; the spec must name exactly one"
        )
    return found[0]


def _paper(procedure: Procedure | None, doc: DocumentSpec) -> PaperDocument:
    if doc.catalog is not None and procedure is not None:
        found = catalog_document(procedure, doc.catalog)
        return PaperDocument(doc.say, found.name, found.requirement is Requirement.PRESENT, True)
    return PaperDocument(doc.say, doc.text or doc.say, doc.present, False)


def documents_for(
    draft: DossierDraft, today: date | None = None, catalog: Catalog | None = None
) -> list[PaperDocument]:
    """The papers this dossier needs, given its answers (documents whose conditions hold)."""
    spec = get_spec(draft.code)
    procedure = (catalog or default_catalog()).get(spec.code)
    day = today or date.today()
    return [
        _paper(procedure, doc)
        for doc in spec.documents
        if not doc.when or conditions_hold(spec, doc.when, draft.answers, day) is True
    ]


def _pack(items: list[str]) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    for item in items:
        candidate = [*current, item]
        if current and (len(candidate) > 2 or len(" ".join(candidate).split()) > MAX_PART_WORDS):
            parts.append(" ".join(current))
            candidate = [item]
        current = candidate
    if current:
        parts.append(" ".join(current))
    return parts


def documents_parts(papers: list[PaperDocument]) -> list[str]:
    handed = [p for p in papers if not p.present_only]
    shown = [p for p in papers if p.present_only]
    parts: list[str] = []
    if handed:
        parts.append(f"Giấy tờ cần nộp hoặc tải lên: {spoken_number(len(handed))} loại.")
        labels = [_ORDINALS[i] if i < len(_ORDINALS) else f"Mục {i + 1}" for i in range(len(handed))]
        parts += _pack([f"{label}: {p.say}." for label, p in zip(labels, handed, strict=True)])
    if shown:
        parts += _pack([f"Mang theo để xuất trình: {'; '.join(p.say for p in shown)}."])
    return parts


def _channel(procedure: Procedure, wanted: ChannelKind) -> Channel | None:
    return procedure.channel(wanted) or (procedure.channels[0] if procedure.channels else None)


def _filing_province(spec: FormSpec, answers: dict[str, Any]) -> tuple[str, str] | None:
    """(code, name) of the province the dossier is filed in, from the spec's filing place field."""
    value = answers.get(spec.filing_place_field) if spec.filing_place_field else None
    if not isinstance(value, dict):
        return None
    code = value.get("province_code") or value.get("code")
    name = value.get("province") or value.get("name")
    return (str(code), str(name)) if code and name else None


def _in_sentence(province_name: str) -> str:
    """``Thành phố Huế`` → ``thành phố Huế``: the kind is not part of the proper name."""
    for kind in ("Thành phố", "Tỉnh"):
        if province_name.startswith(kind + " "):
            return kind.lower() + province_name[len(kind) :]
    return province_name


def _rule_sentence(rule: FeeRule, province_name: str, total: int, chosen: ChannelKind) -> str:
    percent = f"{spoken_number(rule.reduction_percent)} phần trăm"
    where = province_name  # at the start of the sentence the kind keeps its capital
    online = " khi nộp trực tuyến" if rule.channels == (ChannelKind.ONLINE,) else ""
    if chosen in rule.channels:
        return f"{where} giảm {percent} lệ phí{online}, còn {money_words(rule.reduce(total))}."
    return f"Nếu nộp trực tuyến, {_in_sentence(province_name)} giảm {percent} lệ phí."


def fee_message(
    draft: DossierDraft, channel: ChannelKind = ChannelKind.ONLINE, catalog: Catalog | None = None
) -> str:
    """The fee for this dossier in words, with any province reduction said."""
    spec = get_spec(draft.code)
    procedure = (catalog or default_catalog()).get(spec.code)
    chosen = _channel(procedure, channel) if procedure else None
    note = f" {spec.fee.note}" if spec.fee.note else ""
    if chosen is None or chosen.fee_amount is None:
        texts = " ".join(c.fee_text for c in procedure.channels).lower() if procedure else ""
        if "hội đồng nhân dân" in texts:
            return "Lệ phí do Hội đồng nhân dân tỉnh quy định." + note
        return "Danh mục chưa ghi mức lệ phí; bạn hỏi cán bộ một cửa nhé." + note
    amount = chosen.fee_amount
    if amount == 0:
        return spec.fee.note or "Thủ tục này không mất lệ phí."
    total = amount
    sentence = f"Lệ phí {_CHANNEL_WORDS[chosen.kind]}: {money_words(amount)}"
    if spec.fee.per_unit_field:
        units = draft.answers.get(spec.fee.per_unit_field)
        unit = spec.fee.unit or "bản"
        sentence += f" một {unit}"
        if isinstance(units, int) and units > 1:
            total = amount * units
            sentence += f"; {spoken_number(units)} {unit} là {money_words(total)}"
    said = [sentence + "."]
    province = _filing_province(spec, draft.answers)
    if province is not None:
        for rule in rules_for(province[0], spec.code):
            has_online = procedure is not None and procedure.channel(ChannelKind.ONLINE) is not None
            if chosen.kind in rule.channels or (ChannelKind.ONLINE in rule.channels and has_online):
                said.append(_rule_sentence(rule, province[1], total, chosen.kind))
    return " ".join(said) + note


def processing_time_message(
    draft: DossierDraft, channel: ChannelKind = ChannelKind.ONLINE, catalog: Catalog | None = None
) -> str:
    spec = get_spec(draft.code)
    if spec.processing_time.say:
        return spec.processing_time.say
    procedure = (catalog or default_catalog()).get(spec.code)
    chosen = _channel(procedure, channel) if procedure else None
    if chosen is None or chosen.time_value is None or chosen.time_unit is None:
        return "Danh mục chưa ghi thời hạn giải quyết; bạn hỏi cán bộ một cửa nhé."
    value = chosen.time_value
    number = spoken_number(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
    return f"Thời hạn giải quyết: {number} {_UNIT_WORDS[chosen.time_unit]}, kể từ khi nhận đủ hồ sơ."


def closing_parts(
    draft: DossierDraft,
    channel: ChannelKind = ChannelKind.ONLINE,
    today: date | None = None,
    catalog: Catalog | None = None,
) -> tuple[str, ...]:
    """Papers, fee and processing time, in short speakable parts; a caution where the catalog's
    facts for this procedure are unverified."""
    spec = get_spec(draft.code)
    chosen_catalog = catalog or default_catalog()
    parts = documents_parts(documents_for(draft, today, chosen_catalog))
    parts.append(fee_message(draft, channel, chosen_catalog))
    parts.append(processing_time_message(draft, channel, chosen_catalog))
    procedure = chosen_catalog.get(spec.code)
    unverified = set(procedure.needs_verification) if procedure else set()
    if unverified & {"documents", "fee", "processing_time"}:
        parts.append(VERIFY_NOTE)
    return tuple(parts)
