"""The form engine driven as a citizen would: one answer per turn, read-backs confirmed, corrections,
"quay lại", "làm lại từ đầu", failed attempts, consent. Every turn goes through JSON, as the draft
does between turns in a Rasa slot, and each completed dossier is compared with the exact answers
(the scripts of ``civic.forms.scripts``, on the day they were written for)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from civic.catalog.models import ChannelKind
from civic.forms import engine
from civic.forms.closing import closing_parts, documents_for, fee_message, processing_time_message
from civic.forms.draft import DossierDraft, Phase
from civic.forms.engine import OutcomeKind
from civic.forms.loader import get_spec
from civic.forms.scripts import CODES, HAI_CHAU, SCRIPT_DATE, SCRIPTS, street
from civic.forms.spec import FieldType
from civic.text.numbers import speak_digits
from civic.text.vietnamese import fold

TODAY = SCRIPT_DATE
K = OutcomeKind


# --- driving the engine ---------------------------------------------------------------------------------


def through_json(draft: DossierDraft) -> DossierDraft:
    """The draft as the next turn sees it: serialised into a slot and read back."""
    text = draft.to_json()
    again = DossierDraft.from_json(json.loads(json.dumps(text)))
    assert again.to_dict() == draft.to_dict()
    return again


def say(draft: DossierDraft, text: str) -> engine.Outcome:
    return engine.handle(through_json(draft), text, TODAY)


def begin(code: str) -> DossierDraft:
    started = engine.start(code, TODAY)
    assert started.draft.phase is Phase.CONSENT and started.draft.answers == {}
    out = say(started.draft, "đồng ý")
    assert out.kind is K.QUESTION
    return out.draft


def give(
    draft: DossierDraft, field_name: str, text: str, yes: str = "đúng", pick: str | None = None
) -> engine.Outcome:
    """Answer the current question (which must be ``field_name``) and confirm any read-back; when
    ``pick`` is given, it answers a clarifying question ("là phường … hay …?")."""
    assert draft.current == field_name, (draft.current, field_name)
    out = say(draft, text)
    if pick is not None and out.kind is K.CLARIFY:
        out = say(out.draft, pick)
    assert out.kind in (K.READBACK, K.SAVED, K.REVIEW), (field_name, text, out.kind, out.messages)
    if out.kind is K.READBACK:
        out = say(out.draft, yes)
        assert out.kind in (K.SAVED, K.REVIEW), (field_name, out.messages)
    return out


def run(
    code: str, steps: list[tuple[str, str]], yes: str = "đúng", pick: str | None = None
) -> engine.Outcome:
    draft = begin(code)
    out = None
    for field_name, text in steps:
        out = give(draft, field_name, text, yes, pick)
        draft = out.draft
    assert out is not None
    return out


def unmarked_speech(text: str) -> str:
    """What a recogniser without tone marks (or a hurried typist) gives: no marks, numbers of 9+
    digits said digit by digit."""
    import re

    text = re.sub(r"\d{9,}", lambda m: speak_digits(m.group(0)), text)
    return fold(text)


def unmarked_expected(code: str, expected: dict[str, Any]) -> dict[str, Any]:
    """Names and free text are stored as given (without marks); places come from the official list."""
    spec = get_spec(code)
    out = {}
    for name, value in expected.items():
        kind = spec.field(name).type
        if kind is FieldType.FULL_NAME:
            value = fold(value).title()
        elif kind is FieldType.FREE_TEXT:
            value = fold(value)
        elif kind is FieldType.ADDRESS:
            value = {**value, "street": fold(value["street"])}
            value["full"] = f"{value['street']}, {value['commune']}, {value['province']}"
        out[name] = value
    return out


# --- happy paths ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_happy_path_typed(code):
    script = SCRIPTS[code]
    out = run(code, script.steps)
    assert out.kind is K.REVIEW
    assert engine.is_complete(out.draft, TODAY)
    assert engine.next_question(out.draft, TODAY) is None
    assert engine.final_answers(out.draft, TODAY) == script.expected
    # The summary is read in short parts and ends with the final question.
    parts = engine.summary_parts(out.draft, TODAY)
    assert parts and all(len(part.split()) <= 30 for part in parts)
    assert out.messages[-1] == "Hồ sơ đã đúng chưa? Nói “đúng” để gửi, hoặc nói “sửa” và tên mục."
    confirmed = say(out.draft, "đúng rồi")
    assert confirmed.kind is K.CONFIRMED and confirmed.draft.phase is Phase.CONFIRMED
    assert engine.final_answers(confirmed.draft, TODAY) == script.expected
    # A confirmed dossier takes no more answers.
    assert say(confirmed.draft, "sửa tên").kind is K.ENDED


@pytest.mark.parametrize("code", CODES)
def test_happy_path_unmarked_speech(code):
    script = SCRIPTS[code]
    steps = [(name, unmarked_speech(text)) for name, text in script.steps]
    # Without marks some names fit two places ("thuan hoa": Thuận Hóa, or the old Thuận Hòa);
    # the citizen picks the first one offered.
    out = run(code, steps, yes="dung", pick="cai dau tien")
    assert out.kind is K.REVIEW
    assert engine.final_answers(out.draft, TODAY) == unmarked_expected(code, script.expected)


@pytest.mark.parametrize("code", CODES)
def test_every_question_says_how_many_remain(code):
    draft = begin(code)
    counts: list[int] = []
    for field_name, text in SCRIPTS[code].steps:
        question = engine.next_question(draft, TODAY)
        assert question is not None and question.field == field_name and question.remaining is not None
        assert question.text.endswith(question.prompt)
        counts.append(question.remaining)
        draft = give(draft, field_name, text).draft
    assert counts == sorted(counts, reverse=True), "the count only goes down"
    assert counts[-1] == 1
    first = engine.next_question(begin(code), TODAY)
    assert first is not None and first.text.startswith(f"Còn {counts[0]} câu.")


def test_read_back_speaks_codes_digit_by_digit():
    draft = begin("1.001193")
    for field_name, text in SCRIPTS["1.001193"].steps[:7]:
        draft = give(draft, field_name, text).draft
    out = say(draft, "001195012345")
    assert out.kind is K.READBACK
    assert out.messages == ("Tôi ghi: không không một, một, chín năm, không một hai ba bốn năm. Đúng không?",)
    assert out.display == "001 195 012 345"
    out = say(draft, "0 0 1 1 9 5 0 1 2 3 4 5")
    assert out.kind is K.READBACK and out.display == "001 195 012 345"


def test_read_back_of_a_date_and_a_place():
    draft = begin("1.001193")
    draft = give(draft, "child_full_name", "Nguyễn Minh An").draft
    draft = give(draft, "child_sex", "gái").draft
    out = say(draft, "mùng năm tháng ba năm hai nghìn không trăm hai mươi lăm")
    assert out.messages == ("Tôi ghi: ngày 5 tháng 3 năm 2025. Đúng không?",)
    draft = begin("2.000635")
    draft = give(draft, "record_type", "khai sinh").draft
    draft = give(draft, "subject_full_name", "Nguyễn Thị Lan").draft
    draft = give(draft, "subject_birth_date", "15/7/1980").draft
    out = say(draft, "xa yen thuong ha noi")
    assert out.kind is K.READBACK
    assert out.messages == (
        "Xã Yên Thường cũ nay thuộc xã Phù Đổng, thành phố Hà Nội.",
        "Tôi ghi: Xã Phù Đổng, Thành phố Hà Nội. Đúng không?",
    )


# --- corrections ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_correction_from_the_review_returns_to_the_review(code):
    script = SCRIPTS[code]
    command, new_answer, field_name, new_value = script.correction
    out = run(code, script.steps)
    moved = say(out.draft, command)
    assert moved.kind is K.MOVED and moved.field == field_name
    label = get_spec(code).field(field_name).label
    assert moved.messages[0].startswith(f"Sửa {label}. Đang ghi {label}:")
    assert moved.draft.return_to == ":review"
    out = say(moved.draft, new_answer)
    assert out.kind is K.READBACK
    out = say(out.draft, "đúng")
    assert out.kind is K.REVIEW
    assert out.messages[0] == f"Đã sửa {label}."
    assert engine.final_answers(out.draft, TODAY) == {**script.expected, field_name: new_value}


def test_correction_mid_form_returns_to_the_question_being_asked():
    steps = SCRIPTS["1.001193"].steps
    draft = begin("1.001193")
    for field_name, text in steps[:9]:  # up to has_father
        draft = give(draft, field_name, text).draft
    assert draft.current == "father_full_name"
    moved = say(draft, "sửa tên mẹ")
    assert moved.draft.current == "mother_full_name" and moved.draft.return_to == "father_full_name"
    assert moved.messages[-1] == "Họ và tên của mẹ bé là gì?"
    out = say(moved.draft, "Trần Thị Bích")
    out = say(out.draft, "đúng")
    assert out.kind is K.SAVED
    assert out.messages[0] == "Đã sửa họ tên mẹ."
    assert out.messages[-1].endswith("Họ và tên của cha bé là gì?")
    assert out.draft.current == "father_full_name" and out.draft.return_to is None
    assert out.draft.answers["mother_full_name"] == "Trần Thị Bích"


def test_saying_dung_keeps_the_old_value_of_a_corrected_field():
    out = run("1.000894", SCRIPTS["1.000894"].steps)
    moved = say(out.draft, "sửa ngày sinh bên nữ")
    kept = say(moved.draft, "đúng")
    assert kept.kind is K.REVIEW and kept.messages[0] == "Giữ nguyên."
    assert engine.final_answers(kept.draft, TODAY) == SCRIPTS["1.000894"].expected


def test_correcting_a_birth_date_rechecks_the_id_number():
    """The mother's CCCD encodes her birth year: a new year makes the stored number wrong."""
    out = run("1.001193", SCRIPTS["1.001193"].steps)
    moved = say(out.draft, "sửa ngày sinh của mẹ")
    out = say(moved.draft, "20/10/1996")
    out = say(out.draft, "đúng")
    assert out.kind is K.SAVED
    assert "Cần hỏi lại số định danh của mẹ, vì không còn khớp với ngày sinh của mẹ." in out.messages
    assert out.draft.current == "mother_cccd" and "mother_cccd" not in out.draft.answers
    out = say(out.draft, "001195012345")
    assert out.kind is K.INVALID and out.error == "cccd_birth_year_mismatch"
    out = give(out.draft, "mother_cccd", "001196012345")
    assert out.kind is K.REVIEW
    assert engine.final_answers(out.draft, TODAY)["mother_cccd"] == "001196012345"


def test_correcting_a_gate_question_drops_or_asks_the_fields_it_opens():
    script = SCRIPTS["1.001193"]
    out = run("1.001193", script.steps)
    out = say(out.draft, "sửa thông tin cha")
    assert out.draft.current == "has_father"
    out = say(out.draft, "không")
    assert out.kind is K.REVIEW
    without_father = {k: v for k, v in script.expected.items() if not k.startswith("father_")}
    assert engine.final_answers(out.draft, TODAY) == {**without_father, "has_father": False}
    assert not any(name.startswith("father_") for name in out.draft.answers)
    # Back to "có": the father's three questions are asked, then the review again.
    out = say(out.draft, "sửa có cha")
    out = say(out.draft, "có")
    assert out.kind is K.SAVED and out.draft.current == "father_full_name"
    for field_name, text in script.steps[9:12]:
        out = give(out.draft, field_name, text)
    assert out.kind is K.REVIEW
    assert engine.final_answers(out.draft, TODAY) == script.expected


def test_a_correction_that_opens_a_question_asks_it_before_the_review():
    script = SCRIPTS["1.001776"]
    out = run("1.001776", script.steps)
    out = say(out.draft, "sửa loại đề nghị")
    out = give(out.draft, "request_kind", "thôi hưởng")
    assert out.kind is K.SAVED and out.messages[0] == "Đã sửa loại đề nghị."
    assert out.messages[-1] == "Còn 1 câu. Vì sao đề nghị điều chỉnh hoặc thôi hưởng?".replace(
        "Còn 1 câu.", "Câu cuối."
    )
    out = give(out.draft, "change_reason", "đã chuyển đến ở với con tại xã khác")
    assert out.kind is K.REVIEW
    assert engine.final_answers(out.draft, TODAY) == {
        **script.expected,
        "request_kind": "stop",
        "change_reason": "đã chuyển đến ở với con tại xã khác",
    }


def test_changing_the_province_asks_again_for_the_commune_and_street():
    out = run("1.004222", SCRIPTS["1.004222"].steps)
    out = say(out.draft, "sửa tỉnh")
    out = give(out.draft, "residence_province", "Đà Nẵng")
    assert out.kind is K.SAVED
    assert (
        "Cần hỏi lại xã phường nơi thường trú mới, vì không còn khớp với tỉnh nơi thường trú mới."
        in out.messages
    )
    assert out.draft.current == "residence_commune"
    out = give(out.draft, "residence_commune", "phường Hải Châu")
    assert out.draft.current == "residence_street"
    out = give(out.draft, "residence_street", "số 20 đường Bạch Đằng")
    assert out.kind is K.REVIEW
    answers = engine.final_answers(out.draft, TODAY)
    assert answers["residence_street"] == street("số 20 đường Bạch Đằng", HAI_CHAU)
    assert fee_message(out.draft) == "Lệ phí khi nộp trực tuyến: mười nghìn đồng."


def test_the_review_accepts_sai_or_a_field_name():
    out = run("1.000894", SCRIPTS["1.000894"].steps)
    which = say(out.draft, "sai rồi")
    assert which.kind is K.QUESTION and which.messages == ("Bạn muốn sửa mục nào? Ví dụ: sửa số điện thoại.",)
    moved = say(which.draft, "ngày sinh bên nữ")
    assert moved.kind is K.MOVED and moved.field == "bride_birth_date"
    unclear = say(out.draft, "ờ để xem nào")
    assert unclear.kind is K.UNCLEAR and unclear.draft.phase is Phase.REVIEW


def test_sua_lai_right_after_a_read_back_means_the_value_is_wrong():
    draft = begin("1.000894")
    out = say(draft, "Lê Văn Mình")
    out = say(out.draft, "sửa lại")
    assert out.kind is K.INVALID and out.draft.current == "groom_full_name"
    assert out.draft.pending is None and out.messages[-1] == "Họ và tên của bên nam là gì?"


def test_a_free_text_answer_may_start_with_sua():
    steps = SCRIPTS["1.001776"].steps
    draft = begin("1.001776")
    draft = give(draft, "request_kind", "điều chỉnh").draft
    for step in steps[1:8]:
        draft = give(draft, *step).draft
    assert draft.current == "change_reason"
    out = say(draft, "sửa chữa nhà nên chuyển sang ở nhà con")
    assert out.kind is K.READBACK
    assert out.messages == ("Tôi ghi: sửa chữa nhà nên chuyển sang ở nhà con. Đúng không?",)


def test_hesitation_is_not_an_answer():
    draft = begin("1.000894")
    out = say(draft, "ờ để tôi xem")
    assert out.kind is K.UNCLEAR and out.draft.attempts == {}
    assert out.messages == ("Dạ, bạn cứ từ từ.", "Còn 9 câu. Họ và tên của bên nam là gì?")
    out = say(out.draft, "Lê Văn Minh")
    out = say(out.draft, "ờ để xem")
    assert out.kind is K.UNCLEAR
    assert out.messages == ("Xin trả lời “đúng” hoặc “sai”.", "Tôi ghi: Lê Văn Minh. Đúng không?")


def test_correction_of_an_unknown_or_unasked_field():
    draft = begin("1.001193")
    draft = give(draft, "child_full_name", "Nguyễn Minh An").draft
    out = say(draft, "sửa tên mẹ")
    assert out.kind is K.NOT_FOUND
    assert out.messages[0] == "Mục họ tên mẹ chưa hỏi tới."
    assert out.draft.current == "child_sex"
    out = say(draft, "sửa quê quán")
    assert out.kind is K.NOT_FOUND and out.messages[0].startswith("Hồ sơ này không có mục đó.")
    out = say(draft, "sửa")
    assert out.kind is K.NOT_FOUND and out.messages[0] == "Bạn muốn sửa mục nào? Ví dụ: sửa họ tên của bé."


def test_an_ambiguous_correction_asks_which_field():
    steps = SCRIPTS["1.001193"].steps
    draft = begin("1.001193")
    for field_name, text in steps:
        draft = give(draft, field_name, text).draft
    out = say(draft, "sửa số định danh")
    assert out.kind is K.CLARIFY
    assert out.messages == ("Bạn muốn sửa số định danh của mẹ hay số định danh của cha?",)


# --- quay lại, làm lại từ đầu ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_quay_lai_goes_to_the_previous_question(code):
    steps = SCRIPTS[code].steps
    draft = begin(code)
    draft = give(draft, *steps[0]).draft
    draft = give(draft, *steps[1]).draft
    assert draft.current == steps[2][0]
    back = say(draft, "quay lại")
    assert back.kind is K.MOVED and back.draft.current == steps[1][0]
    spec = get_spec(code)
    assert back.messages[0].startswith("Quay lại câu trước. Đang ghi")
    assert back.messages[-1] == spec.field(steps[1][0]).prompt
    # A new answer replaces the old one, and the form goes on from there.
    out = give(back.draft, *steps[1])
    assert out.draft.current == steps[2][0]
    # "Quay lại" twice steps back twice.
    twice = say(say(out.draft, "quay lại").draft, "quay lai")
    assert twice.draft.current == steps[0][0]
    assert say(twice.draft, "quay lại").messages[0] == "Đây là câu đầu tiên."


def test_quay_lai_during_a_read_back_drops_the_unconfirmed_answer():
    draft = begin("1.000894")
    draft = give(draft, "groom_full_name", "Lê Văn Minh").draft
    out = say(draft, "14/02/1996")
    assert out.kind is K.READBACK
    back = say(out.draft, "quay lại")
    assert back.draft.current == "groom_full_name" and back.draft.pending is None
    assert "groom_birth_date" not in back.draft.answers
    kept = say(back.draft, "giữ nguyên")
    assert kept.kind is K.SAVED and kept.draft.current == "groom_birth_date"
    assert kept.draft.answers == {"groom_full_name": "Lê Văn Minh"}


def test_quay_lai_cancels_an_open_correction():
    out = run("1.000894", SCRIPTS["1.000894"].steps)
    moved = say(out.draft, "sửa tên chồng")
    cancelled = say(moved.draft, "quay lại")
    assert cancelled.kind is K.MOVED and cancelled.messages[0] == "Thôi không sửa nữa."
    assert cancelled.draft.phase is Phase.REVIEW
    assert engine.final_answers(cancelled.draft, TODAY) == SCRIPTS["1.000894"].expected


@pytest.mark.parametrize("code", CODES)
def test_lam_lai_tu_dau_clears_every_answer(code):
    steps = SCRIPTS[code].steps
    draft = begin(code)
    for step in steps[:3]:
        draft = give(draft, *step).draft
    out = say(draft, "làm lại từ đầu")
    assert out.kind is K.MOVED
    assert out.draft.answers == {} and out.draft.history == [] and out.draft.reopened == {}
    assert out.draft.consent is True and out.draft.current == steps[0][0]
    assert out.messages[0] == "Làm lại từ đầu. Các câu trả lời trước đã được xóa."
    final = out
    for step in steps:
        final = give(final.draft, *step)
    assert engine.final_answers(final.draft, TODAY) == SCRIPTS[code].expected


# --- failed attempts ------------------------------------------------------------------------------------

ADVERSARIAL: dict[FieldType, list[tuple[str, str]]] = {
    FieldType.FULL_NAME: [
        ("A" * 500, "name_too_long"),
        ("🙂🙂🙂", "name_invalid_characters"),
        ("<b>An</b> Lê", "name_invalid_characters"),
        ("Robert'); DROP TABLE dossiers;--", "name_invalid_characters"),
        ("Nguyễn Văn 2", "name_has_digits"),
    ],
    FieldType.CCCD: [
        ("00109001234", "cccd_wrong_length"),
        ("0010900123456", "cccd_wrong_length"),
        ("00109001234A", "cccd_has_letters"),
        ("999090012345", "cccd_unknown_province"),
    ],
    FieldType.DATE: [
        ("31/02/2020", "date_impossible"),
        ("ngày 5 tháng 3 năm 2099", "date_in_future"),
        ("15/3", "date_year_missing"),
    ],
    FieldType.PHONE: [("0212345678", "phone_landline"), ("091234567", "phone_wrong_length")],
    FieldType.FREE_TEXT: [("x" * 600, "text_too_long")],
    FieldType.NUMBER: [("1' OR '1'='1", "number_unclear"), ("999", "number_out_of_range")],
    FieldType.PROVINCE: [("Atlantis", "address_province_not_found")],
    FieldType.CHOICE: [("🙂", "choice_unclear"), ("<b>1</b>", "choice_unclear")],
    FieldType.SEX: [("😀", "sex_unclear")],
    FieldType.RELATIONSHIP: [("DROP TABLE", "relationship_unclear")],
}


@pytest.mark.parametrize("code", CODES)
def test_adversarial_answers_are_refused_and_leave_no_trace(code):
    spec = get_spec(code)
    script = SCRIPTS[code]
    draft = begin(code)
    refused = 0
    for field_name, text in script.steps:
        for bad, error in ADVERSARIAL.get(spec.field(field_name).type, []):
            out = say(draft, bad)
            assert out.kind in (K.INVALID, K.EXPLAIN, K.HANDOFF), (field_name, bad, out.kind)
            assert out.error == error, (field_name, bad, out.error, out.messages)
            assert field_name not in out.draft.answers and out.draft.pending is None
            assert out.draft.current == field_name
            draft = out.draft
            refused += 1
        draft = give(draft, field_name, text).draft
        assert field_name not in draft.attempts, "a saved answer resets the failed attempts"
    assert refused >= 10
    assert engine.final_answers(draft, TODAY) == script.expected


@pytest.mark.parametrize("code", CODES)
def test_two_failures_explain_the_format_then_a_person_is_offered(code):
    spec = get_spec(code)
    first_name, first_text = SCRIPTS[code].steps[0]
    first = spec.field(first_name)
    draft = begin(code)
    nonsense = "🙂 ??? 🙂"
    one = say(draft, nonsense)
    assert one.kind is K.INVALID and not one.offer_handoff
    assert len(one.messages) == 1
    two = say(one.draft, nonsense)
    assert two.kind is K.EXPLAIN and not two.offer_handoff
    assert two.messages[-1].startswith(engine.explanation(first))
    assert f"Ví dụ: {first.example.rstrip('. ')}." in two.messages[-1]
    three = say(two.draft, nonsense)
    assert three.kind is K.HANDOFF and three.offer_handoff
    assert three.messages[-1] == "Bạn có muốn gặp cán bộ không? Nói “có” để gặp cán bộ, hoặc thử trả lời lại."
    assert three.draft.attempts == {first_name: 3}
    # The citizen can still answer; the count starts again for the next field.
    out = give(three.draft, first_name, first_text)
    assert out.draft.attempts == {}


def test_saying_sai_twice_also_escalates():
    draft = begin("1.000894")
    out = say(draft, "Lê Văn Minh")
    out = say(out.draft, "sai")
    assert out.kind is K.INVALID and out.messages == ("Xin nói lại.", "Họ và tên của bên nam là gì?")
    out = say(out.draft, "Lê Văn Mình")
    out = say(out.draft, "không phải")
    assert out.kind is K.EXPLAIN
    assert "Ví dụ: Lê Văn Minh." in out.messages[1]


def test_a_correction_can_follow_sai_in_the_same_breath():
    draft = begin("1.000894")
    out = say(draft, "Lê Văn Mình")
    out = say(out.draft, "sai, tên là Lê Văn Minh")
    assert out.kind is K.READBACK and out.messages == ("Tôi ghi: Lê Văn Minh. Đúng không?",)
    out = say(out.draft, "Lê Văn Minh")  # repeating the value is not a yes, it is read back again
    assert out.kind is K.READBACK
    out = say(out.draft, "ờ để xem")
    assert out.kind is K.UNCLEAR and out.messages[0] == "Xin trả lời “đúng” hoặc “sai”."


def test_an_ambiguous_answer_is_clarified_without_counting_as_a_failure():
    draft = begin("1.001193")
    for step in SCRIPTS["1.001193"].steps[:12]:
        draft = give(draft, *step).draft
    out = say(draft, "ba")  # cha (the South) or bà (grandmother)?
    assert out.kind is K.CLARIFY and out.messages == ("Xin nói rõ một quan hệ: cha hay bà?",)
    assert out.draft.attempts == {}
    out = say(out.draft, "cha")
    assert out.kind is K.READBACK and out.messages[-1] == "Tôi ghi: cha. Đúng không?"
    # A commune name found in two provinces: the province said next completes it.
    draft = begin("1.000894")
    for step in SCRIPTS["1.000894"].steps[:3]:
        draft = give(draft, *step).draft
    out = say(draft, "phường Hải Châu")
    assert out.kind is K.CLARIFY
    assert "Xin cho biết tỉnh, thành phố nào" in out.messages[0]
    out = say(out.draft, "Đà Nẵng")
    assert (
        out.kind is K.READBACK
        and out.messages[-1] == "Tôi ghi: Phường Hải Châu, Thành phố Đà Nẵng. Đúng không?"
    )


def test_an_unmarked_place_name_is_clarified_by_its_distinctive_name():
    draft = begin("1.004222")
    for step in SCRIPTS["1.004222"].steps[:5]:
        draft = give(draft, *step).draft
    out = say(draft, "phuong thuan hoa")
    assert out.kind is K.CLARIFY
    assert out.messages == (
        "Là phường Thuận Hóa hiện nay, hay phường Thuận Hòa cũ, nay thuộc phường Phú Xuân, thành phố Huế ạ?",
    )
    old_ward = say(out.draft, "phu xuan")
    assert old_ward.kind is K.READBACK
    assert old_ward.messages[-1] == "Tôi ghi: Phường Phú Xuân, Thành phố Huế. Đúng không?"
    current = say(out.draft, "thuan hoa hien nay")
    assert current.messages[-1] == "Tôi ghi: Phường Thuận Hóa, Thành phố Huế. Đúng không?"


# --- cross-field plausibility ---------------------------------------------------------------------------


def test_the_liên_thông_is_for_children_under_six():
    draft = begin("2.000986")
    draft = give(draft, "child_full_name", "Lê Gia Bảo").draft
    draft = give(draft, "child_sex", "trai").draft
    out = say(draft, "ngày 1 tháng 10 năm 2019")  # six today
    assert out.kind is K.INVALID and out.error == "date_too_old"
    assert out.messages[0].startswith("Theo ngày sinh này bé đã đủ 6 tuổi.")
    out = say(out.draft, "ngày 2 tháng 10 năm 2019")  # one day short of six
    assert out.kind is K.READBACK


def test_id_numbers_are_checked_against_birth_date_and_sex():
    draft = begin("1.001193")
    for step in SCRIPTS["1.001193"].steps[:7]:
        draft = give(draft, *step).draft
    out = say(draft, "001095012345")  # the digit for a man born in the 1900s
    assert out.error == "cccd_sex_mismatch"
    out = say(out.draft, "001194012345")
    assert out.error == "cccd_birth_year_mismatch"


def test_death_after_birth_and_age_to_marry():
    draft = begin("1.000656")
    for step in SCRIPTS["1.000656"].steps[:4]:
        draft = give(draft, *step).draft
    out = say(draft, "ngày 1 tháng 1 năm 1944")
    assert out.error == "date_order"
    assert out.messages[0] == (
        "Ngày mất phải sau ngày sinh người mất, ngày 12 tháng 4 năm 1945. Xin kiểm tra lại."
    )
    draft = begin("1.000894")
    draft = give(draft, "groom_full_name", "Lê Văn Minh").draft
    out = say(draft, "ngày 14 tháng 2 năm 2006")  # nineteen
    assert out.error == "date_too_young"


def test_a_minor_registering_temporary_residence_names_a_guardian():
    script = SCRIPTS["1.004194"]
    adult = [(n, t) for n, t in script.steps if n != "guardian_full_name"]
    adult[1] = ("birth_date", "9/11/2001")
    adult[3] = ("cccd", "036301012345")
    out = run("1.004194", adult)
    answers = engine.final_answers(out.draft, TODAY)
    assert "guardian_full_name" not in answers and answers["birth_date"] == "2001-11-09"


def test_free_text_keeps_markup_and_sql_as_plain_text():
    draft = begin("1.000656")
    for step in SCRIPTS["1.000656"].steps[:5]:
        draft = give(draft, *step).draft
    for text, flag in (
        ("<script>alert('x')</script>", "text_looks_like_html"),
        ("'; DROP TABLE dossiers; --", "text_looks_like_sql"),
    ):
        out = say(draft, text)
        assert out.kind is K.READBACK and flag in out.warnings
        saved = say(out.draft, "đúng")
        assert saved.draft.answers["death_place"] == text
        assert DossierDraft.from_json(saved.draft.to_json()).answers["death_place"] == text


def test_an_optional_field_can_be_left_empty_but_a_required_one_cannot():
    draft = begin("1.000656")
    for step in SCRIPTS["1.000656"].steps[:3]:
        draft = give(draft, *step).draft
    out = say(draft, "không biết")
    assert out.messages[-1] == "Tôi để trống mục số định danh người mất. Đúng không?"
    draft = begin("1.000656")
    out = say(draft, "không biết")
    assert out.kind is K.INVALID and out.error == "required"
    assert out.messages == ("Hồ sơ cần có họ tên người mất. Nếu chưa có, bạn có thể hỏi cán bộ một cửa.",)


# --- consent --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("refusal", ["không đồng ý", "khong", "tôi từ chối"])
def test_refusing_consent_ends_with_nothing_kept(refusal):
    started = engine.start("1.001193", TODAY)
    assert started.messages[0].endswith("Bạn có đồng ý không?")
    out = say(started.draft, refusal)
    assert out.kind is K.REFUSED
    assert out.messages == (
        "Dạ, tôi không ghi thông tin nào của bạn. Bạn vẫn có thể hỏi tôi về thủ tục, "
        "hoặc làm hồ sơ tại bộ phận một cửa.",
    )
    data = out.draft.to_dict()
    assert data["answers"] == {} and data["pending"] is None and data["reopened"] == {}
    assert data["clarifying"] is None and data["consent"] is False
    after = say(out.draft, "Nguyễn Minh An")
    assert after.kind is K.ENDED and after.draft.answers == {}
    assert not engine.is_complete(after.draft, TODAY)


def test_nothing_is_collected_before_consent():
    started = engine.start("1.001193", TODAY)
    out = say(started.draft, "Nguyễn Minh An")
    assert out.kind is K.UNCLEAR and out.draft.phase is Phase.CONSENT and out.draft.answers == {}
    assert out.messages[0] == "Xin nói “đồng ý” hoặc “không đồng ý”."
    assert say(started.draft, "sửa tên mẹ").draft.answers == {}
    assert say(started.draft, "quay lại").draft.phase is Phase.CONSENT


def test_unknown_procedure_has_no_form():
    with pytest.raises(KeyError):
        engine.start("9.999999", TODAY)


# --- state ----------------------------------------------------------------------------------------------


def test_the_draft_survives_json_in_every_phase():
    script = SCRIPTS["1.001193"]
    drafts = [engine.start("1.001193", TODAY).draft]
    draft = begin("1.001193")
    drafts.append(draft)
    drafts.append(say(draft, "Nguyen Minh An").draft)  # confirming, with a pending value
    out = run("1.001193", script.steps)
    drafts.append(out.draft)  # review
    drafts.append(say(out.draft, "sửa tên mẹ").draft)  # correcting, with a reopened value
    drafts.append(say(out.draft, "đúng").draft)  # confirmed
    for each in drafts:
        text = each.to_json()
        assert DossierDraft.from_json(text).to_json() == text
    with pytest.raises(ValueError):
        DossierDraft.from_json('{"format": 99, "code": "1.001193"}')


def test_draft_repr_carries_no_personal_data():
    out = run("1.000894", SCRIPTS["1.000894"].steps)
    confirming = say(begin("1.000894"), "Lê Văn Minh")
    text = (
        repr(out.draft) + repr(out) + repr(confirming) + repr(engine.next_question(confirming.draft, TODAY))
    )
    assert "Lê Văn Minh" in confirming.messages[0]
    for value in ("Lê Văn Minh", "001096012345", "0978123456", "Cầu Giấy"):
        assert value not in text


# --- end of form: papers, fee, time ---------------------------------------------------------------------


def test_closing_for_thuong_tru_in_hue_says_the_online_reduction():
    out = run("1.004222", SCRIPTS["1.004222"].steps)
    draft = out.draft
    assert fee_message(draft, ChannelKind.ONLINE) == (
        "Lệ phí khi nộp trực tuyến: mười nghìn đồng. "
        "Thành phố Huế giảm bốn mươi phần trăm lệ phí khi nộp trực tuyến, còn sáu nghìn đồng."
    )
    assert fee_message(draft, ChannelKind.IN_PERSON) == (
        "Lệ phí khi nộp trực tiếp: hai mươi nghìn đồng. "
        "Nếu nộp trực tuyến, thành phố Huế giảm bốn mươi phần trăm lệ phí."
    )
    papers = [p.say for p in documents_for(draft, TODAY)]
    assert papers == [
        "hợp đồng thuê, mượn hoặc cho ở nhờ, có công chứng hoặc chứng thực",
        "giấy tờ chứng minh đủ diện tích nhà ở, nếu chưa có trên ứng dụng VNeID",
    ]
    assert (
        processing_time_message(draft) == "Thời hạn giải quyết: bảy ngày làm việc, kể từ khi nhận đủ hồ sơ."
    )


def test_closing_outside_hue_has_no_reduction():
    steps = list(SCRIPTS["1.004222"].steps)
    steps[4] = ("residence_province", "Hà Nội")
    steps[5] = ("residence_commune", "phường Hoàn Kiếm")
    steps[7] = ("residence_basis", "nhà của mình")
    steps = [s for s in steps if s[0] not in ("head_full_name", "head_cccd")]
    out = run("1.004222", steps)
    assert fee_message(out.draft) == "Lệ phí khi nộp trực tuyến: mười nghìn đồng."
    assert [p.say for p in documents_for(out.draft, TODAY)] == [
        "giấy tờ chứng minh chỗ ở hợp pháp thuộc quyền sở hữu của bạn, nếu chưa có trên ứng dụng VNeID"
    ]


def test_closing_fee_per_copy_in_words():
    out = run("2.000635", SCRIPTS["2.000635"].steps)
    assert (
        fee_message(out.draft)
        == "Lệ phí khi nộp trực tuyến: tám nghìn đồng một bản; hai bản là mười sáu nghìn đồng."
    )
    assert processing_time_message(out.draft).startswith("Danh mục chưa ghi thời hạn giải quyết")
    parts = closing_parts(out.draft, today=TODAY)
    assert parts[0] == "Giấy tờ cần nộp hoặc tải lên: một loại."
    assert parts[1] == "Thứ nhất: văn bản ủy quyền của người có tên trong giấy tờ."
    assert parts[2] == "Mang theo để xuất trình: thẻ căn cước hoặc hộ chiếu của người đi xin bản sao."


def test_closing_papers_follow_the_answers():
    script = SCRIPTS["2.000986"]
    out = run("2.000986", script.steps)
    papers = [p.say for p in documents_for(out.draft, TODAY)]
    assert "văn bản đồng ý của cha mẹ bé và của chủ hộ nơi bé đăng ký thường trú" in papers
    assert "văn bản ủy quyền của cha hoặc mẹ bé, vì người đi khai không phải cha mẹ" in papers
    with_parents = [(n, "có" if n == "lives_with_parents" else t) for n, t in script.steps]
    with_parents = [(n, "mẹ" if n == "applicant_relationship" else t) for n, t in with_parents]
    with_parents = [s for s in with_parents if s[0] not in ("applicant_full_name", "applicant_cccd")]
    out = run("2.000986", with_parents)
    assert [p.say for p in documents_for(out.draft, TODAY)] == [
        "giấy chứng sinh của bé, hoặc văn bản của người làm chứng, hoặc giấy cam đoan về việc sinh",
        "thẻ căn cước hoặc hộ chiếu của người đi khai",
    ]
    assert fee_message(out.draft) == "Thủ tục này không mất lệ phí."
    assert processing_time_message(out.draft, ChannelKind.IN_PERSON) == (
        "Thời hạn giải quyết: hai mươi ngày làm việc, kể từ khi nhận đủ hồ sơ."
    )


@pytest.mark.parametrize("code", CODES)
def test_closing_parts_are_short_and_speakable(code):
    out = run(code, SCRIPTS[code].steps)
    parts = closing_parts(out.draft, today=TODAY)
    assert len(parts) >= 3
    for part in parts:
        assert len(part.split()) <= 35, part
        assert not any(ch.isdigit() for ch in part.replace("15 giờ", "")), part  # amounts in words


def test_unverified_pilot_facts_are_flagged():
    out = run("1.001699", SCRIPTS["1.001699"].steps)
    parts = closing_parts(out.draft, today=TODAY)
    assert parts[-1] == "Thông tin này chưa được xác minh, bạn nên hỏi lại cán bộ một cửa."
    khai_tu = run("1.000656", SCRIPTS["1.000656"].steps)
    assert fee_message(khai_tu.draft) == (
        "Lệ phí do Hội đồng nhân dân tỉnh quy định. Đăng ký khai tử đúng hạn được miễn lệ phí; "
        "trường hợp khác theo mức của tỉnh."
    )
