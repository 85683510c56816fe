"""Dossier-field validators: what a citizen says or types, and what the assistant accepts or asks again."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import pytest

from civic.admin_units import default_admin_units
from civic.validation.address import validate_address
from civic.validation.choices import validate_choice, validate_yes_no
from civic.validation.dates import (
    age_on,
    validate_birth_date,
    validate_child_birth_date,
    validate_date,
    validate_death_date,
)
from civic.validation.free_text import validate_free_text
from civic.validation.identity import validate_citizen_id
from civic.validation.names import validate_full_name
from civic.validation.phone import MOBILE_PREFIXES, validate_mobile_phone
from civic.validation.relationship import Relationship, validate_relationship
from civic.validation.result import ValidationResult
from civic.validation.sex import SPOKEN_ANSWERS, Sex, parse_sex, validate_sex

T = TypeVar("T")
TODAY = date(2026, 1, 15)
HOSTILE = [
    None,
    "",
    "   ",
    "\x00\x07\u202e",
    "😀😀😀",
    "a" * 500,
    "<script>alert('x')</script>",
    "'; DROP TABLE citizens; --",
    "1' OR '1'='1",
    "漢字",
    12345,
    "x" * 100_000,
]


def assert_rejected(result: ValidationResult[Any], error: str) -> None:
    assert not result.ok, result
    assert result.error == error
    assert result.value is None
    assert result.message  # every refusal says what is expected


def accepted(result: ValidationResult[T]) -> T:
    """The value of an accepted result (fails the test otherwise)."""
    assert result.ok, (result.error, result.message)
    assert result.value is not None
    return result.value


# ----- never raise, never leak --------------------------------------------------------------------


@pytest.mark.parametrize("bad", HOSTILE, ids=lambda value: repr(value)[:24])
def test_validators_never_raise_and_refuse_nonsense(bad):
    checks = [
        validate_full_name(bad),
        validate_birth_date(bad, TODAY),
        validate_citizen_id(bad, today=TODAY),
        validate_mobile_phone(bad),
        validate_sex(bad),
        validate_relationship(bad),
        validate_choice(bad, ["Trực tiếp", "Trực tuyến"]),
        validate_yes_no(bad),
        validate_address("số 1", bad, "Hà Nội"),
    ]
    for result in checks:
        assert isinstance(result, ValidationResult)
        assert not result.ok
        assert result.message


def test_results_keep_personal_data_out_of_repr():
    result = validate_citizen_id("001085012345", today=TODAY)
    assert result.ok
    for shown in (repr(result), repr(result.value)):
        assert "001085012345" not in shown and "012 345" not in shown
    name = validate_full_name("nguyễn văn an")
    assert "Nguyễn" not in repr(name)


# ----- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("NGUYỄN THỊ MINH KHAI", "Nguyễn Thị Minh Khai"),
        ("  trần   thị   bích ", "Trần Thị Bích"),
        ("tên tôi là lê thị hoa ạ", "Lê Thị Hoa"),  # speech recognition keeps the lead-in
        ("dạ họ tên là phạm văn đồng", "Phạm Văn Đồng"),
        ("h'hen niê", "H'Hen Niê"),  # Ê Đê
        ("Y-Ngông Niê Kđăm", "Y-Ngông Niê Kđăm"),
        ("giàng a páo", "Giàng A Páo"),  # H'Mông
        ("Nguyễn Văn An", "Nguyễn Văn An"),
    ],
)
def test_names_accepted_and_capitalised(said, written):
    result = validate_full_name(said)
    assert result.ok and result.value == written and result.display == written
    assert not result.warnings


def test_decomposed_unicode_name_is_composed():
    result = validate_full_name("Nguye\u0302\u0303n Va\u0306n An")
    assert result.ok and result.value == "Nguyễn Văn An"


def test_name_without_marks_is_accepted_but_flagged_for_confirmation():
    result = validate_full_name("nguyen van an")
    assert result.ok and result.value == "Nguyen Van An"
    assert result.warnings == ("name_without_diacritics",) and result.needs_confirmation
    assert "chưa có dấu" in result.message


@pytest.mark.parametrize(
    ("said", "error"),
    [
        ("An", "name_single_word"),
        ("Nguyễn Văn 2", "name_has_digits"),
        ("Nguyễn Văn An 1990", "name_has_digits"),
        ("Nguyễn 😀 An", "name_invalid_characters"),
        ("<b>Nguyễn</b> An", "name_invalid_characters"),
        ("Robert'); DROP TABLE students;--", "name_invalid_characters"),
        ("Nguyễn Văn An; SELECT * FROM users", "name_invalid_characters"),
        ("李 小龍", "name_invalid_characters"),
        ("Иван Петров", "name_invalid_characters"),
        ("Nguyễn 'An", "name_invalid_characters"),
        ("Nguyễn @n", "name_invalid_characters"),
        ("a" * 500, "name_too_long"),
        (" ".join(["Nguyễn"] * 9), "name_too_long"),
        ("", "name_empty"),
    ],
)
def test_names_refused_with_an_example(said, error):
    result = validate_full_name(said)
    assert_rejected(result, error)
    assert "ví dụ: Nguyễn Văn An" in result.message


# ----- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("15/3/1985", date(1985, 3, 15)),
        ("5/3/85", date(1985, 3, 5)),
        ("ngày 15 tháng 3 năm 1985", date(1985, 3, 15)),
        ("mười lăm tháng ba năm một chín tám lăm", date(1985, 3, 15)),
        ("mùng năm tháng giêng năm 1990", date(1990, 1, 5)),
        ("1985-03-15", date(1985, 3, 15)),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_birth_dates_typed_and_spoken(said, expected):
    result = validate_birth_date(said, TODAY)
    assert result.ok and result.value == expected
    assert result.display == f"ngày {expected.day} tháng {expected.month} năm {expected.year}"


@pytest.mark.parametrize(
    ("said", "error", "heard"),
    [
        ("31/02/2020", "date_impossible", "Tháng 2 không có ngày 31"),
        ("31/02", "date_impossible", "Tháng 2 không có ngày 31"),
        ("ngày ba mươi mốt tháng hai năm hai nghìn không trăm hai mươi", "date_impossible", "ngày 31"),
        ("29/2/2023", "date_impossible", "Tháng 2 không có ngày 29"),
        ("12/13/2020", "date_impossible", "Không có tháng 13"),
        ("1/1/2099", "birth_date_in_future", "không thể sau hôm nay"),
        ("ngày 1 tháng 1 năm 2099", "birth_date_in_future", "không thể sau hôm nay"),
        ("1/1/1899", "birth_date_too_early", "1900"),
        ("ngày 5 tháng 3", "date_year_missing", "cả năm"),
        ("hôm nào đó", "date_unclear", "ví dụ"),
    ],
)
def test_birth_dates_refused(said, error, heard):
    result = validate_birth_date(said, TODAY)
    assert_rejected(result, error)
    assert heard in result.message


def test_today_is_injectable_for_plausibility():
    assert validate_birth_date("10/1/2026", TODAY).ok
    assert_rejected(validate_birth_date("10/1/2026", date(2026, 1, 9)), "birth_date_in_future")


def test_generic_date_assumes_this_year_only_with_a_warning():
    result = validate_date("5/3", TODAY)
    assert result.ok and result.value == date(2026, 3, 5)
    assert result.warnings == ("date_year_assumed",)


def test_child_must_be_under_six_for_the_lien_thong():
    day_before_sixth_birthday = date(TODAY.year - 6, TODAY.month, TODAY.day + 1)
    assert age_on(day_before_sixth_birthday, TODAY) == 5
    ok = validate_child_birth_date(day_before_sixth_birthday.strftime("%d/%m/%Y"), TODAY)
    assert ok.ok and ok.value == day_before_sixth_birthday
    sixth_birthday = date(TODAY.year - 6, TODAY.month, TODAY.day)
    refused = validate_child_birth_date(sixth_birthday.strftime("%d/%m/%Y"), TODAY)
    assert_rejected(refused, "child_too_old")
    assert "dưới 6 tuổi" in refused.message
    assert_rejected(validate_child_birth_date("1/6/2026", TODAY), "birth_date_in_future")


def test_age_counts_29_february_birthdays():
    assert age_on(date(2020, 2, 29), date(2026, 2, 28)) == 5
    assert age_on(date(2020, 2, 29), date(2026, 3, 1)) == 6


def test_death_date_rules():
    assert validate_death_date("14/1/2026", TODAY).ok
    assert_rejected(validate_death_date("16/1/2026", TODAY), "death_date_in_future")
    assert_rejected(validate_death_date("1/1/2099", TODAY), "death_date_in_future")
    before = validate_death_date("1/1/1950", TODAY, birth_date=date(1960, 5, 1))
    assert_rejected(before, "death_before_birth")


# ----- số định danh cá nhân -----------------------------------------------------------------------


def test_citizen_id_typed_and_spoken():
    typed = validate_citizen_id("001 085 012345", today=TODAY)
    assert typed.ok and typed.value is not None
    assert typed.value.number == "001085012345"
    assert typed.value.birth_year == 1985 and typed.value.sex is Sex.MALE
    assert typed.value.birth_province_2025.short_name == "Hà Nội"
    assert typed.display == "001 085 012 345"
    spoken = validate_citizen_id("không không một không tám lăm không một hai ba bốn năm", today=TODAY)
    assert spoken.ok and spoken.value == typed.value


def test_citizen_id_prefix_of_a_merged_province_maps_to_2025():
    result = validate_citizen_id("074303000123", today=TODAY)  # 074 = Bình Dương, G=3 → nữ, 2000s
    assert result.ok and result.value is not None
    assert result.value.birth_province_old.name == "Tỉnh Bình Dương"
    assert result.value.birth_province_2025.short_name == "Hồ Chí Minh"
    assert (result.value.birth_year, result.value.sex) == (2003, Sex.FEMALE)


def test_every_old_province_prefix_is_accepted_and_others_refused():
    known = {"0" + old.code for old in default_admin_units().old_provinces}
    assert len(known) == 63
    for prefix in (f"{n:03d}" for n in range(1000)):
        result = validate_citizen_id(prefix + "085012345", today=TODAY)
        assert result.ok == (prefix in known), prefix
        if not result.ok:
            assert result.error == "cccd_unknown_province"


@pytest.mark.parametrize(
    ("number", "kwargs", "error"),
    [
        ("00108501234", {}, "cccd_wrong_length"),  # 11 digits
        ("0010850123456", {}, "cccd_wrong_length"),  # 13 digits
        ("00108501234A", {}, "cccd_has_letters"),
        ("001O85012345", {}, "cccd_has_letters"),  # letter O for zero
        ("123456789", {}, "cccd_old_cmnd"),
        ("099085012345", {}, "cccd_unknown_province"),
        ("001299012345", {}, "cccd_birth_year_in_future"),  # G=2, YY=99 → 2099
        ("001485012345", {}, "cccd_birth_year_in_future"),  # G=4 → 2185
        ("001085012345", {"birth_year": 1986}, "cccd_birth_year_mismatch"),
        ("001085012345", {"birth_date": date(1995, 1, 1)}, "cccd_birth_year_mismatch"),
        ("001185012345", {"sex": Sex.MALE}, "cccd_sex_mismatch"),
        ("001205012345", {"birth_year": 1905}, "cccd_birth_year_mismatch"),  # G=2 means the 2000s
        ("tôi không nhớ", {}, "cccd_empty"),
    ],
)
def test_citizen_id_refused(number, kwargs, error):
    result = validate_citizen_id(number, today=TODAY, **kwargs)
    assert_rejected(result, error)
    assert "12" in result.message or "khác" in result.message or "năm" in result.message


def test_citizen_id_consistent_with_declared_data_is_accepted():
    result = validate_citizen_id("001303012345", birth_date=date(2003, 7, 1), sex=Sex.FEMALE, today=TODAY)
    assert result.ok


def test_old_cmnd_message_asks_for_the_12_digit_number():
    message = validate_citizen_id("012345678", today=TODAY).message
    assert "9 số" in message and "12" in message


# ----- phone --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0084912345678",
        "+84 0912 345 678",
        "không chín một hai ba bốn năm sáu bảy tám",
        "số của tôi là không chín một hai ba bốn năm sáu bảy tám ạ",
    ],
)
def test_mobile_phone_forms_normalise_to_ten_digits(said):
    result = validate_mobile_phone(said)
    assert result.ok and result.value == "0912345678"
    assert result.display == "0912 345 678"


def test_mobile_prefix_list():
    expected = {f"03{d}" for d in range(2, 10)} | {"070", "076", "077", "078", "079"}
    expected |= {f"08{d}" for d in range(1, 10)} | {f"09{d}" for d in range(10) if d != 5}
    expected |= {"052", "055", "056", "058", "059"}
    assert expected == MOBILE_PREFIXES
    for prefix in sorted(MOBILE_PREFIXES):
        assert validate_mobile_phone(prefix + "1234567").ok, prefix


@pytest.mark.parametrize(
    ("said", "error"),
    [
        ("091234567", "phone_wrong_length"),
        ("09123456789", "phone_wrong_length"),
        ("0912abc678", "phone_has_letters"),
        ("01662345678", "phone_old_11_digits"),
        ("024 3825 6789", "phone_landline"),
        ("0951234567", "phone_unknown_prefix"),
        ("0311234567", "phone_unknown_prefix"),
        ("1912345678", "phone_unknown_prefix"),
        ("tôi không biết", "phone_empty"),
    ],
)
def test_mobile_phone_refused(said, error):
    result = validate_mobile_phone(said)
    assert_rejected(result, error)
    assert "ví dụ: 0912 345 678" in result.message


# ----- sex, relationship, choices, yes/no ---------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "sex"),
    [
        ("nam", Sex.MALE),
        ("con trai", Sex.MALE),
        ("bé trai ạ", Sex.MALE),
        ("đàn ông", Sex.MALE),
        ("nữ", Sex.FEMALE),
        ("gái", Sex.FEMALE),
        ("bé gái", Sex.FEMALE),
        ("con gái", Sex.FEMALE),
        ("nu", Sex.FEMALE),
        ("phụ nữ", Sex.FEMALE),
    ],
)
def test_sex_variants(said, sex):
    result = validate_sex(said)
    assert accepted(result) is sex and result.display == sex.label


@pytest.mark.parametrize("said", ["năm", "nam nữ", "không biết", "trai gái"])
def test_sex_unclear_is_asked_again(said):
    result = validate_sex(said)
    assert_rejected(result, "sex_unclear")
    assert result.choices == ("nam", "nữ")


@pytest.mark.parametrize(
    ("said", "relation"),
    [
        ("cha", Relationship.FATHER),
        ("bố", Relationship.FATHER),
        ("tía", Relationship.FATHER),
        ("thầy", Relationship.FATHER),
        ("mẹ", Relationship.MOTHER),
        ("má", Relationship.MOTHER),
        ("u", Relationship.MOTHER),
        ("bầm", Relationship.MOTHER),
        ("me", Relationship.MOTHER),
        ("tôi là mẹ của bé", Relationship.MOTHER),
        ("bố cháu", Relationship.FATHER),
        ("ông nội", Relationship.GRANDFATHER),
        ("tôi là bà ngoại của cháu", Relationship.GRANDMOTHER),
        ("bà", Relationship.GRANDMOTHER),
        ("anh trai", Relationship.OLDER_BROTHER),
        ("chị", Relationship.OLDER_SISTER),
        ("em gái", Relationship.YOUNGER_SIBLING),
        ("con", Relationship.CHILD),
        ("cháu nội", Relationship.GRANDCHILD),
        ("vợ", Relationship.WIFE),
        ("chồng", Relationship.HUSBAND),
        ("người giám hộ", Relationship.GUARDIAN),
        ("dì", Relationship.UNCLE_AUNT),
    ],
)
def test_relationship_variants(said, relation):
    result = validate_relationship(said)
    assert result.ok and result.value is relation


def test_ba_with_mark_is_grandmother_without_mark_is_asked():
    assert validate_relationship("bà").value is Relationship.GRANDMOTHER
    unmarked = validate_relationship("ba")
    assert_rejected(unmarked, "relationship_ambiguous")
    assert set(unmarked.choices) == {"cha", "bà"}


@pytest.mark.parametrize("said", ["ông bà", "bố mẹ", "anh chị"])
def test_two_relations_are_not_guessed(said):
    assert_rejected(validate_relationship(said), "relationship_ambiguous")


OPTIONS = ["Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"]


@pytest.mark.parametrize(
    ("said", "index"),
    [
        ("2", 1),
        ("số hai", 1),
        ("cái thứ nhất", 0),
        ("cái cuối", 2),
        ("trực tuyến", 1),
        ("truc tuyen", 1),
        ("tôi muốn nộp trực tiếp", 0),
        ("dịch vụ bưu chính", 2),
    ],
)
def test_choice_by_number_or_label(said, index):
    result = validate_choice(said, OPTIONS)
    assert result.ok and result.value == index and result.display == OPTIONS[index]


def test_choice_fuzzy_label_is_flagged_and_ties_are_asked():
    fuzzy = validate_choice("dich vu buu chinhh", OPTIONS)
    assert fuzzy.ok and fuzzy.value == 2 and fuzzy.warnings == ("choice_fuzzy",)
    tie = validate_choice("truc tie", ["Trực tiếp", "Trực tiếp qua bưu điện"])
    assert tie.ok and tie.value == 0
    assert_rejected(validate_choice("5", OPTIONS), "choice_out_of_range")
    assert_rejected(validate_choice("hai và ba", OPTIONS), "choice_unclear")
    assert_rejected(validate_choice("có", []), "choice_no_options")


@pytest.mark.parametrize(
    ("said", "answer"), [("vâng", True), ("dạ đúng rồi", True), ("không", False), ("ko", False)]
)
def test_yes_no(said, answer):
    result = validate_yes_no(said)
    assert result.ok and result.value is answer and result.display == ("có" if answer else "không")


def test_yes_no_unclear():
    assert_rejected(validate_yes_no("không biết"), "yes_no_unclear")


# ----- free text ----------------------------------------------------------------------------------


def test_free_text_kept_as_plain_text_and_markup_flagged():
    html = validate_free_text("<script>alert('x')</script> xin cấp lại")
    assert html.ok and html.value == "<script>alert('x')</script> xin cấp lại"
    assert "text_looks_like_html" in html.warnings
    sql = validate_free_text("'; DROP TABLE citizens; --")
    assert sql.ok and "text_looks_like_sql" in sql.warnings
    plain = validate_free_text("Xin cấp bản sao giấy khai sinh; lý do: bị mất")
    assert plain.ok and plain.warnings == ()


def test_free_text_strips_control_and_invisible_characters():
    result = validate_free_text("bị\x00 mất\u200b\u202e  giấy\n tờ\x07")
    assert result.ok and result.value == "bị mất giấy tờ"


def test_free_text_length_limit_is_explained():
    assert validate_free_text("a" * 500).ok
    result = validate_free_text("a" * 501)
    assert_rejected(result, "text_too_long")
    assert "500" in result.message
    assert_rejected(validate_free_text("x" * 100_000), "text_too_long")
    assert_rejected(validate_free_text("  \x00 "), "text_empty")
    assert validate_free_text("", min_length=0).ok


# ----- address ------------------------------------------------------------------------------------


def test_current_address_accepted():
    result = validate_address("12 Lý Thái Tổ", "phường hoàn kiếm", "hà nội")
    assert result.ok and result.value is not None
    assert result.value.commune.name == "Phường Hoàn Kiếm"
    assert result.display == "12 Lý Thái Tổ, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert result.warnings == ()


def test_old_names_accepted_mapped_and_told():
    result = validate_address("số 5 Lê Duẩn", "phường bến nghé", "tp hcm")
    assert result.ok and result.value is not None
    assert result.value.commune.name == "Phường Sài Gòn"
    assert result.value.old_commune_name == "Phường Bến Nghé"
    assert result.message == "Phường Bến Nghé cũ nay thuộc phường Sài Gòn, thành phố Hồ Chí Minh."
    assert result.warnings == ("address_old_name_mapped",)
    both_old = validate_address("thôn 1", "thị trấn cát bà", "hải phòng")
    assert accepted(both_old).commune.name == "Đặc khu Cát Hải"
    old_province = validate_address("ấp 2", "phường phú cường", "bình dương")
    assert accepted(old_province).province.short_name == "Hồ Chí Minh"
    assert old_province.message.startswith("Tỉnh Bình Dương cũ nay thuộc thành phố Hồ Chí Minh.")


def test_split_or_repeated_names_are_asked_not_guessed():
    split = validate_address("số 1", "phường cống vị", "hà nội")
    assert_rejected(split, "address_commune_ambiguous")
    assert set(split.choices) == {"Phường Ngọc Hà, Thành phố Hà Nội", "Phường Giảng Võ, Thành phố Hà Nội"}
    nationwide = validate_address("thôn 3", "xã tân tiến", "")
    assert_rejected(nationwide, "address_commune_ambiguous")
    assert "tỉnh, thành phố nào" in nationwide.message


def test_province_inferred_when_the_commune_is_unique():
    result = validate_address("số 2", "phường hoàn kiếm", "")
    assert accepted(result).province.short_name == "Hà Nội"


def test_commune_in_another_province_is_explained():
    result = validate_address("số 1", "phường bến nghé", "hà nội")
    assert_rejected(result, "address_commune_not_in_province")
    assert "thành phố Hồ Chí Minh" in result.message


def test_fuzzy_address_needs_confirmation():
    result = validate_address("số 1", "phuong ben nge", "hcm")
    assert result.ok and "address_fuzzy_match" in result.warnings
    assert result.needs_confirmation and "đúng không" in result.message


@pytest.mark.parametrize(
    ("street", "commune", "province", "error"),
    [
        ("số 1", "xyz abc", "hà nội", "address_commune_not_found"),
        ("số 1", "phường hoàn kiếm", "tỉnh xyz", "address_province_not_found"),
        ("số 1", "", "hà nội", "address_commune_empty"),
        ("", "phường hoàn kiếm", "hà nội", "text_empty"),
        ("x" * 151, "phường hoàn kiếm", "hà nội", "text_too_long"),
    ],
)
def test_address_refused(street, commune, province, error):
    assert_rejected(validate_address(street, commune, province), error)


def test_street_optional_when_not_required():
    result = validate_address("", "phường hoàn kiếm", "hà nội", require_street=False)
    assert result.ok and result.display == "Phường Hoàn Kiếm, Thành phố Hà Nội"


def test_markup_in_the_street_is_kept_as_text_and_flagged():
    result = validate_address("<b>số 5</b> Tràng Tiền", "phường hoàn kiếm", "hà nội")
    assert accepted(result).street == "<b>số 5</b> Tràng Tiền"
    assert "text_looks_like_html" in result.warnings


@pytest.mark.parametrize("spoken", SPOKEN_ANSWERS)
def test_every_answer_the_recognizer_listens_for_names_a_sex(spoken: str) -> None:
    assert parse_sex(spoken) is not None
