"""The 2025 administrative units table and the province/commune lookup citizens' answers go through."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import pytest

from civic.admin_units import AdminUnits, Change, default_admin_units, load_admin_units
from civic.admin_units.build import build_table, cli_build_admin_units
from civic.admin_units.store import SHIPPED_TABLE
from civic.text.vietnamese import fold

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "admin_units_2025"
needs_source = pytest.mark.skipif(not SOURCE.is_dir(), reason="../shared/data/admin_units_2025 not available")


@pytest.fixture(scope="module")
def units():
    return default_admin_units()


def _code_of(units: AdminUnits, province_name: str) -> str:
    return next(p.code for p in units.provinces if p.short_name == province_name)


# ----- the shipped table ------------------------------------------------------------------------


def test_table_has_the_official_counts(units):
    assert len(units.provinces) == 34
    assert len(units.communes) == 3321
    assert Counter(c.kind for c in units.communes) == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}
    assert len(units.old_provinces) == 63
    assert len(units.old_communes) == 10047


def test_table_is_small_and_loads_well_under_a_second():
    assert SHIPPED_TABLE.stat().st_size < 200_000
    started = time.perf_counter()
    fresh = load_admin_units()
    fresh.find_commune("phường hoàn kiếm")
    assert time.perf_counter() - started < 1.0


def test_every_commune_and_old_commune_points_to_existing_units(units):
    province_codes = {p.code for p in units.provinces}
    assert all(c.province_code in province_codes for c in units.communes)
    assert all(units.commune(code) is not None for o in units.old_communes for code in o.new_codes)
    assert all(units.province(o.new_code) is not None for o in units.old_provinces)


@needs_source
def test_build_is_reproducible_from_the_shared_source(tmp_path):
    output = tmp_path / "admin_units.json.gz"
    assert cli_build_admin_units(SOURCE, output) == 0
    assert output.read_bytes() == SHIPPED_TABLE.read_bytes()


@needs_source
def test_build_refuses_a_truncated_source(tmp_path):
    for name in ("provinces_2025.csv", "wards_2025.csv"):
        (tmp_path / name).write_bytes((SOURCE / name).read_bytes())
    lines = (SOURCE / "old_wards_to_new.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "old_wards_to_new.csv").write_text("\n".join(lines[:-5]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="old_communes"):
        build_table(tmp_path)
    assert cli_build_admin_units(tmp_path, tmp_path / "out.json.gz") == 1
    assert not (tmp_path / "out.json.gz").exists()


@needs_source
def test_old_province_codes_agree_with_the_cccd_prefix_table(units):
    with (SOURCE / "cccd_province_codes_derived.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 63
    for row in rows:
        old = units.old_province(row["cccd_prefix"][1:])
        assert old is not None, row["cccd_prefix"]
        assert old.new_code == row["province_2025_code"]


# ----- provinces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "short_name"),
    [
        ("Huế", "Huế"),
        ("thành phố huế", "Huế"),
        ("Sài Gòn", "Hồ Chí Minh"),
        ("HCM", "Hồ Chí Minh"),
        ("tp hồ chí minh", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("thanh pho ho chi minh", "Hồ Chí Minh"),
        ("Hà Nội", "Hà Nội"),
        ("ha noi", "Hà Nội"),
        ("tỉnh đắk lắk", "Đắk Lắk"),
        ("daklak", "Đắk Lắk"),
        ("quảng ngải", "Quảng Ngãi"),  # wrong tone from recognition, same letters
        ("Thanh Hoá", "Thanh Hóa"),  # old-style tone placement
    ],
)
def test_current_province_names_and_everyday_variants(units, said, short_name):
    match = units.find_province(said)
    assert match is not None
    assert match.province.short_name == short_name
    assert match.change is Change.CURRENT
    assert not match.is_ambiguous


@pytest.mark.parametrize(
    ("said", "old_name", "new_short_name", "change"),
    [
        ("Bình Dương", "Tỉnh Bình Dương", "Hồ Chí Minh", Change.MERGED),
        ("tinh ba ria vung tau", "Tỉnh Bà Rịa - Vũng Tàu", "Hồ Chí Minh", Change.MERGED),
        ("kiên giang", "Tỉnh Kiên Giang", "An Giang", Change.MERGED),
        ("Hà Giang", "Tỉnh Hà Giang", "Tuyên Quang", Change.MERGED),
        ("thừa thiên huế", "Tỉnh Thừa Thiên Huế", "Huế", Change.RENAMED),
    ],
)
def test_old_province_names_map_to_the_2025_province(units, said, old_name, new_short_name, change):
    match = units.find_province(said)
    assert match is not None
    assert match.province.short_name == new_short_name
    assert match.old_name == old_name
    assert match.change is change
    assert match.speakable() == f"{old_name} cũ nay thuộc {match.province.spoken_name}."


def test_every_old_province_name_finds_its_new_province(units):
    for old in units.old_provinces:
        match = units.find_province(old.name)
        assert match is not None and match.province.code == old.new_code, old.name


def test_fuzzy_province_for_recognition_errors(units):
    match = units.find_province("hồ chí min")
    assert match is not None and match.province.short_name == "Hồ Chí Minh"
    assert match.is_fuzzy


@pytest.mark.parametrize("said", ["Quảng", "xyz", "", "   ", "tỉnh"])
def test_province_not_guessed_from_too_little(units, said):
    assert units.find_province(said) is None


# ----- communes: current names ------------------------------------------------------------------


def test_every_commune_found_by_its_official_name_in_its_province(units):
    for commune in units.communes:
        match = units.find_commune(commune.name, commune.province_code)
        assert match is not None and match.best.commune == commune, commune.name
        assert match.best.change is Change.CURRENT


def test_every_commune_found_typed_without_marks_or_kind(units):
    for commune in units.communes:
        match = units.find_commune(fold(commune.short_name), commune.province_code)
        assert match is not None, commune.name
        assert commune.code in {c.commune.code for c in match.candidates}, commune.name


@pytest.mark.parametrize(
    "said",
    ["Phường Hoàn Kiếm", "phường hoàn kiếm", "hoan kiem", "P. Hoàn Kiếm", "tôi ở phường hoàn kiếm"],
)
def test_commune_spoken_and_typed_variants(units, said):
    match = units.find_commune(said)
    assert match is not None and not match.is_ambiguous
    assert match.commune.name == "Phường Hoàn Kiếm"
    assert match.province.short_name == "Hà Nội"


def test_names_with_apostrophes_hyphens_and_numbers(units):
    assert units.find_commune("xa cu mgar").commune.name == "Xã Cư M'gar"
    assert units.find_commune("phường văn miếu quốc tử giám").commune.name == "Phường Văn Miếu - Quốc Tử Giám"
    assert units.find_commune("hà giang hai").commune.name == "Phường Hà Giang 2"


def test_tone_placement_does_not_matter_but_marks_do(units):
    tay_ninh = _code_of(units, "Tây Ninh")
    assert units.find_commune("tân sơn hoà").commune.name == "Phường Tân Sơn Hòa"
    marked_new = units.find_commune("xã tân an", tay_ninh)
    assert [c.commune.name for c in marked_new.candidates] == ["Phường Tân An"]
    marked_old = units.find_commune("xã tân ân", tay_ninh)
    assert [c.old_name for c in marked_old.candidates] == ["Xã Tân Ân"]
    unmarked = units.find_commune("xa tan an", tay_ninh)
    assert unmarked.is_ambiguous  # without marks both fit: ask


def test_other_marks_match_the_same_letters_but_need_confirmation(units):
    tuyen_quang = _code_of(units, "Tuyên Quang")
    assert any(c.name == "Xã Yên Phú" for c in units.communes_in(tuyen_quang))
    assert not any(
        fold(c.short_name) == "yen phu" and c.short_name != "Yên Phú" for c in units.communes_in(tuyen_quang)
    )
    slip = units.find_commune("yên phụ", tuyen_quang)  # recognised with the wrong tone
    assert slip is not None and slip.commune.name == "Xã Yên Phú"
    assert slip.is_fuzzy
    assert not units.find_commune("yên phú", tuyen_quang).is_fuzzy


# ----- communes: old names ----------------------------------------------------------------------


@pytest.mark.slow
def test_every_old_commune_name_leads_to_all_its_new_units(units):
    for old in units.old_communes:
        province = units.commune(old.new_codes[0]).province_code
        match = units.find_commune(old.name, province)
        assert match is not None, old.name
        assert set(old.new_codes) <= {c.commune.code for c in match.candidates}, old.name


def test_old_commune_merged_into_a_new_one(units):
    match = units.find_commune("phường bến nghé")
    assert match is not None and not match.is_ambiguous
    assert match.was_merged and match.old_name == "Phường Bến Nghé"
    assert match.commune.name == "Phường Sài Gòn"
    assert match.speakable() == "Phường Bến Nghé cũ nay thuộc phường Sài Gòn, thành phố Hồ Chí Minh."


def test_old_town_into_special_zone(units):
    match = units.find_commune("thị trấn cát bà")
    assert match.commune.name == "Đặc khu Cát Hải" and match.province.short_name == "Hải Phòng"
    assert "cũ nay thuộc đặc khu Cát Hải" in match.speakable()


def test_split_old_commune_returns_every_new_unit_and_asks(units):
    match = units.find_commune("phường cống vị")
    names = {c.commune.name for c in match.candidates}
    assert names == {"Phường Ngọc Hà", "Phường Giảng Võ"}
    assert all(c.change is Change.SPLIT for c in match.candidates)
    assert match.is_ambiguous
    question = match.speakable()
    assert "phường Ngọc Hà" in question and "phường Giảng Võ" in question and question.endswith("ạ?")


def test_renamed_commune_is_flagged_as_renamed(units):
    parts = Counter(code for o in units.old_communes for code in o.new_codes)
    renamed = [
        o
        for o in units.old_communes
        if len(o.new_codes) == 1
        and parts[o.new_codes[0]] == 1
        and fold(units.commune(o.new_codes[0]).short_name) != fold(o.short_name)
    ]
    assert renamed, "the 2025 reform renamed some communes one-to-one"
    old = renamed[0]
    match = units.find_commune(old.name, units.commune(old.new_codes[0]).province_code)
    assert match.best.commune.code == old.new_codes[0]
    assert match.was_renamed


def test_old_name_used_in_several_old_districts_lists_all(units):
    hcm = _code_of(units, "Hồ Chí Minh")
    expected = {
        code
        for old in units.old_communes
        if old.name == "Phường 1"
        for code in old.new_codes
        if units.commune(code).province_code == hcm
    }
    match = units.find_commune("Phường 1", hcm)
    assert {c.commune.code for c in match.candidates} == expected
    assert len(expected) > 5
    assert "Xin cho biết tên phường, xã mới" in match.question()
    spoken = units.find_commune("phường mười bốn", hcm)
    assert spoken == units.find_commune("P.14", hcm) == units.find_commune("Phường 14", hcm)


# ----- ambiguity and province scoping -----------------------------------------------------------


def test_same_name_in_several_provinces_is_not_guessed(units):
    expected = {c.province_code for c in units.communes if c.name == "Xã Tân Tiến"}
    match = units.find_commune("xã tân tiến")
    assert len(expected) > 3
    assert match.is_ambiguous
    assert {p.code for p in match.provinces} >= expected
    assert "tỉnh, thành phố nào" in match.question()


def test_province_narrows_the_commune(units):
    lang_son = _code_of(units, "Lạng Sơn")
    match = units.find_commune("xã tân tiến", lang_son)
    assert match.commune.name == "Xã Tân Tiến" and match.province.code == lang_son
    by_old_code = units.find_commune("phường bến nghé", "74")  # old Bình Dương code → 2025 Hồ Chí Minh
    assert by_old_code is not None and by_old_code.commune.name == "Phường Sài Gòn"


def test_current_name_that_is_also_an_old_name_elsewhere_in_the_province_asks(units):
    hung_yen = _code_of(units, "Hưng Yên")
    match = units.find_commune("tân tiến", hung_yen)
    assert match.best.change is Change.CURRENT and match.best.commune.name == "Xã Tân Tiến"
    assert match.is_ambiguous  # old xã Tân Tiến (Thái Bình) is now part of another xã
    assert any(c.old_name == "Xã Tân Tiến" for c in match.candidates[1:])
    assert "hiện nay" in match.question()


def test_province_said_after_the_commune_and_old_district_ignored(units):
    match = units.find_commune("xã tân tiến tỉnh lạng sơn")
    assert not match.is_ambiguous and match.province.short_name == "Lạng Sơn"
    match = units.find_commune("phường bến nghé quận một thành phố hồ chí minh")
    assert match.commune.name == "Phường Sài Gòn"


def test_fuzzy_commune_for_recognition_errors(units):
    match = units.find_commune("phuong ben nge")
    assert match is not None and match.is_fuzzy
    assert match.commune.name == "Phường Sài Gòn"


@pytest.mark.parametrize(
    ("said", "province"), [("xyz abc", None), ("", None), ("tân tiến", "52"), ("a", None)]
)
def test_no_match_rather_than_a_far_fetched_one(units, said, province):
    assert units.find_commune(said, province) is None


def test_unknown_province_code_finds_nothing(units):
    assert units.find_commune("phường hoàn kiếm", "99") is None
