"""Start and stop the Rasa server and the action server as child processes.

Used by ``assistant run``, the benchmarks and the end-to-end tests, so all three run the assistant
exactly the way a deployment does (same command lines, same endpoints file), only on chosen ports.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

from assistant.settings import PROJECT_ROOT

STARTUP_TIMEOUT_S = 240.0


@dataclass(frozen=True)
class RunningAssistant:
    rasa_url: str
    actions_url: str
    rasa: subprocess.Popen[bytes]
    actions: subprocess.Popen[bytes]
    log_dir: Path

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/assistant/webhook"


def _wait_until_up(url: str, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}; see {log}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{name} did not start within {STARTUP_TIMEOUT_S:.0f} s; see {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_action_server(
    port: int, env: dict[str, str], output: IO[bytes], script: Path | None = None
) -> subprocess.Popen[bytes]:
    """The action server as a child process (also used to restart it after a crash in tests).
    ``script`` runs a wrapper taking ``rasa_sdk``'s arguments instead of ``python -m rasa_sdk``."""
    entry = [str(script)] if script is not None else ["-m", "rasa_sdk"]
    return subprocess.Popen(
        [sys.executable, *entry, "--actions", "actions", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(url: str, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    _wait_until_up(url, process, name, log)


def _endpoints_file(actions_port: int, directory: Path) -> Path:
    path = directory / "endpoints.yml"
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        "tracker_store:\n  type: assistant.stores.tracker.UrlSQLTrackerStore\n",
        encoding="utf-8",
    )
    return path


@contextmanager
def running_assistant(
    model: Path,
    rasa_port: int = 5005,
    actions_port: int = 5055,
    env: dict[str, str] | None = None,
    log_dir: Path | None = None,
) -> Iterator[RunningAssistant]:
    """Run both servers until the block ends; logs go to files so the terminal stays for the chat."""
    logs = log_dir or Path(tempfile.mkdtemp(prefix="assistant-logs-"))
    logs.mkdir(parents=True, exist_ok=True)
    child_env = {**os.environ, **(env or {})}
    actions_log = logs / "actions.log"
    rasa_log = logs / "rasa.log"
    with open(actions_log, "ab") as actions_out, open(rasa_log, "ab") as rasa_out:
        actions = start_action_server(actions_port, child_env, actions_out)
        rasa = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rasa",
                "run",
                "--enable-api",
                "--model",
                str(model),
                "--endpoints",
                str(_endpoints_file(actions_port, logs)),
                "--credentials",
                str(PROJECT_ROOT / "credentials.yml"),
                "--port",
                str(rasa_port),
                "--interface",
                "127.0.0.1",
            ],
            cwd=PROJECT_ROOT,
            env=child_env,
            stdout=rasa_out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions, "action server", actions_log)
            _wait_until_up(f"http://127.0.0.1:{rasa_port}/status", rasa, "Rasa server", rasa_log)
            yield RunningAssistant(
                rasa_url=f"http://127.0.0.1:{rasa_port}",
                actions_url=f"http://127.0.0.1:{actions_port}",
                rasa=rasa,
                actions=actions,
                log_dir=logs,
            )
        finally:
            _stop(rasa)
            _stop(actions)
