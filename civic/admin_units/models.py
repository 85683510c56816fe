"""Typed records of the 2025 administrative units and of lookup results.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 communes (xã, phường, đặc khu) and no district
level. Citizens still name the 63 old provinces and 10,047 old communes, so a lookup result says not
only which unit was meant but how the name relates to it (current, renamed, merged, split) and, when
several units fit, lists them all instead of guessing: the dialogue asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Change(str, Enum):
    """How the name the citizen used relates to the 2025 unit it resolves to."""

    CURRENT = "current"  # the name is the 2025 unit's own name
    RENAMED = "renamed"  # a former name of exactly this unit (whole old unit, nothing else added)
    MERGED = "merged"  # the old unit was merged, wholly or partly, with others into the new unit
    SPLIT = "split"  # the old unit was divided between several new units (each one is a candidate)


@dataclass(frozen=True)
class Province:
    code: str  # 2-digit code (915/CTK-CSCL)
    kind: str  # "Tỉnh" | "Thành phố"
    short_name: str  # "Huế", "Hồ Chí Minh"

    @property
    def name(self) -> str:
        return f"{self.kind} {self.short_name}"

    @property
    def spoken_name(self) -> str:
        """Name inside a sentence: ``thành phố Huế`` (the kind is not a proper noun)."""
        return f"{self.kind.lower()} {self.short_name}"


@dataclass(frozen=True)
class OldProvince:
    code: str  # pre-2025 code, also the CCCD prefix without its leading 0
    kind: str
    short_name: str
    new_code: str  # the 2025 province it belongs to now

    @property
    def name(self) -> str:
        return f"{self.kind} {self.short_name}"


@dataclass(frozen=True)
class Commune:
    code: str  # 5-digit code (1027/CTK-CSCL)
    kind: str  # "Xã" | "Phường" | "Đặc khu"
    short_name: str
    province_code: str

    @property
    def name(self) -> str:
        return f"{self.kind} {self.short_name}"

    @property
    def spoken_name(self) -> str:
        return f"{self.kind.lower()} {self.short_name}"


@dataclass(frozen=True)
class OldCommune:
    code: str
    kind: str  # "Xã" | "Phường" | "Thị trấn"
    short_name: str
    old_province_code: str
    new_codes: tuple[str, ...]  # several when the old unit was split

    @property
    def name(self) -> str:
        return f"{self.kind} {self.short_name}"

    @property
    def spoken_name(self) -> str:
        return f"{self.kind.lower()} {self.short_name}"


@dataclass(frozen=True)
class ProvinceMatch:
    """A province found from what the citizen said; ``alternatives`` is non-empty when unsure which."""

    province: Province
    score: float  # 100 for an exact (diacritic-insensitive) match, lower for a fuzzy one
    change: Change = Change.CURRENT
    old_name: str | None = None  # "Tỉnh Bình Dương" when an old province name was used
    alternatives: tuple[Province, ...] = ()

    @property
    def was_renamed(self) -> bool:
        return self.change is Change.RENAMED

    @property
    def was_merged(self) -> bool:
        return self.change is Change.MERGED

    @property
    def is_fuzzy(self) -> bool:
        return self.score < 100

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.alternatives)

    def speakable(self) -> str:
        """One sentence for the voice: the unit, and what became of the old name if one was used."""
        if self.old_name is None:
            return f"{self.province.name}."
        return f"{self.old_name} cũ nay thuộc {self.province.spoken_name}."


@dataclass(frozen=True)
class CommuneCandidate:
    commune: Commune
    province: Province
    change: Change = Change.CURRENT
    old: OldCommune | None = None  # the old commune whose name the citizen used
    old_province: OldProvince | None = None  # the province that old commune was in

    @property
    def old_name(self) -> str | None:
        return self.old.name if self.old else None

    @property
    def old_province_name(self) -> str | None:
        return self.old_province.name if self.old_province else None

    @property
    def said_name(self) -> str:
        """The name as the citizen used it: ``Tân Tiến`` for a current unit, ``Phường 1`` for an old one."""
        return self.old.name if self.old else self.commune.short_name

    def speakable(self) -> str:
        if self.old is None:
            return f"{self.commune.name}, {self.province.spoken_name}."
        return f"{self.old.name} cũ nay thuộc {self.commune.spoken_name}, {self.province.spoken_name}."


@dataclass(frozen=True)
class CommuneMatch:
    """Every 2025 commune the citizen may have meant, best first.

    More than one candidate means the dialogue must ask: the same name exists in several provinces,
    an old commune was split, the old name was used in several old districts (``Phường 1``), or the
    name is both a current commune and an old one now inside another unit.
    """

    candidates: tuple[CommuneCandidate, ...]
    score: float

    @property
    def best(self) -> CommuneCandidate:
        return self.candidates[0]

    @property
    def commune(self) -> Commune:
        return self.candidates[0].commune

    @property
    def province(self) -> Province:
        return self.candidates[0].province

    @property
    def is_ambiguous(self) -> bool:
        return len({c.commune.code for c in self.candidates}) > 1

    @property
    def is_fuzzy(self) -> bool:
        return self.score < 100

    @property
    def provinces(self) -> tuple[Province, ...]:
        seen: dict[str, Province] = {}
        for candidate in self.candidates:
            seen.setdefault(candidate.province.code, candidate.province)
        return tuple(seen.values())

    @property
    def change(self) -> Change:
        return self.candidates[0].change

    @property
    def was_renamed(self) -> bool:
        return self.change is Change.RENAMED

    @property
    def was_merged(self) -> bool:
        """True for any old name (merged, split or renamed): the citizen's unit no longer exists as such."""
        return self.change is not Change.CURRENT

    @property
    def old_name(self) -> str | None:
        return self.candidates[0].old_name

    def speakable(self) -> str:
        """A statement when unambiguous, otherwise the question the dialogue should ask."""
        if not self.is_ambiguous:
            return self.best.speakable()
        return self.question()

    def question(self) -> str:
        """Short spoken question that lets the citizen pick one candidate."""
        first = self.best
        name = first.said_name
        provinces = self.provinces
        if len(provinces) > 1:
            if len(self.candidates) <= 3 and all(c.old is None for c in self.candidates):
                places = [f"{c.commune.spoken_name} ở {c.province.spoken_name}" for c in self.candidates]
                return f"Có {len(places)} nơi tên {name}: {_join(places, 'và')}. Xin cho biết tỉnh, thành phố nào ạ?"
            if len(provinces) <= 3:
                where = _join([p.spoken_name for p in provinces], "và")
                return f"Tên {name} có ở {where}. Xin cho biết tỉnh, thành phố nào ạ?"
            return f"Tên {name} có ở {len(provinces)} tỉnh, thành phố. Xin cho biết tỉnh, thành phố nào ạ?"
        province = provinces[0].spoken_name
        olds = [c for c in self.candidates if c.old is not None]
        if first.old is None and olds:
            targets = _join([c.commune.spoken_name for c in olds[:3]], "hoặc")
            return (
                f"Là {first.commune.spoken_name} hiện nay, hay {olds[0].old.spoken_name if olds[0].old else ''} cũ, "
                f"nay thuộc {targets}, {province} ạ?"
            )
        if first.old is not None:
            if len(self.candidates) <= 4:
                targets = _join([c.commune.spoken_name for c in self.candidates], "hoặc")
                return (
                    f"{first.old.name} cũ nay thuộc {targets}, {province}. "
                    "Xin cho biết nơi ở nay thuộc phường, xã nào ạ?"
                )
            return (
                f"Tên {first.old.name} cũ có ở nhiều nơi, nay thuộc {len(self.candidates)} phường, xã "
                f"khác nhau của {province}. Xin cho biết tên phường, xã mới ạ?"
            )
        options = _join([c.commune.spoken_name for c in self.candidates[:4]], "hay")
        return f"Là {options}, {province} ạ?"


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
