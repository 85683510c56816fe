"""Checks on the NLU training data and the held-out evaluation set.

Both files are read with Rasa's own reader, so a formatting slip that Rasa would reject (or silently
misread, e.g. an entity annotation) fails here before anyone trains. The held-out set is only worth
anything if it never leaks into training, and citizens type without diacritics, so both are asserted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData

from civic.text.vietnamese import fold, has_diacritics

ROOT = Path(__file__).resolve().parent.parent
TRAINING_DIR = ROOT / "nlu_data" / "nlu"
HELDOUT_FILE = ROOT / "tests" / "data" / "nlu_heldout.yml"

INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "affirm",
        "deny",
        "thank",
        "ask_procedure",
        "ask_documents",
        "ask_fee",
        "ask_processing_time",
        "ask_where_to_submit",
        "ask_legal_basis",
        "ask_steps",
        "start_filing",
        "check_dossier_status",
        "resume_filing",
        "repeat",
        "speak_slower",
        "speak_faster",
        "next_item",
        "choose_option",
        "request_human",
        "cancel",
        "help",
        "out_of_scope",
    }
)
ASPECT_INTENTS = (
    "ask_documents",
    "ask_fee",
    "ask_processing_time",
    "ask_where_to_submit",
    "ask_legal_basis",
    "ask_steps",
)
# Small control intents may have fewer examples; everything else needs a real spread of phrasings.
SMALL_INTENTS = frozenset({"thank", "speak_faster", "speak_slower", "resume_filing"})
MIN_TRAINING = 65
MIN_TRAINING_SMALL = 45
MIN_HELDOUT = 12

# Folded spellings of common procedures; any one of the variants counts as a mention.
PROCEDURE_MENTIONS: dict[str, tuple[str, ...]] = {
    "khai sinh": ("khai sinh",),
    "khai tu": ("khai tu", "chung tu"),
    "ket hon": ("ket hon",),
    "thuong tru": ("thuong tru",),
    "tam tru": ("tam tru",),
    "can cuoc": ("can cuoc",),
    "ho chieu": ("ho chieu",),
    "bang lai": ("bang lai", "giay phep lai xe"),
    "so do": ("so do", "so hong"),
    "ho kinh doanh": ("ho kinh doanh",),
    "ly lich tu phap": ("ly lich tu phap",),
    "chung thuc": ("chung thuc",),
    "doc than": ("doc than",),
    "bhyt": ("bhyt", "bao hiem y te"),
    "tro cap": ("tro cap",),
    "khuyet tat": ("khuyet tat",),
    "mai tang": ("mai tang",),
}


@cache
def _load(path: Path) -> TrainingData:
    return load_data(str(path))


def _examples(path: Path) -> list[tuple[str, str]]:
    return [(str(m.get("intent")), str(m.get("text"))) for m in _load(path).intent_examples]


def _key(text: str) -> str:
    """Matching key that ignores case, diacritics, spacing and trailing punctuation."""
    return fold(text).strip(" ?!.,")


def _counts(path: Path) -> Counter[str]:
    return Counter(intent for intent, _ in _examples(path))


def test_training_has_exactly_the_dialogue_intents() -> None:
    assert set(_load(TRAINING_DIR).intents) == INTENTS


def test_heldout_covers_every_intent() -> None:
    assert set(_load(HELDOUT_FILE).intents) == INTENTS


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_training_examples_per_intent(intent: str) -> None:
    minimum = MIN_TRAINING_SMALL if intent in SMALL_INTENTS else MIN_TRAINING
    assert _counts(TRAINING_DIR)[intent] >= minimum


@pytest.mark.parametrize("intent", sorted(INTENTS))
def test_heldout_examples_per_intent(intent: str) -> None:
    assert _counts(HELDOUT_FILE)[intent] >= MIN_HELDOUT


def test_core_question_intents_get_more_examples() -> None:
    counts = _counts(TRAINING_DIR)
    assert counts["ask_procedure"] >= 130
    assert counts["out_of_scope"] >= 150
    assert all(counts[i] >= 80 for i in ASPECT_INTENTS)


@pytest.mark.parametrize("path", [TRAINING_DIR, HELDOUT_FILE], ids=["training", "heldout"])
def test_no_duplicates_even_without_diacritics(path: Path) -> None:
    """A line and its diacritic-stripped copy teach nothing new, and one text under two intents is a conflict."""
    seen: dict[str, tuple[str, str]] = {}
    duplicates = []
    for intent, text in _examples(path):
        key = _key(text)
        if key in seen:
            duplicates.append((seen[key], (intent, text)))
        seen[key] = (intent, text)
    assert duplicates == []


def test_heldout_never_overlaps_training() -> None:
    training = {_key(text) for _, text in _examples(TRAINING_DIR)}
    leaked = [(intent, text) for intent, text in _examples(HELDOUT_FILE) if _key(text) in training]
    assert leaked == []


@pytest.mark.parametrize("path", [TRAINING_DIR, HELDOUT_FILE], ids=["training", "heldout"])
def test_real_share_typed_without_diacritics(path: Path) -> None:
    examples = _examples(path)
    plain = [text for _, text in examples if not has_diacritics(text)]
    share = len(plain) / len(examples)
    assert 0.30 <= share <= 0.50


def test_every_training_intent_has_plain_and_accented_examples() -> None:
    by_intent: dict[str, list[bool]] = defaultdict(list)
    for intent, text in _examples(TRAINING_DIR):
        by_intent[intent].append(has_diacritics(text))
    for intent, flags in by_intent.items():
        plain_share = flags.count(False) / len(flags)
        assert 0.2 <= plain_share <= 0.6, intent


def test_examples_carry_no_entities() -> None:
    """Actions parse option numbers and search the text; a stray [x](y) would silently become an entity."""
    for path in (TRAINING_DIR, HELDOUT_FILE):
        assert [m.get("text") for m in _load(path).intent_examples if m.get("entities")] == []


def _procedures_mentioned(intent: str) -> set[str]:
    found: set[str] = set()
    for example_intent, text in _examples(TRAINING_DIR):
        if example_intent != intent:
            continue
        padded = f" {fold(text)} "
        found.update(
            name for name, variants in PROCEDURE_MENTIONS.items() if any(v in padded for v in variants)
        )
    return found


@pytest.mark.parametrize("intent", ["ask_procedure", *ASPECT_INTENTS])
def test_questions_span_many_procedures(intent: str) -> None:
    """The classifier must learn the aspect words, not tie an aspect to one procedure."""
    minimum = 15 if intent == "ask_procedure" else 8
    assert len(_procedures_mentioned(intent)) >= minimum


@pytest.mark.parametrize("intent", ASPECT_INTENTS)
def test_aspects_include_bare_follow_ups(intent: str) -> None:
    """Follow-ups like "thế còn lệ phí?" name no procedure and must still reach the aspect intent."""
    bare = [
        text
        for example_intent, text in _examples(TRAINING_DIR)
        if example_intent == intent
        and not any(v in f" {fold(text)} " for vs in PROCEDURE_MENTIONS.values() for v in vs)
    ]
    assert len(bare) >= 15
