"""Loading and saving the shipped catalog file.

The catalog ships inside the package as gzip-compressed JSON so a fresh machine without ``../shared``
works. Writing is byte-for-byte reproducible (sorted keys, fixed gzip header) so a rebuild from the
same crawl gives the same file and git shows no spurious change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from civic.catalog.models import Procedure
from civic.gzjson import read_gzip_json, write_gzip_json

SHIPPED_CATALOG = Path(__file__).with_name("data") / "catalog.json.gz"
FORMAT_VERSION = 1


class Catalog:
    """All procedures, indexed by code, in a stable order (by code)."""

    def __init__(self, procedures: tuple[Procedure, ...]) -> None:
        self.procedures = procedures
        self._by_code = {p.code: p for p in procedures}

    def __len__(self) -> int:
        return len(self.procedures)

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def get(self, code: str) -> Procedure | None:
        return self._by_code.get(code)


def save_catalog(procedures: Iterable[Procedure], path: Path) -> None:
    ordered = sorted(procedures, key=lambda p: p.code)
    document = {"format": FORMAT_VERSION, "procedures": [p.to_dict() for p in ordered]}
    write_gzip_json(document, path)


def load_catalog(path: Path | None = None) -> Catalog:
    # Loading creates ~60,000 objects at once; pausing the cyclic garbage collector meanwhile avoids
    # repeated full-heap scans (none of these objects form cycles), which in a process with a large
    # heap (the action server) cost more than the parsing itself.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = read_gzip_json(path or SHIPPED_CATALOG)
        if document.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported catalog format {document.get('format')!r}")
        return Catalog(tuple(Procedure.from_dict(p) for p in document["procedures"]))
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process on first use (never at import time)."""
    return load_catalog()
