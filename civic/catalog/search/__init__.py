"""Finding procedures from what citizens say: BM25 ranking plus Vietnamese query understanding.

``engine`` holds the search itself; the other modules prepare queries (syllables, spelling,
colloquial names) and documents (``search_index``).
"""

from civic.catalog.search.engine import (
    MatchKind,
    ProcedureSearch,
    Resolution,
    SearchHit,
    cli_search,
    default_search,
)

__all__ = ["MatchKind", "ProcedureSearch", "Resolution", "SearchHit", "cli_search", "default_search"]
