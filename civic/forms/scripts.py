"""Scripted answers: one realistic typed answer per question for every procedure with a form.

Each ``Script`` lists the questions of one procedure in the order the form engine asks them, a typed
answer for each (as a citizen would write it: "bé trai", "20/10/1995", "phường Hoàn Kiếm"), the exact
dossier the engine must store, and one correction ("sửa tên mẹ"). They are data shared by three users
that must agree on the same citizen: the engine tests (``tests/test_forms.py``), the end-to-end filing
tests through the running assistant (``tests/test_filing_conversations.py``) and the filing benchmark
(``assistant bench filing``, which ships without the tests). Shipping them here keeps the benchmark
independent of the source tree's ``tests`` package.

The scripts were written for ``SCRIPT_DATE``: on another day a question that depends on an age (a
minor's guardian) may not be asked; ``assistant.bench.filing_citizen.steps_for_today`` keeps the steps
that apply on a given day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from civic.forms import engine
from civic.forms.draft import DossierDraft, Phase

SCRIPT_DATE = date(2025, 10, 1)  # the day the expected dossiers hold for every step


def place(
    code: str, name: str, province_code: str, province: str, old_name: str | None = None
) -> dict[str, Any]:
    """A commune as the engine stores it (2025 units; ``old_name`` when an old name was given)."""
    return {
        "code": code,
        "name": name,
        "province_code": province_code,
        "province": province,
        "old_name": old_name,
    }


def street(text: str, commune: dict[str, Any]) -> dict[str, Any]:
    """A street address as the engine stores it, completed by the commune answered before it."""
    return {
        "street": text,
        "commune_code": commune["code"],
        "commune": commune["name"],
        "province_code": commune["province_code"],
        "province": commune["province"],
        "full": f"{text}, {commune['name']}, {commune['province']}",
    }


# The places the scripts answer, as stored (2025 administrative units).
HA_NOI = {"code": "01", "name": "Thành phố Hà Nội", "old_name": None}
HUE = {"code": "46", "name": "Thành phố Huế", "old_name": None}
DA_NANG = {"code": "48", "name": "Thành phố Đà Nẵng", "old_name": None}
NGHE_AN = {"code": "40", "name": "Tỉnh Nghệ An", "old_name": None}
HOAN_KIEM = place("00070", "Phường Hoàn Kiếm", "01", "Thành phố Hà Nội")
THUAN_HOA = place("19789", "Phường Thuận Hóa", "46", "Thành phố Huế")
HAI_CHAU = place("20242", "Phường Hải Châu", "48", "Thành phố Đà Nẵng")
TRUONG_VINH = place("16690", "Phường Trường Vinh", "40", "Tỉnh Nghệ An")
CAU_GIAY = place("00166", "Phường Cầu Giấy", "01", "Thành phố Hà Nội")
SOC_SON = place("00376", "Xã Sóc Sơn", "01", "Thành phố Hà Nội")
HOANG_MAI = place("00331", "Phường Hoàng Mai", "01", "Thành phố Hà Nội")
HOA_VANG = place("20320", "Xã Hòa Vang", "48", "Thành phố Đà Nẵng")
PHU_DONG_FROM_YEN_THUONG = place("00541", "Xã Phù Đổng", "01", "Thành phố Hà Nội", "Xã Yên Thường")


@dataclass(frozen=True)
class Script:
    """The questions of one procedure in the order asked, each with a realistic typed answer."""

    steps: list[tuple[str, str]]
    expected: dict[str, Any]
    correction: tuple[str, str, str, Any]  # (command, new answer, field, new stored value)
    skipped: set[str] = field(default_factory=set)  # fields answered "không biết" (stored as None)


SCRIPTS: dict[str, Script] = {
    "1.001193": Script(
        steps=[
            ("child_full_name", "Nguyễn Minh An"),
            ("child_sex", "bé trai"),
            ("child_birth_date", "ngày 5 tháng 3 năm 2025"),
            ("birth_place", "Bệnh viện Phụ sản Hà Nội"),
            ("child_ethnicity", "Kinh"),
            ("mother_full_name", "Trần Thị Bình"),
            ("mother_birth_date", "20/10/1995"),
            ("mother_cccd", "001195012345"),
            ("has_father", "có"),
            ("father_full_name", "Nguyễn Văn Cường"),
            ("father_birth_date", "2/9/1993"),
            ("father_cccd", "001093012345"),
            ("applicant_relationship", "tôi là mẹ của bé"),
            ("residence_province", "Hà Nội"),
            ("residence_commune", "phường Hoàn Kiếm"),
            ("residence_street", "số 5 phố Tràng Tiền"),
            ("phone", "0912345678"),
        ],
        expected={
            "child_full_name": "Nguyễn Minh An",
            "child_sex": "male",
            "child_birth_date": "2025-03-05",
            "birth_place": "Bệnh viện Phụ sản Hà Nội",
            "child_ethnicity": "Kinh",
            "mother_full_name": "Trần Thị Bình",
            "mother_birth_date": "1995-10-20",
            "mother_cccd": "001195012345",
            "has_father": True,
            "father_full_name": "Nguyễn Văn Cường",
            "father_birth_date": "1993-09-02",
            "father_cccd": "001093012345",
            "applicant_relationship": "mother",
            "residence_province": HA_NOI,
            "residence_commune": HOAN_KIEM,
            "residence_street": street("số 5 phố Tràng Tiền", HOAN_KIEM),
            "phone": "0912345678",
        },
        correction=("sửa tên mẹ", "Trần Thị Bích", "mother_full_name", "Trần Thị Bích"),
    ),
    "2.000986": Script(
        steps=[
            ("child_full_name", "Lê Gia Bảo"),
            ("child_sex", "con trai"),
            ("child_birth_date", "ngày 1 tháng 8 năm 2024"),
            ("birth_place", "Bệnh viện Trung ương Huế"),
            ("child_ethnicity", "dân tộc Kinh"),
            ("mother_full_name", "Hồ Thị Nga"),
            ("mother_birth_date", "12/12/1998"),
            ("mother_cccd", "046198012345"),
            ("has_father", "không"),
            ("applicant_relationship", "bà nội"),
            ("applicant_full_name", "Lê Thị Hạnh"),
            ("applicant_cccd", "046160012345"),
            ("residence_province", "thành phố Huế"),
            ("residence_commune", "phường Thuận Hóa"),
            ("residence_street", "số 12 đường Lê Lợi"),
            ("lives_with_parents", "không"),
            ("health_facility", "Trạm y tế phường Thuận Hóa"),
            ("phone", "0905123456"),
        ],
        expected={
            "child_full_name": "Lê Gia Bảo",
            "child_sex": "male",
            "child_birth_date": "2024-08-01",
            "birth_place": "Bệnh viện Trung ương Huế",
            "child_ethnicity": "Kinh",
            "mother_full_name": "Hồ Thị Nga",
            "mother_birth_date": "1998-12-12",
            "mother_cccd": "046198012345",
            "has_father": False,
            "applicant_relationship": "grandmother",
            "applicant_full_name": "Lê Thị Hạnh",
            "applicant_cccd": "046160012345",
            "residence_province": HUE,
            "residence_commune": THUAN_HOA,
            "residence_street": street("số 12 đường Lê Lợi", THUAN_HOA),
            "lives_with_parents": False,
            "health_facility": "Trạm y tế phường Thuận Hóa",
            "phone": "0905123456",
        },
        correction=("sửa ngày sinh của bé", "ngày 2 tháng 8 năm 2024", "child_birth_date", "2024-08-02"),
    ),
    "1.000656": Script(
        steps=[
            ("deceased_full_name", "Phạm Văn Long"),
            ("deceased_sex", "nam"),
            ("deceased_birth_date", "ngày 12 tháng 4 năm 1945"),
            ("deceased_cccd", "không biết"),
            ("death_date", "3/9/2025"),
            ("death_place", "tại nhà riêng"),
            ("death_cause", "bệnh già"),
            ("residence_province", "Nghệ An"),
            ("residence_commune", "phường Trường Vinh"),
            ("residence_street", "xóm 3"),
            ("applicant_full_name", "Phạm Thị Lan"),
            ("applicant_cccd", "040175012345"),
            ("applicant_relationship", "con gái"),
            ("phone", "0987654321"),
        ],
        expected={
            "deceased_full_name": "Phạm Văn Long",
            "deceased_sex": "male",
            "deceased_birth_date": "1945-04-12",
            "deceased_cccd": None,
            "death_date": "2025-09-03",
            "death_place": "tại nhà riêng",
            "death_cause": "bệnh già",
            "residence_province": NGHE_AN,
            "residence_commune": TRUONG_VINH,
            "residence_street": street("xóm 3", TRUONG_VINH),
            "applicant_full_name": "Phạm Thị Lan",
            "applicant_cccd": "040175012345",
            "applicant_relationship": "child",
            "phone": "0987654321",
        },
        correction=("sửa ngày mất", "ngày 4 tháng 9 năm 2025", "death_date", "2025-09-04"),
        skipped={"deceased_cccd"},
    ),
    "1.000894": Script(
        steps=[
            ("groom_full_name", "Lê Văn Minh"),
            ("groom_birth_date", "14/02/1996"),
            ("groom_cccd", "001096012345"),
            ("groom_residence", "phường Cầu Giấy, Hà Nội"),
            ("bride_full_name", "Đỗ Thị Hương"),
            ("bride_birth_date", "08/03/1998"),
            ("bride_cccd", "001198012345"),
            ("bride_residence", "xã Sóc Sơn, thành phố Hà Nội"),
            ("phone", "0978123456"),
        ],
        expected={
            "groom_full_name": "Lê Văn Minh",
            "groom_birth_date": "1996-02-14",
            "groom_cccd": "001096012345",
            "groom_residence": CAU_GIAY,
            "bride_full_name": "Đỗ Thị Hương",
            "bride_birth_date": "1998-03-08",
            "bride_cccd": "001198012345",
            "bride_residence": SOC_SON,
            "phone": "0978123456",
        },
        correction=("sửa tên vợ", "Đỗ Thị Hường", "bride_full_name", "Đỗ Thị Hường"),
    ),
    "1.004222": Script(
        steps=[
            ("full_name", "Hoàng Văn Nam"),
            ("birth_date", "1/6/1990"),
            ("sex", "nam"),
            ("cccd", "046090012345"),
            ("residence_province", "Huế"),
            ("residence_commune", "phường Thuận Hóa"),
            ("residence_street", "số 12 đường Lê Lợi"),
            ("residence_basis", "nhà thuê"),
            ("head_full_name", "Trương Văn Bình"),
            ("head_cccd", "046065012345"),
            ("phone", "0935111222"),
        ],
        expected={
            "full_name": "Hoàng Văn Nam",
            "birth_date": "1990-06-01",
            "sex": "male",
            "cccd": "046090012345",
            "residence_province": HUE,
            "residence_commune": THUAN_HOA,
            "residence_street": street("số 12 đường Lê Lợi", THUAN_HOA),
            "residence_basis": "rented",
            "head_full_name": "Trương Văn Bình",
            "head_cccd": "046065012345",
            "phone": "0935111222",
        },
        correction=("sửa số điện thoại", "0935111333", "phone", "0935111333"),
    ),
    "1.004194": Script(
        steps=[
            ("full_name", "Vũ Thị Thu"),
            ("birth_date", "9/11/2008"),
            ("sex", "nữ"),
            ("cccd", "036308012345"),
            ("guardian_full_name", "Vũ Văn Hải"),
            ("residence_province", "Đà Nẵng"),
            ("residence_commune", "phường Hải Châu"),
            ("residence_street", "số 20 đường Bạch Đằng"),
            ("stay_months", "12 tháng"),
            ("phone", "0944555666"),
        ],
        expected={
            "full_name": "Vũ Thị Thu",
            "birth_date": "2008-11-09",
            "sex": "female",
            "cccd": "036308012345",
            "guardian_full_name": "Vũ Văn Hải",
            "residence_province": DA_NANG,
            "residence_commune": HAI_CHAU,
            "residence_street": street("số 20 đường Bạch Đằng", HAI_CHAU),
            "stay_months": 12,
            "phone": "0944555666",
        },
        correction=("sửa thời hạn tạm trú", "sáu tháng", "stay_months", 6),
    ),
    "2.000635": Script(
        steps=[
            ("record_type", "khai sinh"),
            ("subject_full_name", "Nguyễn Thị Lan"),
            ("subject_birth_date", "không nhớ"),
            ("registration_place", "xã Yên Thường, Hà Nội"),
            ("registration_year", "1980"),
            ("is_self", "không"),
            ("applicant_relationship", "con"),
            ("applicant_full_name", "Trần Văn Tú"),
            ("applicant_cccd", "001080012345"),
            ("copies", "2 bản"),
            ("phone", "0912345678"),
        ],
        expected={
            "record_type": "birth",
            "subject_full_name": "Nguyễn Thị Lan",
            "subject_birth_date": None,
            "registration_place": PHU_DONG_FROM_YEN_THUONG,
            "registration_year": 1980,
            "is_self": False,
            "applicant_relationship": "child",
            "applicant_full_name": "Trần Văn Tú",
            "applicant_cccd": "001080012345",
            "copies": 2,
            "phone": "0912345678",
        },
        correction=("sửa số bản", "ba bản", "copies", 3),
        skipped={"subject_birth_date"},
    ),
    "1.001699": Script(
        steps=[
            ("request_kind", "xác định lần đầu"),
            ("person_full_name", "Đặng Văn Tâm"),
            ("person_birth_date", "17/5/1988"),
            ("person_sex", "nam"),
            ("person_cccd", "048088012345"),
            ("residence_province", "Đà Nẵng"),
            ("residence_commune", "phường Hải Châu"),
            ("residence_street", "tổ 5, số 8 đường Lê Duẩn"),
            ("disability_type", "vận động"),
            ("has_medical_conclusion", "chưa"),
            ("is_self", "không"),
            ("applicant_relationship", "mẹ"),
            ("applicant_full_name", "Đặng Thị Hoa"),
            ("applicant_cccd", "048165012345"),
            ("phone", "0905123456"),
        ],
        expected={
            "request_kind": "first",
            "person_full_name": "Đặng Văn Tâm",
            "person_birth_date": "1988-05-17",
            "person_sex": "male",
            "person_cccd": "048088012345",
            "residence_province": DA_NANG,
            "residence_commune": HAI_CHAU,
            "residence_street": street("tổ 5, số 8 đường Lê Duẩn", HAI_CHAU),
            "disability_type": "mobility",
            "has_medical_conclusion": False,
            "is_self": False,
            "applicant_relationship": "mother",
            "applicant_full_name": "Đặng Thị Hoa",
            "applicant_cccd": "048165012345",
            "phone": "0905123456",
        },
        correction=("sửa dạng khuyết tật", "nhìn", "disability_type", "vision"),
    ),
    "1.001731": Script(
        steps=[
            ("deceased_full_name", "Bùi Văn Thành"),
            ("deceased_birth_date", "10/1/1940"),
            ("deceased_sex", "nam"),
            ("deceased_cccd", "048040012345"),
            ("death_date", "3/9/2025"),
            ("beneficiary_group", "từ 80 tuổi hưởng tuất"),
            ("residence", "xã Hòa Vang, Đà Nẵng"),
            ("organizer_full_name", "Bùi Thị Mai"),
            ("organizer_cccd", "048170012345"),
            ("organizer_relationship", "con"),
            ("phone", "0905987654"),
        ],
        expected={
            "deceased_full_name": "Bùi Văn Thành",
            "deceased_birth_date": "1940-01-10",
            "deceased_sex": "male",
            "deceased_cccd": "048040012345",
            "death_date": "2025-09-03",
            "beneficiary_group": "elderly_80",
            "residence": HOA_VANG,
            "organizer_full_name": "Bùi Thị Mai",
            "organizer_cccd": "048170012345",
            "organizer_relationship": "child",
            "phone": "0905987654",
        },
        correction=("sửa diện hưởng", "hưởng trợ cấp hằng tháng", "beneficiary_group", "monthly_allowance"),
    ),
    "1.001776": Script(
        steps=[
            ("request_kind", "hưởng mới"),
            ("beneficiary_group", "người cao tuổi"),
            ("person_full_name", "Ngô Thị Tám"),
            ("person_birth_date", "20/2/1944"),
            ("person_sex", "nữ"),
            ("person_cccd", "không có"),
            ("residence", "phường Hoàng Mai, Hà Nội"),
            ("residence_street", "số 3 ngõ 12 phố Tân Mai"),
            ("is_self", "không"),
            ("applicant_relationship", "con"),
            ("applicant_full_name", "Ngô Văn Sáu"),
            ("applicant_cccd", "001070012345"),
            ("phone", "0912345678"),
        ],
        expected={
            "request_kind": "new",
            "beneficiary_group": "elderly",
            "person_full_name": "Ngô Thị Tám",
            "person_birth_date": "1944-02-20",
            "person_sex": "female",
            "person_cccd": None,
            "residence": HOANG_MAI,
            "residence_street": street("số 3 ngõ 12 phố Tân Mai", HOANG_MAI),
            "is_self": False,
            "applicant_relationship": "child",
            "applicant_full_name": "Ngô Văn Sáu",
            "applicant_cccd": "001070012345",
            "phone": "0912345678",
        },
        correction=("sửa nhóm đối tượng", "người khuyết tật", "beneficiary_group", "disabled"),
        skipped={"person_cccd"},
    ),
}
CODES = sorted(SCRIPTS)


__all__ = [
    "CAU_GIAY",
    "CODES",
    "DA_NANG",
    "HAI_CHAU",
    "HA_NOI",
    "HOANG_MAI",
    "HOAN_KIEM",
    "HOA_VANG",
    "HUE",
    "NGHE_AN",
    "PHU_DONG_FROM_YEN_THUONG",
    "SCRIPTS",
    "SCRIPT_DATE",
    "SOC_SON",
    "THUAN_HOA",
    "TRUONG_VINH",
    "Script",
    "place",
    "street",
]


def play(
    code: str, steps: Sequence[tuple[str, str]], today: date | None = None
) -> tuple[DossierDraft, list[tuple[str, str]]]:
    """Consent, then each step the engine asks on ``today`` (others skipped), every read-back
    confirmed and a clarifying question answered by repeating the answer: the engine's draft
    afterwards and the steps it used. One walk through a script, shared by every user of it."""
    draft = engine.handle(engine.start(code, today).draft, "đồng ý", today).draft
    used: list[tuple[str, str]] = []
    for field_name, text in steps:
        if draft.current != field_name:
            continue
        used.append((field_name, text))
        out = engine.handle(draft, text, today)
        if out.kind is engine.OutcomeKind.CLARIFY:
            out = engine.handle(out.draft, text, today)
        draft = out.draft
        if draft.phase is Phase.CONFIRMING:
            draft = engine.handle(draft, "đúng", today).draft
    return draft, used
