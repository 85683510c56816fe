"""Vosk (Kaldi) recognition for a downloaded Vietnamese model (``vosk-model-small-vn-0.4`` or
``vosk-model-vn-0.4`` under ``models/stt/``): streaming partials, word timings with confidence, and
grammar-constrained recognition for closed questions.

Grammar mode: Vosk's small models (a ``graph/Gr.fst`` + ``HCLr.fst`` pair) accept a JSON phrase list
at recognizer creation, which makes "có", "không", "một", "hai" … far more reliable than free
recognition on a short answer. Phrases with a word outside the model's vocabulary are dropped (Vosk
would ignore them anyway), ``[unk]`` is added when the model has it so off-list speech is not forced
onto a phrase, and the session falls back to free recognition of the same audio when the grammar
result is empty, ``[unk]`` or below ``grammar_min_confidence``. The fallback re-decodes the buffered
utterance at ``finish()`` instead of running a second decoder all along: closed answers last a
second or two, and doubling the CPU on every grammar turn would cost more on 2 cores than the rare
re-decode. Big models (``HCLG.fst``) cannot change their graph, so they always recognise freely.

One :class:`vosk.Model` per model directory per process (cached); one ``KaldiRecognizer`` per
session, which is what Vosk supports across threads.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from civic.text.vietnamese import nfc
from speech.audio import TARGET_RATE, Int16Array
from speech.errors import ModelMissingError, RecognitionError, SpeechErrorCode
from speech.stt.base import UNKNOWN_WORD, RecognizerSession, SpeechRecognizer, Transcript, WordTiming

log = logging.getLogger(__name__)

GRAMMAR_MIN_CONFIDENCE = 0.6
FALLBACK_MAX_SECONDS = 30.0
"""Audio kept for the free-recognition fallback; closed answers are far shorter than this."""
_DECODE_BLOCK = TARGET_RATE // 2


def is_vosk_model_dir(path: Path) -> bool:
    """A Vosk model directory has an acoustic model and a decoding config."""
    return (path / "am" / "final.mdl").is_file() and (path / "conf" / "model.conf").is_file()


def find_vosk_model_dir(path: Path) -> Path | None:
    """``path`` itself, or its single sub-directory when an archive was unpacked one level deep."""
    if is_vosk_model_dir(path):
        return path
    if path.is_dir():
        nested = [child for child in path.iterdir() if child.is_dir() and is_vosk_model_dir(child)]
        if len(nested) == 1:
            return nested[0]
    return None


@functools.lru_cache(maxsize=4)
def _load_model(path: str) -> Any:
    """One Vosk model per directory per process: loading takes seconds and hundreds of MB."""
    import vosk

    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(path)
    except Exception as exc:
        raise RecognitionError(
            SpeechErrorCode.ENGINE_FAILED, f"Vosk could not load the model: {exc}"
        ) from exc


class VoskRecognizer(SpeechRecognizer):
    """A Vosk model directory as a :class:`SpeechRecognizer`."""

    name = "vosk"

    def __init__(
        self,
        model_dir: Path,
        *,
        grammar_min_confidence: float = GRAMMAR_MIN_CONFIDENCE,
        fallback_max_seconds: float = FALLBACK_MAX_SECONDS,
    ) -> None:
        found = find_vosk_model_dir(Path(model_dir))
        if found is None:
            raise ModelMissingError(SpeechErrorCode.MODEL_MISSING, f"no Vosk model in {model_dir}")
        self.model_dir = found
        self.grammar_min_confidence = grammar_min_confidence
        self.fallback_max_samples = int(fallback_max_seconds * TARGET_RATE)
        self.supports_grammar = (found / "graph" / "Gr.fst").is_file()
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        mode = "grammar + free" if self.supports_grammar else "free only"
        return f"vosk ({mode}): {self.model_dir.name} at {self.model_dir}"

    def load(self) -> None:
        self._model()

    def _model(self) -> Any:
        return _load_model(str(self.model_dir.resolve()))

    def session(self, grammar: Sequence[str] | None = None) -> VoskSession:
        with self._lock:
            model = self._model()
            phrases = self.grammar_phrases(grammar) if grammar and self.supports_grammar else None
            return VoskSession(
                model,
                phrases,
                min_confidence=self.grammar_min_confidence,
                fallback_max_samples=self.fallback_max_samples,
            )

    def grammar_phrases(self, grammar: Sequence[str]) -> list[str] | None:
        """The phrases the model can actually say, plus ``[unk]``; ``None`` when none survive."""
        model = self._model()
        phrases: list[str] = []
        for phrase in grammar:
            normalised = " ".join(nfc(phrase).lower().split())
            if not normalised or normalised in phrases:
                continue
            if all(model.vosk_model_find_word(word) >= 0 for word in normalised.split()):
                phrases.append(normalised)
            else:
                log.debug("grammar phrase %r has words outside the model vocabulary; dropped", normalised)
        if not phrases:
            log.info("no grammar phrase is in the model vocabulary; recognising freely")
            return None
        if model.vosk_model_find_word(UNKNOWN_WORD) >= 0:
            phrases.append(UNKNOWN_WORD)
        return phrases


class VoskSession(RecognizerSession):
    """One ``KaldiRecognizer``; segments closed at Vosk's endpoints are joined into one transcript."""

    def __init__(
        self, model: Any, phrases: list[str] | None, *, min_confidence: float, fallback_max_samples: int
    ) -> None:
        super().__init__()
        self._model = model
        self.grammar = tuple(phrases) if phrases else None
        self._recognizer: Any = _new_recognizer(model, phrases)
        self._min_confidence = min_confidence
        self._fallback_max_samples = fallback_max_samples
        self._kept: list[Int16Array] | None = [] if phrases else None
        self._kept_samples = 0
        self._words: list[WordTiming] = []
        self.used_fallback = False

    def _accept_pcm(self, pcm: Int16Array) -> tuple[str, bool]:
        self._keep(pcm)
        if self._recognizer.AcceptWaveform(_pcm_bytes(pcm)):
            self._words.extend(_parse_words(self._recognizer.Result()))
            return _text(self._words), True
        partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
        return " ".join(part for part in (_text(self._words), _clean(partial)) if part), False

    def _finish(self) -> Transcript:
        self._words.extend(_parse_words(self._recognizer.FinalResult()))
        transcript = _transcript(self._words)
        if self.grammar is not None and self._needs_fallback(transcript):
            if self._kept is not None:
                self.used_fallback = True
                free = _new_recognizer(self._model, None)
                return _transcript(_decode_all(free, np.concatenate(self._kept) if self._kept else None))
            log.info("grammar result rejected but the utterance was too long to re-decode")
        return transcript

    def _needs_fallback(self, transcript: Transcript) -> bool:
        heard_unknown = any(word.word == UNKNOWN_WORD for word in self._words)
        return transcript.is_empty or heard_unknown or transcript.confidence < self._min_confidence

    def _keep(self, pcm: Int16Array) -> None:
        if self._kept is None:
            return
        self._kept_samples += len(pcm)
        if self._kept_samples > self._fallback_max_samples:
            self._kept = None
        else:
            self._kept.append(pcm.copy())

    def _release(self) -> None:
        self._recognizer = None
        self._kept = None


def _new_recognizer(model: Any, phrases: list[str] | None) -> Any:
    import vosk

    if phrases:
        recognizer = vosk.KaldiRecognizer(model, float(TARGET_RATE), json.dumps(phrases, ensure_ascii=False))
    else:
        recognizer = vosk.KaldiRecognizer(model, float(TARGET_RATE))
    recognizer.SetWords(True)
    return recognizer


def _decode_all(recognizer: Any, pcm: Int16Array | None) -> list[WordTiming]:
    words: list[WordTiming] = []
    if pcm is not None:
        for start in range(0, len(pcm), _DECODE_BLOCK):
            if recognizer.AcceptWaveform(_pcm_bytes(pcm[start : start + _DECODE_BLOCK])):
                words.extend(_parse_words(recognizer.Result()))
    words.extend(_parse_words(recognizer.FinalResult()))
    return words


def _parse_words(result_json: str) -> list[WordTiming]:
    result = json.loads(result_json)
    return [
        WordTiming(
            word=nfc(str(item["word"])),
            start_s=float(item["start"]),
            end_s=float(item["end"]),
            conf=float(item.get("conf", 1.0)),
        )
        for item in result.get("result", [])
    ]


def _transcript(words: Sequence[WordTiming]) -> Transcript:
    """Drop ``[unk]`` from the text; confidence is the mean word posterior (Vosk's ``conf``)."""
    real = tuple(word for word in words if word.word != UNKNOWN_WORD)
    confidence = sum(word.conf for word in real) / len(real) if real else 0.0
    return Transcript(text=_text(real), confidence=round(confidence, 4), words=real, is_final=True)


def _text(words: Sequence[WordTiming]) -> str:
    return " ".join(word.word for word in words if word.word != UNKNOWN_WORD)


def _clean(text: str) -> str:
    return " ".join(word for word in nfc(text).split() if word != UNKNOWN_WORD)


def _pcm_bytes(pcm: Int16Array) -> bytes:
    return np.asarray(pcm, dtype="<i2").tobytes()
