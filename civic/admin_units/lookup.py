"""Finding the 2025 province and commune a citizen means, from what they said or typed.

Inputs are spoken (``phường bến nghé thành phố hồ chí minh``), typed without marks (``tp hcm``), use
names abolished on 1 July 2025 (``Bình Dương``, ``Thị trấn Cát Bà``) or carry speech-recognition
errors. Exact matches on diacritic-free keys come first; fuzzy matching (rapidfuzz) only when nothing
matches exactly. When several units fit equally, all are returned so the dialogue can ask.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from civic.admin_units.keys import (
    COMMUNE_PREFIXES,
    DISTRICT_MARKERS,
    PROVINCE_PREFIXES,
    clean_tokens,
    compact_key,
    find_marker,
    fold_key,
    spoken_numbers_to_digits,
    strip_prefix,
    tone_key,
)
from civic.admin_units.models import (
    Change,
    Commune,
    CommuneCandidate,
    CommuneMatch,
    OldCommune,
    OldProvince,
    Province,
    ProvinceMatch,
)
from civic.admin_units.store import AdminUnitsData, load_table
from civic.text.vietnamese import has_diacritics

# Everyday names that are not in the official table. Former names are marked with the official old
# name so the answer can say what became of it.
_PROVINCE_NICKNAMES: dict[str, tuple[str, ...]] = {
    "79": ("hcm", "tphcm", "hồ chí minh", "sài gòn", "sg", "saigon", "thành phố sài gòn"),
    "01": ("hn", "thủ đô", "thủ đô hà nội"),
    "66": ("đắc lắc", "đăk lăk", "daklak"),
}
_OLD_PROVINCE_NICKNAMES: dict[str, tuple[str, ...]] = {
    "77": ("vũng tàu", "bà rịa", "brvt", "bà rịa vũng tàu"),
    "67": ("đắc nông", "đăk nông"),
    "17": ("hòa bình",),
}
# Thừa Thiên Huế became Thành phố Huế (centrally governed) on 1 January 2025, before the merger,
# so the 2025 source already uses the new name; people still say the old one.
_FORMER_PROVINCE_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "46": ("Tỉnh Thừa Thiên Huế", ("thừa thiên huế", "thừa thiên", "tt huế")),
}
# Words that introduce a place in speech ("tôi ở …", "thuộc …"); only dropped when written with marks.
_FILLERS = frozenset({"ở", "tại", "thuộc", "tôi", "nhà", "là", "sống", "quê", "mình", "em", "cháu"})
_FUZZY_CUTOFF = 88.0
_FUZZY_MARGIN = 2.0
_OTHER_MARKS_SCORE = 95.0
_MIN_FUZZY_CHARS = 5
_MAX_QUERY_CHARS = 200  # no place name is longer; longer input is not an answer to "which commune?"


@dataclass(frozen=True)
class _ProvinceAlias:
    province_code: str
    change: Change
    old_name: str | None


def _strip_fillers(tokens: list[str]) -> list[str]:
    start = 0
    while start < len(tokens) - 1 and tokens[start] in _FILLERS:
        start += 1
    return tokens[start:]


def _unique(variants: Iterable[list[str]]) -> Iterator[list[str]]:
    seen: set[tuple[str, ...]] = set()
    for variant in variants:
        key = tuple(variant)
        if variant and key not in seen:
            seen.add(key)
            yield variant


class AdminUnits:
    """Indexes over the 2025 table; build once (see ``default_admin_units``) and share."""

    def __init__(self, data: AdminUnitsData) -> None:
        self._provinces = {p.code: p for p in data.provinces}
        self._old_provinces = {p.code: p for p in data.old_provinces}
        self._communes = {c.code: c for c in data.communes}
        self._old_communes = data.old_communes

        parts: dict[str, int] = defaultdict(int)
        for old in data.old_communes:
            for code in old.new_codes:
                parts[code] += 1
        self._parts_per_commune = dict(parts)

        self._province_aliases: dict[str, list[_ProvinceAlias]] = defaultdict(list)
        self._build_province_aliases(data)
        self._province_fuzzy_keys = sorted({self._spaced[k] for k in self._province_aliases})

        self._current_by_key: dict[str, list[Commune]] = defaultdict(list)
        self._old_by_key: dict[str, list[OldCommune]] = defaultdict(list)
        spaced_keys: set[str] = set()
        spaced_of: dict[str, str] = {}  # old names repeat a lot ("Phường 1"): fold each once

        def spaced(name: str) -> str:
            if name not in spaced_of:
                spaced_of[name] = fold_key(name)
            return spaced_of[name]

        for commune in data.communes:
            self._current_by_key[spaced(commune.short_name).replace(" ", "")].append(commune)
            spaced_keys.add(spaced(commune.short_name))
        for old in data.old_communes:
            self._old_by_key[spaced(old.short_name).replace(" ", "")].append(old)
            spaced_keys.add(spaced(old.short_name))
        self._commune_fuzzy_keys = sorted(spaced_keys)

    # ----- plain access -------------------------------------------------------------------------

    @property
    def provinces(self) -> tuple[Province, ...]:
        return tuple(self._provinces.values())

    @property
    def communes(self) -> tuple[Commune, ...]:
        return tuple(self._communes.values())

    @property
    def old_provinces(self) -> tuple[OldProvince, ...]:
        return tuple(self._old_provinces.values())

    @property
    def old_communes(self) -> tuple[OldCommune, ...]:
        return self._old_communes

    def province(self, code: str) -> Province | None:
        return self._provinces.get(code)

    def commune(self, code: str) -> Commune | None:
        return self._communes.get(code)

    def old_province(self, code: str) -> OldProvince | None:
        return self._old_provinces.get(code)

    def communes_in(self, province_code: str) -> tuple[Commune, ...]:
        return tuple(c for c in self._communes.values() if c.province_code == province_code)

    # ----- provinces ----------------------------------------------------------------------------

    def _build_province_aliases(self, data: AdminUnitsData) -> None:
        self._spaced: dict[str, str] = {}

        def add(text: str, alias: _ProvinceAlias) -> None:
            key = compact_key(text)
            if alias not in self._province_aliases[key]:
                self._province_aliases[key].append(alias)
            self._spaced.setdefault(key, fold_key(text))

        current_keys = set()
        for province in data.provinces:
            alias = _ProvinceAlias(province.code, Change.CURRENT, None)
            for text in (province.short_name, *_PROVINCE_NICKNAMES.get(province.code, ())):
                add(text, alias)
                current_keys.add(compact_key(text))
        for old in data.old_provinces:
            if compact_key(old.short_name) in current_keys:
                continue  # same name as a 2025 province (e.g. old Gia Lai): the current one is meant
            sharing = sum(1 for o in data.old_provinces if o.new_code == old.new_code)
            change = Change.RENAMED if sharing == 1 else Change.MERGED
            alias = _ProvinceAlias(old.new_code, change, old.name)
            for text in (old.short_name, *_OLD_PROVINCE_NICKNAMES.get(old.code, ())):
                add(text, alias)
        for code, (old_name, texts) in _FORMER_PROVINCE_NAMES.items():
            for text in texts:
                add(text, _ProvinceAlias(code, Change.RENAMED, old_name))

    def _province_variants(self, text: str) -> list[list[str]]:
        tokens = _strip_fillers(clean_tokens(text))
        stripped, _ = strip_prefix(tokens, PROVINCE_PREFIXES)
        return list(_unique([stripped, tokens]))

    def _province_match(self, aliases: list[_ProvinceAlias], score: float) -> ProvinceMatch:
        first = aliases[0]
        others = tuple(
            self._provinces[a.province_code] for a in aliases[1:] if a.province_code != first.province_code
        )
        return ProvinceMatch(
            province=self._provinces[first.province_code],
            score=score,
            change=first.change,
            old_name=first.old_name,
            alternatives=tuple(dict.fromkeys(others)),
        )

    def find_province(self, text: str) -> ProvinceMatch | None:
        """The province meant by ``text`` (2025 or old name, nickname, with or without marks)."""
        if len(text) > _MAX_QUERY_CHARS:
            return None
        variants = self._province_variants(text)
        for tokens in variants:
            aliases = self._province_aliases.get(compact_key(" ".join(tokens)))
            if aliases:
                return self._province_match(aliases, 100.0)
        if not variants:
            return None
        query = fold_key(" ".join(variants[0]))
        if len(query.replace(" ", "")) < _MIN_FUZZY_CHARS:
            return None
        hits = process.extract(
            query, self._province_fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=None
        )
        if not hits:
            return None
        best = hits[0][1]
        aliases = [
            alias
            for key, score, _ in hits
            if score >= best - _FUZZY_MARGIN
            for alias in self._province_aliases[key.replace(" ", "")]
        ]
        return self._province_match(aliases, float(best))

    def _resolve_province_code(self, code: str) -> str | None:
        """Accept a 2025 code, or an old code (``74`` Bình Dương → ``79``)."""
        if code in self._provinces:
            return code
        old = self._old_provinces.get(code)
        return old.new_code if old else None

    # ----- communes -----------------------------------------------------------------------------

    def find_commune(self, text: str, province_code: str | None = None) -> CommuneMatch | None:
        """The 2025 commune(s) meant by ``text``, optionally within one province.

        ``text`` may also end with the province (``xã tân tiến tỉnh gia lai``) and hold a former
        district (``phường bến nghé quận 1``). Without a province, a name that exists today wins over
        an old name elsewhere; ask for the province first to reach old names shared with current ones.
        """
        if len(text) > _MAX_QUERY_CHARS:
            return None
        scope: str | None = None
        if province_code is not None:
            scope = self._resolve_province_code(province_code)
            if scope is None:
                return None
        tokens = clean_tokens(text)
        if not tokens:
            return None
        match = self._match_commune(tokens, scope)
        if match is not None and not match.is_fuzzy:
            return match
        split = self._split_trailing_province(tokens)
        if split is not None:
            head, province = split
            if scope is None or scope == province.code:
                scoped = self._match_commune(head, province.code)
                if scoped is not None and (match is None or scoped.score >= match.score):
                    return scoped
        return match

    def _split_trailing_province(self, tokens: list[str]) -> tuple[list[str], Province] | None:
        for start in range(1, len(tokens)):
            suffix, _ = strip_prefix(tokens[start:], PROVINCE_PREFIXES)
            aliases = self._province_aliases.get(compact_key(" ".join(suffix)))
            head = tokens[:start]
            if aliases and strip_prefix(head, COMMUNE_PREFIXES)[0]:
                cut = find_marker(head, DISTRICT_MARKERS)
                return (head[:cut] if cut else head), self._provinces[aliases[0].province_code]
        return None

    def _commune_variants(self, tokens: list[str]) -> list[tuple[list[str], str | None]]:
        """Name cores to try, in order, each with the unit kind the citizen said (if any)."""
        base = _strip_fillers(tokens)
        cut = find_marker(base, DISTRICT_MARKERS)
        out: list[tuple[list[str], str | None]] = []
        seen: set[tuple[str, ...]] = set()
        for candidate in (base, base[:cut] if cut else base, tokens):
            stripped, had_prefix = strip_prefix(candidate, COMMUNE_PREFIXES)
            kind = fold_key(" ".join(candidate[: len(candidate) - len(stripped)])) if had_prefix else None
            for core in (stripped, candidate):
                if core and tuple(core) not in seen:
                    seen.add(tuple(core))
                    out.append((core, kind))
        return out

    def _match_commune(self, tokens: list[str], scope: str | None) -> CommuneMatch | None:
        variants = self._commune_variants(tokens)
        for core, kind in variants:
            said = " ".join(core)
            # As said, then with number words as digits ("mười bốn" → "14", compared without marks).
            for form in dict.fromkeys((said, spoken_numbers_to_digits(fold_key(said)))):
                found, marks_agree = self._exact_candidates(compact_key(form), form, scope)
                if found:
                    # Same letters but other marks ("yên phụ" for Yên Phú): likely a recognition slip,
                    # so below 100 — the dialogue confirms it like a fuzzy match.
                    return CommuneMatch(_order(found, kind), 100.0 if marks_agree else _OTHER_MARKS_SCORE)
        if not variants:
            return None
        return self._fuzzy_commune(variants[0][0], variants[0][1], scope)

    def _exact_candidates(
        self, key: str, said: str, scope: str | None
    ) -> tuple[list[CommuneCandidate], bool]:
        """Units whose name folds to ``key``, and whether their marks agree with what was said."""
        current = [c for c in self._current_by_key.get(key, ()) if scope is None or c.province_code == scope]
        olds = [
            o
            for o in self._old_by_key.get(key, ())
            if scope is None or any(self._communes[code].province_code == scope for code in o.new_codes)
        ]
        if has_diacritics(said):
            # Written or recognised with marks: "Tân Ân" is not "Tân An" — unless nothing has these marks.
            wanted = tone_key(said)
            same_current = [c for c in current if tone_key(c.short_name) == wanted]
            same_old = [o for o in olds if tone_key(o.short_name) == wanted]
            marks_agree = bool(same_current or same_old)
            if marks_agree:
                current, olds = same_current, same_old
        else:
            marks_agree = True
        if not current:
            return self._old_candidates(olds, scope), marks_agree
        found = {c.code: CommuneCandidate(c, self._provinces[c.province_code]) for c in current}
        # The same name may also be an old commune, in the same province, now part of another unit
        # (old xã Tân Tiến of Thái Bình is now xã Tiên La, Hưng Yên, which also has a new xã Tân Tiến):
        # offer it after the current unit rather than guess. Other provinces stay out: ask them first.
        provinces = {c.province_code for c in current}
        for candidate in self._old_candidates(olds, scope):
            if candidate.province.code in provinces:
                found.setdefault(candidate.commune.code, candidate)
        return list(found.values()), marks_agree

    def _old_candidates(self, olds: list[OldCommune], scope: str | None) -> list[CommuneCandidate]:
        by_new: dict[str, CommuneCandidate] = {}
        for old in olds:
            if len(old.new_codes) > 1:
                change = Change.SPLIT
            elif self._parts_per_commune.get(old.new_codes[0], 0) == 1:
                change = Change.RENAMED
            else:
                change = Change.MERGED
            old_province = self._old_provinces[old.old_province_code]
            for code in old.new_codes:
                commune = self._communes[code]
                if scope is not None and commune.province_code != scope:
                    continue
                by_new.setdefault(
                    code,
                    CommuneCandidate(
                        commune=commune,
                        province=self._provinces[commune.province_code],
                        change=change,
                        old=old,
                        old_province=old_province,
                    ),
                )
        return list(by_new.values())

    def _fuzzy_commune(self, core: list[str], kind: str | None, scope: str | None) -> CommuneMatch | None:
        query = fold_key(" ".join(core))
        if len(query.replace(" ", "")) < _MIN_FUZZY_CHARS:
            return None
        hits = process.extract(
            query, self._commune_fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=50
        )
        syllables = len(query.split())
        scores: dict[str, float] = {}
        found: dict[str, CommuneCandidate] = {}
        for key, score, _ in hits:
            if len(key.split()) != syllables:
                continue  # recognition errors change sounds, rarely the number of syllables
            for candidate in self._exact_candidates(key.replace(" ", ""), " ".join(core), scope)[0]:
                code = candidate.commune.code
                if float(score) > scores.get(code, -1.0):
                    scores[code] = float(score)
                    found[code] = candidate
        if not found:
            return None
        best = max(scores.values())
        kept = [c for code, c in found.items() if scores[code] >= best - _FUZZY_MARGIN]
        return CommuneMatch(_order(kept, kind, scores), best)


def _order(
    candidates: list[CommuneCandidate], kind: str | None, scores: dict[str, float] | None = None
) -> tuple[CommuneCandidate, ...]:
    """Best score first, then current names, then the kind the citizen said (``xã`` / ``phường``), then code."""

    def rank(candidate: CommuneCandidate) -> tuple[float, bool, bool, str]:
        score = scores.get(candidate.commune.code, 0.0) if scores else 0.0
        named = fold_key(candidate.old_name or candidate.commune.name)
        said_kind = kind is not None and named.startswith(kind + " ")
        return (-score, candidate.change is not Change.CURRENT, not said_kind, candidate.commune.code)

    return tuple(sorted(candidates, key=rank))


def load_admin_units(path: Path | None = None) -> AdminUnits:
    return AdminUnits(load_table(path))


@lru_cache(maxsize=1)
def default_admin_units() -> AdminUnits:
    """The shipped table with its indexes, built once per process on first use."""
    return load_admin_units()
