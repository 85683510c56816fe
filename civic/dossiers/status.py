"""Where a dossier is in its life, which moves the one-stop office may make, and how to say it.

The transitions follow the one-stop procedure (Nghị định 61/2018/NĐ-CP): a dossier is received,
processed, possibly sent back for more papers, and ends with a result, a refusal or a withdrawal.
Checking them here keeps the officer API from recording an impossible history that "tra cứu" would
then read out to the citizen.
"""

from __future__ import annotations

from enum import Enum


class DossierStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"  # tiếp nhận
    IN_PROGRESS = "in_progress"  # đang xử lý
    NEEDS_MORE = "needs_more"  # yêu cầu bổ sung
    DONE = "done"  # có kết quả
    REJECTED = "rejected"  # từ chối
    CANCELLED = "cancelled"  # rút hồ sơ / hủy


class Channel(str, Enum):
    """Where the citizen filed: the office needs it to know how to reach them back."""

    KIOSK = "kiosk"
    PHONE = "phone"
    ZALO = "zalo"
    WEB = "web"
    CHAT = "chat"


_S = DossierStatus
ALLOWED_TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    _S.DRAFT: frozenset({_S.SUBMITTED, _S.CANCELLED}),
    _S.SUBMITTED: frozenset({_S.RECEIVED, _S.REJECTED, _S.CANCELLED}),
    _S.RECEIVED: frozenset({_S.IN_PROGRESS, _S.NEEDS_MORE, _S.DONE, _S.REJECTED, _S.CANCELLED}),
    _S.IN_PROGRESS: frozenset({_S.NEEDS_MORE, _S.DONE, _S.REJECTED, _S.CANCELLED}),
    _S.NEEDS_MORE: frozenset({_S.IN_PROGRESS, _S.REJECTED, _S.CANCELLED}),
    _S.DONE: frozenset(),
    _S.REJECTED: frozenset(),
    _S.CANCELLED: frozenset(),
}

# Read out by "tra cứu hồ sơ": one or two short sentences, no abbreviations, no codes.
_DESCRIPTIONS: dict[DossierStatus, str] = {
    _S.DRAFT: "Hồ sơ mới lưu nháp, chưa được nộp.",
    _S.SUBMITTED: "Hồ sơ đã được gửi, đang chờ bộ phận một cửa tiếp nhận.",
    _S.RECEIVED: "Hồ sơ đã được bộ phận một cửa tiếp nhận.",
    _S.IN_PROGRESS: "Hồ sơ đang được xử lý.",
    _S.NEEDS_MORE: "Hồ sơ cần bổ sung giấy tờ. Bạn vui lòng liên hệ bộ phận một cửa để biết cần bổ sung gì.",
    _S.DONE: "Hồ sơ đã có kết quả. Bạn có thể đến nhận kết quả.",
    _S.REJECTED: "Hồ sơ không được giải quyết. Bạn vui lòng liên hệ bộ phận một cửa để biết lý do.",
    _S.CANCELLED: "Hồ sơ đã được hủy.",
}


class TransitionError(ValueError):
    """An officer or the dialogue asked for a status change the procedure does not allow."""

    def __init__(self, current: DossierStatus, requested: DossierStatus) -> None:
        super().__init__(f"cannot move a dossier from {current.value} to {requested.value}")
        self.current = current
        self.requested = requested


def can_transition(current: DossierStatus, requested: DossierStatus) -> bool:
    return requested in ALLOWED_TRANSITIONS[current]


def check_transition(current: DossierStatus, requested: DossierStatus) -> None:
    if not can_transition(current, requested):
        raise TransitionError(current, requested)


def is_final(status: DossierStatus) -> bool:
    return not ALLOWED_TRANSITIONS[status]


def describe_status(status: DossierStatus) -> str:
    """The sentence "tra cứu hồ sơ" speaks for a status."""
    return _DESCRIPTIONS[status]


__all__ = [
    "ALLOWED_TRANSITIONS",
    "Channel",
    "DossierStatus",
    "TransitionError",
    "can_transition",
    "check_transition",
    "describe_status",
    "is_final",
]
