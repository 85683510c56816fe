"""The procedure form specs as data: every shipped spec loads, is consistent with the catalog, and a
broken spec is refused at load time with a message that says where the problem is."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from civic.admin_units import default_admin_units
from civic.catalog.store import default_catalog
from civic.forms.closing import catalog_document
from civic.forms.commands import CommandKind, parse_command
from civic.forms.fee_rules import load_fee_rules, parse_fee_rules
from civic.forms.labels import resolve_field
from civic.forms.loader import SPECS_DIR, SpecError, get_spec, load_all_specs, option_lists, parse_spec
from civic.forms.spec import FieldType
from civic.forms.values import check_answer

TODAY = date(2025, 10, 1)
EXPECTED_CODES = {
    "2.000986",
    "1.001699",
    "1.001731",
    "1.001776",
    "1.001193",
    "1.000656",
    "1.000894",
    "1.004222",
    "1.004194",
    "2.000635",
}


def _document(code: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((SPECS_DIR / f"{code}.yml").read_text(encoding="utf-8"))
    return document


def test_every_required_procedure_has_a_spec_that_loads():
    assert set(load_all_specs()) == EXPECTED_CODES


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_spec_matches_its_catalog_procedure(code):
    spec = get_spec(code)
    procedure = default_catalog().get(code)
    assert procedure is not None, "the spec's procedure must exist in the shipped catalog"
    for doc in spec.documents:
        if doc.catalog is not None:
            found = catalog_document(procedure, doc.catalog)  # raises unless exactly one matches
            assert found.name


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_every_example_is_accepted_by_its_own_field(code):
    """The example said after two failures must itself be a valid answer (in the context of the
    examples of earlier fields, so CCCD/birth-date/sex cross-checks agree)."""
    spec = get_spec(code)
    labels = {f.name: f.label for f in spec.fields}
    answers: dict[str, Any] = {}
    for field in spec.fields:
        result = check_answer(field, field.example, answers, TODAY, labels)
        assert result.ok, (field.name, field.example, result.error, result.message)
        answers[field.name] = result.value


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_assumed_fields_say_why(code):
    for field in get_spec(code).fields:
        if field.assumed:
            assert len(field.note.split()) >= 5, field.name


def test_ethnic_group_list_has_the_54_groups():
    groups = option_lists()["ethnic_groups"]
    assert len(groups) == 54 == len(set(groups))
    assert groups[0] == "Kinh"
    assert get_spec("1.001193").field("child_ethnicity").options[0].label == "Kinh"


def _problems(document: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as caught:
        parse_spec(document, "broken.yml")
    return str(caught.value)


def test_a_typo_in_a_key_is_refused_with_its_location():
    document = _document("1.001193")
    document["fields"][2]["promt"] = document["fields"][2].pop("prompt")
    message = _problems(document)
    assert "broken.yml" in message
    assert "fields[2]" in message and "promt" in message


def test_a_condition_on_a_later_field_is_refused():
    document = _document("1.001193")
    document["fields"][0]["when"] = {"field": "has_father", "equals": True}
    assert "fields[0] (child_full_name): 'has_father' is not a field declared before" in _problems(document)


def test_a_condition_value_must_be_a_possible_answer():
    document = _document("1.004222")
    head = next(f for f in document["fields"] if f["name"] == "head_full_name")
    head["when"] = {"field": "residence_basis", "in": ["rented", "castle"]}
    assert "cannot be an answer of 'residence_basis'" in _problems(document)
    document = _document("1.001193")
    applicant = next(f for f in document["fields"] if f["name"] == "applicant_full_name")
    applicant["when"] = {"field": "applicant_relationship", "equals": "neighbour"}
    assert "cannot be an answer of 'applicant_relationship'" in _problems(document)


def test_type_specific_keys_are_checked():
    document = _document("1.001193")
    birth_place = next(f for f in document["fields"] if f["name"] == "birth_place")
    del birth_place["max_length"]
    assert "a free_text field needs max_length" in _problems(document)

    document = _document("1.001193")
    ethnicity = next(f for f in document["fields"] if f["name"] == "child_ethnicity")
    del ethnicity["options_from"]
    assert "a choice field needs options or options_from" in _problems(document)

    document = _document("1.001193")
    cccd = next(f for f in document["fields"] if f["name"] == "mother_cccd")
    cccd["plausibility"]["birth_date_field"] = "mother_full_name"
    assert "'mother_full_name' is a full_name field; expected date" in _problems(document)

    document = _document("1.001193")
    street = next(f for f in document["fields"] if f["name"] == "residence_street")
    del street["commune_field"]
    assert "an address field needs commune_field" in _problems(document)


def test_prompts_are_one_short_question():
    document = _document("1.000894")
    document["fields"][0]["prompt"] = "Họ tên bên nam? Và bên nữ?"
    assert "prompt must be exactly one question" in _problems(document)


def test_two_fields_cannot_share_a_label():
    document = _document("1.001193")
    document["fields"][1]["aliases"] = ["tên mẹ"]
    assert "alias 'tên mẹ' is also used by" in _problems(document)


def test_an_assumed_field_without_a_note_is_refused():
    document = _document("1.001193")
    phone = next(f for f in document["fields"] if f["name"] == "phone")
    del phone["note"]
    assert "'note' is a required property" in _problems(document)


def test_spec_file_name_must_match_its_code(tmp_path: Path):
    from civic.forms.loader import load_spec

    path = tmp_path / "1.000000.yml"
    path.write_text((SPECS_DIR / "1.000894.yml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SpecError, match="does not match the file name"):
        load_spec(path)


def test_fee_rules_file_names_real_provinces():
    rules = load_fee_rules()
    hue = [r for r in rules if r.province_code == "46"]
    assert len(hue) == 1 and hue[0].reduction_percent == 40
    province = default_admin_units().province("46")
    assert province is not None and province.name == hue[0].province == "Thành phố Huế"
    assert hue[0].reduce(10_000) == 6_000
    assert hue[0].assumed and "verify" in hue[0].basis


def test_broken_fee_rules_are_refused():
    document = yaml.safe_load(Path("civic/forms/fee_rules.yml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    broken["rules"][0]["reduction_percent"] = 140
    with pytest.raises(ValueError, match="reduction_percent"):
        parse_fee_rules(broken)
    broken = copy.deepcopy(document)
    broken["rules"][0]["channels"] = ["fax"]
    with pytest.raises(ValueError, match="channels"):
        parse_fee_rules(broken)


# --- spoken field labels and commands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "said", "field"),
    [
        ("1.001193", "tên mẹ", "mother_full_name"),
        ("1.001193", "sửa tên mẹ", "mother_full_name"),
        ("1.001193", "sua ten me", "mother_full_name"),
        ("1.001193", "sửa lại họ tên của mẹ giúp tôi", "mother_full_name"),
        ("1.001193", "ngày sinh", "child_birth_date"),
        ("1.001193", "ngay sinh cua me", "mother_birth_date"),
        ("1.001193", "tên bố", "father_full_name"),
        ("1.001193", "số điện thoại", "phone"),
        ("1.001193", "so dien thoai", "phone"),
        ("1.001193", "địa chỉ", "residence_street"),
        ("1.000656", "ngày mất", "death_date"),
        ("1.000894", "tên vợ", "bride_full_name"),
        ("1.004222", "chủ hộ", "head_full_name"),
        ("2.000635", "số bản", "copies"),
        ("1.001699", "dạng khuyết tật", "disability_type"),
        ("1.001193", "ten me be", "mother_full_name"),  # an extra word said
        ("1.001193", "ho ten mej", "mother_full_name"),  # a recognition error
    ],
)
def test_spoken_labels_find_their_field(code, said, field):
    assert resolve_field(get_spec(code), said).field == field


def test_a_label_shared_by_several_asked_fields_is_ambiguous():
    spec = get_spec("1.001193")
    match = resolve_field(spec, "ngày sinh", ["mother_birth_date", "father_birth_date"])
    assert match.field is None and set(match.candidates) == {"mother_birth_date", "father_birth_date"}
    assert resolve_field(spec, "quê quán").field is None


@pytest.mark.parametrize(
    ("said", "kind", "target"),
    [
        ("quay lại", CommandKind.BACK, ""),
        ("Quay lai cau truoc nhe", CommandKind.BACK, ""),
        ("làm lại từ đầu", CommandKind.RESTART, ""),
        ("bat dau lai", CommandKind.RESTART, ""),
        ("sửa tên mẹ", CommandKind.CORRECT, "ten me"),
        ("Sửa lại ngày sinh ạ", CommandKind.CORRECT, "ngay sinh"),
        ("sửa", CommandKind.CORRECT, ""),
    ],
)
def test_commands_are_recognised(said, kind, target):
    command = parse_command(said)
    assert command is not None and command.kind is kind and command.target == target


@pytest.mark.parametrize(
    "said", ["Nguyễn Văn Sửa", "quay lại sau", "làm lại", "số 5 đường Quay", "đúng", "chưa", "đợi chút"]
)
def test_answers_are_not_taken_for_commands(said):
    assert parse_command(said) is None


def test_every_field_type_is_used_by_some_form():
    used = {field.type for spec in load_all_specs().values() for field in spec.fields}
    assert used == set(FieldType)
