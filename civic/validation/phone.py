"""Vietnamese mobile phone numbers (số điện thoại di động).

Since the 2018 move from 11 to 10 digits a mobile number is ``0`` + a 2-digit network code + 7 digits.
Only codes allocated to mobile networks are accepted, so a landline (``02x``) or a mistyped first
digits are caught while the citizen is still on the line. ``+84`` / ``84`` forms are normalised to
the domestic ``0XXXXXXXXX``; the display groups 4-3-3 for reading aloud.
"""

from __future__ import annotations

from civic.validation.digits import read_digits
from civic.validation.result import ValidationResult

# Mobile network codes in use (MIC allocation, after the 2018 renumbering):
MOBILE_PREFIXES: frozenset[str] = frozenset(
    {
        # Viettel
        "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
        # VinaPhone
        "081", "082", "083", "084", "085", "088", "091", "094",
        # MobiFone
        "070", "076", "077", "078", "079", "089", "090", "093",
        # Vietnamobile
        "052", "056", "058", "092",
        # Gmobile (Gtel)
        "059", "099",
        # iTel (Đông Dương Telecom)
        "087",
        # Reddi (Mobicast)
        "055",
    }
)  # fmt: skip
# 095 belonged to S-Fone, which stopped service in 2012; it is not in use.

EXAMPLE = "ví dụ: 0912 345 678"


def display_phone(number: str) -> str:
    """``0912345678`` → ``0912 345 678`` (the grouping people read numbers aloud in)."""
    return f"{number[:4]} {number[4:7]} {number[7:]}"


def _normalise(digits: str, plus: bool) -> str:
    if digits.startswith("0084"):
        digits = digits[2:]
        plus = True
    if (plus or len(digits) in (11, 12)) and digits.startswith("84"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


def validate_mobile_phone(text: object) -> ValidationResult[str]:
    """``value`` is the domestic 10-digit form (``0912345678``)."""
    reading = read_digits(text)
    if reading.has_letters:
        return ValidationResult.reject(
            "phone_has_letters", f"Số điện thoại chỉ gồm chữ số. Xin đọc lại từng số, {EXAMPLE}."
        )
    if not reading.digits:
        return ValidationResult.reject("phone_empty", f"Xin đọc số điện thoại di động 10 số, {EXAMPLE}.")
    number = _normalise(reading.digits, reading.plus)
    if len(number) == 11 and number.startswith("01"):
        return ValidationResult.reject(
            "phone_old_11_digits",
            "Số 11 số bắt đầu bằng 01 đã được đổi sang 10 số từ năm 2018. "
            f"Xin đọc số 10 số đang dùng, {EXAMPLE}.",
        )
    if number.startswith("02") and len(number) in (10, 11):
        return ValidationResult.reject(
            "phone_landline", f"Đây có vẻ là số máy bàn. Xin cho số điện thoại di động 10 số, {EXAMPLE}."
        )
    if len(number) != 10:
        return ValidationResult.reject(
            "phone_wrong_length",
            f"Số vừa đọc có {len(number)} chữ số; số di động có đúng 10 số. Xin đọc lại, {EXAMPLE}.",
        )
    if number[:3] not in MOBILE_PREFIXES:
        return ValidationResult.reject(
            "phone_unknown_prefix",
            f"Đầu số {' '.join(number[:3])} không phải đầu số di động. Xin kiểm tra và đọc lại, {EXAMPLE}.",
        )
    return ValidationResult.accept(number, display_phone(number))
