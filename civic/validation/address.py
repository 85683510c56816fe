"""Addresses for dossiers: house/street free text + commune + province checked against the 2025 units.

Since 1 July 2025 an address has only two administrative levels (xã/phường/đặc khu and tỉnh/thành
phố). Citizens still give old communes and provinces; those are accepted, mapped to the 2025 unit,
and the citizen is told ("Phường Bến Nghé cũ nay thuộc phường Sài Gòn, thành phố Hồ Chí Minh") so
the dossier carries the current name. When a name fits several units the answer lists them and asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civic.admin_units import AdminUnits, default_admin_units
from civic.admin_units.models import Commune, CommuneMatch, Province, ProvinceMatch
from civic.validation.free_text import validate_free_text
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text

MAX_STREET_LENGTH = 150
COMMUNE_EXAMPLE = "ví dụ: phường Hoàn Kiếm"
PROVINCE_EXAMPLE = "ví dụ: thành phố Hà Nội"


@dataclass(frozen=True)
class Address:
    street: str = field(repr=False)  # số nhà, đường, thôn, xóm, tổ dân phố — as given
    commune: Commune
    province: Province
    old_commune_name: str | None = None  # the old name the citizen used, if any
    old_province_name: str | None = None

    @property
    def full(self) -> str:
        """One line, as written on forms: ``Số 5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội``."""
        parts = [self.street, self.commune.name, self.province.name]
        return ", ".join(part for part in parts if part)


def _province(units: AdminUnits, text: str) -> ProvinceMatch | ValidationResult[Address]:
    match = units.find_province(text)
    if match is None:
        return ValidationResult.reject(
            "address_province_not_found",
            f"Chưa tìm thấy tỉnh, thành phố này. Xin nói lại tên tỉnh hoặc thành phố, {PROVINCE_EXAMPLE}.",
        )
    if match.is_ambiguous:
        options = (match.province, *match.alternatives)
        return ValidationResult.reject(
            "address_province_ambiguous",
            f"Xin nói rõ: {' hay '.join(p.spoken_name for p in options)}?",
            choices=tuple(p.name for p in options),
        )
    return match


def _commune_not_found(units: AdminUnits, text: str, province: Province | None) -> ValidationResult[Address]:
    if province is not None:
        elsewhere = units.find_commune(text)
        if elsewhere is not None and not elsewhere.is_fuzzy:
            provinces = [p.spoken_name for p in elsewhere.provinces]
            if len(provinces) > 3:
                where = f"{len(provinces)} tỉnh, thành phố khác"
            else:
                where = " và ".join(
                    [", ".join(provinces[:-1]), provinces[-1]] if len(provinces) > 1 else provinces
                )
            return ValidationResult.reject(
                "address_commune_not_in_province",
                f"Không thấy xã, phường này ở {province.spoken_name}; tên này có ở {where}. "
                "Xin kiểm tra lại tên xã, phường hoặc tỉnh.",
            )
    return ValidationResult.reject(
        "address_commune_not_found",
        f"Chưa tìm thấy xã, phường này. Xin nói lại tên xã, phường, {COMMUNE_EXAMPLE}.",
    )


def validate_address(
    street: object,
    commune: object,
    province: object = "",
    *,
    require_street: bool = True,
    units: AdminUnits | None = None,
) -> ValidationResult[Address]:
    """Check the three parts; ``province`` may be empty when the commune name is unique in the country."""
    units = units or default_admin_units()
    street_result = validate_free_text(
        street,
        max_length=MAX_STREET_LENGTH,
        min_length=1 if require_street else 0,
        field_label="Số nhà, tên đường hoặc thôn, xóm",
    )
    if not street_result.ok:
        return ValidationResult.reject(street_result.error or "text_empty", street_result.message)

    province_text, commune_text = clean_text(province), clean_text(commune)
    province_match: ProvinceMatch | None = None
    if province_text:
        found = _province(units, province_text)
        if isinstance(found, ValidationResult):
            return found
        province_match = found
    if not commune_text:
        return ValidationResult.reject(
            "address_commune_empty", f"Xin cho biết tên xã, phường, {COMMUNE_EXAMPLE}."
        )
    scope = province_match.province if province_match else None
    match = units.find_commune(commune_text, scope.code if scope else None)
    if match is None:
        return _commune_not_found(units, commune_text, scope)
    if match.is_ambiguous:
        return ValidationResult.reject(
            "address_commune_ambiguous",
            match.question(),
            choices=tuple(f"{c.commune.name}, {c.province.name}" for c in match.candidates),
        )
    return _accepted(street_result.value or "", match, province_match, street_result.warnings)


def _accepted(
    street: str, match: CommuneMatch, province_match: ProvinceMatch | None, street_warnings: tuple[str, ...]
) -> ValidationResult[Address]:
    best = match.best
    address = Address(
        street=street,
        commune=best.commune,
        province=best.province,
        old_commune_name=best.old_name,
        old_province_name=province_match.old_name if province_match else None,
    )
    notices: list[str] = []
    warnings = list(street_warnings)  # markup-looking street text stays text, but is flagged
    if province_match is not None and province_match.old_name is not None:
        notices.append(province_match.speakable())
    if best.old is not None:
        notices.append(best.speakable())
    if notices:
        warnings.append("address_old_name_mapped")
    if match.is_fuzzy or (province_match is not None and province_match.is_fuzzy):
        warnings.append("address_fuzzy_match")
        notices.append(
            f"Xin xác nhận: {best.commune.spoken_name}, {best.province.spoken_name}, đúng không ạ?"
        )
    return ValidationResult.accept(address, address.full, message=" ".join(notices), warnings=tuple(warnings))
