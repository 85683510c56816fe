"""Inside a form, an interrupting intent counts only when the words ask for it.

The answers below are ones the trained classifier really filed under an interrupting intent (with
confidence 0.5–1.0) when they were typed as answers to form questions.
"""

from __future__ import annotations

import pytest

from civic.forms.interruptions import INTERRUPTING_INTENTS, is_interruption

MISTAKEN_ANSWERS = [
    ("ask_legal_basis", "Nguyễn Văn Cường"),
    ("ask_fee", "Bùi Thị Mai"),
    ("ask_fee", "Trạm y tế phường Thuận Hóa"),
    ("ask_where_to_submit", "xã Sóc Sơn, thành phố Hà Nội"),
    ("ask_documents", "phường Cầu Giấy, Hà Nội"),
    ("request_human", "phường Trường Vinh"),
    ("speak_slower", "dân tộc Kinh"),
    ("speak_faster", "Lê Văn Minh"),
    ("repeat", "Nghệ An"),
    ("help", "không biết"),
    ("check_dossier_status", "tôi là mẹ của bé"),
    ("ask_fee", "số 5 phố Tràng Tiền"),
]

REAL_INTERRUPTIONS = [
    ("ask_fee", "lệ phí bao nhiêu?"),
    ("ask_fee", "le phi bao nhieu"),
    ("ask_documents", "cần mang giấy tờ gì"),
    ("ask_processing_time", "mất bao lâu thì có"),
    ("ask_where_to_submit", "nộp ở đâu vậy"),
    ("cancel", "dừng lại"),
    ("cancel", "thôi không làm nữa"),
    ("request_human", "cho tôi gặp cán bộ"),
    ("repeat", "nhắc lại giùm"),
    ("speak_slower", "nói chậm thôi"),
    ("help", "tôi phải nói gì"),
    ("resume_filing", "tiếp tục hồ sơ 1234 5678"),
]


@pytest.mark.parametrize(("intent", "text"), MISTAKEN_ANSWERS)
def test_an_answer_mistaken_for_an_interruption_stays_an_answer(intent: str, text: str) -> None:
    assert not is_interruption(intent, text)


@pytest.mark.parametrize(("intent", "text"), REAL_INTERRUPTIONS)
def test_a_real_interruption_is_recognised(intent: str, text: str) -> None:
    assert is_interruption(intent, text)


def test_other_intents_never_interrupt() -> None:
    assert "affirm" not in INTERRUPTING_INTENTS
    assert not is_interruption("affirm", "đúng rồi")
    assert not is_interruption("ask_procedure", "sửa tên mẹ")


def test_the_domain_skips_exactly_the_interrupting_intents() -> None:
    """The from_text mapping and the cue table must name the same intents, or an interruption
    either has no rule or is never taken back as an answer."""
    from pathlib import Path

    import yaml

    domain = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8")
    )
    (mapping,) = domain["slots"]["dossier_answer"]["mappings"]
    assert set(mapping["not_intent"]) == INTERRUPTING_INTENTS
