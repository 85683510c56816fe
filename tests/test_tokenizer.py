"""The underthesea tokenizer component: words, offsets and diacritic-insensitive lemmas."""

from __future__ import annotations

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.tokenizer import VietnameseTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> VietnameseTokenizer:
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def tokens_of(tokenizer: VietnameseTokenizer, text: str) -> list[Token]:
    message = Message.build(text=text)
    tokenizer.process([message])
    tokens: list[Token] = message.get(TOKENS_NAMES[TEXT])
    return tokens


def test_multi_syllable_words_become_one_token(tokenizer):
    lemmas = [t.lemma for t in tokens_of(tokenizer, "Tôi muốn làm giấy khai sinh cho con")]
    assert "khai_sinh" in lemmas
    assert "toi" in lemmas


def test_text_without_diacritics_gets_the_same_lemmas(tokenizer):
    marked = [t.lemma for t in tokens_of(tokenizer, "đăng ký khai sinh ở đâu")]
    bare = [t.lemma for t in tokens_of(tokenizer, "dang ky khai sinh o dau")]
    assert "khai_sinh" in marked and "khai_sinh" in bare
    assert set(marked) & set(bare) >= {"khai_sinh", "o", "dau"}


@pytest.mark.parametrize(
    "text",
    [
        "Lệ phí làm căn cước là bao nhiêu?",
        "thu tuc doi bang lai xe",
        "nói chậm lại  đi ạ !!!",
        "Ủy ban nhân dân xã, mẫu CT01 (bản chính)",
        "Thu\u0323 ly\u0301 hồ sơ",  # decomposed marks as in the crawl
    ],
)
def test_offsets_point_into_the_original_text(tokenizer, text):
    for token in tokens_of(tokenizer, text):
        assert 0 <= token.start < token.end <= len(text)
        assert token.text == text[token.start : token.end]


def test_punctuation_and_emoji_only_text_still_yields_a_token(tokenizer):
    assert len(tokens_of(tokenizer, "??? 🙂")) == 1


def test_component_is_registered_as_a_tokenizer():
    registered = DefaultV1Recipe._registered_components["VietnameseTokenizer"]
    assert DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER in registered.types


def test_training_data_is_tokenized(tokenizer):
    data = TrainingData([Message.build(text="làm sổ đỏ", intent="ask_procedure")])
    tokenizer.process_training_data(data)
    assert [t.lemma for t in data.training_examples[0].get(TOKENS_NAMES[TEXT])]
