"""Benchmark tables and the sections of ``docs/benchmarks.md`` they are recorded in.

Each benchmark owns one section between ``<!-- bench:NAME -->`` markers, so re-running one benchmark
rewrites its own figures and leaves the others as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
from collections.abc import Sequence
from pathlib import Path

from assistant.settings import PROJECT_ROOT

BENCHMARKS_FILE = PROJECT_ROOT / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Figures measured on the project's own machines (2 cores, no GPU). Each section names the command\n"
    "that produced it; re-run that command with `--record` to refresh the section.\n"
)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p50 is the median of an odd-length list)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text(errors="replace"))
        if match:
            cpu = match.group(1).strip()
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def record_section(name: str, title: str, command: str, body: str, path: Path = BENCHMARKS_FILE) -> None:
    """Replace (or append) the section ``name`` of the benchmarks file."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"Command: `{command}` — measured {stamp} on {machine_description()}.\n\n{body.strip()}\n"
        f"<!-- /bench:{name} -->"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section + "\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
