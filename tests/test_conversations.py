"""Whole conversations through the running assistant (Rasa server + action server, REST channel).

Each test is what a citizen would do at the kiosk or in chat; assertions are on what they would
hear (the text) and on what a screen or the voice loop reads (the payload).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow

MAX_SPOKEN_WORDS = 30  # "about 25 words": official procedure names may push a message slightly over


class Citizen:
    """One conversation: says things, remembers what the assistant answered."""

    def __init__(self, webhook: str) -> None:
        self.webhook = webhook
        self.sender = f"test-{uuid.uuid4().hex[:10]}"
        self.session = requests.Session()

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.session.post(self.webhook, json={"sender": self.sender, "message": text}, timeout=60)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        assert messages, f"no reply to {text!r}"
        for message in messages:
            assert message.get("text"), message
            assert isinstance(message.get("custom"), dict) and message["custom"].get("kind"), message
            assert len(message["text"].split()) <= MAX_SPOKEN_WORDS, message["text"]
        return messages


def text_of(messages: list[dict[str, Any]]) -> str:
    return " ".join(m["text"] for m in messages)


def payloads(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages]


@pytest.fixture
def citizen(assistant_servers: Any) -> Citizen:
    return Citizen(assistant_servers.webhook)


def test_lookup_then_follow_up_questions_keep_the_procedure(citizen: Citizen) -> None:
    first = citizen.say("cho tôi hỏi thủ tục làm giấy khai sinh")
    assert payloads(first)[0]["procedure_code"] == "1.001193"
    assert "khai sinh" in text_of(first).lower()

    fee = citizen.say("thế còn lệ phí thì sao")
    assert {p["aspect"] for p in payloads(fee)} == {"fee"}
    assert {p["procedure_code"] for p in payloads(fee)} == {"1.001193"}
    assert "không mất lệ phí" in text_of(fee)

    time_answer = citizen.say("mat bao lau thi co")
    assert payloads(time_answer)[0]["aspect"] == "processing_time"
    assert payloads(time_answer)[0]["procedure_code"] == "1.001193"


def test_a_question_naming_another_procedure_switches_to_it(citizen: Citizen) -> None:
    citizen.say("thủ tục đăng ký khai sinh")
    fee = citizen.say("lệ phí đăng ký thường trú bao nhiêu")
    assert payloads(fee)[0]["procedure_code"] == "1.004222"
    said = text_of(fee)
    assert "20.000 đồng" in said and "10.000 đồng" in said


def test_long_document_list_continues_on_noi_tiep(citizen: Citizen) -> None:
    documents = citizen.say("đăng ký thường trú cần giấy tờ gì")
    assert payloads(documents)[0]["aspect"] == "documents"
    assert payloads(documents)[-1]["has_more"] is True
    more = citizen.say("nói tiếp đi")
    assert payloads(more)[0]["kind"] == "answer"
    assert text_of(more) not in text_of(documents)


def test_ambiguous_request_offers_numbered_options_and_number_picks_one(citizen: Citizen) -> None:
    offered = citizen.say("hỏi về giấy phép lái xe")
    options = payloads(offered)[0].get("options")
    assert options and 2 <= len(options) <= 3, payloads(offered)
    assert "Số 1:" in text_of(offered) and "Bạn chọn số mấy?" in text_of(offered)

    chosen = citizen.say("số hai")
    assert payloads(chosen)[0]["procedure_code"] == options[1]["procedure_code"]

    where = citizen.say("nộp ở đâu")
    assert payloads(where)[0]["aspect"] == "where_to_submit"
    assert payloads(where)[0]["procedure_code"] == options[1]["procedure_code"]


def test_repeat_says_the_last_answer_again_and_slower_changes_the_rate(citizen: Citizen) -> None:
    answer = citizen.say("đổi bằng lái xe mất bao lâu")
    again = citizen.say("nhắc lại giùm tôi")
    assert [m["text"] for m in again] == [m["text"] for m in answer]
    assert all(p.get("repeated") for p in payloads(again))

    slower = citizen.say("nói chậm lại chút")
    assert payloads(slower)[0]["kind"] == "speed"
    assert {p["speech_rate"] for p in payloads(slower)} == {0.8}
    assert [m["text"] for m in slower[1:]] == [m["text"] for m in answer]


def test_unsure_match_is_confirmed_and_a_no_leads_to_a_person(citizen: Citizen) -> None:
    reply = citizen.say("thủ tục cấp phép nuôi rồng bay")
    assert payloads(reply)[0]["kind"] == "confirm", payloads(reply)
    refused = citizen.say("không phải")
    assert payloads(refused)[0]["kind"] == "not_found"
    handed = citizen.say("vâng")
    assert payloads(handed)[0]["handoff"] is True


def test_unknown_procedure_is_admitted_and_staff_offered(citizen: Citizen) -> None:
    reply = citizen.say("cho hỏi thủ tục xin phép lên sao hỏa")
    kinds = {p["kind"] for p in payloads(reply)}
    assert kinds & {"not_found", "not_understood", "handoff_offer", "out_of_scope"}, payloads(reply)


def test_two_misunderstandings_lead_to_a_person(citizen: Citizen) -> None:
    first = citizen.say("xkcd qwrtp zzzz")
    assert payloads(first)[0]["kind"] in {"not_understood", "out_of_scope"}
    second = citizen.say("brrr hmmm vvvv")
    if payloads(second)[0]["kind"] == "handoff_offer":
        handed = citizen.say("có")
        assert payloads(handed)[0]["kind"] == "handoff" and payloads(handed)[0]["handoff"] is True
    else:  # classified as out of scope: the person is one request away
        handed = citizen.say("cho tôi gặp cán bộ")
        assert payloads(handed)[0]["handoff"] is True


def test_help_and_out_of_scope_never_dead_end(citizen: Citizen) -> None:
    weather = citizen.say("hôm nay trời có mưa không")
    assert "thủ tục" in text_of(weather)
    helped = citizen.say("bạn giúp được gì")
    assert "gặp cán bộ" in text_of(helped)


def test_conversation_is_stored_in_the_sqlite_tracker(citizen: Citizen, assistant_servers: Any) -> None:
    citizen.say("lệ phí làm căn cước")
    database = assistant_servers.log_dir.parent / "tracker.db"
    with sqlite3.connect(database) as connection:
        count = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (citizen.sender,)
        ).fetchone()[0]
    assert count > 3
