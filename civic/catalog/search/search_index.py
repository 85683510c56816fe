"""The searchable text of procedures and queries, as BM25 terms.

Names are folded once for the whole catalog, split at punctuation so that syllable pairs never
straddle a comma, and stripped of the generic "thủ tục" that some names carry and queries drop.
Terms are syllables, adjacent pairs, and once more the pairs that are dictionary words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from civic.catalog.models import Procedure
from civic.catalog.search.colloquial import Phrase
from civic.catalog.search.syllables import canonical_text, fold_text

PAIR = "_"  # joins the syllables of a pair term: "khai_sinh"
WORD = "w:"  # marks a pair term that is also a dictionary word: "w:khai_sinh"

_SEGMENT_BREAK_RE = re.compile(r"[,;:()/\[\]–—.\"“”]|\s-\s")
_TOKEN_RE = re.compile(r"[0-9a-z]+")


def text_terms(segments: Iterable[Sequence[str]], words: Collection[tuple[str, str]]) -> list[str]:
    """Syllables and adjacent pairs; a pair that is a dictionary word counts twice.

    Weighting real words ("khai sinh") over accidents of adjacency ("ký khai") is what underthesea's
    word segmentation would give BM25, without needing diacritics to segment.
    """
    result: list[str] = []
    for segment in segments:
        result.extend(segment)
        for pair in pairwise(segment):
            term = PAIR.join(pair)
            result.append(term)
            if pair in words:
                result.append(WORD + term)
    return result


def trigrams(segments: Iterable[Sequence[str]]) -> frozenset[str]:
    """Ordered syllable triples, for rewarding word-for-word matches."""
    return frozenset(" ".join(segment[i : i + 3]) for segment in segments for i in range(len(segment) - 2))


@dataclass(frozen=True)
class Document:
    """The searchable text of one procedure."""

    segments: list[list[str]]  # name and field, by punctuation-delimited segment
    name_syllables: frozenset[str]
    undoing: Phrase | None  # the ending action the name starts with ("xóa", "thu hồi"), if any


def _fold_lines(texts: Iterable[str]) -> list[str]:
    """Fold many texts in one pass (one Unicode decomposition instead of thousands)."""
    return canonical_text(fold_text("\n".join(t.replace("\n", " ") for t in texts))).split("\n")


def _segments(folded: str) -> list[list[str]]:
    """Syllables of each punctuation-delimited part, without the generic "thủ tục (hành chính)"."""
    parts = (_without_generic(_TOKEN_RE.findall(part)) for part in _SEGMENT_BREAK_RE.split(folded))
    return [part for part in parts if part]


def _without_generic(segment: list[str]) -> list[str]:
    """Drop "thủ tục": queries drop it too, and it only makes some names longer than their siblings."""
    for index in range(len(segment) - 1):
        if segment[index] == "thu" and segment[index + 1] == "tuc":
            drop = 4 if segment[index + 2 : index + 4] == ["hanh", "chinh"] else 2
            return segment[:index] + segment[index + drop :]
    return segment


def procedure_documents(procedures: Sequence[Procedure], undoing: Collection[Phrase]) -> list[Document]:
    """Searchable text of every procedure: its name and its field (lĩnh vực)."""
    names = _fold_lines(p.name for p in procedures)
    fields = _fold_lines(p.field for p in procedures)
    documents: list[Document] = []
    for name, field in zip(names, fields, strict=True):
        name_segments = _segments(name)
        first = name_segments[0] if name_segments else []
        starts_with = next((u for u in undoing if tuple(first[: len(u)]) == u), None)
        syllables = frozenset(s for segment in name_segments for s in segment)
        documents.append(Document(name_segments + _segments(field), syllables, starts_with))
    return documents
