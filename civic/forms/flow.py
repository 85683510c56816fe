"""Which fields a dossier needs, given the answers so far.

Conditions only name earlier fields (the loader enforces it), so walking the form in order always
knows whether a field applies by the time it is reached. Before that, a field whose condition reads an
unanswered field is "undetermined" and counted as still to ask, so "còn N câu" can only go down.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from civic.forms.spec import Condition, ConditionOp, FieldSpec, FormSpec
from civic.validation.dates import age_on

Answers = Mapping[str, Any]
_NOT_ASKED = object()


def _holds(condition: Condition, value: Any, today: date) -> bool:
    """``value`` is the referenced answer, ``None`` when skipped, ``_NOT_ASKED`` when it does not apply."""
    op, expected = condition.op, condition.value
    given = None if value is _NOT_ASKED else value
    if op is ConditionOp.ANSWERED:
        return (given is not None) == expected
    if op in (ConditionOp.AGE_UNDER, ConditionOp.AGE_AT_LEAST):
        if not isinstance(given, str) or not isinstance(expected, int):
            return False
        age = age_on(date.fromisoformat(given), today)
        return age < expected if op is ConditionOp.AGE_UNDER else age >= expected
    options = expected if isinstance(expected, tuple) else (expected,)
    if op in (ConditionOp.EQUALS, ConditionOp.IN):
        return given in options
    return given not in options


def conditions_hold(
    spec: FormSpec, conditions: tuple[Condition, ...], answers: Answers, today: date
) -> bool | None:
    """True or False when every referenced answer is known, ``None`` while one is still to be asked."""
    undetermined = False
    for condition in conditions:
        if condition.field in answers:
            value = answers[condition.field]
        elif applies(spec, spec.field(condition.field), answers, today) is False:
            value = _NOT_ASKED
        else:
            undetermined = True
            continue
        if not _holds(condition, value, today):
            return False
    return None if undetermined else True


def applies(spec: FormSpec, field: FieldSpec, answers: Answers, today: date) -> bool | None:
    return conditions_hold(spec, field.when, answers, today) if field.when else True


def first_open_field(spec: FormSpec, answers: Answers, today: date) -> FieldSpec | None:
    """The next field to ask in form order: applicable and not answered yet."""
    for field in spec.fields:
        if field.name not in answers and applies(spec, field, answers, today) is not False:
            return field
    return None


def remaining_count(spec: FormSpec, answers: Answers, today: date) -> int:
    """Questions still to ask, including undetermined ones."""
    return sum(
        1
        for field in spec.fields
        if field.name not in answers and applies(spec, field, answers, today) is not False
    )


def inapplicable_answers(spec: FormSpec, answers: Answers, today: date) -> list[str]:
    """Answered fields that no longer apply (the answer that opened them changed)."""
    return [
        field.name
        for field in spec.fields
        if field.name in answers and applies(spec, field, answers, today) is False
    ]


def active_fields(spec: FormSpec, answers: Answers, today: date) -> list[FieldSpec]:
    """Fields that apply to this dossier, answered or not, in form order."""
    return [field for field in spec.fields if applies(spec, field, answers, today) is not False]
