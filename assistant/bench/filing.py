"""Filing benchmark: turns and seconds per completed dossier, and dossier-store throughput.

Each procedure with a form is filed once through the running assistant (both servers started here,
on free ports, with a throw-away data dir) by the scripted citizen (``assistant.bench.filing_citizen``,
answering from ``civic.forms.scripts``, as the end-to-end tests do); the store is measured on SQLite
and on a throw-away PostgreSQL server (``assistant.bench.postgres``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.bench.report import markdown_table, record_section

COMMAND = "assistant bench filing"
STORE_SUBMISSIONS = 300


@dataclass(frozen=True)
class ProcedureRun:
    code: str
    name: str
    turns: int
    seconds: float


def scripted_runs(model: Path) -> list[ProcedureRun]:
    """One complete filing per procedure with a form, through both servers."""
    from assistant.bench.filing_citizen import file_dossier, steps_for_today
    from assistant.bench.nlu import free_port
    from assistant.servers import running_assistant
    from civic.catalog.answers import short_name
    from civic.catalog.store import default_catalog
    from civic.forms.scripts import CODES, SCRIPTS

    runs: list[ProcedureRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-filing-") as data:
        env = {"ASSISTANT_DATA_DIR": data}
        with running_assistant(
            model, rasa_port=free_port(), actions_port=free_port(), env=env, log_dir=Path(data) / "logs"
        ) as servers:
            file_dossier(
                servers.webhook, CODES[0], steps_for_today(CODES[0], SCRIPTS[CODES[0]].steps)
            )  # warm both servers
            for code in CODES:
                run = file_dossier(servers.webhook, code, steps_for_today(code, SCRIPTS[code].steps))
                procedure = default_catalog().get(code)
                name = short_name(procedure) if procedure else code
                runs.append(ProcedureRun(code, name, run.turns, run.seconds))
    return runs


def store_figures(submissions: int = STORE_SUBMISSIONS) -> dict[str, float]:
    """Submissions per second on SQLite (a temp file) and PostgreSQL (a temp server)."""
    from assistant.bench.postgres import postgres_server
    from civic.dossiers.bench import store_throughput

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as directory:
        figures["SQLite"] = store_throughput(f"sqlite:///{Path(directory) / 'dossiers.db'}", submissions)
    with postgres_server() as url:
        figures["PostgreSQL"] = store_throughput(url, submissions)
    return figures


def report(runs: list[ProcedureRun], store: dict[str, float], submissions: int) -> str:
    rows: list[list[object]] = [
        [
            f"{run.code} {run.name}",
            run.turns,
            f"{run.seconds:.1f} s",
            f"{run.seconds / run.turns * 1000:.0f} ms",
        ]
        for run in runs
    ]
    if runs:
        turns = sum(r.turns for r in runs)
        seconds = sum(r.seconds for r in runs)
        rows.append(["all procedures", turns, f"{seconds:.1f} s", f"{seconds / turns * 1000:.0f} ms"])
    per_dossier = markdown_table(
        ["procedure (scripted run, typed answers)", "turns", "time", "per turn"], rows
    )
    throughput = markdown_table(
        ["dossier store", f"submissions/s ({submissions}, one transaction each)"],
        [[name, f"{value:.0f}"] for name, value in store.items()],
    )
    note = (
        "Turns count every citizen message from “tôi muốn …” to the receipt: consent, each answer and its "
        "“đúng” after the read-back, and the final confirmation."
    )
    return f"{per_dossier}\n\n{note}\n\n{throughput}\n"


def cli_bench_filing(record: bool) -> int:
    from assistant.training import train

    model, _ = train()
    runs = scripted_runs(model)
    store = store_figures()
    body = report(runs, store, STORE_SUBMISSIONS)
    print(body)
    if record:
        record_section("filing", "Filing by conversation", COMMAND, body)
    return 0


__all__ = ["ProcedureRun", "cli_bench_filing", "report", "scripted_runs", "store_figures"]
