"""Shared fixtures: a PostgreSQL server, the trained model and the running assistant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.bench.postgres import postgres_server


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current training data (`make test` trains it before pytest runs)."""
    from assistant.training import train

    path, _ = train()
    return path


@pytest.fixture(scope="session")
def assistant_servers(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Rasa server + action server on free ports, with their own SQLite tracker store and logs."""
    from assistant.bench.nlu import free_port
    from assistant.servers import running_assistant

    data = tmp_path_factory.mktemp("assistant-data")
    with running_assistant(
        trained_model,
        rasa_port=free_port(),
        actions_port=free_port(),
        env={"ASSISTANT_DATA_DIR": str(data)},
        log_dir=data / "logs",
    ) as running:
        yield running
