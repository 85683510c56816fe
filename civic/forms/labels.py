"""Finding the field a citizen names: "sửa tên mẹ", "sua ngay sinh", "số điện thoại".

Keys come from each field's ``label`` and ``aliases`` in the spec, compared without marks and without
filler words, so typed, spoken and unmarked forms meet. An exact key wins; otherwise the longest key
said inside the phrase; a phrase that is part of several labels ("ngày sinh" when only the mother's
and father's are asked) is ambiguous and the dialogue asks which.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rapidfuzz import fuzz

from civic.admin_units.keys import fold_key
from civic.forms.spec import FormSpec

# Words around a field's name in a correction request, dropped from both sides of the comparison.
_FILLERS = frozenset(
    [
        "sua",
        "lai",
        "chua",
        "doi",
        "thay",
        "ghi",
        "muc",
        "phan",
        "cau",
        "cho",
        "giup",
        "gium",
        "di",
        "nhe",
        "a",
        "xin",
        "cua",
        "cai",
    ]
)
_FUZZY_CUTOFF = 85.0
_FUZZY_MARGIN = 5.0


def label_key(text: str) -> str:
    """``Sửa lại họ tên của mẹ`` → ``ho ten me``."""
    return " ".join(token for token in fold_key(text).split() if token not in _FILLERS)


@dataclass(frozen=True)
class LabelMatch:
    field: str | None  # the one field meant, if clear
    candidates: tuple[str, ...] = ()  # several fields fit: ask which

    @property
    def is_ambiguous(self) -> bool:
        return self.field is None and len(self.candidates) > 1


def _keys(spec: FormSpec, allowed: Collection[str] | None) -> list[tuple[str, str]]:
    pairs = []
    for field in spec.fields:
        if allowed is not None and field.name not in allowed:
            continue
        for text in (field.label, *field.aliases, field.name.replace("_", " ")):
            key = label_key(text)
            if key:
                pairs.append((key, field.name))
    return pairs


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def resolve_field(spec: FormSpec, text: str, allowed: Collection[str] | None = None) -> LabelMatch:
    """The field named in ``text`` among ``allowed`` (all fields when ``None``)."""
    said = label_key(text)
    if not said:
        return LabelMatch(None)
    pairs = _keys(spec, allowed)
    exact = _unique([name for key, name in pairs if key == said])
    if len(exact) == 1:
        return LabelMatch(exact[0])
    inside = [(key, name) for key, name in pairs if f" {key} " in f" {said} "]
    if inside:
        longest = max(len(key) for key, _ in inside)
        best = _unique([name for key, name in inside if len(key) == longest])
        if len(best) == 1:
            return LabelMatch(best[0])
        return LabelMatch(None, best)
    partial = _unique([name for key, name in pairs if f" {said} " in f" {key} "])
    if len(partial) == 1:
        return LabelMatch(partial[0])
    if partial:
        return LabelMatch(None, partial)
    scored = sorted(((fuzz.ratio(said, key), name) for key, name in pairs), reverse=True)
    if scored and scored[0][0] >= _FUZZY_CUTOFF:
        close = _unique([name for score, name in scored if score >= scored[0][0] - _FUZZY_MARGIN])
        return LabelMatch(close[0]) if len(close) == 1 else LabelMatch(None, close)
    return LabelMatch(None)
