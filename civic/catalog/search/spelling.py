"""Correcting misspelled and misheard query syllables against the catalog's own vocabulary.

Speech recognition and hurried typing get Vietnamese wrong in predictable ways: near-homophones
("khai xinh" for "khai sinh", "tạm chú" for "tạm trú", "căn cướt" for "căn cước", "bằng lái sẹ"),
one wrong letter ("pasport"), and syllables split or glued together ("khaisinh"). Tones are already
gone in the folded form. Every fix here is chosen against what the catalog actually says: a
candidate must exist in the index vocabulary, and a real syllable is only replaced when its
neighbour turns it into a word pair the catalog uses. Candidates come from a phonetic key (the
sound classes dialects and recognisers confuse) and from rapidfuzz's edit distance.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Initial consonants, longest first, and the sound class each belongs to.
_INITIALS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu")
_INITIAL_CLASS = {
    "ngh": "ng",
    "gh": "g",
    "gi": "z",
    "d": "z",
    "r": "z",
    "v": "z",
    "tr": "ch",
    "s": "x",
    "k": "c",
    "l": "n",
}
# Final consonants that southern speech and recognisers merge: -c/-t/-ch, -n/-ng/-nh.
_FINAL_CLASS = (("ch", "t"), ("nh", "n"), ("ng", "n"), ("c", "t"))
_VOWELS = frozenset("aeiouy")


def phonetic_key(syllable: str) -> str:
    """Sound class of a folded syllable: near-homophones share a key (``tru``/``chu``, ``cuoc``/``cuot``)."""
    if not syllable.isalpha():
        return syllable
    initial = next((i for i in _INITIALS if syllable.startswith(i)), "")
    if not initial and syllable[0] not in _VOWELS:
        initial = syllable[0]
    rest = syllable[len(initial) :]
    if initial == "gi" and not rest:  # "gì": the "i" is the vowel
        initial, rest = "g", "i"
    for final, sound in _FINAL_CLASS:
        if rest.endswith(final) and len(rest) > len(final):
            rest = rest[: -len(final)] + sound
            break
    return _INITIAL_CLASS.get(initial, initial) + rest


class SpellingCorrector:
    """Replaces query syllables the catalog does not use, or pairs it never writes, by close ones it does.

    ``frequencies``: how many documents each syllable occurs in (used only to break ties).
    ``bigrams``: the adjacent syllable pairs the catalog (and the colloquial vocabulary) contains.
    ``words``: dictionary words; a pair that is one ("giá vàng") is left alone even if the catalog
    never uses it, since it was most likely heard right.
    ``word_pairs``: the pairs a misheard pair may be corrected into: real words the catalog uses
    ("tạm trú"), not accidents of adjacency ("giá đang" in "giấy tờ có giá đang cầm cố").
    """

    def __init__(
        self,
        frequencies: Mapping[str, int],
        bigrams: Collection[tuple[str, str]],
        words: Collection[tuple[str, ...]] = frozenset(),
        word_pairs: Collection[tuple[str, str]] | None = None,
    ) -> None:
        self._frequency = dict(frequencies)
        self._vocabulary = sorted(self._frequency)
        self._bigrams = frozenset(bigrams)
        self._words = words
        self._word_pairs = self._bigrams if word_pairs is None else frozenset(word_pairs)
        by_key: dict[str, list[str]] = defaultdict(list)
        for syllable in self._vocabulary:
            by_key[phonetic_key(syllable)].append(syllable)
        self._by_key = {key: tuple(values) for key, values in by_key.items()}

    def is_known(self, syllable: str) -> bool:
        return syllable in self._frequency

    def correct(self, tokens: Sequence[str]) -> list[str]:
        """The query syllables with the fixes applied, in order (the count can change by a split/merge)."""
        fixed = self._merge_split_syllables(list(tokens))
        fixed = self._split_glued_syllables(fixed)
        for index, token in enumerate(fixed):
            if not self.is_known(token) and token.isalpha():
                fixed[index] = self._best_replacement(fixed, index) or token
        return self._fix_unknown_pairs(fixed)

    def _merge_split_syllables(self, tokens: list[str]) -> list[str]:
        """``ch ieu`` → ``chieu`` when one half is unknown and the whole is a catalog syllable."""
        merged: list[str] = []
        for token in tokens:
            half_unknown = merged and not (self.is_known(token) and self.is_known(merged[-1]))
            if half_unknown and self.is_known(merged[-1] + token):
                merged[-1] += token
                continue
            merged.append(token)
        return merged

    def _split_glued_syllables(self, tokens: list[str]) -> list[str]:
        """``khaisinh`` → ``khai sinh`` when the halves form a catalog word pair."""
        result: list[str] = []
        for token in tokens:
            if self.is_known(token) or len(token) < 4 or not token.isalpha():
                result.append(token)
                continue
            splits = [(token[:cut], token[cut:]) for cut in range(1, len(token))]
            pairs = [pair for pair in splits if pair in self._bigrams]
            if pairs:
                result.extend(max(pairs, key=lambda pair: self._pair_frequency(*pair)))
            else:
                result.append(token)
        return result

    def _best_replacement(self, tokens: Sequence[str], index: int) -> str | None:
        token = tokens[index]
        key = phonetic_key(token)
        max_edits = 1 if len(token) <= 4 else 2
        candidates = set(self._by_key.get(key, ()))
        candidates.update(
            match
            for match, _, _ in process.extract(
                token, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=None
            )
        )
        best: tuple[float, str] | None = None
        for candidate in candidates:
            support = self._neighbour_support(tokens, index, candidate)
            distance = Levenshtein.distance(token, candidate)
            sounds_alike = phonetic_key(candidate) == key
            # Without a neighbour to confirm it, only a sound-alike or a one-letter slip in a long
            # word is trusted: a short unknown word ("alo") is more likely small talk than a typo.
            if not support and not sounds_alike and not (distance == 1 and len(token) >= 5):
                continue
            score = (
                4.0 * support + 2.0 * sounds_alike - distance + 0.1 * math.log1p(self._frequency[candidate])
            )
            if best is None or score > best[0]:
                best = (score, candidate)
        return best[1] if best else None

    def _fix_unknown_pairs(self, tokens: list[str]) -> list[str]:
        """``tam chu`` → ``tam tru``: two real syllables the catalog never pairs, one heard wrong."""
        fixed = list(tokens)
        for index in range(len(fixed) - 1):
            first, second = fixed[index], fixed[index + 1]
            if (first, second) in self._bigrams or (first, second) in self._words:
                continue
            if not (self.is_known(first) and self.is_known(second)):
                continue
            options: list[tuple[int, str, str]] = []
            following = fixed[index + 2] if index + 2 < len(fixed) else None
            # Never break a pair the catalog does use on the other side of the syllable changed.
            if following is None or (second, following) not in self._bigrams:
                for alternative in self._by_key.get(phonetic_key(second), ()):
                    if alternative != second and (first, alternative) in self._word_pairs:
                        options.append((self._pair_frequency(first, alternative), first, alternative))
            previous = fixed[index - 1] if index > 0 else None
            if previous is None or (previous, first) not in self._bigrams:
                for alternative in self._by_key.get(phonetic_key(first), ()):
                    if alternative != first and (alternative, second) in self._word_pairs:
                        options.append((self._pair_frequency(alternative, second), alternative, second))
            if options:
                _, fixed[index], fixed[index + 1] = max(options)
        return fixed

    def _neighbour_support(self, tokens: Sequence[str], index: int, candidate: str) -> int:
        before = index > 0 and (tokens[index - 1], candidate) in self._bigrams
        after = index + 1 < len(tokens) and (candidate, tokens[index + 1]) in self._bigrams
        return int(before) + int(after)

    def _pair_frequency(self, first: str, second: str) -> int:
        return min(self._frequency.get(first, 0), self._frequency.get(second, 0))
