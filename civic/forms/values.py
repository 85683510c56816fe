"""One answer to one form field: checked, normalised to a JSON value, and rendered for reading back.

The validators in ``civic.validation`` know each kind of value; this module adds what only the form
knows: the other answers a value must agree with (a CCCD against the declared birth date and sex, a
death after the birth, a commune inside the province given before) and the plausibility limits the
spec sets. Stored values are plain JSON (ISO dates, digit strings, enum values, small dicts) because
the draft lives in a Rasa slot and ends up in the dossier store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from civic.admin_units import default_admin_units
from civic.admin_units.keys import fold_key
from civic.forms.spec import FieldSpec, FieldType, ReadbackStyle
from civic.text.codes import speak_id_number, speak_phone
from civic.text.numbers import speak_digits
from civic.text.understand import parse_number
from civic.text.vietnamese import fold
from civic.validation.address import MAX_STREET_LENGTH, PROVINCE_EXAMPLE, validate_address
from civic.validation.choices import validate_choice, validate_yes_no
from civic.validation.dates import age_on, spoken_date, validate_date
from civic.validation.free_text import validate_free_text
from civic.validation.identity import display_citizen_id, validate_citizen_id
from civic.validation.names import validate_full_name
from civic.validation.phone import display_phone, validate_mobile_phone
from civic.validation.relationship import Relationship, validate_relationship
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text, looks_like_html, looks_like_sql
from civic.validation.sex import Sex, validate_sex

Answers = Mapping[str, Any]

# How to answer, said with the field's example after a second failed attempt.
DEFAULT_HELP = {
    FieldType.FULL_NAME: "Xin nói đủ họ, tên đệm và tên",
    FieldType.DATE: "Xin nói đủ ngày, tháng và năm",
    FieldType.CCCD: "Số định danh cá nhân có 12 chữ số, in trên thẻ căn cước. Xin đọc lần lượt từng số",
    FieldType.PHONE: "Số di động có 10 chữ số, bắt đầu bằng số 0. Xin đọc lần lượt từng số",
    FieldType.SEX: "Xin trả lời nam hoặc nữ",
    FieldType.RELATIONSHIP: "Xin nói một quan hệ như cha, mẹ, ông, bà, con, vợ, chồng",
    FieldType.ADDRESS: "Xin nói số nhà và tên đường, hoặc tên thôn, xóm, tổ dân phố",
    FieldType.COMMUNE: "Xin nói tên xã, phường, kèm tên tỉnh, thành phố",
    FieldType.PROVINCE: "Xin nói tên tỉnh hoặc thành phố",
    FieldType.CHOICE: "Xin chọn một trong các lựa chọn, hoặc nói số thứ tự",
    FieldType.YES_NO: "Xin trả lời có hoặc không",
    FieldType.FREE_TEXT: "Xin nói ngắn gọn",
    FieldType.NUMBER: "Xin nói một con số",
}


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one answer; personal data stays out of ``repr``."""

    ok: bool
    value: Any = field(default=None, repr=False)  # JSON value to store
    notice: str = field(default="", repr=False)  # said before the read-back (old name mapped, no marks)
    warnings: tuple[str, ...] = ()
    error: str | None = None
    message: str = field(default="", repr=False)
    clarify: bool = False  # the answer fits several values and the message asks which: not a failure
    choices: tuple[str, ...] = field(default=(), repr=False)  # the values offered by a clarifying question

    @classmethod
    def reject(cls, error: str, message: str) -> Checked:
        return cls(ok=False, error=error, message=message)


def _from(result: ValidationResult[Any], value: Any = None) -> Checked:
    if not result.ok:
        error = result.error or "invalid"
        clarify = error.endswith("_ambiguous")
        return Checked(
            False,
            error=error,
            message=result.message,
            clarify=clarify,
            choices=result.choices if clarify else (),
        )
    return Checked(True, value=value, notice=result.message, warnings=result.warnings)


def _label(spec: FieldSpec) -> str:
    return spec.label[:1].upper() + spec.label[1:]


def _date_of(answers: Answers, name: str | None) -> date | None:
    value = answers.get(name) if name else None
    return date.fromisoformat(value) if isinstance(value, str) else None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _check_date(
    spec: FieldSpec, text: str, answers: Answers, today: date, labels: Mapping[str, str]
) -> Checked:
    result = validate_date(text, today, require_year=True)
    if not result.ok or result.value is None:
        return _from(result)
    day, p, label = result.value, spec.plausibility, _label(spec)
    example = f"ví dụ: {spec.example}"
    if p.not_future and day > today:
        return Checked.reject("date_in_future", f"{label} không thể sau hôm nay. Xin nói lại, {example}.")
    if p.min_year is not None and day.year < p.min_year:
        return Checked.reject("date_too_early", f"{label} phải từ năm {p.min_year} trở về sau. Xin nói lại.")
    if p.max_age_years is not None and age_on(day, today) >= p.max_age_years:
        message = p.max_age_message or (
            f"Theo {spec.label} này thì đã đủ {p.max_age_years} tuổi; thủ tục này chỉ dành cho người "
            f"dưới {p.max_age_years} tuổi."
        )
        return Checked.reject("date_too_old", message)
    if p.min_age_years is not None and age_on(day, today) < p.min_age_years:
        return Checked.reject(
            "date_too_young",
            f"Theo {spec.label} này thì chưa đủ {p.min_age_years} tuổi; thủ tục cần từ đủ "
            f"{p.min_age_years} tuổi. Xin kiểm tra lại.",
        )
    for relation, later in ((p.after, True), (p.before, False)):
        other = _date_of(answers, relation.field) if relation else None
        if relation is None or other is None:
            continue
        gap = f" ít nhất {relation.min_years} năm" if relation.min_years else ""
        other_label = labels.get(relation.field, relation.field)
        if later and day < _add_years(other, relation.min_years):
            return Checked.reject(
                "date_order", f"{label} phải sau {other_label}{gap}, {spoken_date(other)}. Xin kiểm tra lại."
            )
        if not later and day > _add_years(other, -relation.min_years):
            return Checked.reject(
                "date_order",
                f"{label} phải trước {other_label}{gap}, {spoken_date(other)}. Xin kiểm tra lại.",
            )
    return Checked(True, value=day.isoformat(), warnings=result.warnings)


def _check_cccd(spec: FieldSpec, text: str, answers: Answers, today: date) -> Checked:
    p = spec.plausibility
    sex_value = answers.get(p.sex_field) if p.sex_field else p.sex
    result = validate_citizen_id(
        text,
        birth_date=_date_of(answers, p.birth_date_field),
        sex=Sex(sex_value) if sex_value else None,
        today=today,
    )
    return _from(result, result.value.number if result.value else None)


def _check_province(text: str) -> Checked:
    units = default_admin_units()
    cleaned = clean_text(text)
    match = units.find_province(cleaned) if cleaned else None
    if match is None:
        return Checked.reject(
            "address_province_not_found",
            f"Chưa tìm thấy tỉnh, thành phố này. Xin nói lại tên tỉnh hoặc thành phố, {PROVINCE_EXAMPLE}.",
        )
    if match.is_ambiguous:
        options = (match.province, *match.alternatives)
        return Checked(
            False,
            error="address_province_ambiguous",
            message=f"Xin nói rõ: {' hay '.join(p.spoken_name for p in options)}?",
            clarify=True,
            choices=tuple(p.name for p in options),
        )
    province = match.province
    notices = [match.speakable()] if match.old_name else []
    if match.is_fuzzy:
        notices.append(f"Xin xác nhận: {province.spoken_name}.")
    value = {"code": province.code, "name": province.name, "old_name": match.old_name}
    return Checked(True, value=value, notice=" ".join(notices))


def _check_commune(spec: FieldSpec, text: str, answers: Answers) -> Checked:
    province = answers.get(spec.province_field) if spec.province_field else None
    result = validate_address("", text, province["name"] if province else "", require_street=False)
    if not result.ok or result.value is None:
        return _from(result)
    address = result.value
    value = {
        "code": address.commune.code,
        "name": address.commune.name,
        "province_code": address.province.code,
        "province": address.province.name,
        "old_name": address.old_commune_name,
    }
    return _from(result, value)


def _street_only(street: str, commune: Mapping[str, Any]) -> str:
    """Drop a repeated commune/province tail: "5 Tràng Tiền, phường Hoàn Kiếm, Hà Nội" → "5 Tràng Tiền"."""
    folded = fold(street)
    if len(folded) != len(street):
        return street
    short = fold(commune["name"]).split(" ", 1)[-1]
    match = re.search(rf"(?:^|[\s,]+)(?:(?:xa|phuong|dac khu|thi tran)\s+)?{re.escape(short)}\b", folded)
    if match is None or match.start() == 0:
        return street
    return street[: match.start()].strip(" ,")


def _check_address(spec: FieldSpec, text: str, answers: Answers) -> Checked:
    commune = answers.get(spec.commune_field) if spec.commune_field else None
    result = validate_free_text(
        text, max_length=MAX_STREET_LENGTH, field_label="Số nhà, tên đường hoặc thôn, xóm"
    )
    if not result.ok or result.value is None or not commune:
        return _from(result)
    return _from(result, address_value(_street_only(result.value, commune), commune))


def address_value(street: str, commune: Mapping[str, Any]) -> dict[str, Any]:
    """The stored address: the street as said, the 2025 commune and province, and the one-line form."""
    full = ", ".join(part for part in (street, commune["name"], commune["province"]) if part)
    return {
        "street": street,
        "commune_code": commune["code"],
        "commune": commune["name"],
        "province_code": commune["province_code"],
        "province": commune["province"],
        "full": full,
    }


def _check_number(spec: FieldSpec, text: str, today: date) -> Checked:
    cleaned = clean_text(text)
    p = spec.plausibility
    low = p.min if p.min is not None else 0
    high = today.year if p.max_current_year else p.max
    bounds = f" từ {low} đến {high}" if high is not None else ""
    if not cleaned or looks_like_html(cleaned) or looks_like_sql(cleaned):
        return Checked.reject("number_unclear", f"Xin nói một số{bounds}, ví dụ: {spec.example}.")
    typed = re.fullmatch(r"\D*?(\d{1,9})\D*", cleaned)
    number = int(typed.group(1)) if typed else parse_number(cleaned)
    if number is None:
        return Checked.reject("number_unclear", f"Xin nói một số{bounds}, ví dụ: {spec.example}.")
    if number < low or (high is not None and number > high):
        return Checked.reject("number_out_of_range", f"Số này không hợp lệ. Xin nói một số{bounds}.")
    return Checked(True, value=number)


def _check_choice(spec: FieldSpec, text: str) -> Checked:
    choice = validate_choice(text, [o.label for o in spec.options])
    if choice.ok and choice.value is not None:
        return _from(choice, spec.options[choice.value].value)
    if choice.error == "choice_unclear":
        # Another way of saying an option, said whole inside the answer; the longest one wins.
        said = f" {fold_key(clean_text(text))} "
        found = [
            (len(key), option.value)
            for option in spec.options
            for key in (fold_key(alias) for alias in option.aliases)
            if key and f" {key} " in said
        ]
        if found:
            longest = max(length for length, _ in found)
            values = {value for length, value in found if length == longest}
            if len(values) == 1:
                return Checked(True, value=values.pop())
    return _from(choice)


_KIND_WORDS_RE = re.compile(r"^(?:phuong|xa|dac khu|thi tran|tinh|thanh pho)\s+")


def pick_choice(text: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """Which of the values a clarifying question offered the reply picks: by number ("cái đầu"), by
    its whole label, or by the one distinctive name said ("Phú Xuân" for "Phường Phú Xuân, …")."""
    if not choices:
        return None
    result = validate_choice(text, list(choices))
    if result.ok and result.value is not None:
        return choices[result.value]
    said = f" {fold_key(clean_text(text))} "
    names = [_KIND_WORDS_RE.sub("", fold_key(choice.split(",")[0])) for choice in choices]
    hits = [choice for choice, name in zip(choices, names, strict=True) if name and f" {name} " in said]
    return hits[0] if len(hits) == 1 else None


def check_picked(
    spec: FieldSpec, picked: str, answers: Answers, today: date, labels: Mapping[str, str] | None = None
) -> Checked:
    """The value a citizen picked from a clarifying question's list. Places on that list are official
    2025 units ("Phường Phú Xuân, Thành phố Huế"), so they are taken by exact name rather than searched
    again (a search could find the old unit of the same name once more)."""
    units = default_admin_units()
    if spec.type in (FieldType.COMMUNE, FieldType.PROVINCE):
        commune_name, _, province_name = picked.rpartition(", ") if ", " in picked else ("", "", picked)
        province = next((p for p in units.provinces if p.name == province_name), None)
        if province is not None and spec.type is FieldType.PROVINCE:
            return Checked(True, value={"code": province.code, "name": province.name, "old_name": None})
        communes = units.communes_in(province.code) if province else ()
        commune = next((c for c in communes if c.name == commune_name), None)
        scope = answers.get(spec.province_field) if spec.province_field else None
        if province is not None and commune is not None and (not scope or scope["code"] == province.code):
            value = {
                "code": commune.code,
                "name": commune.name,
                "province_code": province.code,
                "province": province.name,
                "old_name": None,
            }
            return Checked(True, value=value)
    return check_answer(spec, picked, answers, today, labels)


def check_answer(
    spec: FieldSpec, text: str, answers: Answers, today: date, labels: Mapping[str, str] | None = None
) -> Checked:
    """Check ``text`` as the answer to ``spec`` given the other ``answers``; never raises on bad input.

    ``labels`` (field name → label) words messages that name another field ("phải sau ngày sinh").
    """
    kind = spec.type
    if kind is FieldType.FULL_NAME:
        result = validate_full_name(text)
        return _from(result, result.value)
    if kind is FieldType.DATE:
        return _check_date(spec, text, answers, today, labels or {})
    if kind is FieldType.CCCD:
        return _check_cccd(spec, text, answers, today)
    if kind is FieldType.PHONE:
        result = validate_mobile_phone(text)
        return _from(result, result.value)
    if kind is FieldType.SEX:
        sex = validate_sex(text)
        return _from(sex, sex.value.value if sex.value else None)
    if kind is FieldType.RELATIONSHIP:
        relation = validate_relationship(text)
        return _from(relation, relation.value.value if relation.value else None)
    if kind is FieldType.PROVINCE:
        return _check_province(text)
    if kind is FieldType.COMMUNE:
        return _check_commune(spec, text, answers)
    if kind is FieldType.ADDRESS:
        return _check_address(spec, text, answers)
    if kind is FieldType.CHOICE:
        return _check_choice(spec, text)
    if kind is FieldType.YES_NO:
        yes_no = validate_yes_no(text)
        return _from(yes_no, yes_no.value)
    if kind is FieldType.FREE_TEXT:
        result = validate_free_text(text, max_length=spec.max_length or 500, field_label=_label(spec))
        return _from(result, result.value)
    return _check_number(spec, text, today)


def recheck(
    spec: FieldSpec, value: Any, answers: Answers, today: date, labels: Mapping[str, str] | None = None
) -> Checked:
    """A stored value checked again after a field it depends on changed; ``value`` may be rebuilt."""
    if value is None:
        return Checked(True, value=None)
    if spec.type is FieldType.COMMUNE:
        province = answers.get(spec.province_field) if spec.province_field else None
        if province and province["code"] != value["province_code"]:
            return Checked.reject("commune_not_in_province", "")
        return Checked(True, value=value)
    if spec.type is FieldType.ADDRESS:
        commune = answers.get(spec.commune_field) if spec.commune_field else None
        if not commune:
            return Checked.reject("address_commune_missing", "")
        return Checked(True, value=address_value(value["street"], commune))
    if spec.type in (FieldType.DATE, FieldType.CCCD):
        return check_answer(spec, str(value), answers, today, labels)
    return Checked(True, value=value)


# --- rendering -----------------------------------------------------------------------------------------


def spoken_value(spec: FieldSpec, value: Any) -> str:
    """The value as it is read aloud: codes digit by digit, dates as "ngày 5 tháng 3 năm 2024"."""
    if value is None:
        return "để trống"
    kind = spec.type
    if kind is FieldType.DATE:
        day = date.fromisoformat(value)
        return spoken_date(day) if spec.readback is ReadbackStyle.DATE else day.strftime("%d/%m/%Y")
    if kind is FieldType.CCCD:
        return speak_id_number(value)
    if kind is FieldType.PHONE:
        return speak_phone(value)
    if kind is FieldType.NUMBER:
        number = speak_digits(str(value)) if spec.readback is ReadbackStyle.DIGITS else str(value)
        return f"{number} {spec.unit}".strip()
    return written_value(spec, value)


def written_value(spec: FieldSpec, value: Any) -> str:
    """The value as a screen shows it: ``001 085 012 345``, ``05/03/2024``, ``Phường Hoàn Kiếm, …``."""
    if value is None:
        return "để trống"
    kind = spec.type
    if kind is FieldType.DATE:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind is FieldType.CCCD:
        return display_citizen_id(value)
    if kind is FieldType.PHONE:
        return display_phone(value)
    if kind is FieldType.SEX:
        return Sex(value).label
    if kind is FieldType.RELATIONSHIP:
        return Relationship(value).label
    if kind is FieldType.PROVINCE:
        return str(value["name"])
    if kind is FieldType.COMMUNE:
        return f"{value['name']}, {value['province']}"
    if kind is FieldType.ADDRESS:
        return str(value["full"])
    if kind is FieldType.CHOICE:
        option = spec.option(value)
        return option.label if option else str(value)
    if kind is FieldType.YES_NO:
        return "có" if value else "không"
    if kind is FieldType.NUMBER:
        return f"{value} {spec.unit}".strip()
    return str(value)
