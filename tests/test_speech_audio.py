"""Audio I/O: real speech clips in every WAV flavour a caller might send, resampling, μ-law, and bad
files that must become a clear error code instead of a crash."""

from __future__ import annotations

import io
import time
import warnings
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf

from speech.audio import (
    AudioChunk,
    AudioFormat,
    StreamConverter,
    chunks,
    mulaw_decode,
    mulaw_encode,
    read_wav,
    require_sound,
    rms_dbfs,
    to_pcm16_mono,
    wav_bytes,
    write_wav,
)
from speech.errors import AudioInputError, SpeechError, SpeechErrorCode

CLIP = Path(__file__).resolve().parents[2] / "shared/audio/vivos_spk01/audio/VIVOSSPK01_R003.wav"


@pytest.fixture(scope="module")
def speech() -> npt.NDArray[np.int16]:
    """A real 16 kHz mono PCM16 Vietnamese utterance."""
    samples, rate = read_wav(CLIP)
    assert rate == 16000
    return samples


def correlation(a: npt.NDArray[np.generic], b: npt.NDArray[np.generic]) -> float:
    n = min(len(a), len(b))
    return float(np.corrcoef(a[:n].astype(float), b[:n].astype(float))[0, 1])


def tone(freq: float, rate: int, seconds: float = 1.0, amplitude: float = 0.5) -> npt.NDArray[np.float32]:
    t = np.arange(int(rate * seconds)) / rate
    return np.asarray(amplitude * np.sin(2 * np.pi * freq * t), dtype=np.float32)


def dominant_frequency(samples: npt.NDArray[np.generic], rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(float) * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def wav_of(samples: npt.NDArray[np.generic], rate: int, subtype: str) -> bytes:
    buffer = io.BytesIO()
    if subtype in ("FLOAT", "DOUBLE"):  # soundfile stores int16 input unscaled in float files
        samples = samples.astype(np.float32) / 32768
    sf.write(buffer, samples, rate, format="WAV", subtype=subtype)
    return buffer.getvalue()


# --- reading every WAV flavour ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("subtype", "min_correlation"),
    [
        ("PCM_16", 0.999999),
        ("PCM_24", 0.9999),
        ("FLOAT", 0.9999),
        ("PCM_U8", 0.99),
        ("ULAW", 0.999),
        ("ALAW", 0.999),
    ],
)
def test_every_wav_sample_format_decodes_to_the_same_speech(speech, subtype, min_correlation):
    samples, rate = read_wav(wav_of(speech, 16000, subtype))
    assert rate == 16000
    assert samples.dtype == np.int16 and samples.ndim == 1
    assert len(samples) == len(speech)
    assert correlation(samples, speech) >= min_correlation


def test_stereo_is_mixed_to_mono(speech, tmp_path):
    # Left channel carries the speech, right channel its inverse at half level: the mix keeps a quarter.
    stereo = np.stack([speech, -(speech // 2)], axis=1)
    path = tmp_path / "stereo.wav"
    sf.write(path, stereo, 16000, subtype="PCM_16")
    samples, _ = read_wav(path)
    assert samples.ndim == 1 and len(samples) == len(speech)
    expected = (speech.astype(float) - speech // 2) / 2
    assert np.max(np.abs(samples - expected)) <= 1


def test_path_bytes_and_open_file_read_alike(speech, tmp_path):
    path = tmp_path / "clip.wav"
    write_wav(path, speech, 16000)
    from_path, _ = read_wav(path)
    from_str, _ = read_wav(str(path))
    from_bytes, _ = read_wav(path.read_bytes())
    with path.open("rb") as handle:
        from_handle, _ = read_wav(handle)
        assert not handle.closed
    for decoded in (from_path, from_str, from_bytes, from_handle):
        assert np.array_equal(decoded, speech)


def test_wav_bytes_round_trip(speech):
    samples, rate = read_wav(wav_bytes(speech, 16000))
    assert rate == 16000 and np.array_equal(samples, speech)


# --- resampling ------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_resampling_to_16k_keeps_duration_and_pitch(rate):
    samples = to_pcm16_mono(tone(1000, rate), rate)
    assert samples.dtype == np.int16
    assert abs(len(samples) - 16000) <= 2
    assert abs(dominant_frequency(samples, 16000) - 1000) < 5


def test_downsampling_filters_what_16k_cannot_hold():
    # 10 kHz is above 16 kHz's Nyquist limit: it must be removed, not folded back to 6 kHz.
    rate = 48000
    samples = to_pcm16_mono(tone(3000, rate, amplitude=0.3) + tone(10000, rate, amplitude=0.3), rate)
    spectrum = np.abs(np.fft.rfft(samples.astype(float) * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / 16000)
    at = lambda f: spectrum[np.argmin(np.abs(freqs - f))]  # noqa: E731
    assert at(6000) < at(3000) / 1000


def test_real_speech_survives_a_trip_through_48k_and_8k(speech):
    up = to_pcm16_mono(speech, 16000, target_rate=48000)
    assert correlation(to_pcm16_mono(up, 48000), speech) > 0.999
    # Telephone band: what is below 4 kHz survives, so the bulk of the speech energy does.
    narrow = to_pcm16_mono(to_pcm16_mono(speech, 16000, target_rate=8000), 8000)
    assert correlation(narrow, speech) > 0.9


def test_float_input_is_clipped_not_wrapped():
    loud = np.array([0.0, 1.5, -1.5, 0.5], dtype=np.float32)
    assert to_pcm16_mono(loud, 16000).tolist() == [0, 32767, -32768, 16384]


def test_stream_converter_matches_whole_file_resampling(speech):
    telephone = to_pcm16_mono(speech, 16000, target_rate=8000)
    converter = StreamConverter()
    streamed = [converter.convert(chunk) for chunk in chunks(telephone, 8000, ms=20)]
    streamed.append(converter.flush())
    joined = np.concatenate(streamed)
    whole = to_pcm16_mono(telephone, 8000)
    assert abs(len(joined) - len(whole)) <= 2
    assert correlation(joined, whole) > 0.999


def test_stream_converter_passes_16k_mono_through_untouched(speech):
    converter = StreamConverter()
    out = np.concatenate([converter.convert(chunk) for chunk in chunks(speech)])
    assert np.array_equal(out, speech)
    assert len(converter.flush()) == 0


# --- μ-law -----------------------------------------------------------------------------------


def audioop_module():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop

    return audioop


def test_mulaw_decoding_matches_the_g711_reference_for_every_code():
    codes = bytes(range(256))
    reference = np.frombuffer(audioop_module().ulaw2lin(codes, 2), dtype=np.int16)
    assert np.array_equal(mulaw_decode(codes), reference)


def test_mulaw_encoding_round_trips_within_g711_quantisation(speech):
    encoded = mulaw_encode(speech)
    assert len(encoded) == len(speech)
    reference = np.frombuffer(audioop_module().lin2ulaw(speech.tobytes(), 2), dtype=np.uint8)
    ours = np.frombuffer(encoded, dtype=np.uint8)
    # Only samples on a quantisation boundary may round to the neighbouring code.
    assert np.max(np.abs(ours.astype(int) - reference.astype(int))) <= 1
    decoded = mulaw_decode(encoded).astype(int)
    # G.711 keeps the error within about 3 % of the sample's magnitude (plus the smallest step).
    assert np.all(np.abs(decoded - speech) <= np.abs(speech) * 0.035 + 8)


def test_empty_mulaw():
    assert mulaw_encode(np.zeros(0, dtype=np.int16)) == b""
    assert len(mulaw_decode(b"")) == 0


# --- chunks ----------------------------------------------------------------------------------


def test_chunks_are_30ms_with_stream_timestamps(speech):
    produced = list(chunks(speech, 16000, ms=30))
    assert all(len(chunk.audio) == 960 for chunk in produced[:-1])
    assert [chunk.timestamp_ms for chunk in produced[:3]] == [0, 30, 60]
    assert np.array_equal(np.concatenate([chunk.samples() for chunk in produced]), speech)
    assert produced[0].format == AudioFormat(16000, 2, 1)
    assert produced[0].duration_ms == 30


def test_chunk_of_stereo_and_8_bit_audio_decodes_to_mono():
    left = np.array([1000, -2000, 3000], dtype=np.int16)
    stereo = AudioChunk(np.stack([left, left], axis=1).astype("<i2").tobytes(), rate=8000, channels=2)
    assert stereo.samples().tolist() == left.tolist()
    unsigned = AudioChunk(bytes([128, 255, 0]), rate=8000, width=1)
    assert unsigned.samples().tolist() == [0, 32512, -32768]
    with pytest.raises(AudioInputError) as error:
        AudioChunk(b"\x00\x00\x00", width=3).samples()
    assert error.value.code is SpeechErrorCode.UNSUPPORTED_FORMAT


# --- bad input -------------------------------------------------------------------------------


def code_of(source, **kwargs) -> SpeechErrorCode:
    with pytest.raises(SpeechError) as error:
        read_wav(source, **kwargs)
    assert error.value.message  # a sentence the assistant can say
    return error.value.code


def test_empty_file_is_empty_audio(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    assert code_of(path) is SpeechErrorCode.EMPTY_AUDIO
    assert code_of(b"") is SpeechErrorCode.EMPTY_AUDIO


def test_wav_with_zero_samples_is_empty_audio():
    assert code_of(wav_of(np.zeros(0, dtype=np.int16), 16000, "PCM_16")) is SpeechErrorCode.EMPTY_AUDIO


@pytest.mark.parametrize("keep", [4, 10, 30, 43, 44])
def test_truncated_header_is_reported_as_truncated(speech, keep):
    assert code_of(wav_of(speech, 16000, "PCM_16")[:keep]) is SpeechErrorCode.TRUNCATED


def test_wav_with_a_codec_libsndfile_lacks_is_unsupported(speech):
    data = bytearray(wav_of(speech, 16000, "PCM_16"))
    assert data[20:22] == b"\x01\x00"  # format tag 1 = PCM
    data[20:22] = (0x1234).to_bytes(2, "little")
    assert code_of(bytes(data)) is SpeechErrorCode.UNSUPPORTED_FORMAT


def test_data_cut_short_keeps_the_speech_that_arrived(speech):
    data = wav_of(speech, 16000, "PCM_16")
    samples, _ = read_wav(data[: 44 + 2 * 8000])
    assert np.array_equal(samples, speech[:8000])


def test_text_and_mp3_are_not_wav(speech):
    assert code_of("xin chào, đây là một tệp văn bản\n".encode() * 10) is SpeechErrorCode.UNSUPPORTED_FORMAT
    mp3 = io.BytesIO()
    sf.write(mp3, speech.astype(np.float32) / 32768, 16000, format="MP3")
    assert code_of(mp3.getvalue()) is SpeechErrorCode.UNSUPPORTED_FORMAT


def test_thirty_minutes_of_silence_is_refused_from_the_header(tmp_path):
    path = tmp_path / "silence.wav"
    block = np.zeros(16000 * 60, dtype=np.int16)
    with sf.SoundFile(path, "w", samplerate=16000, channels=1, subtype="PCM_16") as out:
        for _ in range(30):
            out.write(block)
    started = time.perf_counter()
    assert code_of(path) is SpeechErrorCode.TOO_LONG
    assert time.perf_counter() - started < 0.2


def test_length_limit_is_configurable(speech):
    data = wav_of(speech, 16000, "PCM_16")
    assert code_of(data, max_seconds=1.0) is SpeechErrorCode.TOO_LONG
    assert len(read_wav(data, max_seconds=10.0)[0]) == len(speech)


def test_silence_and_speech_levels(speech):
    with pytest.raises(AudioInputError) as error:
        require_sound(np.zeros(16000, dtype=np.int16))
    assert error.value.code is SpeechErrorCode.SILENCE
    require_sound(speech)
    assert -40 < rms_dbfs(speech) < -10


def test_every_error_code_has_a_short_spoken_message():
    for code in SpeechErrorCode:
        message = SpeechError(code).message
        assert message.endswith("nhé.") and len(message.split()) <= 20
