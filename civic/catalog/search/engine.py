"""Finding a procedure from what a citizen says or types.

Queries arrive with or without diacritics, from speech recognition (wrong tones, near-homophones),
in everyday words ("làm sổ đỏ") and wrapped in conversation ("cho tôi hỏi ... ạ"). The pipeline:

1. fold to canonical syllables (``civic.catalog.search.syllables``);
2. correct syllables the catalog does not use against its vocabulary (``civic.catalog.search.spelling``);
3. rewrite colloquial phrases into official wording and drop filler (``civic.catalog.search.colloquial``);
4. rank with BM25 (``bm25s``) over syllables and syllable pairs of the procedure names and fields
   (``civic.catalog.search.search_index``), boosted for commune-level, citizen-facing procedures, which
   are the ones a citizen at a kiosk almost always means, then re-rank the best candidates by how
   much of the query they contain word for word.

``resolve`` then decides what the assistant does: answer (SINGLE), offer options (AMBIGUOUS) or say
it does not know (NONE). Its thresholds are calibrated on ``tests/data/search_queries.yml``
(``assistant bench search`` reports the figures).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from civic.catalog.models import Level, Procedure
from civic.catalog.search.bm25 import bm25s_module
from civic.catalog.search.colloquial import Phrase, QueryVocabulary, load_vocabulary
from civic.catalog.search.lexicon import word_pairs
from civic.catalog.search.search_index import PAIR, WORD, procedure_documents, text_terms, trigrams
from civic.catalog.search.spelling import SpellingCorrector
from civic.catalog.search.syllables import syllables
from civic.catalog.store import Catalog, default_catalog
from civic.text.vietnamese import has_diacritics, nfc

# BM25 parameters: names are short, so length normalisation (b) decides between "Đăng ký khai sinh"
# and its longer variants ("... có yếu tố nước ngoài", "... lưu động").
BM25_K1 = 1.2
BM25_B = 0.75
# Multiplicative boosts: a citizen asking "đăng ký khai sinh" means the commune procedure.
COMMUNE_BOOST = 0.15
CITIZEN_BOOST = 0.25
# Procedures that end or withdraw something rank lower unless the query asks for that action.
UNDOING_PENALTY = 0.8
# Word-for-word matches: the best RERANK_DEPTH BM25 candidates gain up to PHRASE_BONUS (as a share
# of their score) for containing the query's syllable triples in order.
RERANK_DEPTH = 30
PHRASE_BONUS = 1.0
# resolve(): the share of the query's weight (idf of syllables and real-word pairs) the best
# procedure must contain, and how close a runner-up must score to make the answer ambiguous.
MIN_COVERAGE = 0.4
MIN_WORDS_MATCHED = 2
AMBIGUOUS_RATIO = 0.8
MAX_OPTIONS = 3
# A SINGLE answer is given without asking only when the query was understood without spelling
# corrections and the procedure explains this share of its weight (or the citizen said its name).
CONFIDENT_COVERAGE = 0.85

_WRITTEN_TOKEN_RE = re.compile(r"[0-9a-z\u00c0-\u1ef9]+")
_LEVEL_NAMES = {Level.COMMUNE: "xã", Level.PROVINCE: "tỉnh", Level.MINISTRY: "bộ", Level.OTHER: "khác"}


@dataclass(frozen=True)
class SearchHit:
    procedure: Procedure
    score: float


class MatchKind(str, Enum):
    SINGLE = "single"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True)
class Resolution:
    kind: MatchKind
    hits: tuple[SearchHit, ...]  # best first; one for SINGLE, at most MAX_OPTIONS for AMBIGUOUS
    # SINGLE but not certain: the match needed spelling corrections or leaves words of the query
    # unexplained, so the assistant should ask "có phải …?" before answering.
    confirm: bool = False


@dataclass(frozen=True)
class QueryAnalysis:
    """How a query was understood; shown by the CLI, useful when a ranking surprises."""

    corrected: tuple[str, ...]  # canonical syllables after spelling correction
    spelling_changed: bool  # a syllable of the query was replaced by one the catalog uses
    content: tuple[str, ...]  # after colloquial rewriting and filler removal
    terms: tuple[str, ...]  # what BM25 scores


@dataclass(frozen=True)
class _Ranked:
    hit: SearchHit
    coverage: float  # share of the query's weight (idf) the procedure's text contains
    pairs_matched: int  # adjacent query syllable pairs found as pairs in the procedure's text
    words_matched: int  # of those, the ones that are dictionary words ("giám hộ", "đăng ký")
    named: bool  # every syllable of the procedure's name is in the query: the citizen said its name


class ProcedureSearch:
    """BM25 index over the catalog plus the query understanding around it. Build once, share freely."""

    def __init__(self, catalog: Catalog, vocabulary: QueryVocabulary | None = None) -> None:
        self._procedures = tuple(catalog)
        self._vocabulary = vocabulary or load_vocabulary()
        self._words = word_pairs()
        documents = procedure_documents(self._procedures, self._vocabulary.undoing)
        document_terms = [text_terms(d.segments, self._words) for d in documents]
        self._term_sets = [frozenset(t) for t in document_terms]
        self._trigram_sets = [trigrams(d.segments) for d in documents]
        self._name_syllables = [d.name_syllables for d in documents]
        self._document_frequency = Counter(t for term_set in self._term_sets for t in term_set)
        self._index = bm25s_module().BM25(k1=BM25_K1, b=BM25_B)
        if self._procedures:
            self._index.index(document_terms, show_progress=False)
        self._prior = np.array([_prior(p) for p in self._procedures], dtype=np.float32)
        self._undoing = sorted(self._vocabulary.undoing)
        self._undoing_of = np.array([self._undoing.index(d.undoing) if d.undoing else -1 for d in documents])

        catalog_pairs = {
            _split_pair(t) for t in self._document_frequency if PAIR in t and not t.startswith(WORD)
        }
        # Real words the catalog uses: what protects "hội" in "xã hội" from being dropped as "hỏi".
        self._catalog_words = frozenset(catalog_pairs & self._words)
        self._corrector = self._spelling_corrector(catalog_pairs)

    def _spelling_corrector(self, catalog_pairs: set[tuple[str, str]]) -> SpellingCorrector:
        frequencies = Counter({t: df for t, df in self._document_frequency.items() if PAIR not in t})
        vocabulary_pairs: set[tuple[str, str]] = set()
        for phrase in self._vocabulary.phrases():
            frequencies.update({s: 0 for s in phrase})
            vocabulary_pairs.update(pairwise(phrase))
        # A pair heard wrong is corrected only into a word the catalog uses more than once.
        targets = {w for w in self._catalog_words if self._document_frequency[PAIR.join(w)] > 1}
        return SpellingCorrector(
            frequencies,
            bigrams=catalog_pairs | vocabulary_pairs,
            words=self._words,
            word_pairs=targets | vocabulary_pairs,
        )

    def analyse(self, query: str) -> QueryAnalysis:
        folded, spellings = _query_syllables(query)
        corrected = self._corrector.correct(folded)
        if len(corrected) == len(folded):  # a corrected syllable's spelling says nothing any more
            spellings = [s if c == f else None for c, f, s in zip(corrected, folded, spellings, strict=True)]
        else:
            spellings = [None] * len(corrected)
        content = self._vocabulary.rewrite(corrected, spellings, lambda a, b: (a, b) in self._catalog_words)
        terms = text_terms([content], self._words)
        return QueryAnalysis(
            corrected=tuple(corrected),
            spelling_changed=list(corrected) != list(folded),
            content=content,
            terms=tuple(terms),
        )

    def search(self, query: str, limit: int = 5) -> list[SearchHit]:
        """Procedures best matching the query, best first (empty when nothing in it names one)."""
        return [ranked.hit for ranked in self._ranked(self.analyse(query), limit)]

    def resolve(self, text: str) -> Resolution:
        """What the assistant should do with an utterance: answer, offer options, or keep its topic."""
        analysis = self.analyse(text)
        ranked = self._ranked(analysis, MAX_OPTIONS)
        if not ranked or not _is_match(analysis, ranked[0]):
            return Resolution(MatchKind.NONE, ())
        best = ranked[0].hit.score
        close = [r for r in ranked if r.hit.score >= AMBIGUOUS_RATIO * best]
        # Saying a procedure's exact name settles it, even when longer variants score close
        # ("đăng ký khai sinh" vs "đăng ký khai sinh lưu động").
        named = [r for r in close if r.named]
        if len(close) == 1 or (len(named) == 1 and named[0] is ranked[0]):
            certain = ranked[0].named or (
                ranked[0].coverage >= CONFIDENT_COVERAGE and not analysis.spelling_changed
            )
            return Resolution(MatchKind.SINGLE, (ranked[0].hit,), confirm=not certain)
        return Resolution(MatchKind.AMBIGUOUS, tuple(r.hit for r in close))

    def _ranked(self, analysis: QueryAnalysis, limit: int) -> list[_Ranked]:
        """Best procedures first, with how well each covers the query."""
        known = [t for t in analysis.terms if t in self._document_frequency]
        if not known or limit <= 0:
            return []
        weights = self._prior * self._undoing_penalty(analysis.content)
        scores = self._index.get_scores(known, weight_mask=weights)
        query_weights = {t: self._idf(t) for t in self._coverage_terms(analysis.content)}
        total = sum(query_weights.values())
        query_pairs = {PAIR.join(pair) for pair in pairwise(analysis.content)}
        query_words = {PAIR.join(pair) for pair in pairwise(analysis.content) if pair in self._words}
        ranked: list[_Ranked] = []
        for position, score in self._reranked(scores, analysis.content)[:limit]:
            term_set = self._term_sets[position]
            coverage = sum(w for t, w in query_weights.items() if t in term_set) / total
            hit = SearchHit(self._procedures[position], score)
            named = self._name_syllables[position] <= set(analysis.content)
            matched = query_pairs & term_set
            ranked.append(_Ranked(hit, coverage, len(matched), len(matched & query_words), named))
        return ranked

    def _reranked(self, scores: npt.NDArray[np.float32], content: Sequence[str]) -> list[tuple[int, float]]:
        """The best BM25 candidates, re-scored by how much of the query they contain word for word.

        BM25 sees syllables and pairs, not order: "Cấp bản sao có chứng thực từ bản chính giao dịch"
        shares as many pairs with "chứng thực bản sao từ bản chính" as the procedure of that very
        name, whose long tail of qualifications would then cost it the first place.
        """
        depth = min(RERANK_DEPTH, len(scores))
        candidates = np.argpartition(-scores, depth - 1)[:depth]
        query_trigrams = trigrams([content])
        rescored: list[tuple[int, float]] = []
        for position in candidates:
            score = float(scores[position])
            if score <= 0:
                continue
            if query_trigrams:
                found = len(query_trigrams & self._trigram_sets[position]) / len(query_trigrams)
                score *= 1.0 + PHRASE_BONUS * found
            rescored.append((int(position), score))
        rescored.sort(key=lambda item: (-item[1], item[0]))
        return rescored

    def _coverage_terms(self, content: Sequence[str]) -> set[str]:
        """What a good match must contain: every syllable, and every adjacent pair that is a real word.

        Accidental pairs across word boundaries ("tử mất") are left out: a name need not contain them.
        """
        return set(content) | {PAIR.join(pair) for pair in pairwise(content) if pair in self._words}

    def _idf(self, term: str) -> float:
        count = len(self._procedures)
        frequency = self._document_frequency.get(term, 0)
        return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))

    def _undoing_penalty(self, content: Sequence[str]) -> npt.NDArray[np.float32]:
        """Lower procedures that end or withdraw something, unless the query names that action."""
        asked = [i for i, phrase in enumerate(self._undoing) if _contains(content, phrase)]
        penalised = (self._undoing_of >= 0) & ~np.isin(self._undoing_of, asked)
        return np.where(penalised, UNDOING_PENALTY, 1.0).astype(np.float32)


def _is_match(analysis: QueryAnalysis, best: _Ranked) -> bool:
    """Whether the best procedure is about what was asked, rather than sharing a stray word.

    It must hold enough of the query's weight and at least one of its syllable pairs ("thời tiết
    hôm nay" shares syllables with many names, a pair with none); a single content syllable is too
    little to name a procedure. Two real words of the query in one name are enough on their own, so
    that context a citizen adds ("đăng ký giám hộ cho người mất năng lực") does not sink the match.
    """
    if best.words_matched >= MIN_WORDS_MATCHED:
        return True
    return best.coverage >= MIN_COVERAGE and len(analysis.content) >= 2 and best.pairs_matched >= 1


def _prior(procedure: Procedure) -> float:
    commune = Level.COMMUNE in procedure.levels
    return 1.0 + COMMUNE_BOOST * commune + CITIZEN_BOOST * procedure.is_citizen_facing


def _contains(tokens: Sequence[str], phrase: Phrase) -> bool:
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))


def _query_syllables(query: str) -> tuple[list[str], list[str | None]]:
    """Folded syllables of a query, and each as written when the query's diacritics can be trusted.

    A query typed without any diacritics says nothing about them: "thi" may be "thì" or "thị".
    """
    trust_spelling = has_diacritics(query)
    folded: list[str] = []
    spellings: list[str | None] = []
    for written in _WRITTEN_TOKEN_RE.findall(nfc(query).lower()):
        pieces = syllables(written)
        folded.extend(pieces)
        spellings.extend([written] if trust_spelling and len(pieces) == 1 else [None] * len(pieces))
    return folded, spellings


def _split_pair(term: str) -> tuple[str, str]:
    first, second = term.split(PAIR)
    return first, second


@lru_cache(maxsize=1)
def default_search() -> ProcedureSearch:
    """The search over the shipped catalog, built once per process on first use."""
    return ProcedureSearch(default_catalog())


def cli_search(query: str, limit: int = 5) -> int:
    """``assistant catalog search "<query>"``: the ranking, and what the assistant would decide."""
    search = default_search()
    hits = search.search(query, limit=limit)
    resolution = search.resolve(query)
    understood = " ".join(search.analyse(query).content) or "(không có từ nào chỉ thủ tục)"
    print(f"Hiểu là: {understood}")
    print(f"Quyết định: {resolution.kind.value}")
    if not hits:
        print("Không tìm thấy thủ tục phù hợp.")
        return 1
    print(f"{'#':>2}  {'mã':<9}  {'điểm':>6}  {'cấp':<12}  tên thủ tục")
    for rank, hit in enumerate(hits, start=1):
        levels = ", ".join(_LEVEL_NAMES[level] for level in hit.procedure.levels) or "-"
        print(f"{rank:>2}  {hit.procedure.code:<9}  {hit.score:>6.2f}  {levels:<12}  {hit.procedure.name}")
    return 0
