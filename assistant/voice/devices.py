"""Microphone and speaker through ``sounddevice`` (PortAudio), for the kiosk.

Both directions use PortAudio's callback API: the microphone callback hands 30 ms blocks to the
event loop (``call_soon_threadsafe``), the speaker callback pulls from a buffer the session fills.
Barge-in empties that buffer, so the sound stops within one device period (tens of milliseconds)
instead of when the sentence would have ended.

Device problems (no PortAudio library, no device, a device that refuses the format) all become
:class:`~speech.errors.DeviceMissingError`, whose message the kiosk prints in Vietnamese.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import ModuleType, TracebackType
from typing import Any, Literal

import numpy as np

from speech.audio import TARGET_RATE, AudioChunk, to_pcm16_mono
from speech.errors import DeviceMissingError, SpeechErrorCode

log = logging.getLogger(__name__)

Kind = Literal["input", "output"]
BLOCK_MS = 30


def _sounddevice() -> ModuleType:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio shared library is missing
        raise DeviceMissingError(SpeechErrorCode.DEVICE_MISSING, f"PortAudio not available: {exc}") from exc
    module: ModuleType = sounddevice
    return module


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    host_api: str
    inputs: int
    outputs: int
    default_rate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def line(self) -> str:
        marks = ("<" if self.is_default_input else " ") + (">" if self.is_default_output else " ")
        return (
            f"{marks} {self.index:>3}  {self.name} ({self.host_api}): "
            f"{self.inputs} vào, {self.outputs} ra, {self.default_rate:.0f} Hz"
        )


def list_devices() -> list[AudioDevice]:
    """Every device PortAudio sees (empty when there is none); ``<``/``>`` mark the defaults."""
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
    except sd.PortAudioError as exc:
        raise DeviceMissingError(SpeechErrorCode.DEVICE_MISSING, str(exc)) from exc
    default_in, default_out = _defaults(sd)
    return [
        AudioDevice(
            index=int(info["index"]),
            name=str(info["name"]),
            host_api=str(apis[int(info["hostapi"])]["name"]),
            inputs=int(info["max_input_channels"]),
            outputs=int(info["max_output_channels"]),
            default_rate=float(info["default_samplerate"]),
            is_default_input=int(info["index"]) == default_in,
            is_default_output=int(info["index"]) == default_out,
        )
        for info in devices
    ]


def _defaults(sd: ModuleType) -> tuple[int, int]:
    pair = sd.default.device
    return int(pair[0]) if pair[0] is not None else -1, int(pair[1]) if pair[1] is not None else -1


def resolve_device(spec: str | int | None, kind: Kind) -> AudioDevice:
    """A device number, part of a device name, or ``None`` for the system default."""
    devices = list_devices()
    channels = "inputs" if kind == "input" else "outputs"
    usable = [d for d in devices if getattr(d, channels) > 0]
    what = "micrô" if kind == "input" else "loa"
    if not usable:
        raise DeviceMissingError(SpeechErrorCode.DEVICE_MISSING, f"no {kind} device at all")
    if spec is None or spec == "":
        default = [d for d in usable if (d.is_default_input if kind == "input" else d.is_default_output)]
        return default[0] if default else usable[0]
    text = str(spec).strip()
    if text.lstrip("-").isdigit():
        match = [d for d in usable if d.index == int(text)]
    else:
        match = [d for d in usable if text.lower() in d.name.lower()]
    if not match:
        raise DeviceMissingError(SpeechErrorCode.DEVICE_MISSING, f"no {kind} device {text!r} ({what})")
    return match[0]


def _supported_rate(sd: ModuleType, device: AudioDevice, kind: Kind, wanted: int) -> int:
    """``wanted`` when the device takes it, else the device's own rate (we resample)."""
    check = sd.check_input_settings if kind == "input" else sd.check_output_settings
    try:
        check(device=device.index, channels=1, dtype="int16", samplerate=wanted)
        return wanted
    except (sd.PortAudioError, ValueError):
        return int(device.default_rate)


def _start_stream(sd: Any, stream_class: Any, device: Any, rate: int, callback: Any, label: str) -> Any:
    """Open and start a mono PCM16 low-latency stream; a device PortAudio refuses counts as missing."""
    try:
        stream = stream_class(
            samplerate=rate,
            blocksize=rate * BLOCK_MS // 1000,
            device=device.index,
            channels=1,
            dtype="int16",
            latency="low",
            callback=callback,
        )
        stream.start()
    except (sd.PortAudioError, ValueError) as exc:
        raise DeviceMissingError(SpeechErrorCode.DEVICE_MISSING, f"{label}: {exc}") from exc
    return stream


class MicrophoneInput:
    """An async iterator of 30 ms :class:`AudioChunk` s from a microphone (an ``async with`` block)."""

    def __init__(self, device: AudioDevice, rate: int = TARGET_RATE, max_queued: int = 200) -> None:
        self.device = device
        self.wanted_rate = rate
        self.rate = rate
        self._queue: asyncio.Queue[AudioChunk] = asyncio.Queue(maxsize=max_queued)
        self._stream: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._position_ms = 0
        self.overflows = 0

    async def __aenter__(self) -> MicrophoneInput:
        sd = _sounddevice()
        self._loop = asyncio.get_running_loop()
        self.rate = _supported_rate(sd, self.device, "input", self.wanted_rate)
        self._stream = _start_stream(
            sd, sd.RawInputStream, self.device, self.rate, self._callback, "microphone"
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await asyncio.to_thread(_close_stream, stream)

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        chunk = AudioChunk(audio=bytes(indata), rate=self.rate, timestamp_ms=self._position_ms)
        self._position_ms += frames * 1000 // self.rate
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._put, chunk)

    def _put(self, chunk: AudioChunk) -> None:
        if self._queue.full():  # the loop fell behind: drop the oldest rather than grow without bound
            self._queue.get_nowait()
        self._queue.put_nowait(chunk)

    def __aiter__(self) -> AsyncIterator[AudioChunk]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[AudioChunk]:
        while self._stream is not None:
            yield await self._queue.get()


class SpeakerOutput:
    """:class:`~assistant.voice.output.AudioOutput` on a sound card, opened at the voice's rate if possible."""

    def __init__(self, device: AudioDevice, rate: int) -> None:
        self.device = device
        self.wanted_rate = rate
        self.rate = rate
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._stream: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._empty = asyncio.Event()
        self._empty.set()
        self.first_sample_at: float | None = None
        """``loop.time()`` when the device callback took the first sample of the current reply."""

    async def __aenter__(self) -> SpeakerOutput:
        sd = _sounddevice()
        self._loop = asyncio.get_running_loop()
        self.rate = _supported_rate(sd, self.device, "output", self.wanted_rate)
        self._stream = _start_stream(
            sd, sd.RawOutputStream, self.device, self.rate, self._callback, "speaker"
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await asyncio.to_thread(_close_stream, stream)

    @property
    def latency_s(self) -> float:
        return float(self._stream.latency) if self._stream is not None else 0.0

    async def play(self, chunk: AudioChunk) -> None:
        samples = chunk.samples()
        if chunk.rate != self.rate:
            samples = await asyncio.to_thread(to_pcm16_mono, samples, chunk.rate, self.rate)
        data = np.asarray(samples, dtype="<i2").tobytes()
        with self._lock:
            if not self._buffer:
                self.first_sample_at = None
            self._buffer.extend(data)
        self._empty.clear()

    async def drain(self) -> None:
        await self._empty.wait()
        await asyncio.sleep(self.latency_s)  # what the device still holds after our buffer emptied

    def stop(self) -> None:
        with self._lock:
            self._buffer.clear()
        self._empty.set()

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        wanted = len(outdata)
        with self._lock:
            data = bytes(self._buffer[:wanted])
            del self._buffer[:wanted]
            emptied = not self._buffer
        if data and self.first_sample_at is None and self._loop is not None:
            self.first_sample_at = self._loop.time()
        outdata[: len(data)] = data
        if len(data) < wanted:
            outdata[len(data) :] = b"\x00" * (wanted - len(data))
        if data and emptied and self._loop is not None:
            self._loop.call_soon_threadsafe(self._mark_empty)

    def _mark_empty(self) -> None:
        """Runs on the loop: ``play`` may have queued more since the callback emptied the buffer."""
        with self._lock:
            if not self._buffer:
                self._empty.set()


def _close_stream(stream: Any) -> None:
    try:
        stream.stop()
    finally:
        stream.close()
