"""Reading form specs: YAML → schema check → typed ``FormSpec`` → whole-form consistency checks.

A broken spec must fail when it is loaded (in tests and at the first conversation), with every
problem listed and located, never halfway through a citizen's dossier. Specs are read lazily and
cached; nothing is read at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from civic.forms.labels import label_key
from civic.forms.schema import SPEC_SCHEMA
from civic.forms.spec import (
    ChoiceOption,
    Condition,
    ConditionOp,
    DateRelation,
    DocumentSpec,
    FeeSpec,
    FieldSpec,
    FieldType,
    FormSpec,
    Plausibility,
    ReadbackStyle,
    Scalar,
    TimeSpec,
)
from civic.text.vietnamese import fold
from civic.validation.relationship import Relationship

SPECS_DIR = Path(__file__).with_name("specs")
OPTION_LISTS_FILE = Path(__file__).with_name("option_lists.yml")
MAX_PROMPT_WORDS = 25
MAX_CONSENT_WORDS = 60

_DEFAULT_READBACK = {
    FieldType.DATE: ReadbackStyle.DATE,
    FieldType.CCCD: ReadbackStyle.DIGITS,
    FieldType.PHONE: ReadbackStyle.DIGITS,
    FieldType.YES_NO: ReadbackStyle.SKIP,
}
_ALLOWED_READBACK = {
    FieldType.DATE: {ReadbackStyle.DATE, ReadbackStyle.AS_IS},
    FieldType.CCCD: {ReadbackStyle.DIGITS},
    FieldType.PHONE: {ReadbackStyle.DIGITS},
    FieldType.NUMBER: {ReadbackStyle.AS_IS, ReadbackStyle.DIGITS},
    FieldType.YES_NO: {ReadbackStyle.SKIP},
}
_PLAUSIBILITY_KEYS = {
    FieldType.DATE: {
        "not_future",
        "min_year",
        "max_age_years",
        "max_age_message",
        "min_age_years",
        "after",
        "before",
    },
    FieldType.CCCD: {"birth_date_field", "sex_field", "sex"},
    FieldType.NUMBER: {"min", "max", "max_current_year"},
}
_VALUES_BY_TYPE: dict[FieldType, frozenset[Scalar]] = {
    FieldType.SEX: frozenset({"male", "female"}),
    FieldType.RELATIONSHIP: frozenset(r.value for r in Relationship),
    FieldType.YES_NO: frozenset({True, False}),
}


class SpecError(ValueError):
    """A spec file that cannot be used; ``problems`` lists every finding with its location."""

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(f"{source}: " + "; ".join(self.problems))


def _location(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def schema_problems(document: object) -> list[str]:
    validator = jsonschema.Draft7Validator(SPEC_SCHEMA)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{_location(e.absolute_path)}: {e.message}" for e in errors]


@lru_cache(maxsize=1)
def option_lists() -> dict[str, tuple[str, ...]]:
    """Named option lists shared by several forms (the 54 ethnic groups)."""
    with OPTION_LISTS_FILE.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return {name: tuple(str(item) for item in items) for name, items in document["lists"].items()}


def _conditions(raw: Any) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    items: list[Mapping[str, Any]] = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        op_name = next(key for key in item if key != "field")
        value = item[op_name]
        out.append(
            Condition(
                field=item["field"],
                op=ConditionOp(op_name),
                value=tuple(value) if isinstance(value, list) else value,
            )
        )
    return tuple(out)


def _relation(raw: Mapping[str, Any] | None) -> DateRelation | None:
    return DateRelation(raw["field"], raw.get("min_years", 0)) if raw else None


def _options(raw: Mapping[str, Any]) -> tuple[ChoiceOption, ...]:
    if "options_from" in raw:
        return tuple(ChoiceOption(label, label) for label in option_lists().get(raw["options_from"], ()))
    return tuple(
        ChoiceOption(item, item)
        if isinstance(item, str)
        else ChoiceOption(item["value"], item["label"], tuple(item.get("aliases", ())))
        for item in raw.get("options", ())
    )


def _field(raw: Mapping[str, Any]) -> FieldSpec:
    kind = FieldType(raw["type"])
    p = raw.get("plausibility", {})
    readback = ReadbackStyle(raw.get("readback", _DEFAULT_READBACK.get(kind, ReadbackStyle.AS_IS).value))
    return FieldSpec(
        name=raw["name"],
        type=kind,
        label=raw["label"],
        prompt=raw["prompt"],
        example=raw["example"],
        readback=readback,
        aliases=tuple(raw.get("aliases", ())),
        help=raw.get("help", ""),
        required=raw.get("required", True),
        when=_conditions(raw.get("when")),
        options=_options(raw),
        max_length=raw.get("max_length"),
        unit=raw.get("unit", ""),
        plausibility=Plausibility(
            not_future=p.get("not_future", False),
            min_year=p.get("min_year"),
            max_age_years=p.get("max_age_years"),
            max_age_message=p.get("max_age_message", ""),
            min_age_years=p.get("min_age_years"),
            after=_relation(p.get("after")),
            before=_relation(p.get("before")),
            birth_date_field=p.get("birth_date_field"),
            sex_field=p.get("sex_field"),
            sex=p.get("sex"),
            min=p.get("min"),
            max=p.get("max"),
            max_current_year=p.get("max_current_year", False),
        ),
        province_field=raw.get("province_field"),
        commune_field=raw.get("commune_field"),
        assumed=raw.get("assumed", False),
        note=raw.get("note", ""),
    )


def _document(raw: Mapping[str, Any]) -> DocumentSpec:
    return DocumentSpec(
        say=raw["say"],
        catalog=raw.get("catalog"),
        text=raw.get("text"),
        when=_conditions(raw.get("when")),
        present=raw.get("present", False),
        assumed=raw.get("assumed", False),
        note=raw.get("note", ""),
    )


def build_spec(document: Mapping[str, Any]) -> FormSpec:
    """A typed spec from a schema-valid document (no cross-field checks: see ``consistency_problems``)."""
    fee = document.get("fee", {})
    time = document.get("processing_time")
    return FormSpec(
        code=document["code"],
        title=document["title"],
        consent=" ".join(document["consent"].split()),
        fields=tuple(_field(raw) for raw in document["fields"]),
        documents=tuple(_document(raw) for raw in document.get("documents", ())),
        filing_place_field=document.get("filing_place_field"),
        fee=FeeSpec(
            per_unit_field=fee.get("per_unit_field"),
            unit=fee.get("unit", ""),
            note=fee.get("note", ""),
            assumed=fee.get("assumed", False),
        ),
        processing_time=TimeSpec(time["say"], time.get("assumed", False), time.get("note", ""))
        if time
        else TimeSpec(),
        notes=tuple(document.get("notes", ())),
    )


# --- whole-form consistency -----------------------------------------------------------------------------


def _earlier(spec: FormSpec, position: int, name: str, types: set[FieldType] | None) -> str | None:
    """Problem text when ``name`` is not a field declared before ``position`` (of one of ``types``)."""
    if not spec.has_field(name) or spec.index(name) >= position:
        return f"'{name}' is not a field declared before this one"
    kind = spec.field(name).type
    if types is not None and kind not in types:
        allowed = ", ".join(sorted(t.value for t in types))
        return f"'{name}' is a {kind.value} field; expected {allowed}"
    return None


def _condition_problems(spec: FormSpec, position: int, conditions: tuple[Condition, ...]) -> list[str]:
    problems = []
    for condition in conditions:
        problem = _earlier(spec, position, condition.field, None)
        if problem:
            problems.append(problem)
            continue
        target = spec.field(condition.field)
        if condition.op in (ConditionOp.AGE_UNDER, ConditionOp.AGE_AT_LEAST):
            if target.type is not FieldType.DATE:
                problems.append(
                    f"{condition.op.value} needs a date field, '{target.name}' is {target.type.value}"
                )
            continue
        if condition.op is ConditionOp.ANSWERED:
            if target.required:
                problems.append(f"'answered' on '{target.name}', which cannot be skipped")
            continue
        values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        allowed: frozenset[Scalar] | None = _VALUES_BY_TYPE.get(target.type)
        if target.type is FieldType.CHOICE:
            allowed = frozenset(o.value for o in target.options)
        if allowed is not None:
            unknown = [v for v in values if v not in allowed and v is not None]
            if unknown or any(isinstance(v, bool) != (target.type is FieldType.YES_NO) for v in values):
                problems.append(
                    f"value {values!r} cannot be an answer of '{target.name}' ({target.type.value})"
                )
    return problems


def _type_problems(spec: FormSpec, position: int, field: FieldSpec, raw: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = field.type
    if kind is FieldType.CHOICE:
        if "options" in raw and "options_from" in raw:
            problems.append("give either options or options_from, not both")
        elif "options_from" in raw and raw["options_from"] not in option_lists():
            problems.append(f"options_from: no list named '{raw['options_from']}'")
        elif not field.options:
            problems.append("a choice field needs options or options_from")
        values = [o.value for o in field.options]
        said = [fold(text) for o in field.options for text in (o.label, *o.aliases)]
        if len(set(values)) != len(values) or len(set(said)) != len(said):
            problems.append("option values, labels and aliases must be unique")
    elif "options" in raw or "options_from" in raw:
        problems.append(f"options only apply to choice fields, not {kind.value}")
    if kind is FieldType.FREE_TEXT and field.max_length is None:
        problems.append("a free_text field needs max_length")
    if kind is not FieldType.FREE_TEXT and field.max_length is not None:
        problems.append("max_length only applies to free_text fields")
    if kind is FieldType.ADDRESS:
        if field.commune_field is None:
            problems.append("an address field needs commune_field")
    elif field.commune_field is not None:
        problems.append("commune_field only applies to address fields")
    if field.commune_field:
        problem = _earlier(spec, position, field.commune_field, {FieldType.COMMUNE})
        problems += [f"commune_field: {problem}"] if problem else []
    if field.province_field:
        if kind is not FieldType.COMMUNE:
            problems.append("province_field only applies to commune fields")
        problem = _earlier(spec, position, field.province_field, {FieldType.PROVINCE})
        problems += [f"province_field: {problem}"] if problem else []
    if field.unit and kind is not FieldType.NUMBER:
        problems.append("unit only applies to number fields")
    if kind is FieldType.YES_NO and not field.required:
        problems.append("a yes_no field cannot be skipped: 'không' is an answer")
    allowed_styles = _ALLOWED_READBACK.get(kind, {ReadbackStyle.AS_IS})
    if field.readback not in allowed_styles:
        problems.append(f"readback '{field.readback.value}' does not suit a {kind.value} field")
    plausibility = raw.get("plausibility", {})
    extra = set(plausibility) - _PLAUSIBILITY_KEYS.get(kind, set())
    if extra:
        problems.append(f"plausibility keys {sorted(extra)} do not apply to a {kind.value} field")
    p = field.plausibility
    for key, relation in (("after", p.after), ("before", p.before)):
        if relation:
            problem = _earlier(spec, position, relation.field, {FieldType.DATE})
            problems += [f"plausibility.{key}: {problem}"] if problem else []
    if p.birth_date_field:
        problem = _earlier(spec, position, p.birth_date_field, {FieldType.DATE})
        problems += [f"plausibility.birth_date_field: {problem}"] if problem else []
    if p.sex_field:
        problem = _earlier(spec, position, p.sex_field, {FieldType.SEX})
        problems += [f"plausibility.sex_field: {problem}"] if problem else []
        if p.sex:
            problems.append("give either plausibility.sex or plausibility.sex_field")
    if p.min is not None and p.max is not None and p.min > p.max:
        problems.append("plausibility.min is above plausibility.max")
    return problems


def _wording_problems(field: FieldSpec) -> list[str]:
    problems = []
    if field.prompt.count("?") != 1 or not field.prompt.rstrip().endswith("?"):
        problems.append("prompt must be exactly one question ending with '?'")
    if len(field.prompt.split()) > MAX_PROMPT_WORDS:
        problems.append(f"prompt has more than {MAX_PROMPT_WORDS} words")
    return problems


def consistency_problems(spec: FormSpec, document: Mapping[str, Any]) -> list[str]:
    """Rules that need the whole form; every problem is prefixed with its location."""
    problems: list[str] = []
    if len(spec.consent.split()) > MAX_CONSENT_WORDS:
        problems.append(f"consent: more than {MAX_CONSENT_WORDS} words")
    seen_names: set[str] = set()
    seen_labels: dict[str, str] = {}
    for position, (field, raw) in enumerate(zip(spec.fields, document["fields"], strict=True)):
        where = f"fields[{position}] ({field.name})"
        if field.name in seen_names:
            problems.append(f"{where}: duplicate field name")
        seen_names.add(field.name)
        for label in (field.label, *field.aliases):
            key = label_key(label)
            if key in seen_labels and seen_labels[key] != field.name:
                problems.append(f"{where}: label or alias '{label}' is also used by '{seen_labels[key]}'")
            seen_labels[key] = field.name
        found = (
            _condition_problems(spec, position, field.when)
            + _type_problems(spec, position, field, raw)
            + _wording_problems(field)
        )
        problems += [f"{where}: {problem}" for problem in found]
    end = len(spec.fields)
    for position, doc in enumerate(spec.documents):
        problems += [f"documents[{position}]: {p}" for p in _condition_problems(spec, end, doc.when)]
        if doc.catalog is not None and doc.present:
            problems.append(f"documents[{position}]: 'present' is read from the catalog for catalog papers")
    if spec.filing_place_field:
        problem = _earlier(
            spec, end, spec.filing_place_field, {FieldType.PROVINCE, FieldType.COMMUNE, FieldType.ADDRESS}
        )
        problems += [f"filing_place_field: {problem}"] if problem else []
    if spec.fee.per_unit_field:
        problem = _earlier(spec, end, spec.fee.per_unit_field, {FieldType.NUMBER})
        problems += [f"fee.per_unit_field: {problem}"] if problem else []
    return problems


def parse_spec(document: object, source: str = "<spec>") -> FormSpec:
    """Check and build a spec from a parsed YAML document; raises ``SpecError`` listing every problem."""
    problems = schema_problems(document)
    if problems:
        raise SpecError(source, problems)
    assert isinstance(document, dict)
    spec = build_spec(document)
    problems = consistency_problems(spec, document)
    if problems:
        raise SpecError(source, problems)
    return spec


def load_spec(path: Path) -> FormSpec:
    with path.open(encoding="utf-8") as handle:
        try:
            document = yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise SpecError(str(path), [f"not valid YAML: {error}"]) from error
    spec = parse_spec(document, str(path))
    if path.stem != spec.code:
        raise SpecError(str(path), [f"code {spec.code} does not match the file name {path.name}"])
    return spec


@lru_cache(maxsize=1)
def load_all_specs(directory: Path = SPECS_DIR) -> dict[str, FormSpec]:
    """Every shipped spec by procedure code, loaded once per process on first use."""
    return {spec.code: spec for spec in (load_spec(path) for path in sorted(directory.glob("*.yml")))}


def form_codes() -> tuple[str, ...]:
    return tuple(sorted(load_all_specs()))


def get_spec(code: str) -> FormSpec:
    """The form of a procedure; ``KeyError`` when the procedure has no form (ask at the counter)."""
    return load_all_specs()[code]


def has_form(code: str) -> bool:
    return code in load_all_specs()
