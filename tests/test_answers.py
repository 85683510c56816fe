"""Speakable answers: short messages, lists in parts, only facts the catalog states."""

from __future__ import annotations

from civic.catalog.answers import (
    CONTINUE_HINT,
    MAX_WORDS,
    VERIFY_NOTE,
    Aspect,
    answer,
    shorten,
    word_count,
)
from civic.catalog.models import (
    Channel,
    ChannelKind,
    Document,
    LegalBasis,
    Level,
    Procedure,
    Requirement,
    Step,
    TimeUnit,
)


def channel(kind: ChannelKind, fee: int | None, days: float | None = 7, fee_text: str = "") -> Channel:
    return Channel(
        kind=kind,
        time_value=days,
        time_unit=TimeUnit.WORKING_DAYS if days is not None else None,
        time_text="",
        fee_amount=fee,
        fee_text=fee_text,
    )


def procedure(**overrides: object) -> Procedure:
    base: dict[str, object] = dict(
        code="1.004222",
        name="Đăng ký thường trú",
        ministry="Bộ Công an",
        levels=(Level.COMMUNE,),
        field="Đăng ký, quản lý cư trú",
        agency="Công an cấp Xã",
        target_groups=("Công dân Việt Nam",),
        results=(),
        url="https://dichvucong.gov.vn/x",
        decision="1523/QĐ-BCA-C06",
        channels=(channel(ChannelKind.IN_PERSON, 20000), channel(ChannelKind.ONLINE, 10000)),
    )
    base.update(overrides)
    return Procedure(**base)  # type: ignore[arg-type]


def test_fee_differs_by_channel_and_is_said_per_channel():
    said = " ".join(answer(procedure(), Aspect.FEE).now)
    assert "Nộp trực tiếp: 20.000 đồng" in said
    assert "Nộp trực tuyến: 10.000 đồng" in said


def test_free_procedure_says_no_fee():
    free = procedure(channels=(channel(ChannelKind.IN_PERSON, 0), channel(ChannelKind.POST, 0)))
    assert answer(free, Aspect.FEE).now == ("Thủ tục này không mất lệ phí.",)


def test_fee_set_by_province_is_not_invented():
    local = procedure(channels=(channel(ChannelKind.IN_PERSON, None, fee_text="Do HĐND tỉnh quy định"),))
    said = answer(local, Aspect.FEE).now[0]
    assert "Hội đồng nhân dân tỉnh" in said and "đồng" not in said.replace("Hội đồng", "")


def test_unknown_fee_is_admitted():
    unknown = procedure(channels=(channel(ChannelKind.IN_PERSON, None, fee_text=""),))
    assert "chưa ghi" in answer(unknown, Aspect.FEE).now[0]


def test_processing_time_same_for_all_channels_is_said_once():
    said = answer(procedure(), Aspect.PROCESSING_TIME).now
    assert said == ("Thời hạn giải quyết: 7 ngày làm việc, kể từ khi nhận đủ hồ sơ.",)


def test_missing_time_unit_is_not_guessed():
    no_unit = procedure(
        channels=(
            Channel(ChannelKind.IN_PERSON, 1, None, "1", 0, ""),
            Channel(ChannelKind.ONLINE, None, None, "", 0, ""),
        )
    )
    assert "chưa ghi rõ" in answer(no_unit, Aspect.PROCESSING_TIME).now[0]


def test_long_document_list_is_read_in_short_parts():
    documents = tuple(
        Document(
            name=f"Giấy tờ số {i} gồm rất nhiều chữ mô tả dài dòng như trên cổng dịch vụ công, trường hợp đặc biệt khác",
            copies=1,
            original=True,
            requirement=Requirement.REQUIRED if i % 2 else Requirement.CONDITIONAL,
        )
        for i in range(1, 8)
    )
    result = answer(procedure(documents=documents), Aspect.DOCUMENTS)
    assert result.now[0].startswith("Hồ sơ gồm 7 loại giấy tờ")
    assert result.now[-1] == CONTINUE_HINT
    assert result.later, "the rest must wait for 'nói tiếp'"
    for message in (*result.now, *result.later):
        assert word_count(message) <= MAX_WORDS, message
    assert len(result.items) == 7


def test_documents_to_show_are_not_counted_as_handed_in():
    documents = (
        Document("Tờ khai CT01", 1, True, Requirement.REQUIRED),
        Document("Thẻ căn cước", 1, True, Requirement.PRESENT),
    )
    result = answer(procedure(documents=documents), Aspect.DOCUMENTS)
    assert result.now[0] == "Hồ sơ gồm 1 loại giấy tờ."
    assert result.now[1:] == ("Thứ nhất: Tờ khai CT01.", "Thứ hai: mang theo để xuất trình Thẻ căn cước.")


def test_every_item_of_a_long_list_is_read_exactly_once_in_order():
    documents = tuple(Document(f"Giấy tờ loại {i}", 1, True, Requirement.REQUIRED) for i in range(1, 10))
    result = answer(procedure(documents=documents), Aspect.DOCUMENTS)
    spoken = " ".join((*result.now, *result.later))
    positions = [spoken.index(f"Giấy tờ loại {i}.") for i in range(1, 10)]
    assert positions == sorted(positions)


def test_required_documents_are_read_before_conditional_ones():
    documents = (
        Document("Trường hợp ủy quyền thì có văn bản ủy quyền", 1, True, Requirement.CONDITIONAL),
        Document("Tờ khai", 1, True, Requirement.REQUIRED),
    )
    result = answer(procedure(documents=documents), Aspect.DOCUMENTS)
    assert result.now[1] == "Thứ nhất: Tờ khai."


def test_unverified_facts_carry_a_warning():
    pilot = procedure(needs_verification=("processing_time",))
    assert answer(pilot, Aspect.PROCESSING_TIME).now[-1] == VERIFY_NOTE
    assert VERIFY_NOTE not in answer(pilot, Aspect.FEE).now


def test_steps_and_legal_basis_are_numbered():
    steps = tuple(Step(i, f"Nộp hồ sơ lần {i}") for i in range(1, 4))
    said = answer(procedure(steps=steps), Aspect.STEPS).now
    assert said[0] == "Thủ tục có 3 bước."
    assert said[1].startswith("Bước 1:")
    legal = answer(
        procedure(legal_basis=(LegalBasis("68/2020/QH14", "Luật Cư trú"),)), Aspect.LEGAL_BASIS
    ).now
    assert "Luật Cư trú, số 68/2020/QH14" in legal[1]


def test_where_to_submit_names_the_commune_and_the_channels():
    said = answer(procedure(), Aspect.WHERE_TO_SUBMIT).now
    assert "xã, phường nơi bạn cư trú" in said[0]
    assert "nộp trực tiếp" in said[1] and "trực tuyến" in said[1]


def test_shorten_cuts_at_the_first_clause():
    assert (
        shorten("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản") == "Giấy chứng sinh"
    )
    assert word_count(shorten("một " * 40)) <= 20
