"""Byte-reproducible gzip-compressed JSON, the format of the data files shipped with the code.

Sorted keys, compact separators and a fixed gzip header (no mtime, no file name) make a rebuild
from the same source give the same bytes, so git shows no spurious change.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any


def write_gzip_json(document: Any, path: Path) -> int:
    """Write ``document``; returns the number of bytes written."""
    raw = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def read_gzip_json(path: Path) -> Any:
    with gzip.open(path, "rb") as handle:
        return json.loads(handle.read())
