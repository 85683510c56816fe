"""Intent recognition on the held-out split, through the running Rasa server.

The held-out examples (tests/data/nlu_heldout.yml) are never trained on; `assistant bench nlu`
records the per-intent figures. This test guards against a regression a citizen would notice.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.bench.nlu import evaluate, load_examples, server_parser

pytestmark = pytest.mark.slow

MIN_MACRO_F1 = 0.92  # the benchmark target is 0.95; below this floor something broke
# Per intent: DIET on 2 CPU threads is not bit-reproducible, and two trainings of the same data gave
# out_of_scope recall 0.81 and 0.71; an intent below this floor has really regressed.
MIN_RECALL = 0.6


def test_heldout_intents_are_recognised(assistant_servers: Any) -> None:
    examples = load_examples()
    result = evaluate(server_parser(assistant_servers.rasa_url), examples)
    worst = sorted(result.per_intent, key=lambda s: s.f1)[:3]
    assert result.macro_f1 >= MIN_MACRO_F1, (result.macro_f1, worst, result.errors[:15])
    assert all(s.recall >= MIN_RECALL for s in result.per_intent), worst
