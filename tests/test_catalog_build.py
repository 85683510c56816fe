"""The catalog builder against the real crawl in ``../shared`` (and its parsers on real snippets)."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civic.catalog.crawl.build import BuildReport, build_catalog
from civic.catalog.crawl.channels import parse_channels
from civic.catalog.crawl.documents import parse_documents
from civic.catalog.crawl.fees import FeeOutcome, read_fee, split_glued
from civic.catalog.crawl.fields import decision, steps, target_groups
from civic.catalog.crawl.legal import parse_legal_basis
from civic.catalog.models import ChannelKind, Level, Procedure, Requirement, TimeUnit
from civic.catalog.store import SHIPPED_CATALOG, save_catalog

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "procedures"
needs_shared = pytest.mark.skipif(not SOURCE.exists(), reason="../shared is not present")
PILOTS = ("1.001699", "1.001731", "1.001776")


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, Procedure], BuildReport, list[Procedure]]:
    if not SOURCE.exists():
        pytest.skip("../shared is not present")
    procedures, report = build_catalog(SOURCE)
    return {p.code: p for p in procedures}, report, procedures


@pytest.fixture(scope="module")
def raw_records() -> dict[str, dict[str, Any]]:
    if not SOURCE.exists():
        pytest.skip("../shared is not present")
    with gzip.open(SOURCE / "procedures_raw.jsonl.gz", "rt", encoding="utf-8") as handle:
        return {r["ma_thu_tuc"]: r for r in map(json.loads, handle)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- whole catalog -----------------------------------------------------------------------------


@pytest.mark.slow
@needs_shared
def test_every_crawl_record_and_the_pilots_are_in_the_catalog(built, raw_records):
    by_code, report, procedures = built
    assert report.crawl_records == len(raw_records) == 2642
    assert report.pilots == 3
    assert len(by_code) == len(procedures) == 2645
    assert set(raw_records) | set(PILOTS) == set(by_code)
    assert report.channels == sum(len(p.channels) for p in procedures)
    assert report.documents == sum(len(p.documents) for p in procedures) > 10_000
    assert report.legal_basis == sum(len(p.legal_basis) for p in procedures) > 8_000


@pytest.mark.slow
@needs_shared
def test_no_page_boilerplate_and_all_text_is_nfc(built):
    _, report, procedures = built
    assert report.audit_problems == []
    markers = (
        "Chọn cơ quan thực hiện",
        "Hệ thống chỉ hiển thị",
        "Không có thông tin",
        "Từ khóa",
        "Nộp hồ sơ\n",
    )
    for procedure in procedures:
        for text in _strings(procedure.to_dict()):
            assert unicodedata.is_normalized("NFC", text), (procedure.code, text[:40])
            assert not any(marker in text for marker in markers), (procedure.code, text[:80])
        assert all(not r.endswith("Nộp hồ sơ") for r in procedure.results), procedure.code


@pytest.mark.slow
@needs_shared
def test_every_unitless_time_is_repaired_or_reported(built):
    """The README measures 861 bare-number times; each one ends up either with a unit or counted."""
    _, report, procedures = built
    tally = report.tally
    accounted = (
        tally.repaired["time_unit_missing"]
        + tally.unrepairable["time_unit_missing"]
        + tally.unrepairable["time_glued_to_fee"]
        + tally.unrepairable["time_zero"]
    )
    assert accounted == 861
    without_unit = sum(
        1 for p in procedures for c in p.channels if c.time_value is not None and c.time_unit is None
    )
    assert without_unit == tally.unrepairable["time_unit_missing"]


@pytest.mark.slow
@needs_shared
def test_placeholder_decisions_are_none(built, raw_records):
    by_code, _, procedures = built
    assert raw_records["2.000986"]["so_quyet_dinh"] == "QĐ/0001-BTP"
    assert by_code["2.000986"].decision is None
    assert not [p.code for p in procedures if p.decision and re.match(r"QĐ/0+|Demo", p.decision)]
    assert by_code["1.001193"].decision == "163/QĐ-BTP"


# --- known records -----------------------------------------------------------------------------


@pytest.mark.slow
@needs_shared
def test_birth_registration(built):
    khai_sinh = built[0]["1.001193"]
    assert khai_sinh.ministry == "Bộ Tư pháp"
    assert khai_sinh.levels == (Level.COMMUNE,)
    assert {c.kind for c in khai_sinh.channels} == set(ChannelKind)
    assert len(khai_sinh.channels) == 3
    for channel in khai_sinh.channels:
        assert channel.time_text == "1"
        assert channel.time_value == 1
        # The unit is lost in the table; the steps say the result comes the same/next working day.
        assert channel.time_unit is TimeUnit.WORKING_DAYS
        assert channel.fee_amount == 0
    names = [d.name for d in khai_sinh.documents]
    assert any(n.startswith("Giấy chứng sinh") for n in names)
    assert any(n.startswith("Tờ khai đăng ký khai sinh") for n in names)
    shown = [d for d in khai_sinh.documents if d.requirement is Requirement.PRESENT]
    assert shown and all(d.section == "Giấy tờ phải xuất trình" for d in shown)
    assert any(lb.code == "123/2015/NĐ-CP" and "Luật Hộ tịch" in lb.title for lb in khai_sinh.legal_basis)
    assert khai_sinh.results == ("Giấy khai sinh",)


@pytest.mark.slow
@needs_shared
def test_zero_quantity_lines_are_not_documents(built, raw_records):
    for code in ("1.001193", "1.004222"):
        raw = unicodedata.normalize("NFC", raw_records[code]["thanh_phan_ho_so"])
        notes = re.findall(r"([^.:;]{25,}?)[.;:]?0 bản chính(?!,\d+ bản sao)", raw)
        assert notes, code
        names = [d.name for d in built[0][code].documents]
        for note in notes:
            tail = " ".join(note.split()).strip(" -+.;")[-60:]
            assert not [n for n in names if n.endswith(tail)], (code, note)
    khai_sinh = built[0]["1.001193"]
    assert not [d for d in khai_sinh.documents if "không phải nộp bản giấy" in d.name]
    assert not [d for d in khai_sinh.documents if d.name.startswith(("-", "+", "*"))]


@pytest.mark.slow
@needs_shared
def test_driving_licence_fee_comes_from_the_description(built):
    licence = built[0]["3.000347"]
    in_person = licence.channel(ChannelKind.IN_PERSON)
    assert in_person is not None
    assert in_person.fee_text.startswith("Miễn phí")  # the wrong headline is kept for audit
    assert in_person.fee_amount == 135_000
    assert all(c.fee_amount == 135_000 for c in licence.channels)
    assert in_person.time_value == 5 and in_person.time_unit is TimeUnit.WORKING_DAYS


@pytest.mark.slow
@needs_shared
def test_permanent_residence_fees_per_channel(built):
    residence = built[0]["1.004222"]
    in_person = residence.channel(ChannelKind.IN_PERSON)
    online = residence.channel(ChannelKind.ONLINE)
    assert in_person is not None and online is not None
    assert (in_person.fee_amount, online.fee_amount) == (20_000, 10_000)
    assert (in_person.time_value, in_person.time_unit) == (7, TimeUnit.WORKING_DAYS)
    assert residence.agency == "Công an cấp Xã"


@pytest.mark.slow
@needs_shared
def test_form_templates_and_glued_quantities(built, raw_records):
    card = built[0]["1.014061"]
    templates = [d.form_template for d in card.documents]
    assert "Mẫu DC01 Phiếu thu thập thông tin dân cư.docx" in templates
    assert not [d.name for d in card.documents if ".doc" in d.name]
    # "... theo Mẫu số 181 bản chính,1 bản sao" is "Mẫu số 18" + "1 bản chính,1 bản sao".
    code = next(c for c, r in sorted(raw_records.items()) if "Mẫu số 181 bản chính" in r["thanh_phan_ho_so"])
    glued = [d for d in built[0][code].documents if d.name.endswith("Mẫu số 18")]
    assert glued and all(d.copies == 1 for d in glued)


@pytest.mark.slow
@needs_shared
def test_pilots_are_present_and_flagged(built):
    by_code = built[0]
    for code in PILOTS:
        pilot = by_code[code]
        assert pilot.ministry == "Bộ Y tế"
        assert pilot.levels == (Level.COMMUNE,)
        assert pilot.field == "Bảo trợ xã hội"
        assert pilot.source.startswith("pilot_and_common_facts.md")
        assert "processing_time" in pilot.needs_verification
        assert "legal_basis" in pilot.needs_verification
        assert pilot.channels and all(c.fee_amount == 0 for c in pilot.channels)
        assert all(c.time_unit is TimeUnit.WORKING_DAYS for c in pilot.channels)
        assert pilot.documents and pilot.legal_basis and pilot.steps
    assert by_code["1.001699"].channels[0].time_value == 25
    outdated = by_code["2.000986"]
    assert {"documents", "legal_basis"} <= set(outdated.needs_verification)
    assert any("Sổ hộ khẩu" in d.name for d in outdated.documents)  # facts kept as crawled
    assert outdated.source == "dichvucong.gov.vn"


@pytest.mark.slow
@needs_shared
def test_build_is_byte_reproducible_and_matches_the_shipped_file(built, tmp_path):
    _, _, procedures = built
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    save_catalog(procedures, first)
    again, _ = build_catalog(SOURCE)
    save_catalog(again, second)
    assert first.read_bytes() == second.read_bytes()
    assert SHIPPED_CATALOG.read_bytes() == first.read_bytes(), "run `assistant catalog build` and commit"


# --- parsers on real snippets (no shared data needed) ------------------------------------------


def test_channel_rows_with_glued_cells():
    table = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng"
        "(Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến thu 10.000 đồng/lần đăng ký.)"
        "Trực tiếp7 Ngày làm việc20,000 Việt Nam Đồng(+ Trực tiếp: nộp tại Công an xã.)Nộp tại Công an xã"
    )
    assert [r.kind for r in table.rows] == [ChannelKind.ONLINE, ChannelKind.IN_PERSON]
    assert table.rows[0].fee_cell == "10,000 Việt Nam Đồng"
    assert table.rows[1].fee_note == "+ Trực tiếp: nộp tại Công an xã."
    assert table.rows[1].description == "Nộp tại Công an xã"


def test_glued_time_and_fee_split_only_when_supported():
    assert split_glued("1100,000", "VNĐ", "", set()) == ("1", "100,000")
    # "123 VNĐ" is 1 + 23 because the note says 23.000 đồng (12 + 3 would also be well-formed).
    assert split_glued("123", "VNĐ", "Giá dịch vụ in lại giấy chứng nhận: 23.000 đồng/01 Giấy", set()) == (
        "1",
        "23",
    )
    assert split_glued("125", "VNĐ", "", {"1"}) == ("1", "25")
    assert split_glued("1250", "VNĐ", "", set()) is None


def test_fee_rules():
    gplx = read_fee("Miễn phí", "- Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.")
    assert (gplx.amount, gplx.outcome) == (135_000, FeeOutcome.FREE_CONTRADICTED)
    assert read_fee("20 VNĐ", "20.000 đồng/lần.").amount == 20_000
    assert read_fee("50 VNĐ", "").amount is None
    assert read_fee("Miễn phí", "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định.").amount is None
    assert read_fee("10 USD", "10USD/giấy").outcome is FeeOutcome.FOREIGN
    assert read_fee("Miễn phí", "Không quy định.").amount == 0
    assert read_fee("Miễn phí", "Theo quy định của Luật phí và lệ phí.").amount is None
    assert read_fee("50,000 VNĐ", "").amount == 50_000


def test_documents_notes_bullets_and_templates():
    section = (
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "- Giấy chứng sinh.1 bản chính"
        "Trường hợp đã nộp bản điện tử thì không phải nộp bản giấy.0 bản chính"
        "--- Đơn theo Mẫu số 011 bản chính,1 bản sao"
        "Phiếu thu thập thông tin dân cư (mẫu DC01)Mẫu DC01 Phiếu thu thập thông tin dân cư.docx1 bản chính"
        "Bản sao giấy tờ chứng minh (nếu có)0 bản chính,1 bản sao"
        "* Lưu ý:Tên giấy tờMẫu đơn, tờ khaiSố lượngCá nhân có quyền lựa chọn nơi đăng ký.1 bản chính"
    )
    documents = parse_documents(section)
    assert [d.name for d in documents] == [
        "Giấy chứng sinh",
        "Đơn theo Mẫu số 01",
        "Phiếu thu thập thông tin dân cư (mẫu DC01)",
        "Bản sao giấy tờ chứng minh (nếu có)",
    ]
    assert documents[1].copies == 1 and documents[1].original is None
    assert documents[2].form_template == "Mẫu DC01 Phiếu thu thập thông tin dân cư.docx"
    assert (documents[3].requirement, documents[3].original) == (Requirement.CONDITIONAL, False)
    assert documents[0].section == "Giấy tờ phải nộp"


def test_legal_rows():
    rows, missing = parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định"
        " chi tiết Luật Hộ tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13Nghị quyết số 66.7/2025/NQ-CP"
        " của Chính phủ66.7/2025/NQ-CP"
    )
    assert missing == 0
    assert [r.code for r in rows] == ["123/2015/NĐ-CP", "60/2014/QH13", "66.7/2025/NQ-CP"]
    assert rows[0].title.endswith("Luật Hộ tịch")
    assert rows[1].title == "Luật 60/2014/QH13"


def test_small_fields():
    assert decision("QĐ/0001-BTP") == (None, "placeholder")
    assert decision("SỐ 64/QĐ-NHNN") == ("64/QĐ-NHNN", "malformed")
    assert decision("163/QĐ-BTP") == ("163/QĐ-BTP", "")
    assert target_groups(
        "Công dân Việt Nam, Cán bộ, công chức, viên chức, Tổ chức (không bao gồm doanh nghiệp, HTX)"
    ) == (
        "Công dân Việt Nam",
        "Cán bộ, công chức, viên chức",
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
    )
    assert [s.text for s in steps("Bước 1: Nộp hồ sơ tại xã.\nBước 2: Nhận kết quả.")] == [
        "Nộp hồ sơ tại xã.",
        "Nhận kết quả.",
    ]
    assert [s.order for s in steps("Nộp hồ sơ tại xã")] == [1]
