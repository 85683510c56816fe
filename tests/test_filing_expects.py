"""What answer each filing message waits for (the ``expects`` payload), on fixture trackers.

A voice front end listens for a handful of phrases after a closed question (yes/no, a few options,
digits) and recognises freely after an open one; these tests pin which form messages say which.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.filing import ActionAskDossierAnswer, ValidateDossierForm
from civic.forms import engine, wording
from civic.forms.draft import DossierDraft, Phase
from civic.forms.engine import OutcomeKind
from civic.forms.loader import get_spec, option_lists
from civic.validation.sex import Sex, parse_sex
from tests.test_filing_actions import CONSENT_AT, form_turn, run, tracker

KHAI_SINH = "1.001193"
KET_HON = "1.000894"
TAM_TRU = "1.004222"
TRICH_LUC = "2.000635"
KHAI_SINH_ANSWERS = (
    "Nguyễn Minh An",  # child_full_name
    "bé trai",  # child_sex
    "ngày 5 tháng 3 năm 2025",  # child_birth_date
    "Bệnh viện Phụ sản Hà Nội",  # birth_place
    "Kinh",  # child_ethnicity
    "Trần Thị Bình",  # mother_full_name
    "20/10/1995",  # mother_birth_date
    "001195012345",  # mother_cccd
)
KET_HON_ANSWERS = (
    "Lê Văn Minh",
    "14/02/1996",
    "001096012345",
    "phường Cầu Giấy, Hà Nội",
    "Đỗ Thị Hương",
    "08/03/1998",
    "001198012345",
    "xã Sóc Sơn, thành phố Hà Nội",
    "0978123456",
)
TRICH_LUC_ANSWERS = (
    "khai sinh",  # record_type
    "Nguyễn Thị Lan",  # subject_full_name
    "không nhớ",  # subject_birth_date
    "xã Yên Thường, Hà Nội",  # registration_place
    "1980",  # registration_year
    "không",  # is_self
    "con",  # applicant_relationship
    "Trần Văn Tú",  # applicant_full_name
    "001080012345",  # applicant_cccd
    "2 bản",  # copies
)
TAM_TRU_ANSWERS = (
    "Hoàng Văn Nam",
    "1/6/1990",
    "nam",
    "046090012345",
    "Huế",
    "phường Thuận Hóa",
    "số 12 đường Lê Lợi",
)


def advance(code: str, answers: tuple[str, ...], confirm_last: bool = True) -> DossierDraft:
    """A draft of ``code`` after consent and ``answers``; each read-back is confirmed with "đúng",
    except the last one's when ``confirm_last`` is false."""
    draft = engine.handle(engine.start(code).draft, "đồng ý").draft
    for position, text in enumerate(answers):
        out = engine.handle(draft, text)
        if out.kind is OutcomeKind.CLARIFY:
            out = engine.handle(out.draft, text)
        assert out.kind in (OutcomeKind.READBACK, OutcomeKind.SAVED, OutcomeKind.REVIEW), (text, out.kind)
        draft = out.draft
        if draft.phase is Phase.CONFIRMING and (confirm_last or position < len(answers) - 1):
            draft = engine.handle(draft, "đúng").draft
    return draft


async def answer(draft: DossierDraft, text: str) -> list[dict[str, Any]]:
    """The form validation's messages for the citizen's ``text``: ``say_outcome``."""
    messages, _ = await run(
        ValidateDossierForm(), form_turn(text, "inform", draft, dossier_consent_at=CONSENT_AT)
    )
    assert messages, "the form said nothing"
    return messages


async def asked_again(draft: DossierDraft) -> list[dict[str, Any]]:
    """The question the form waits on, asked again (after an interruption): ``say_current_question``."""
    messages, _ = await run(
        ActionAskDossierAnswer(), tracker("", "inform", {"dossier_draft": draft.to_json()})
    )
    assert messages, "the question was not asked"
    return messages


def expects(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m["custom"].get("expects") for m in messages]


# --- yes/no --------------------------------------------------------------------------------------------


async def test_the_consent_question_expects_yes_or_no() -> None:
    start = engine.start(KHAI_SINH).draft
    (consent,) = await asked_again(start)
    assert consent["custom"]["kind"] == "consent" and consent["custom"]["expects"] == "yes_no"
    unclear = await answer(start, "để tôi xem")  # neither yes nor no: the consent question again
    assert expects(unclear) == [None, "yes_no"]
    assert unclear[-1]["text"].endswith(wording.CONSENT_ASK)


async def test_a_name_question_is_open_and_its_read_back_expects_yes_or_no() -> None:
    start = engine.start(KHAI_SINH).draft
    after_consent = await answer(start, "đồng ý")
    assert after_consent[-1]["custom"]["field"] == "child_full_name"
    assert expects(after_consent) == [None] * len(after_consent)  # a name: recognise freely
    asking = engine.handle(start, "đồng ý").draft
    (read_back,) = await answer(asking, "Nguyễn Minh An")
    assert read_back["custom"]["kind"] == "read_back" and read_back["custom"]["expects"] == "yes_no"
    assert read_back["text"].endswith("Đúng không?")
    (again,) = await asked_again(engine.handle(asking, "Nguyễn Minh An").draft)
    assert again["custom"]["kind"] == "read_back" and again["custom"]["expects"] == "yes_no"


async def test_a_yes_no_field_expects_yes_or_no() -> None:
    cccd_read_back = advance(KHAI_SINH, KHAI_SINH_ANSWERS, confirm_last=False)
    messages = await answer(cccd_read_back, "đúng")
    assert messages[-1]["custom"]["field"] == "has_father"
    assert expects(messages)[-1] == "yes_no"
    is_self = advance(TRICH_LUC, TRICH_LUC_ANSWERS[:5])
    assert is_self.current == "is_self"
    assert expects(await asked_again(is_self)) == ["yes_no"]


async def test_the_summary_expects_yes_or_no_but_which_field_to_correct_is_open() -> None:
    phone_read_back = advance(KET_HON, KET_HON_ANSWERS, confirm_last=False)
    summary = await answer(phone_read_back, "đúng")
    assert {m["custom"]["kind"] for m in summary} == {"summary"}
    assert summary[-1]["text"] == wording.REVIEW_ASK
    assert expects(summary) == [None] * (len(summary) - 1) + ["yes_no"]
    review = engine.handle(phone_read_back, "đúng").draft
    assert review.phase is Phase.REVIEW
    again = await asked_again(review)
    assert again[-1]["text"] == wording.REVIEW_ASK
    assert expects(again) == [None] * (len(again) - 1) + ["yes_no"]
    (which,) = await answer(review, "sai")  # "Bạn muốn sửa mục nào?" names a field, not yes/no
    assert which["text"].startswith("Bạn muốn sửa mục nào?") and "expects" not in which["custom"]


# --- choices -------------------------------------------------------------------------------------------


async def test_a_sex_question_offers_the_words_citizens_answer_with() -> None:
    name_read_back = advance(KHAI_SINH, KHAI_SINH_ANSWERS[:1], confirm_last=False)
    messages = await answer(name_read_back, "đúng")
    question = messages[-1]["custom"]
    assert question["field"] == "child_sex" and question["expects"] == "choice"
    assert {"nam", "nữ", "trai", "gái"} <= set(question["choices"])
    # Every offered answer is one the form understands, and both sexes can be said.
    assert {parse_sex(choice) for choice in question["choices"]} == {Sex.MALE, Sex.FEMALE}
    assert expects(messages[:-1]) == [None] * (len(messages) - 1)


async def test_a_choice_question_offers_its_option_labels() -> None:
    start = engine.start(TRICH_LUC).draft
    first = await answer(start, "đồng ý")
    assert first[-1]["custom"]["field"] == "record_type"
    assert first[-1]["custom"]["expects"] == "choice"
    assert first[-1]["custom"]["choices"] == ["khai sinh", "kết hôn", "khai tử", "việc hộ tịch khác"]
    ethnicity = advance(KHAI_SINH, KHAI_SINH_ANSWERS[:4])
    (question,) = await asked_again(ethnicity)
    assert question["custom"]["choices"] == list(option_lists()["ethnic_groups"])


async def test_a_choice_question_also_offers_the_options_other_wordings() -> None:
    basis = advance(TAM_TRU, TAM_TRU_ANSWERS)
    assert basis.current == "residence_basis"
    (question,) = await asked_again(basis)
    choices = question["custom"]["choices"]
    options = get_spec(TAM_TRU).field("residence_basis").options
    assert [o.label for o in options] == [c for c in choices if c in {o.label for o in options}]
    assert {"nhà thuê", "ở nhờ", "nhà riêng"} <= set(choices)


# --- digits --------------------------------------------------------------------------------------------


async def test_id_phone_and_number_questions_expect_digits() -> None:
    birth_read_back = advance(KHAI_SINH, KHAI_SINH_ANSWERS[:7], confirm_last=False)
    messages = await answer(birth_read_back, "đúng")
    assert messages[-1]["custom"]["field"] == "mother_cccd" and expects(messages)[-1] == "digits"
    for count, field in ((4, "registration_year"), (8, "applicant_cccd"), (9, "copies"), (10, "phone")):
        draft = advance(TRICH_LUC, TRICH_LUC_ANSWERS[:count])
        assert draft.current == field
        (question,) = await asked_again(draft)
        assert question["custom"]["field"] == field and question["custom"]["expects"] == "digits", field


@pytest.mark.parametrize("count", [1, 2, 3, 6, 7])
async def test_open_questions_expect_nothing(count: int) -> None:
    """Names, dates, places, relationships: anything may be said, so nothing is expected."""
    draft = advance(TRICH_LUC, TRICH_LUC_ANSWERS[:count])
    (question,) = await asked_again(draft)
    assert "expects" not in question["custom"] and "choices" not in question["custom"], draft.current
