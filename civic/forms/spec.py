"""Typed records of a procedure's form, read from ``civic/forms/specs/<code>.yml``.

A form is data so that adding a procedure needs a YAML file and training examples, not Python: the
fields in the order they are asked, when each is asked, how an answer is checked against the others
and how it is read back. Everything here is frozen so one loaded spec can serve every conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FieldType(str, Enum):
    """What a field holds; each type has one validator in ``civic.validation``."""

    FULL_NAME = "full_name"
    DATE = "date"
    CCCD = "cccd"
    PHONE = "phone"
    SEX = "sex"
    RELATIONSHIP = "relationship"
    ADDRESS = "address"  # số nhà, đường, thôn: completed by an earlier commune field
    COMMUNE = "commune"  # xã, phường, đặc khu (2025 units; old names mapped)
    PROVINCE = "province"
    CHOICE = "choice"
    YES_NO = "yes_no"
    FREE_TEXT = "free_text"
    NUMBER = "number"


class ReadbackStyle(str, Enum):
    """How an accepted answer is read back before "Đúng không?"."""

    AS_IS = "as_is"  # names, places, options: the normalised text
    DIGITS = "digits"  # ID and phone numbers: one digit at a time, in groups
    DATE = "date"  # "ngày 5 tháng 3 năm 2024"
    SKIP = "skip"  # yes/no answers: the answer is its own confirmation


class ConditionOp(str, Enum):
    EQUALS = "equals"
    NOT_EQUALS = "not_equals"
    IN = "in"
    NOT_IN = "not_in"
    ANSWERED = "answered"  # true: a value was given; false: skipped with "không biết"
    AGE_UNDER = "age_under"  # the referenced date field is a birth date; age today in years
    AGE_AT_LEAST = "age_at_least"


Scalar = str | int | bool | None


@dataclass(frozen=True)
class Condition:
    """``field`` ``op`` ``value``; a field or document with several conditions needs all of them."""

    field: str
    op: ConditionOp
    value: Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class DateRelation:
    """Another date field this one must follow (``after``) or precede (``before``), by ``min_years``."""

    field: str
    min_years: int = 0


@dataclass(frozen=True)
class Plausibility:
    """Checks beyond "is this a valid value"; which keys apply depends on the field type."""

    # date
    not_future: bool = False
    min_year: int | None = None
    max_age_years: int | None = None  # the date is a birth date; age today must be below this
    max_age_message: str = ""
    min_age_years: int | None = None
    after: DateRelation | None = None
    before: DateRelation | None = None
    # cccd: the number encodes birth year and sex
    birth_date_field: str | None = None
    sex_field: str | None = None
    sex: str | None = None  # "male" | "female" when the form fixes it (mother, bên nữ)
    # number
    min: int | None = None
    max: int | None = None
    max_current_year: bool = False


@dataclass(frozen=True)
class ChoiceOption:
    value: str  # stable identifier stored in the dossier
    label: str  # what is said, read back and matched
    aliases: tuple[str, ...] = ()  # other ways citizens say it ("nhà thuê" for "nhà thuê, mượn hoặc ở nhờ")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    label: str  # "họ tên mẹ": used in summaries and to find the field in "sửa họ tên mẹ"
    prompt: str  # one short question
    example: str  # given with the expected format after two failed attempts
    readback: ReadbackStyle
    aliases: tuple[str, ...] = ()
    help: str = ""  # how to answer; a default per type is used when empty
    required: bool = True  # False: "không biết" leaves it empty
    when: tuple[Condition, ...] = ()
    options: tuple[ChoiceOption, ...] = ()
    max_length: int | None = None
    unit: str = ""  # number fields: "bản"
    plausibility: Plausibility = Plausibility()
    province_field: str | None = None  # commune fields: look the commune up in this province
    commune_field: str | None = None  # address fields: the commune the street belongs to
    assumed: bool = False  # True when the field goes beyond what the catalog and facts file state
    note: str = ""

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Fields whose values this field's check reads: changing one of them re-checks this one."""
        p = self.plausibility
        names = [
            self.province_field,
            self.commune_field,
            p.birth_date_field,
            p.sex_field,
            p.after.field if p.after else None,
            p.before.field if p.before else None,
        ]
        return tuple(name for name in names if name)

    def option(self, value: object) -> ChoiceOption | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class DocumentSpec:
    """A paper to bring or upload: a catalog document (matched by ``catalog``) or one the spec adds."""

    say: str  # short speakable name
    catalog: str | None = None  # text contained in exactly one catalog document name
    text: str | None = None  # full name when the catalog does not list it
    when: tuple[Condition, ...] = ()
    present: bool = False  # a spec-added paper that is shown, not handed in (catalog papers say it)
    assumed: bool = False
    note: str = ""


@dataclass(frozen=True)
class FeeSpec:
    per_unit_field: str | None = None  # number field multiplying the catalog amount (bản sao)
    unit: str = ""
    note: str = ""  # said after the amount, e.g. "Đăng ký đúng hạn thì được miễn lệ phí."
    assumed: bool = False


@dataclass(frozen=True)
class TimeSpec:
    """Processing time said instead of the catalog's value when that value is unreliable."""

    say: str = ""
    assumed: bool = False
    note: str = ""


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    consent: str
    fields: tuple[FieldSpec, ...]
    documents: tuple[DocumentSpec, ...] = ()
    filing_place_field: str | None = None  # whose province's fee rules apply
    fee: FeeSpec = FeeSpec()
    processing_time: TimeSpec = TimeSpec()
    notes: tuple[str, ...] = ()

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(spec.name == name for spec in self.fields)

    def index(self, name: str) -> int:
        for position, spec in enumerate(self.fields):
            if spec.name == name:
                return position
        raise KeyError(name)

    def dependents(self, name: str) -> tuple[FieldSpec, ...]:
        """Fields whose check reads ``name``, directly."""
        return tuple(spec for spec in self.fields if name in spec.depends_on)
