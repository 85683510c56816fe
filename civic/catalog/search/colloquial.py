"""Rewriting what citizens say into the catalog's wording, and dropping what names no procedure.

People ask for "sổ đỏ", "bằng lái", "giấy độc thân"; the portal says "giấy chứng nhận quyền sử dụng
đất", "giấy phép lái xe", "xác nhận tình trạng hôn nhân". They also wrap the request in talk
("cho tôi hỏi ... với ạ") and aspect words ("lệ phí", "mất bao lâu") that the dialogue answers once the
procedure is known. The vocabulary lives in ``data/colloquial.yml`` so it can grow without code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from civic.catalog.search.syllables import syllables
from civic.text.vietnamese import nfc

VOCABULARY_FILE = Path(__file__).parent.parent / "data" / "colloquial.yml"

Phrase = tuple[str, ...]


class _Kind(Enum):
    SYNONYM = "synonym"
    FILLER = "filler"
    PLAIN = "plain"


@dataclass(frozen=True)
class QueryVocabulary:
    synonyms: Mapping[Phrase, Phrase]
    filler: frozenset[Phrase]
    spelled_filler: frozenset[str] = frozenset()  # one-syllable filler as written: "thì", "hỏi"
    undoing: frozenset[Phrase] = frozenset()

    @cached_property
    def longest(self) -> int:
        """Syllables in the longest phrase: how far ahead ``_segment`` needs to look."""
        return max((len(p) for p in (*self.synonyms, *self.filler)), default=1)

    def phrases(self) -> Iterator[Phrase]:
        """Every phrase the vocabulary knows (keys, replacements, filler), for the spelling corrector."""
        yield from self.synonyms
        yield from self.synonyms.values()
        yield from self.filler

    def rewrite(
        self,
        tokens: Sequence[str],
        spellings: Sequence[str | None],
        is_catalog_word: Callable[[str, str], bool],
    ) -> tuple[str, ...]:
        """The content syllables of a query: colloquial phrases replaced, filler dropped.

        ``tokens`` are folded syllables; ``spellings`` the same syllables as written (lowercase,
        with diacritics) where the query's diacritics can be trusted, else None. Phrases are chosen
        to cover the query best (see ``_segment``). Folding merges some one-syllable filler with
        content ("thì"/"thị", "hỏi"/"hội", "đâu"/"đầu"): with a spelling, such a word is filler only
        if spelled like one; without, it is kept when it forms a word the catalog uses with a
        neighbour ("xã hội", "thị thực", "lần đầu").
        """
        kept: list[str] = []
        for start, end, kind in self._segment(tokens):
            span = tokens[start:end]
            if kind is _Kind.SYNONYM:
                kept.extend(self.synonyms[tuple(span)])
            elif kind is _Kind.PLAIN or self._kept(tokens, spellings, start, end, is_catalog_word):
                kept.extend(span)
        return tuple(kept)

    def _kept(
        self,
        tokens: Sequence[str],
        spellings: Sequence[str | None],
        start: int,
        end: int,
        is_catalog_word: Callable[[str, str], bool],
    ) -> bool:
        """Whether a one-syllable filler match is really a content word folded into the same form."""
        if end - start != 1:
            return False
        spelling = spellings[start]
        if spelling is not None:
            return spelling not in self.spelled_filler
        before = start > 0 and is_catalog_word(tokens[start - 1], tokens[start])
        after = end < len(tokens) and is_catalog_word(tokens[start], tokens[end])
        return before or after

    def _segment(self, tokens: Sequence[str]) -> list[tuple[int, int, _Kind]]:
        """Split tokens into phrases covering as many tokens as possible with as few phrases as possible.

        Greedy left-to-right matching goes wrong on overlaps: in "cho con ngoài giá thú" it would
        take the filler "cho con" and lose the synonym "con ngoài giá thú"; in "làm sao" it would
        take the synonym "làm" and keep "sao". On a tie a synonym wins over filler.
        """
        count = len(tokens)
        # best[i]: ((covered, -phrases, -filler), length, kind) for the suffix starting at i
        best: list[tuple[tuple[int, int, int], int, _Kind]] = [((0, 0, 0), 0, _Kind.PLAIN)] * (count + 1)
        for index in range(count - 1, -1, -1):
            covered, phrases, filler = best[index + 1][0]
            choice = ((covered, phrases, filler), 1, _Kind.PLAIN)
            for length in range(1, min(self.longest, count - index) + 1):
                phrase = tuple(tokens[index : index + length])
                for kind, table in ((_Kind.SYNONYM, self.synonyms), (_Kind.FILLER, self.filler)):
                    if phrase in table:
                        covered, phrases, filler = best[index + length][0]
                        score = (covered + length, phrases - 1, filler - (kind is _Kind.FILLER))
                        if score > choice[0]:
                            choice = (score, length, kind)
            best[index] = choice
        spans: list[tuple[int, int, _Kind]] = []
        index = 0
        while index < count:
            _, length, kind = best[index]
            spans.append((index, index + length, kind))
            index += length
        return spans


def parse_vocabulary(document: Mapping[str, object]) -> QueryVocabulary:
    """Build the vocabulary from the YAML document (``synonyms`` mapping; ``filler``, ``undoing`` lists)."""
    raw_synonyms = document.get("synonyms") or {}
    raw_filler = document.get("filler") or []
    raw_undoing = document.get("undoing") or []
    if (
        not isinstance(raw_synonyms, Mapping)
        or not isinstance(raw_filler, list)
        or not isinstance(raw_undoing, list)
    ):
        raise ValueError("colloquial vocabulary needs a 'synonyms' mapping and 'filler', 'undoing' lists")
    synonyms: dict[Phrase, Phrase] = {}
    for colloquial, official in raw_synonyms.items():
        key = tuple(syllables(str(colloquial)))
        if not key or key in synonyms:
            raise ValueError(f"empty or duplicate colloquial phrase: {colloquial!r}")
        synonyms[key] = tuple(syllables(str(official)))
    filler = frozenset(_phrases(raw_filler))
    spelled = frozenset(
        nfc(str(text)).strip().lower() for text in raw_filler if len(syllables(str(text))) == 1
    )
    return QueryVocabulary(
        synonyms=synonyms, filler=filler, spelled_filler=spelled, undoing=frozenset(_phrases(raw_undoing))
    )


def _phrases(raw: list[object]) -> Iterator[Phrase]:
    for text in raw:
        phrase = tuple(syllables(str(text)))
        if phrase:
            yield phrase


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> QueryVocabulary:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is several times faster
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=loader)
    if not isinstance(document, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return parse_vocabulary(document)
