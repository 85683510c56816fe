"""Province fee rules (``fee_rules.yml``): reductions a province grants, e.g. for online filing.

Fees in the national catalog are national; some provinces lower them (Thừa Thiên Huế, now thành phố
Huế, cuts online filing fees by 40 %). Keeping the rules as data lets an officer add or end one
without a code change; the file is checked against a schema when first read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from civic.catalog.models import ChannelKind

FEE_RULES_FILE = Path(__file__).with_name("fee_rules.yml")

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "province_code": {"type": "string", "pattern": r"^\d{2}$"},
                    "province": {"type": "string", "minLength": 1},
                    "channels": {
                        "type": "array",
                        "items": {"enum": [kind.value for kind in ChannelKind]},
                        "minItems": 1,
                    },
                    "reduction_percent": {"type": "integer", "minimum": 1, "maximum": 100},
                    "procedures": {
                        "oneOf": [
                            {"const": "all"},
                            {"type": "array", "items": {"type": "string", "pattern": r"^\d\.\d{6}$"}},
                        ]
                    },
                    "basis": {"type": "string", "minLength": 1},
                    "assumed": {"type": "boolean"},
                    "note": {"type": "string"},
                },
                "required": [
                    "province_code",
                    "province",
                    "channels",
                    "reduction_percent",
                    "procedures",
                    "basis",
                ],
                "additionalProperties": False,
            },
        }
    },
    "required": ["rules"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class FeeRule:
    province_code: str
    province: str
    channels: tuple[ChannelKind, ...]
    reduction_percent: int
    procedures: tuple[str, ...] | None  # None: every procedure
    basis: str
    assumed: bool = False
    note: str = ""

    def applies_to(self, procedure_code: str) -> bool:
        return self.procedures is None or procedure_code in self.procedures

    def reduce(self, amount: int) -> int:
        """The fee after the reduction, in whole đồng (rounded down, as fees are collected)."""
        return amount * (100 - self.reduction_percent) // 100


def parse_fee_rules(document: object, source: str = "<fee rules>") -> tuple[FeeRule, ...]:
    errors = sorted(jsonschema.Draft7Validator(_SCHEMA).iter_errors(document), key=str)
    if errors:
        found = "; ".join(
            f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}" for e in errors
        )
        raise ValueError(f"{source}: {found}")
    assert isinstance(document, dict)
    return tuple(
        FeeRule(
            province_code=raw["province_code"],
            province=raw["province"],
            channels=tuple(ChannelKind(c) for c in raw["channels"]),
            reduction_percent=raw["reduction_percent"],
            procedures=None if raw["procedures"] == "all" else tuple(raw["procedures"]),
            basis=" ".join(raw["basis"].split()),
            assumed=raw.get("assumed", False),
            note=" ".join(raw.get("note", "").split()),
        )
        for raw in document["rules"]
    )


@lru_cache(maxsize=4)
def load_fee_rules(path: Path = FEE_RULES_FILE) -> tuple[FeeRule, ...]:
    with path.open(encoding="utf-8") as handle:
        return parse_fee_rules(yaml.safe_load(handle), str(path))


def rules_for(
    province_code: str, procedure_code: str, rules: tuple[FeeRule, ...] | None = None
) -> list[FeeRule]:
    """Rules of one province that cover one procedure, on any channel."""
    chosen = load_fee_rules() if rules is None else rules
    return [r for r in chosen if r.province_code == province_code and r.applies_to(procedure_code)]
