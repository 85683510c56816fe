"""``assistant kiosk``: a talking kiosk on the machine's microphone and speaker.

Start-up loads the recognizer and the voice and renders the fixed prompts before listening, so the
first citizen is answered as fast as the next. Captions go to the terminal (the kiosk screen); logs
never carry them. A missing microphone or speaker is an operator problem: the kiosk says so in
Vietnamese and exits with :data:`EXIT_NO_DEVICE`.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from assistant.voice.config import SessionConfig, profile_config
from assistant.voice.devices import AudioDevice, MicrophoneInput, SpeakerOutput, list_devices, resolve_device
from assistant.voice.dialogue_client import DEFAULT_URL, RestDialogue
from assistant.voice.engines import VoiceEngines, build_engines, prewarm
from assistant.voice.events import (
    BargeIn,
    ErrorEvent,
    Handoff,
    Heard,
    Idle,
    Listening,
    Saying,
    SpeedChanged,
    TurnEnded,
    VoiceEvent,
)
from assistant.voice.session import VoiceSession
from speech.errors import DeviceMissingError, SpeechError

EXIT_OK = 0
EXIT_ENGINE = 1
EXIT_NO_DEVICE = 3


def caption_printer(write: Callable[[str], None]) -> Callable[[VoiceEvent], None]:
    """Terminal captions: what was heard, what is said, and the moments a screen would show."""

    def show(event: VoiceEvent) -> None:
        if isinstance(event, Heard):
            write(f"Bạn: {event.text}")
        elif isinstance(event, Saying):
            write(f"Trợ lý: {event.text}")
        elif isinstance(event, Listening):
            write("(đang nghe…)")
        elif isinstance(event, BargeIn):
            write("(đã dừng để nghe bạn)")
        elif isinstance(event, SpeedChanged):
            write(f"(tốc độ nói: {event.rate:.1f})")
        elif isinstance(event, Handoff) and event.requested:
            write("(đang gọi cán bộ hỗ trợ)")
        elif isinstance(event, Idle):
            write("(hết lượt, chờ người tiếp theo)")
        elif isinstance(event, TurnEnded) and event.timing.first_audio_ms is not None:
            write(f"(trả lời sau {event.timing.first_audio_ms:.0f} ms)")
        elif isinstance(event, ErrorEvent):
            write(f"(lỗi {event.code})")

    return show


def _print(line: str) -> None:
    print(line, flush=True)


def print_devices() -> int:
    try:
        devices = list_devices()
    except DeviceMissingError as exc:
        print(f"{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_NO_DEVICE
    if not devices:
        print("Không thấy thiết bị âm thanh nào. Bạn nhờ cán bộ kỹ thuật cắm micrô và loa nhé.")
        return EXIT_NO_DEVICE
    print("Thiết bị âm thanh (< micrô mặc định, > loa mặc định):")
    for device in devices:
        print(device.line())
    return EXIT_OK


def cli_kiosk(
    input_device: str | None = None,
    output_device: str | None = None,
    show_devices: bool = False,
    url: str = DEFAULT_URL,
    elderly: bool = False,
    stt: str | None = None,
    tts: str | None = None,
    max_turns: int | None = None,
    barge_in: bool = True,
) -> int:
    """``barge_in=False`` for speakers loud enough to reach the microphone: there is no echo
    cancellation, so the kiosk would otherwise hear itself and stop talking."""
    if show_devices:
        return print_devices()
    try:
        microphone = resolve_device(input_device, "input")
        speaker = resolve_device(output_device, "output")
    except DeviceMissingError as exc:
        print(exc.message, file=sys.stderr)
        print(f"({exc.detail}; xem danh sách: assistant kiosk --list-devices)", file=sys.stderr)
        return EXIT_NO_DEVICE
    config = profile_config("elderly" if elderly else "default", barge_in=barge_in)
    try:
        engines = build_engines(stt=stt, tts=tts)
    except SpeechError as exc:
        print(f"{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_ENGINE
    try:
        return asyncio.run(run_kiosk(engines, microphone, speaker, url, config, max_turns))
    except KeyboardInterrupt:
        return EXIT_OK


async def run_kiosk(
    engines: VoiceEngines,
    microphone: AudioDevice,
    speaker: AudioDevice,
    url: str,
    config: SessionConfig,
    max_turns: int | None = None,
) -> int:
    _print(f"Đang nạp giọng nói ({engines.describe()})…")
    try:
        await asyncio.to_thread(prewarm, engines, config)
    except SpeechError as exc:
        print(f"{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_ENGINE
    dialogue = RestDialogue(url, input_channel="kiosk")
    if not (await dialogue.wait_until_ready(timeout_s=5.0) and await dialogue.warm_up()):
        print(f"Chưa kết nối được trợ lý ở {url}; kiosk vẫn nghe và sẽ báo lỗi bằng lời.", file=sys.stderr)
    try:
        async with (
            MicrophoneInput(microphone) as mic,
            SpeakerOutput(speaker, engines.synthesizer.sample_rate) as out,
        ):
            _print(f"Micrô: {microphone.name} ({mic.rate} Hz); loa: {speaker.name} ({out.rate} Hz).")
            session = VoiceSession(engines.recognizer, engines.voice, dialogue, out, config, sender=None)
            session.subscribe(caption_printer(_print))
            _print("Kiosk sẵn sàng. Mời bạn nói. (Ctrl-C để dừng)")
            await session.run(mic, max_turns=max_turns)
    except DeviceMissingError as exc:
        print(f"{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_NO_DEVICE
    finally:
        await dialogue.close()
    return EXIT_OK
