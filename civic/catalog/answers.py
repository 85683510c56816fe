"""Speakable answers about one procedure.

A blind caller hears every message once, at speaking pace, so answers are cut into short messages
(about 25 words at most), long lists are read a few items at a time ("nói tiếp" continues), and
nothing is said that the catalog does not state. Numbers stay in written form ("20.000 đồng",
"1.001193"); the speech layer's normaliser turns them into words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from civic.catalog.models import Channel, ChannelKind, Level, Procedure, Requirement, TimeUnit

MAX_WORDS = 25
ITEMS_PER_PART = 2
CONTINUE_HINT = "Nói “tiếp” để nghe tiếp."


class Aspect(str, Enum):
    """What the citizen asked about a procedure; values appear in reply payloads."""

    SUMMARY = "summary"
    DOCUMENTS = "documents"
    FEE = "fee"
    PROCESSING_TIME = "processing_time"
    WHERE_TO_SUBMIT = "where_to_submit"
    LEGAL_BASIS = "legal_basis"
    STEPS = "steps"


@dataclass(frozen=True)
class Answer:
    """Messages to say now, and the parts kept for "nói tiếp"."""

    now: tuple[str, ...]
    later: tuple[str, ...] = ()
    items: tuple[str, ...] = field(default=())  # full, untruncated list items for screens


_CHANNEL_WORDS = {
    ChannelKind.IN_PERSON: "nộp trực tiếp",
    ChannelKind.ONLINE: "nộp trực tuyến",
    ChannelKind.POST: "gửi qua bưu điện",
}
_UNIT_WORDS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.DAYS: "ngày",
    TimeUnit.HOURS: "giờ",
    TimeUnit.MONTHS: "tháng",
}
_ORDINALS = (
    "Thứ nhất",
    "Thứ hai",
    "Thứ ba",
    "Thứ tư",
    "Thứ năm",
    "Thứ sáu",
    "Thứ bảy",
    "Thứ tám",
    "Thứ chín",
)
_CUT_MARKERS = re.compile(
    r";|:|\(|\. |, trường hợp| trường hợp không| trong trường hợp| hoặc các giấy tờ khác", re.IGNORECASE
)
VERIFY_NOTE = "Thông tin này chưa được xác minh, bạn nên hỏi lại cán bộ một cửa."


def word_count(text: str) -> int:
    return len(text.split())


_SOFT_BREAKS = re.compile(r",| (?:của|do|theo|tại|về|cho|đối với)(?= |$)")


def shorten(text: str, max_words: int = 20) -> str:
    """The head of a long catalog sentence: up to the first clause break, at most ``max_words`` words.

    A hard cut would stop mid-word ("văn bản xác"), so an over-long head is cut before the last
    comma or preposition in its second half instead.
    """
    text = " ".join(text.split()).strip(" -+–.;,")
    match = _CUT_MARKERS.search(text)
    if match and match.start() > 0 and word_count(text[: match.start()]) >= 2:
        text = text[: match.start()]
    tokens = text.split()
    if len(tokens) > max_words:
        head = " ".join(tokens[:max_words])
        breaks = [m.start() for m in _SOFT_BREAKS.finditer(head) if m.start() > len(head) // 2]
        text = head[: breaks[-1]] if breaks else head
    return text.strip(" ,;:-")


_NAME_QUALIFIERS = re.compile(r"\s+(?:thuộc thẩm quyền|theo đề nghị của|do chủ tịch)\b", re.IGNORECASE)


def short_name(procedure: Procedure, max_words: int = 22) -> str:
    """The name as it can be said in one breath: long names lose their authority qualifiers first."""
    name = re.sub(r"^thủ tục\s+", "", procedure.name.strip(), flags=re.IGNORECASE)
    name = re.sub(r"^liên thông (?:các )?thủ tục hành chính về\s+", "Liên thông ", name, flags=re.IGNORECASE)
    if len(name.split()) <= max_words:
        return name
    qualifier = _NAME_QUALIFIERS.search(name)
    if qualifier and len(name[: qualifier.start()].split()) >= 4:
        name = name[: qualifier.start()]
    return shorten(name, max_words)


def format_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def format_duration(channel: Channel) -> str | None:
    if channel.time_value is None or channel.time_unit is None:
        return None
    value = channel.time_value
    number = str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
    return f"{number} {_UNIT_WORDS[channel.time_unit]}"


def _level_phrase(procedure: Procedure) -> str:
    if Level.COMMUNE in procedure.levels:
        return "Ủy ban nhân dân xã, phường nơi bạn cư trú"
    if Level.PROVINCE in procedure.levels:
        return "cơ quan cấp tỉnh"
    if Level.MINISTRY in procedure.levels:
        return "cơ quan cấp bộ"
    return "cơ quan có thẩm quyền"


def _verify_suffix(procedure: Procedure, aspect_field: str) -> tuple[str, ...]:
    return (VERIFY_NOTE,) if aspect_field in procedure.needs_verification else ()


def _by_channel(procedure: Procedure, describe: dict[ChannelKind, str | None]) -> list[str]:
    """One clause per distinct value; channels sharing a value are said together."""
    grouped: dict[str, list[ChannelKind]] = {}
    for kind, value in describe.items():
        if value is not None:
            grouped.setdefault(value, []).append(kind)
    if len(grouped) == 1:
        return [next(iter(grouped))]
    return [
        f"{' hoặc '.join(_CHANNEL_WORDS[k] for k in kinds).capitalize()}: {value}"
        for value, kinds in grouped.items()
    ]


def answer_summary(procedure: Procedure) -> Answer:
    return Answer(
        now=(
            f"Thủ tục {short_name(procedure)}.",
            f"Làm tại {_level_phrase(procedure)}. Bạn muốn hỏi giấy tờ, lệ phí, thời gian hay nơi nộp?",
        )
    )


def answer_fee(procedure: Procedure) -> Answer:
    fees = {c.kind: c.fee_amount for c in procedure.channels}
    known = {k: v for k, v in fees.items() if v is not None}
    if not procedure.channels or not known:
        texts = " ".join(c.fee_text for c in procedure.channels).lower()
        if "hội đồng nhân dân" in texts or "hđnd" in texts:
            message = (
                "Lệ phí do Hội đồng nhân dân tỉnh quy định, mỗi tỉnh một mức. Bạn hỏi cán bộ một cửa nhé."
            )
        else:
            message = "Danh mục chưa ghi mức lệ phí của thủ tục này. Bạn hỏi cán bộ một cửa nhé."
        return Answer(now=(message, *_verify_suffix(procedure, "fee")))
    if all(v == 0 for v in known.values()):
        return Answer(now=("Thủ tục này không mất lệ phí.", *_verify_suffix(procedure, "fee")))
    clauses = _by_channel(
        procedure, {k: ("miễn phí" if v == 0 else format_money(v)) for k, v in known.items()}
    )
    if len(clauses) == 1:
        return Answer(now=(f"Lệ phí: {clauses[0]}.", *_verify_suffix(procedure, "fee")))
    return Answer(now=("Lệ phí: " + ". ".join(clauses) + ".", *_verify_suffix(procedure, "fee")))


def answer_processing_time(procedure: Procedure) -> Answer:
    durations = {c.kind: format_duration(c) for c in procedure.channels}
    if not any(durations.values()):
        return Answer(now=("Danh mục chưa ghi rõ thời hạn giải quyết. Bạn hỏi cán bộ một cửa nhé.",))
    clauses = _by_channel(procedure, durations)
    if len(clauses) == 1:
        message = f"Thời hạn giải quyết: {clauses[0]}, kể từ khi nhận đủ hồ sơ."
    else:
        message = "Thời hạn giải quyết: " + ". ".join(clauses) + "."
    return Answer(now=(message, *_verify_suffix(procedure, "processing_time")))


def answer_where_to_submit(procedure: Procedure) -> Answer:
    place = (
        shorten(procedure.submit_address or procedure.agency, 16)
        if (procedure.submit_address or procedure.agency)
        else ""
    )
    first = f"Bạn nộp hồ sơ tại {_level_phrase(procedure)}."
    if place and Level.COMMUNE not in procedure.levels:
        first = f"Bạn nộp hồ sơ tại {place}."
    kinds = [c.kind for c in procedure.channels]
    ways = [
        _CHANNEL_WORDS[k] for k in (ChannelKind.IN_PERSON, ChannelKind.POST, ChannelKind.ONLINE) if k in kinds
    ]
    messages = [first]
    if ways:
        second = "Có thể " + ", ".join(ways) + "."
        if ChannelKind.ONLINE in kinds:
            second += " Trực tuyến qua Cổng dịch vụ công quốc gia."
        messages.append(second)
    return Answer(now=tuple(messages))


def _group(spoken: list[str]) -> list[str]:
    """Pack list items into messages of at most ITEMS_PER_PART items and MAX_WORDS words."""
    parts: list[str] = []
    current: list[str] = []
    for item in spoken:
        candidate = [*current, item]
        if current and (len(candidate) > ITEMS_PER_PART or word_count(" ".join(candidate)) > MAX_WORDS):
            parts.append(" ".join(current))
            candidate = [item]
        current = candidate
    if current:
        parts.append(" ".join(current))
    return parts


def _list_answer(
    intro: str, items: list[str], label: tuple[str, ...] = _ORDINALS, prefixes: list[str] | None = None
) -> Answer:
    spoken = [
        f"{label[i] if i < len(label) else f'Mục {i + 1}'}: {prefix}{shorten(item, 20 - word_count(prefix))}."
        for i, (item, prefix) in enumerate(zip(items, prefixes or [""] * len(items), strict=True))
    ]
    first, later = spoken[:ITEMS_PER_PART], _group(spoken[ITEMS_PER_PART:])
    now = (intro, *first, CONTINUE_HINT) if later else (intro, *first)
    return Answer(now=now, later=tuple(later), items=tuple(items))


def answer_documents(procedure: Procedure) -> Answer:
    # What everyone must bring comes first; papers for special cases after, shown papers last.
    required = [d for d in procedure.documents if d.requirement == Requirement.REQUIRED]
    conditional = [d for d in procedure.documents if d.requirement == Requirement.CONDITIONAL]
    handed_in = required + conditional
    shown = [d for d in procedure.documents if d.requirement == Requirement.PRESENT]
    if not handed_in and not shown:
        return Answer(
            now=("Danh mục chưa ghi thành phần hồ sơ của thủ tục này. Bạn hỏi cán bộ một cửa nhé.",)
        )
    items = [d.name for d in (*handed_in, *shown)]
    prefixes = [""] * len(handed_in) + ["mang theo để xuất trình "] * len(shown)
    intro = f"Hồ sơ gồm {len(handed_in)} loại giấy tờ"
    intro += f", trong đó {len(conditional)} loại chỉ cần khi thuộc trường hợp riêng." if conditional else "."
    answer = _list_answer(intro, items, prefixes=prefixes)
    if "documents" in procedure.needs_verification:
        return Answer(now=(*answer.now, VERIFY_NOTE), later=answer.later, items=answer.items)
    return answer


def answer_legal_basis(procedure: Procedure) -> Answer:
    if not procedure.legal_basis:
        return Answer(now=("Danh mục chưa ghi căn cứ pháp lý của thủ tục này.",))
    items = [f"{lb.title}, số {lb.code}" if lb.title else lb.code for lb in procedure.legal_basis]
    answer = _list_answer(f"Có {len(items)} văn bản làm căn cứ pháp lý.", items)
    if "legal_basis" in procedure.needs_verification:
        return Answer(now=(*answer.now, VERIFY_NOTE), later=answer.later, items=answer.items)
    return answer


def answer_steps(procedure: Procedure) -> Answer:
    if not procedure.steps:
        return Answer(now=("Danh mục chưa ghi các bước thực hiện. Bạn hỏi cán bộ một cửa nhé.",))
    labels = tuple(f"Bước {s.order}" for s in procedure.steps)
    return _list_answer(f"Thủ tục có {len(procedure.steps)} bước.", [s.text for s in procedure.steps], labels)


_ANSWERERS = {
    Aspect.SUMMARY: answer_summary,
    Aspect.DOCUMENTS: answer_documents,
    Aspect.FEE: answer_fee,
    Aspect.PROCESSING_TIME: answer_processing_time,
    Aspect.WHERE_TO_SUBMIT: answer_where_to_submit,
    Aspect.LEGAL_BASIS: answer_legal_basis,
    Aspect.STEPS: answer_steps,
}


def answer(procedure: Procedure, aspect: Aspect) -> Answer:
    return _ANSWERERS[aspect](procedure)
