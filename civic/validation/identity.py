"""Số định danh cá nhân (the 12-digit number on the CCCD / thẻ căn cước).

Structure (NĐ 137/2015 Điều 13, TT 07/2016/TT-BCA; kept by Luật Căn cước 2023): ``PPP G YY RRRRRR``
— ``PPP`` the pre-2025 province where the birth was registered (``0`` + the old 2-digit province
code), ``G`` century and sex (1900s nam 0 / nữ 1, 2000s 2 / 3, 2100s 4 / 5 …), ``YY`` the last two
digits of the birth year, then 6 random digits. There is no check digit, so none is verified here.
The number does not change with the 2025 merger; the old province is mapped to its 2025 province.

Numbers of people whose birth was registered abroad start with a country code; no official list of
those codes is available to this project, so such numbers are refused with a clear message (the
dialogue can hand over to a person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from civic.admin_units import default_admin_units
from civic.admin_units.models import OldProvince, Province
from civic.validation.digits import read_digits
from civic.validation.result import ValidationResult
from civic.validation.sex import Sex

CCCD_LENGTH = 12
CMND_LENGTH = 9
HOW_TO_READ = "Xin đọc lần lượt 12 chữ số in trên thẻ căn cước."


@dataclass(frozen=True)
class CitizenId:
    number: str = field(repr=False)
    birth_province_old: OldProvince  # where the birth was registered, as the number encodes it
    birth_province_2025: Province  # that province after the 2025 merger
    birth_year: int
    sex: Sex


def display_citizen_id(number: str) -> str:
    """``001085012345`` → ``001 085 012 345``: four groups of three, easy to read back and check."""
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


def decode_century_sex(digit: int, year_in_century: int) -> tuple[int, Sex]:
    """``G`` and ``YY`` → (birth year, sex): even ``G`` is nam, odd is nữ; each pair is one century."""
    century = 1900 + (digit // 2) * 100
    return century + year_in_century, Sex.MALE if digit % 2 == 0 else Sex.FEMALE


def validate_citizen_id(
    text: object,
    *,
    birth_date: date | None = None,
    birth_year: int | None = None,
    sex: Sex | None = None,
    today: date | None = None,
) -> ValidationResult[CitizenId]:
    """Check a 12-digit personal ID; cross-check it with the birth year and sex when they are known."""
    reading = read_digits(text)
    if reading.has_letters:
        return ValidationResult.reject(
            "cccd_has_letters", f"Số định danh cá nhân chỉ gồm chữ số, không có chữ cái. {HOW_TO_READ}"
        )
    number = reading.digits
    if not number:
        return ValidationResult.reject("cccd_empty", f"Chưa nghe được số định danh cá nhân. {HOW_TO_READ}")
    if len(number) == CMND_LENGTH:
        return ValidationResult.reject(
            "cccd_old_cmnd",
            "Đây là số chứng minh nhân dân cũ 9 số. Hồ sơ cần số định danh cá nhân 12 số, "
            f"in trên thẻ căn cước hoặc trong ứng dụng VNeID. {HOW_TO_READ}",
        )
    if len(number) != CCCD_LENGTH:
        return ValidationResult.reject(
            "cccd_wrong_length",
            f"Số vừa đọc có {len(number)} chữ số; số định danh cá nhân có đúng 12 chữ số. {HOW_TO_READ}",
        )
    units = default_admin_units()
    old_province = units.old_province(number[1:3]) if number[0] == "0" else None
    if old_province is None:
        return ValidationResult.reject(
            "cccd_unknown_province",
            f"Ba số đầu {' '.join(number[:3])} không phải mã tỉnh nơi đăng ký khai sinh. "
            f"Xin kiểm tra lại thẻ. {HOW_TO_READ}",
        )
    year, encoded_sex = decode_century_sex(int(number[3]), int(number[4:6]))
    if year > (today or date.today()).year:
        return ValidationResult.reject(
            "cccd_birth_year_in_future",
            f"Số thứ tư đến số thứ sáu của số này cho năm sinh {year}, là năm chưa tới. "
            f"Xin kiểm tra lại. {HOW_TO_READ}",
        )
    declared_year = birth_date.year if birth_date else birth_year
    if declared_year is not None and declared_year != year:
        return ValidationResult.reject(
            "cccd_birth_year_mismatch",
            f"Số định danh này ứng với năm sinh {year}, khác năm sinh đã khai là {declared_year}. "
            "Xin kiểm tra lại số hoặc ngày sinh.",
        )
    if sex is not None and sex is not encoded_sex:
        return ValidationResult.reject(
            "cccd_sex_mismatch",
            f"Số định danh này ứng với giới tính {encoded_sex.label}, khác giới tính đã khai là {sex.label}. "
            "Xin kiểm tra lại số hoặc giới tính.",
        )
    province_2025 = units.province(old_province.new_code)
    if province_2025 is None:  # the shipped table is inconsistent; refuse rather than guess
        return ValidationResult.reject("cccd_unknown_province", f"Chưa kiểm tra được mã tỉnh. {HOW_TO_READ}")
    value = CitizenId(number, old_province, province_2025, year, encoded_sex)
    return ValidationResult.accept(value, display_citizen_id(number))
