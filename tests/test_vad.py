"""End-pointing on synthetic audio: tones stand in for speech, Gaussian noise for the room."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from speech.vad import (
    PROFILES,
    EndPointer,
    EndReason,
    VadConfig,
    VadEvent,
    VadEventType,
    frame_level_dbfs,
)

RATE = 16_000
Signal = npt.NDArray[np.float64]
_rng = np.random.default_rng(1234)


def _amp(dbfs: float) -> float:
    return float(10 ** (dbfs / 20) * 32768)


def silence(ms: int, dbfs: float = -70.0) -> Signal:
    """A quiet room: white noise at ``dbfs`` RMS (real rooms are never digital zero)."""
    noise: Signal = _rng.normal(0.0, _amp(dbfs), RATE * ms // 1000)
    return noise


def tone(ms: int, dbfs: float = -20.0, freq: float = 220.0) -> Signal:
    t = np.arange(RATE * ms // 1000) / RATE
    wave: Signal = np.sqrt(2) * _amp(dbfs) * np.sin(2 * np.pi * freq * t)
    return wave


def syllables(ms: int, dbfs: float = -20.0, noise_dbfs: float = -70.0) -> Signal:
    """Speech-like rhythm: 200 ms voiced, 60 ms gap, as syllables alternate with closures."""
    parts: list[Signal] = []
    total = 0
    while total < ms:
        parts += [tone(200, dbfs), silence(60, noise_dbfs)]
        total += 260
    joined: Signal = np.concatenate(parts)[: RATE * ms // 1000]
    return joined


def pcm(*parts: Signal) -> bytes:
    return bytes(np.clip(np.concatenate(parts), -32768, 32767).astype("<i2").tobytes())


def run(audio: bytes, config: VadConfig | None = None) -> list[VadEvent]:
    return EndPointer(config or VadConfig(), RATE).process_audio(audio)


def kinds(events: list[VadEvent]) -> list[VadEventType]:
    return [e.type for e in events]


def test_frame_level_matches_the_signal_level() -> None:
    assert frame_level_dbfs(pcm(tone(30, -20.0))) == pytest.approx(-20.0, abs=0.5)
    assert frame_level_dbfs(pcm(silence(30, -60.0))) == pytest.approx(-60.0, abs=1.0)
    assert frame_level_dbfs(bytes(960)) == -100.0


def test_utterance_start_and_end_are_placed_where_the_sound_is() -> None:
    events = run(pcm(silence(1000), tone(1500), silence(1500)))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    start, end = events
    assert start.speech_start_ms == pytest.approx(1000, abs=30)
    # The start is announced once min_speech_ms of speech has been heard, not before.
    assert start.speech_start_ms is not None
    assert start.time_ms - start.speech_start_ms == 150
    assert end.reason is EndReason.SILENCE
    assert end.speech_end_ms == pytest.approx(2500, abs=30)
    # ...and the end only after the configured 700 ms of silence.
    assert end.speech_end_ms is not None
    assert 700 <= end.time_ms - end.speech_end_ms < 730


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_all_frame_sizes_give_the_same_decisions(frame_ms: int) -> None:
    audio = pcm(silence(600), tone(1000), silence(1200))
    events = run(audio, VadConfig(frame_ms=frame_ms))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert events[1].speech_end_ms == pytest.approx(1600, abs=frame_ms)


def test_audio_in_odd_sized_chunks_is_reframed() -> None:
    audio = pcm(silence(500), tone(800), silence(1200))
    whole = run(audio)
    endpointer = EndPointer(VadConfig(), RATE)
    chunked: list[VadEvent] = []
    for offset in range(0, len(audio), 1234):  # odd size, splits samples and frames
        chunked += endpointer.process_audio(audio[offset : offset + 1234])
    assert chunked == whole


def test_short_clicks_do_not_start_an_utterance() -> None:
    clicks = [np.concatenate([tone(20, -6.0, 2000.0), silence(230)]) for _ in range(30)]
    events = run(pcm(silence(500), *clicks, silence(1000)), VadConfig(no_speech_timeout_ms=60_000))
    assert VadEventType.SPEECH_START not in kinds(events)


def test_pause_shorter_than_end_silence_keeps_the_utterance_open() -> None:
    events = run(pcm(silence(500), tone(800), silence(500), tone(800), silence(1200)))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert events[1].speech_end_ms == pytest.approx(500 + 800 + 500 + 800, abs=30)


def test_a_click_inside_a_pause_does_not_restart_the_silence_count() -> None:
    with_click = pcm(silence(500), tone(800), silence(300), tone(20, -6.0, 2000.0), silence(1500))
    events = run(with_click)
    assert events[-1].type is VadEventType.SPEECH_END
    assert events[-1].speech_end_ms == pytest.approx(1300, abs=30)


def test_elderly_profile_waits_through_a_long_pause_the_default_ends_on() -> None:
    audio = pcm(silence(500), tone(800), silence(900), tone(800), silence(2000))
    default = run(audio, PROFILES["default"])
    elderly = run(audio, PROFILES["elderly"])
    # Default: the 900 ms pause ends the first utterance (the caller was cut off mid-sentence).
    assert default[1].type is VadEventType.SPEECH_END
    assert default[1].speech_end_ms == pytest.approx(1300, abs=30)
    # Elderly: one utterance spanning both parts, closed 1.2 s after the last sound.
    assert kinds(elderly) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert elderly[1].speech_end_ms == pytest.approx(3000, abs=30)
    assert elderly[1].speech_end_ms is not None
    assert 1200 <= elderly[1].time_ms - elderly[1].speech_end_ms < 1230


def test_nobody_speaking_times_out_once() -> None:
    endpointer = EndPointer(VadConfig(no_speech_timeout_ms=3000), RATE)
    events = endpointer.process_audio(pcm(silence(5000)))
    assert kinds(events) == [VadEventType.TIMEOUT_NO_SPEECH]
    assert events[0].time_ms == 3000
    assert endpointer.done
    assert endpointer.process_audio(pcm(tone(1000))) == []


def test_max_utterance_length_ends_a_caller_who_does_not_stop() -> None:
    events = run(pcm(silence(500), syllables(20_000)), VadConfig(max_utterance_ms=8000))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert events[1].reason is EndReason.MAX_LENGTH
    assert events[1].time_ms == pytest.approx(500 + 8000, abs=30)


@pytest.mark.parametrize("noise_dbfs", [-60.0, -45.0, -35.0])
def test_speech_above_a_noisy_room_is_found_and_the_noise_alone_ends_it(noise_dbfs: float) -> None:
    voice = tone(1200, noise_dbfs + 20) + silence(1200, noise_dbfs)
    events = run(pcm(silence(2000, noise_dbfs), voice, silence(2000, noise_dbfs)))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert events[0].speech_start_ms == pytest.approx(2000, abs=30)
    assert events[1].speech_end_ms == pytest.approx(3200, abs=30)


@pytest.mark.parametrize("noise_dbfs", [-60.0, -45.0, -35.0, -25.0])
def test_steady_noise_alone_is_never_speech(noise_dbfs: float) -> None:
    events = run(pcm(silence(10_000, noise_dbfs)))
    assert kinds(events) == [VadEventType.TIMEOUT_NO_SPEECH]


def test_sound_barely_above_the_noise_is_not_speech() -> None:
    voice = tone(1500, -40.0) + silence(1500, -45.0)  # 5 dB above a -45 dBFS room
    events = run(pcm(silence(2000, -45.0), voice, silence(6000, -45.0)))
    assert VadEventType.SPEECH_START not in kinds(events)


def test_noise_floor_adapts_when_the_room_gets_louder() -> None:
    endpointer = EndPointer(VadConfig(no_speech_timeout_ms=60_000), RATE)
    endpointer.process_audio(pcm(silence(2000, -65.0)))
    quiet_floor = endpointer.noise_floor_db
    assert quiet_floor is not None
    # A fan starts: a step of steady noise may open one short false utterance, never a long one...
    events = endpointer.process_audio(pcm(silence(6000, -40.0)))
    assert all(e.type is not VadEventType.SPEECH_END or e.reason is EndReason.SILENCE for e in events)
    floor = endpointer.noise_floor_db
    assert floor is not None and floor == pytest.approx(-40.0, abs=2.0)
    # ...and after a new turn in the louder room, speech is still found above the new floor.
    endpointer.reset()
    events = endpointer.process_audio(pcm(silence(500, -40.0), tone(1000, -20.0), silence(1500, -40.0)))
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]


def test_reset_starts_a_new_turn_with_fresh_timing() -> None:
    endpointer = EndPointer(VadConfig(), RATE)
    first = endpointer.process_audio(pcm(silence(500), tone(600), silence(1000)))
    assert kinds(first)[-1] is VadEventType.SPEECH_END
    endpointer.reset()
    second = endpointer.process_audio(pcm(silence(300), tone(600), silence(1000)))
    assert second[0].speech_start_ms == pytest.approx(300, abs=30)


def test_wrong_frame_size_and_bad_config_are_refused() -> None:
    endpointer = EndPointer(VadConfig(frame_ms=20), RATE)
    with pytest.raises(ValueError, match="640 bytes"):
        endpointer.process(bytes(100))
    with pytest.raises(ValueError, match="frame_ms"):
        VadConfig(frame_ms=25)
    with pytest.raises(ValueError):
        VadConfig(snr_start_db=5.0, snr_continue_db=8.0)


def test_other_sample_rates_work_with_their_own_frame_size() -> None:
    rate = 8000
    t = np.arange(rate) / rate
    audio = np.concatenate(
        [
            _rng.normal(0, _amp(-70), rate // 2),
            np.sqrt(2) * _amp(-20) * np.sin(2 * np.pi * 300 * t),
            _rng.normal(0, _amp(-70), rate),
        ]
    )
    endpointer = EndPointer(VadConfig(), rate)
    assert endpointer.frame_bytes == 480
    events = endpointer.process_audio(audio.astype("<i2").tobytes())
    assert kinds(events) == [VadEventType.SPEECH_START, VadEventType.SPEECH_END]
    assert events[1].speech_end_ms == pytest.approx(1500, abs=30)
