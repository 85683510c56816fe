"""Dossier statuses: the moves the one-stop office may make and what "tra cứu hồ sơ" says."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from civic.dossiers.status import (
    ALLOWED_TRANSITIONS,
    DossierStatus,
    TransitionError,
    can_transition,
    check_transition,
    describe_status,
    is_final,
)

S = DossierStatus


def _reachable(start: DossierStatus) -> set[DossierStatus]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in ALLOWED_TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_every_status_can_be_reached_and_every_path_ends() -> None:
    assert _reachable(S.DRAFT) == set(S)
    for status in S:
        assert _reachable(status) & {S.DONE, S.REJECTED, S.CANCELLED}, status
    assert {s for s in S if is_final(s)} == {S.DONE, S.REJECTED, S.CANCELLED}


def test_nothing_goes_back_to_draft_or_submitted() -> None:
    for status in S:
        assert not can_transition(status, S.DRAFT)
        if status is not S.DRAFT:
            assert not can_transition(status, S.SUBMITTED)


def test_office_flow_with_a_request_for_more_papers() -> None:
    path = [S.SUBMITTED, S.RECEIVED, S.NEEDS_MORE, S.IN_PROGRESS, S.DONE]
    for current, nxt in pairwise(path):
        check_transition(current, nxt)
    with pytest.raises(TransitionError) as raised:
        check_transition(S.DONE, S.IN_PROGRESS)
    assert raised.value.current is S.DONE and raised.value.requested is S.IN_PROGRESS


@pytest.mark.parametrize("status", list(S))
def test_each_status_has_a_short_speakable_sentence(status: DossierStatus) -> None:
    text = describe_status(status)
    assert text.endswith(".") and len(text.split()) <= 25
    assert not re.search(r"\d|[A-ZĐ]{2,}|_", text)  # no digits, abbreviations or identifiers
    assert text.startswith("Hồ sơ")


def test_descriptions_tell_the_statuses_apart() -> None:
    assert len({describe_status(s) for s in S}) == len(S)
    assert "bổ sung" in describe_status(S.NEEDS_MORE)
    assert "kết quả" in describe_status(S.DONE)
    assert "tiếp nhận" in describe_status(S.RECEIVED)
