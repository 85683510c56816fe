"""Conversation state survives in SQL: SQLite by default, PostgreSQL by URL, same code."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.settings import PROJECT_ROOT
from assistant.stores.tracker import URL_ENV, UrlSQLTrackerStore, resolve_url


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


async def _round_trip(store: UrlSQLTrackerStore, domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(
        "citizen-1",
        [
            ActionExecuted("action_listen"),
            UserUttered("lệ phí đăng ký thường trú", {"name": "ask_fee", "confidence": 0.98}),
            ActionExecuted("action_answer_aspect"),
            SlotSet("procedure_code", "1.004222"),
            BotUttered("Lệ phí: nộp trực tiếp: 20.000 đồng.", {"custom": {"kind": "answer"}}),
        ],
        slots=domain.slots,
    )
    await store.save(tracker)
    restored = await store.retrieve("citizen-1")
    assert restored is not None
    return restored


async def test_sqlite_file_keeps_the_conversation(tmp_path, domain):
    store = UrlSQLTrackerStore(domain=domain, host=f"sqlite:///{tmp_path / 'nested' / 'tracker.db'}")
    restored = await _round_trip(store, domain)
    assert restored.get_slot("procedure_code") == "1.004222"
    assert restored.latest_message.text == "lệ phí đăng ký thường trú"
    assert (tmp_path / "nested" / "tracker.db").exists()


@pytest.mark.postgres
async def test_postgresql_keeps_the_conversation(postgres_url, domain):
    store = UrlSQLTrackerStore(domain=domain, host=postgres_url)
    restored = await _round_trip(store, domain)
    assert restored.get_slot("procedure_code") == "1.004222"
    assert [e.text for e in restored.events if isinstance(e, BotUttered)] == [
        "Lệ phí: nộp trực tiếp: 20.000 đồng."
    ]


def test_environment_url_overrides_the_endpoint_file(monkeypatch):
    monkeypatch.setenv(URL_ENV, "postgresql://u@db.example/rasa")
    assert resolve_url("sqlite:///x.db") == "postgresql://u@db.example/rasa"
    monkeypatch.delenv(URL_ENV)
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_url(None).endswith("tracker.db")
