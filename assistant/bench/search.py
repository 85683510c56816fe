"""``assistant bench search``: how often and how fast procedure search finds what citizens ask for.

Quality is measured on ``tests/data/search_queries.yml`` (written before the ranking was tuned):
top-1 and top-3 hit rates overall, for queries typed with and without diacritics and for those with
speech-recognition errors, and how often ``resolve`` answers NONE to out-of-domain text and to
follow-up questions that name no procedure. Speed: catalog load, index build (cold, as at
action-server start-up) and the latency of ``search`` over every query, warm, repeated.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.bench.report import markdown_table, percentile, record_section
from assistant.settings import PROJECT_ROOT
from civic.catalog.search import MatchKind, ProcedureSearch
from civic.catalog.store import load_catalog
from civic.text.vietnamese import has_diacritics

QUERY_FILE = PROJECT_ROOT / "tests" / "data" / "search_queries.yml"
TOP3_TARGET = 0.95
P50_TARGET_MS = 5.0
LATENCY_REPEATS = 5
COMMAND = "assistant bench search --record"


@dataclass(frozen=True)
class LabelledQuery:
    text: str
    codes: frozenset[str]  # every acceptable answer
    asr: bool  # carries speech-recognition or typing errors

    @property
    def has_diacritics(self) -> bool:
        return has_diacritics(self.text)


@dataclass(frozen=True)
class QuerySet:
    queries: tuple[LabelledQuery, ...]
    none: tuple[str, ...]  # out of domain or garbage
    follow_ups: tuple[str, ...]  # aspect questions that name no procedure

    @property
    def all_texts(self) -> list[str]:
        return [q.text for q in self.queries] + list(self.none) + list(self.follow_ups)


def load_query_set(path: Path = QUERY_FILE) -> QuerySet:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    queries = tuple(
        LabelledQuery(
            str(item["text"]), frozenset(str(c) for c in item["codes"]), bool(item.get("asr", False))
        )
        for item in document["queries"]
    )
    return QuerySet(queries, tuple(map(str, document["none"])), tuple(map(str, document["follow_ups"])))


@dataclass(frozen=True)
class HitRate:
    count: int
    top1: float
    top3: float


@dataclass(frozen=True)
class SearchQuality:
    overall: HitRate
    with_diacritics: HitRate
    without_diacritics: HitRate
    asr: HitRate
    resolved: float  # SINGLE with a right answer, or AMBIGUOUS offering one
    single_share: float  # share of queries resolved SINGLE (answered, or confirmed with one question)
    confirm_share: float  # share of queries resolved SINGLE but asked "có phải …?" first
    none_detected: int
    none_total: int
    misses: tuple[tuple[str, tuple[str, ...]], ...]  # query, top-3 codes, for queries missed at top-3


def evaluate_quality(search: ProcedureSearch, query_set: QuerySet) -> SearchQuality:
    ranks: dict[LabelledQuery, int | None] = {}
    resolved = single = confirm = 0
    misses: list[tuple[str, tuple[str, ...]]] = []
    for query in query_set.queries:
        codes = [hit.procedure.code for hit in search.search(query.text, limit=3)]
        ranks[query] = next((i for i, code in enumerate(codes) if code in query.codes), None)
        if ranks[query] is None:
            misses.append((query.text, tuple(codes)))
        resolution = search.resolve(query.text)
        single += resolution.kind is MatchKind.SINGLE
        confirm += resolution.kind is MatchKind.SINGLE and resolution.confirm
        resolved += any(hit.procedure.code in query.codes for hit in resolution.hits)

    def rate(selected: Callable[[LabelledQuery], bool]) -> HitRate:
        chosen = [q for q in query_set.queries if selected(q)]
        top1 = sum(ranks[q] == 0 for q in chosen)
        top3 = sum(ranks[q] is not None for q in chosen)
        return HitRate(len(chosen), top1 / max(len(chosen), 1), top3 / max(len(chosen), 1))

    negatives = list(query_set.none) + list(query_set.follow_ups)
    detected = sum(search.resolve(text).kind is MatchKind.NONE for text in negatives)
    total = len(query_set.queries)
    return SearchQuality(
        overall=rate(lambda q: True),
        with_diacritics=rate(lambda q: q.has_diacritics),
        without_diacritics=rate(lambda q: not q.has_diacritics),
        asr=rate(lambda q: q.asr),
        resolved=resolved / total,
        confirm_share=confirm / total,
        single_share=single / total,
        none_detected=detected,
        none_total=len(negatives),
        misses=tuple(misses),
    )


def measure_latencies_ms(
    search: ProcedureSearch, texts: Sequence[str], repeats: int = LATENCY_REPEATS
) -> list[float]:
    """Latency of ``search`` per query, after one warm-up pass."""
    for text in texts:
        search.search(text)
    latencies: list[float] = []
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            search.search(text)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def report(quality: SearchQuality, load_s: float, build_s: float, latencies: Sequence[float]) -> str:
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)

    def rate_row(label: str, rate: HitRate) -> list[object]:
        return [f"{label} ({rate.count} queries)", _percent(rate.top1), _percent(rate.top3)]

    rates = markdown_table(
        ["queries", "top-1", "top-3"],
        [
            rate_row("all", quality.overall),
            rate_row("with diacritics", quality.with_diacritics),
            rate_row("without diacritics", quality.without_diacritics),
            rate_row("speech-recognition errors", quality.asr),
        ],
    )
    measures = markdown_table(
        ["measure", "value", "target"],
        [
            ["catalog load", f"{load_s * 1000:.0f} ms", ""],
            ["index build (cold: dictionary, vocabulary, BM25)", f"{build_s * 1000:.0f} ms", ""],
            ["top-3 hit rate", _percent(quality.overall.top3), f"≥ {_percent(TOP3_TARGET)}"],
            ["resolve() right (SINGLE correct, or AMBIGUOUS offering it)", _percent(quality.resolved), ""],
            ["resolve() answered SINGLE", _percent(quality.single_share), ""],
            ["… of which confirmed first (“có phải …?”)", _percent(quality.confirm_share), ""],
            [
                "NONE for out-of-domain text and follow-ups",
                f"{quality.none_detected}/{quality.none_total} ({_percent(quality.none_detected / quality.none_total)})",
                "",
            ],
            [
                f"search() latency p50 ({len(latencies)} calls, warm)",
                f"{p50:.2f} ms",
                f"≤ {P50_TARGET_MS:.0f} ms",
            ],
            ["search() latency p95", f"{p95:.2f} ms", ""],
        ],
    )
    return f"{rates}\n\n{measures}\n"


def cli_bench_search(record: bool) -> int:
    """Print the search benchmark as markdown; with ``record``, also write it to docs/benchmarks.md."""
    started = time.perf_counter()
    catalog = load_catalog()
    loaded = time.perf_counter()
    search = ProcedureSearch(catalog)
    built = time.perf_counter()
    query_set = load_query_set()
    quality = evaluate_quality(search, query_set)
    latencies = measure_latencies_ms(search, query_set.all_texts)
    body = report(quality, loaded - started, built - loaded, latencies)
    print(body)
    for text, codes in quality.misses:
        print(f"missed at top-3: {text!r} → {', '.join(codes) or '(nothing)'}")
    if record:
        record_section("search", "Procedure search", COMMAND, body)
    met = quality.overall.top3 >= TOP3_TARGET and percentile(latencies, 0.5) <= P50_TARGET_MS
    return 0 if met else 1
