"""JSON Schema of a form spec file: shapes and spellings, checked before anything reads the file.

The schema catches typos (unknown keys), wrong types and missing keys with the file's own path in
the message; rules that need the whole form (a condition names an earlier field, a choice condition
names an existing option) are checked afterwards in ``civic.forms.loader``.
"""

from __future__ import annotations

from typing import Any

_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"}
_TEXT = {"type": "string", "minLength": 1}
_SCALAR = {"type": ["string", "integer", "boolean", "null"]}
_CONDITION = {
    "type": "object",
    "properties": {
        "field": _NAME,
        "equals": _SCALAR,
        "not_equals": _SCALAR,
        "in": {"type": "array", "items": _SCALAR, "minItems": 1},
        "not_in": {"type": "array", "items": _SCALAR, "minItems": 1},
        "answered": {"type": "boolean"},
        "age_under": {"type": "integer", "minimum": 1},
        "age_at_least": {"type": "integer", "minimum": 1},
    },
    "required": ["field"],
    "additionalProperties": False,
    # "field" plus exactly one operator
    "minProperties": 2,
    "maxProperties": 2,
}
_WHEN = {"oneOf": [_CONDITION, {"type": "array", "items": _CONDITION, "minItems": 1}]}
_RELATION = {
    "type": "object",
    "properties": {"field": _NAME, "min_years": {"type": "integer", "minimum": 0}},
    "required": ["field"],
    "additionalProperties": False,
}
_OPTION = {
    "oneOf": [
        _TEXT,
        {
            "type": "object",
            "properties": {"value": _NAME, "label": _TEXT, "aliases": {"type": "array", "items": _TEXT}},
            "required": ["value", "label"],
            "additionalProperties": False,
        },
    ]
}
_FIELD = {
    "type": "object",
    "properties": {
        "name": _NAME,
        "type": {
            "enum": [
                "full_name",
                "date",
                "cccd",
                "phone",
                "sex",
                "relationship",
                "address",
                "commune",
                "province",
                "choice",
                "yes_no",
                "free_text",
                "number",
            ]
        },
        "label": _TEXT,
        "aliases": {"type": "array", "items": _TEXT},
        "prompt": _TEXT,
        "example": _TEXT,
        "help": _TEXT,
        "required": {"type": "boolean"},
        "when": _WHEN,
        "readback": {"enum": ["as_is", "digits", "date", "skip"]},
        "options": {"type": "array", "items": _OPTION, "minItems": 2},
        "options_from": _NAME,
        "max_length": {"type": "integer", "minimum": 1, "maximum": 2000},
        "unit": _TEXT,
        "province_field": _NAME,
        "commune_field": _NAME,
        "plausibility": {
            "type": "object",
            "properties": {
                "not_future": {"type": "boolean"},
                "min_year": {"type": "integer", "minimum": 1800},
                "max_age_years": {"type": "integer", "minimum": 1},
                "max_age_message": _TEXT,
                "min_age_years": {"type": "integer", "minimum": 1},
                "after": _RELATION,
                "before": _RELATION,
                "birth_date_field": _NAME,
                "sex_field": _NAME,
                "sex": {"enum": ["male", "female"]},
                "min": {"type": "integer"},
                "max": {"type": "integer"},
                "max_current_year": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "assumed": {"type": "boolean"},
        "note": _TEXT,
    },
    "required": ["name", "type", "label", "prompt", "example"],
    "additionalProperties": False,
    # An assumed field must say why.
    "if": {"properties": {"assumed": {"const": True}}, "required": ["assumed"]},
    "then": {"required": ["note"]},
}
_DOCUMENT = {
    "type": "object",
    "properties": {
        "say": _TEXT,
        "catalog": _TEXT,
        "text": _TEXT,
        "when": _WHEN,
        "present": {"type": "boolean"},
        "assumed": {"type": "boolean"},
        "note": _TEXT,
    },
    "required": ["say"],
    "oneOf": [{"required": ["catalog"]}, {"required": ["text"]}],
    "additionalProperties": False,
}

SPEC_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Form spec of one procedure",
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": r"^\d\.\d{6}$"},
        "title": _TEXT,
        "consent": _TEXT,
        "filing_place_field": _NAME,
        "fee": {
            "type": "object",
            "properties": {
                "per_unit_field": _NAME,
                "unit": _TEXT,
                "note": _TEXT,
                "assumed": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "processing_time": {
            "type": "object",
            "properties": {"say": _TEXT, "assumed": {"type": "boolean"}, "note": _TEXT},
            "required": ["say"],
            "additionalProperties": False,
        },
        "notes": {"type": "array", "items": _TEXT},
        "documents": {"type": "array", "items": _DOCUMENT},
        "fields": {"type": "array", "items": _FIELD, "minItems": 1},
    },
    "required": ["code", "title", "consent", "fields"],
    "additionalProperties": False,
}
