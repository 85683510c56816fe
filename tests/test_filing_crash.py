"""Crashes of the action server, through the running assistant: nothing lost, nothing twice.

Three moments: between two turns (killed, restarted, the citizen goes on), with a form answer in
flight (the server frozen with Rasa's request unread in its socket, then killed), and right after
the dossier store committed a submission but before the action could answer. In every case the
citizen never meets silence (a clear "say it again"), goes on once the server is back, and the
store ends with exactly the script's dossier, once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from assistant.bench.filing_citizen import FilingCitizen
from assistant.channels.rest import NO_REPLY_KIND, NO_REPLY_TEXT
from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.store import DossierStore
from civic.forms.scripts import SCRIPTS

pytestmark = pytest.mark.slow

CODE = "1.000894"  # kết hôn: short, and nothing in it depends on today's date
STEPS = SCRIPTS[CODE].steps
CRASHING_SERVER = Path(__file__).resolve().parent / "support" / "crashing_action_server.py"


@contextmanager
def assistant(trained_model: Path, data_dir: Path) -> Iterator[tuple[Any, Callable[..., Any]]]:
    """Both servers on free ports, and a function that starts another action server on the same
    port (after the first was killed), stopped again when the block ends."""
    from assistant.bench.nlu import free_port
    from assistant.servers import running_assistant, start_action_server, wait_until_up

    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    logs = data_dir / "logs"
    started: list[subprocess.Popen[bytes]] = []

    def action_server(name: str, script: Path | None = None) -> subprocess.Popen[bytes]:
        log = logs / f"actions-{name}.log"
        with open(log, "ab") as output:
            process = start_action_server(port, env, output, script=script)
        started.append(process)
        wait_until_up(f"http://127.0.0.1:{port}/health", process, "action server", log)
        return process

    with running_assistant(
        trained_model, rasa_port=free_port(), actions_port=port, env=env, log_dir=logs
    ) as servers:
        try:
            yield servers, action_server
        finally:
            for process in started:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
                    process.wait(timeout=15)


def unread_bytes(port: int) -> int:
    """Bytes received on ``port`` that its process has not read yet (``rx_queue`` of /proc/net/tcp)."""
    total = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                total += int(fields[4].split(":")[1], 16)
    return total


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def stored(data_dir: Path) -> list[Any]:
    url = f"sqlite:///{data_dir / 'dossiers.db'}"
    upgrade_to_head(url)
    store = DossierStore(url)
    try:
        return store.list_dossiers(include_drafts=True)
    finally:
        store.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_killed_between_turns(trained_model: Path, tmp_path: Path) -> None:
    with assistant(trained_model, tmp_path) as (servers, action_server):
        citizen = FilingCitizen(servers.webhook)
        citizen.start(CODE)
        citizen.say("đồng ý")
        for step in STEPS[:4]:
            citizen.answer(*step)
        kill(servers.actions)
        action_server("restarted")
        for step in STEPS[4:]:
            citizen.answer(*step)
        receipt = citizen.confirm()
        citizen.say("đúng")  # confirmed twice: still one dossier
    (record,) = stored(tmp_path)
    assert record.receipt_code == receipt.replace("-", "")
    assert dict(record.data) == SCRIPTS[CODE].expected


def test_killed_while_an_answer_is_in_flight(trained_model: Path, tmp_path: Path) -> None:
    with assistant(trained_model, tmp_path) as (servers, action_server):
        port = int(servers.actions_url.rsplit(":", 1)[1])
        citizen = FilingCitizen(servers.webhook)
        citizen.start(CODE)
        citizen.say("đồng ý")
        for step in STEPS[:3]:
            citizen.answer(*step)
        field_name, text = STEPS[3]
        assert citizen.asked_field() == field_name
        os.kill(servers.actions.pid, signal.SIGSTOP)
        with ThreadPoolExecutor(max_workers=1) as pool:
            in_flight = pool.submit(citizen.say, text)
            wait_for(lambda: unread_bytes(port) > 0)  # Rasa sent the form's request; nobody read it
            kill(servers.actions)
            messages = in_flight.result(timeout=120)
        assert [m["custom"]["kind"] for m in messages] == [NO_REPLY_KIND]
        assert messages[0]["text"] == NO_REPLY_TEXT
        action_server("restarted")
        citizen.say(text)  # said again: read back (or made precise) as usual
        if citizen.last_payload["kind"] == "clarify":
            citizen.say(text)
        if citizen.last_payload["kind"] == "read_back":
            citizen.say("đúng")
        for step in STEPS[4:]:
            citizen.answer(*step)
        receipt = citizen.confirm()
    (record,) = stored(tmp_path)
    assert record.receipt_code == receipt.replace("-", "")
    assert dict(record.data) == SCRIPTS[CODE].expected


def test_killed_after_the_store_committed_the_submission(trained_model: Path, tmp_path: Path) -> None:
    with assistant(trained_model, tmp_path) as (servers, action_server):
        servers.actions.send_signal(signal.SIGINT)
        servers.actions.wait(timeout=15)
        crashing = action_server("crashing", script=CRASHING_SERVER)
        citizen = FilingCitizen(servers.webhook)
        citizen.start(CODE)
        citizen.fill(STEPS)
        messages = citizen.say("đúng")
        assert crashing.wait(timeout=30) == 17  # died right after the commit, before answering
        assert [m["custom"]["kind"] for m in messages] == [NO_REPLY_KIND]
        (first,) = stored(tmp_path)
        assert first.receipt_code is not None and dict(first.data) == SCRIPTS[CODE].expected
        action_server("restarted")
        messages = citizen.say("đúng")
    kinds = [m["custom"]["kind"] for m in messages]
    assert kinds[0] == "submitted" and "closing" in kinds
    assert messages[0]["custom"]["receipt_code"].replace("-", "") == first.receipt_code
    (record,) = stored(tmp_path)
    assert record.id == first.id and dict(record.data) == SCRIPTS[CODE].expected
