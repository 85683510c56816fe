"""``assistant voice-file IN.wav --out REPLY.wav``: one spoken turn from a file, for scripts and tests.

The file goes through the same :class:`~assistant.voice.session.VoiceSession` as the kiosk (end-pointing,
recognition, the running assistant, the voice), only faster than real time and for one utterance.
A file the session cannot use still gets a spoken answer in ``REPLY.wav`` saying what was wrong.

Exit codes: 0 the assistant answered; 1 the assistant could not be reached; 2 the audio was unusable
or held no words (bad format, truncated, empty, too long, silence, noise) — then the reply WAV holds
the spoken error or re-prompt.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.voice.config import SessionConfig, profile_config
from assistant.voice.dialogue_client import DEFAULT_URL, Dialogue, RestDialogue
from assistant.voice.engines import VoiceEngines, build_engines
from assistant.voice.events import ErrorEvent, Heard, Reprompt, Saying, VoiceEvent, VoiceStage
from assistant.voice.output import CollectingOutput
from assistant.voice.session import VoiceSession
from speech.audio import TARGET_RATE, AudioChunk, Int16Array, chunks, read_wav, to_pcm16_mono, write_wav
from speech.errors import AudioInputError, SpeechError

EXIT_OK = 0
EXIT_DIALOGUE = 1
EXIT_BAD_AUDIO = 2


@dataclass
class FileTurn:
    """What one file turn heard, said and produced."""

    heard: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    events: list[VoiceEvent] = field(default_factory=list)
    reply: Int16Array | None = None
    reply_rate: int = 0
    error_code: str | None = None
    error_message: str | None = None
    exit_code: int = EXIT_OK


async def voice_file_turn(
    source: Path | bytes,
    engines: VoiceEngines,
    dialogue: Dialogue,
    config: SessionConfig | None = None,
) -> FileTurn:
    """Run one turn of ``source`` (a WAV path or bytes) and collect the reply audio."""
    config = (config or profile_config()).with_overrides(single_turn=True)
    output = CollectingOutput(rate=engines.synthesizer.sample_rate)
    session = VoiceSession(engines.recognizer, engines.voice, dialogue, output, config)
    turn = FileTurn()
    session.subscribe(turn.events.append)
    try:
        samples, rate = await asyncio.to_thread(read_wav, source)
        pcm = await asyncio.to_thread(to_pcm16_mono, samples, rate)
    except AudioInputError as exc:
        turn.error_code, turn.error_message = exc.code.value, exc.message
        turn.exit_code = EXIT_BAD_AUDIO
        await session.say(exc.message, kind="error")
    else:
        await session.run(_file_chunks(pcm))
    _summarise(turn)
    turn.reply = output.samples()
    turn.reply_rate = output.rate or engines.synthesizer.sample_rate
    return turn


async def _file_chunks(pcm: Int16Array) -> AsyncIterator[AudioChunk]:
    """30 ms chunks as fast as the session takes them (a file needs no real-time pacing)."""
    for chunk in chunks(pcm, TARGET_RATE, ms=30):
        yield chunk
        await asyncio.sleep(0)  # let partial captions and the reply task run between chunks


def _summarise(turn: FileTurn) -> None:
    for event in turn.events:
        if isinstance(event, Heard):
            turn.heard.append(event.text)
        elif isinstance(event, Saying):
            turn.said.append(event.text)
        elif isinstance(event, ErrorEvent):
            turn.error_code = turn.error_code or event.code
            turn.error_message = turn.error_message or event.message
            turn.exit_code = EXIT_DIALOGUE if event.stage is VoiceStage.DIALOGUE else EXIT_BAD_AUDIO
        elif isinstance(event, Reprompt) and turn.exit_code == EXIT_OK:
            turn.error_code = turn.error_code or event.reason.value
            turn.error_message = turn.error_message or event.text
            turn.exit_code = EXIT_BAD_AUDIO


def cli_voice_file(
    in_path: str,
    out_path: str,
    url: str = DEFAULT_URL,
    stt: str | None = None,
    tts: str | None = None,
    elderly: bool = False,
    confirm_below: float | None = None,
) -> int:
    """Print what was heard and said, write the reply; exit code as in the module docstring."""
    overrides = {} if confirm_below is None else {"confidence_threshold": confirm_below}
    config = profile_config("elderly" if elderly else "default", **overrides)
    if not Path(in_path).is_file():
        print(f"Lỗi: không có tệp {in_path}.", file=sys.stderr)
        return EXIT_BAD_AUDIO
    try:
        engines = build_engines(stt=stt, tts=tts)
    except SpeechError as exc:
        print(f"Lỗi: {exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_DIALOGUE
    turn = asyncio.run(_run_once(Path(in_path), engines, url, config))
    for text in turn.heard:
        print(f"Nghe được: {text}")
    for text in turn.said:
        print(f"Trợ lý: {text}")
    if turn.error_code is not None:
        print(f"Lỗi ({turn.error_code}): {turn.error_message or ''}".rstrip(), file=sys.stderr)
    if turn.reply is not None and len(turn.reply):
        write_wav(out_path, turn.reply, turn.reply_rate)
        print(f"Đã ghi câu trả lời: {out_path} ({len(turn.reply) / turn.reply_rate:.1f} s)")
    else:
        print("Không tạo được âm thanh trả lời.", file=sys.stderr)
        return turn.exit_code or EXIT_BAD_AUDIO
    return turn.exit_code


async def _run_once(path: Path, engines: VoiceEngines, url: str, config: SessionConfig) -> FileTurn:
    dialogue = RestDialogue(url)
    try:
        return await voice_file_turn(path, engines, dialogue, config)
    finally:
        await dialogue.close()
