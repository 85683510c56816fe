"""Two-syllable Vietnamese words from underthesea's dictionary, in folded form.

Search needs to know which syllable pairs are real words ("khai sinh", "lái xe", "xã hội") and which
are accidents of adjacency ("ký khai"), with and without diacritics. underthesea's CRF segmenter
(``word_tokenize``) cannot segment text typed without diacritics ("lam so do" comes back as five
syllables) and takes seconds to segment the whole catalog, too slow for action-server start-up. Its
segmenter is built on the dictionary read here (Hồ Ngọc Đức's Viet74K, shipped in the wheel); a
folded pair lookup in it works the same on both spellings and costs microseconds. Two-syllable
words are most of the dictionary, and longer ones did not change any ranking on the query set.

The file is read from the installed package without importing ``underthesea`` (its import pulls
in half a second of unrelated modules).
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from civic.catalog.search.syllables import canonical_text, fold_text

_DICTIONARY = ("corpus", "data", "Viet74K.txt")
# A dictionary line made of exactly two plain syllables ("khai sinh", "a-lô").
_PAIR_LINE_RE = re.compile(r"^([a-z]+)[ -]([a-z]+)$", re.MULTILINE)


def dictionary_path() -> Path:
    """Location of underthesea's word list inside the installed package."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("underthesea is not installed; it is a dependency of this project")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*_DICTIONARY)


@lru_cache(maxsize=1)
def word_pairs() -> frozenset[tuple[str, str]]:
    """Two-syllable dictionary words, folded and canonical: {("khai", "sinh"), ("xa", "hoi"), ...}."""
    text = canonical_text(fold_text(dictionary_path().read_text(encoding="utf-8")))
    return frozenset(_PAIR_LINE_RE.findall(text))
