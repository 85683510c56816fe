"""A Rasa tokenizer for Vietnamese built on underthesea's word segmentation.

Vietnamese writes one syllable per space-separated unit, so a whitespace tokenizer sees "khai" and
"sinh" where the word is "khai sinh". underthesea joins syllables into words. Speech recognition and
phone keyboards often drop diacritics, so every token also carries a folded form (lowercase, no
marks) as its lemma: featurizers with ``use_lemma: true`` then see "khai_sinh" whether the user typed
"khai sinh" or "Khai Sinh" or "khai sinh" with marks, while featurizers with ``use_lemma: false`` keep
the marked text where marks disambiguate.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from civic.text.vietnamese import fold, nfc, words


def segment(text: str) -> list[str]:
    """Split text into words; multi-syllable words keep their inner spaces ("khai sinh")."""
    from underthesea import word_tokenize  # heavy import deferred to first use

    cleaned = " ".join(words(text))
    if not cleaned:
        return []
    return [w for w in word_tokenize(cleaned) if w.strip()]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(Tokenizer):
    """Word tokens from underthesea with text offsets into the original message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> list[str] | None:
        return ["vi"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text: str = message.get(attribute) or ""
        original = text
        composed = nfc(text)
        # Offsets must index the text Rasa holds; composing can shorten it, so only trust the composed
        # form for offsets when the lengths agree, else fall back to searching case-insensitively.
        haystack = composed.lower() if len(composed) == len(original) else original.lower()
        tokens: list[Token] = []
        cursor = 0
        for word in segment(text):
            syllables = word.split()
            start = haystack.find(syllables[0].lower(), cursor)
            if start < 0:
                start = cursor
            end = start
            for syllable in syllables:
                found = haystack.find(syllable.lower(), end)
                end = (found if found >= 0 else end) + len(syllable)
            surface = original[start:end] if end <= len(original) else word
            lemma = fold(word).replace(" ", "_")
            tokens.append(Token(surface or word, start, end=end, lemma=lemma))
            cursor = end
        if not tokens and text.strip():
            tokens.append(Token(text, 0, end=len(text), lemma=fold(text).replace(" ", "_")))
        patterned: list[Token] = self._apply_token_pattern(tokens)
        return patterned
