"""Audio formats, WAV I/O, resampling and μ-law: everything between a microphone, a file or a phone
line and the 16 kHz mono PCM16 the recognizers want.

No hand-written DSP: files go through libsndfile (``soundfile``), so 8/16/24-bit, float, stereo and
μ-law/A-law WAV all decode; rate conversion goes through libsoxr (``soxr``, HQ), including a streaming
resampler for live 8 kHz phone audio. μ-law (G.711) also goes through libsndfile's RAW ULAW codec
rather than ``audioop`` (deprecated in 3.11, removed in 3.13) or a hand-rolled table; its decoder
matches ``audioop`` bit for bit (checked in the tests).

Bad input never crashes: it raises :class:`~speech.errors.AudioInputError` with a code the voice loop
turns into a spoken re-prompt.
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeAlias

import numpy as np
import numpy.typing as npt
import soundfile as sf
import soxr

from speech.errors import AudioInputError, SpeechErrorCode

log = logging.getLogger(__name__)

TARGET_RATE = 16000
"""What every recognizer here consumes: 16 kHz mono PCM16."""
TELEPHONE_RATE = 8000
DEFAULT_MAX_SECONDS = 600.0
"""Longest accepted recording (10 min): a citizen's turn is seconds long; longer is a stuck recorder."""
SILENCE_DBFS = -60.0
"""RMS level under which a recording holds no sound at all (a muted microphone, a digital-zero file)."""

_WAV_CONTAINERS = frozenset({"WAV", "WAVEX", "RF64"})
_RIFF_MAGIC = (b"RIFF", b"RIFX", b"RF64")
_MIN_RATE, _MAX_RATE = 4000, 384000
_READ_BLOCK_FRAMES = 1 << 16
_CANONICAL_HEADER_BYTES = 44

Int16Array = npt.NDArray[np.int16]
AudioSource: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO"


@dataclass(frozen=True)
class AudioFormat:
    """Sample rate (Hz), sample width (bytes) and channel count of interleaved little-endian PCM."""

    rate: int
    width: int
    channels: int

    @property
    def bytes_per_second(self) -> int:
        return self.rate * self.width * self.channels

    def duration_ms(self, n_bytes: int) -> int:
        return (n_bytes * 1000) // self.bytes_per_second


PCM16_MONO_16K = AudioFormat(rate=TARGET_RATE, width=2, channels=1)


@dataclass(frozen=True)
class AudioChunk:
    """A slice of a live stream, shaped like a Wyoming ``audio-chunk`` event.

    ``audio`` is interleaved little-endian PCM (``width`` 2 is PCM16; 1 is unsigned 8-bit and 4 is
    signed 32-bit, as in WAV). ``timestamp_ms`` is the position of the first sample in the stream.
    """

    audio: bytes
    rate: int = TARGET_RATE
    width: int = 2
    channels: int = 1
    timestamp_ms: int = 0

    @property
    def format(self) -> AudioFormat:
        return AudioFormat(self.rate, self.width, self.channels)

    @property
    def duration_ms(self) -> int:
        return self.format.duration_ms(len(self.audio))

    def samples(self) -> Int16Array:
        """Mono int16 samples at the chunk's own rate (channels averaged)."""
        if self.width not in (1, 2, 4):
            raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"sample width {self.width}")
        if self.channels < 1:
            raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"{self.channels} channels")
        frame_bytes = self.width * self.channels
        usable = len(self.audio) - len(self.audio) % frame_bytes
        raw = self.audio[:usable]
        if self.width == 2 and self.channels == 1:
            return np.frombuffer(raw, dtype="<i2").astype(np.int16)
        dtype = {1: "u1", 2: "<i2", 4: "<i4"}[self.width]
        interleaved = np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(-1, self.channels)
        return _float_to_int16(_mono(_to_float(interleaved)))

    @classmethod
    def from_samples(cls, samples: Int16Array, rate: int = TARGET_RATE, timestamp_ms: int = 0) -> AudioChunk:
        return cls(audio=_int16_bytes(samples), rate=rate, width=2, channels=1, timestamp_ms=timestamp_ms)


def read_wav(source: AudioSource, *, max_seconds: float = DEFAULT_MAX_SECONDS) -> tuple[Int16Array, int]:
    """Decode a WAV file or its bytes into mono int16 samples at the file's own rate.

    Length is checked from the header before any sample is decoded (30 minutes of silence is refused
    in milliseconds), and decoding runs block by block so a long stereo float file never sits in
    memory as float64. A header promising more data than the file holds is accepted when some
    samples are present (a recording cut off still carries speech) and refused when none are.
    """
    with _open_source(source) as stream:
        head = stream.read(12)
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        if size == 0:
            raise AudioInputError(SpeechErrorCode.EMPTY_AUDIO, "0 bytes")
        is_wave = head[:4] in _RIFF_MAGIC and (len(head) < 12 or head[8:12] == b"WAVE")
        try:
            sound = sf.SoundFile(stream)
        except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
            # A WAV header libsndfile cannot parse is either cut off (shorter than the canonical
            # 44 bytes, or shorter than the RIFF size it declares) or uses a codec it lacks.
            if is_wave and (size < _CANONICAL_HEADER_BYTES or _declared_size(head) > size):
                raise AudioInputError(
                    SpeechErrorCode.TRUNCATED, f"WAV header cut off at {size} bytes"
                ) from exc
            detail = "WAV codec not supported" if is_wave else "not a WAV file"
            raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, detail) from exc
        with sound:
            return _decode(sound, head, size, max_seconds)


def _declared_size(head: bytes) -> int:
    """File size the RIFF header promises (0 when unknown: RF64, or a streamed header)."""
    if head[:4] != b"RIFF" or len(head) < 8:
        return 0
    declared = int.from_bytes(head[4:8], "little")
    return declared + 8 if 0 < declared < 0xFFFFFFFF else 0


def _decode(sound: sf.SoundFile, head: bytes, size: int, max_seconds: float) -> tuple[Int16Array, int]:
    if sound.format not in _WAV_CONTAINERS:
        raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"container {sound.format}")
    rate = int(sound.samplerate)
    if not _MIN_RATE <= rate <= _MAX_RATE or sound.channels < 1:
        raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"{rate} Hz, {sound.channels} channels")
    declared = _declared_size(head)
    cut_short = size < declared
    if sound.frames == 0:
        if cut_short:
            raise AudioInputError(
                SpeechErrorCode.TRUNCATED, f"header declares {declared} bytes, file has {size}"
            )
        raise AudioInputError(SpeechErrorCode.EMPTY_AUDIO, "0 samples")
    seconds = sound.frames / rate
    if seconds > max_seconds:
        raise AudioInputError(SpeechErrorCode.TOO_LONG, f"{seconds:.0f} s > {max_seconds:.0f} s")
    if cut_short:
        log.warning(
            "WAV data cut short (%d of %d bytes); using the %d frames present", size, declared, sound.frames
        )
    out = np.empty(sound.frames, dtype=np.int16)
    filled = 0
    for block in sound.blocks(blocksize=_READ_BLOCK_FRAMES, dtype="float32", always_2d=True):
        mono = _float_to_int16(_mono(block))
        out[filled : filled + len(mono)] = mono
        filled += len(mono)
    return out[:filled], rate


def to_pcm16_mono(samples: npt.NDArray[np.generic], rate: int, target_rate: int = TARGET_RATE) -> Int16Array:
    """Any PCM array (1-D mono or ``(frames, channels)``; int8/16/32, uint8 or float) → mono int16.

    Channels are averaged, then libsoxr (HQ) converts the rate, e.g. 8, 22.05 or 48 kHz → 16 kHz.
    """
    array = np.asarray(samples)
    if array.ndim > 2:
        raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"{array.ndim}-D audio array")
    if rate == target_rate and array.dtype == np.int16 and array.ndim == 1:
        return np.ascontiguousarray(array)
    mono = _mono(_to_float(array))
    if rate != target_rate and len(mono):
        mono = soxr.resample(mono, rate, target_rate, quality="HQ")
    return _float_to_int16(mono)


def mulaw_decode(data: bytes) -> Int16Array:
    """G.711 μ-law bytes (8 kHz telephone audio) → int16 samples, via libsndfile's ULAW codec."""
    if not data:
        return np.zeros(0, dtype=np.int16)
    samples, _ = sf.read(
        io.BytesIO(data), format="RAW", subtype="ULAW", samplerate=TELEPHONE_RATE, channels=1, dtype="int16"
    )
    return np.asarray(samples, dtype=np.int16)


def mulaw_encode(samples: Int16Array) -> bytes:
    """int16 samples → G.711 μ-law bytes, via libsndfile's ULAW codec."""
    if len(samples) == 0:
        return b""
    buffer = io.BytesIO()
    sf.write(buffer, np.asarray(samples, dtype=np.int16), TELEPHONE_RATE, format="RAW", subtype="ULAW")
    return buffer.getvalue()


def write_wav(target: str | os.PathLike[str] | BinaryIO, samples: Int16Array, rate: int) -> None:
    """Write mono PCM16 WAV (the format every player, browser and phone gateway accepts)."""
    sf.write(target, np.asarray(samples, dtype=np.int16), rate, format="WAV", subtype="PCM_16")


def wav_bytes(samples: Int16Array, rate: int) -> bytes:
    buffer = io.BytesIO()
    write_wav(buffer, samples, rate)
    return buffer.getvalue()


def chunks(
    samples: Int16Array, rate: int = TARGET_RATE, ms: int = 30, start_ms: int = 0
) -> Iterator[AudioChunk]:
    """Split mono int16 samples into ``ms``-long chunks, as a microphone would deliver them."""
    step = max(1, rate * ms // 1000)
    for offset in range(0, len(samples), step):
        yield AudioChunk.from_samples(
            samples[offset : offset + step], rate=rate, timestamp_ms=start_ms + offset * 1000 // rate
        )


def rms_dbfs(samples: Int16Array) -> float:
    """RMS level in dB relative to full scale; ``-inf`` for digital silence or no samples."""
    if len(samples) == 0:
        return -math.inf
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) / 32768.0
    return 20.0 * math.log10(rms) if rms > 0 else -math.inf


def require_sound(samples: Int16Array, threshold_dbfs: float = SILENCE_DBFS) -> None:
    """Refuse a recording with no sound at all before spending recognizer time on it."""
    if len(samples) == 0:
        raise AudioInputError(SpeechErrorCode.EMPTY_AUDIO, "0 samples")
    level = rms_dbfs(samples)
    if level < threshold_dbfs:
        raise AudioInputError(SpeechErrorCode.SILENCE, f"level {level:.1f} dBFS")


class StreamConverter:
    """Turns live :class:`AudioChunk` s of any rate/width/channels into one 16 kHz mono int16 stream.

    A stateful libsoxr resampler is kept across chunks, so 20 ms phone frames at 8 kHz are resampled
    without clicks at chunk edges (resampling each chunk alone would restart the filter every time).
    """

    def __init__(self, target_rate: int = TARGET_RATE) -> None:
        self.target_rate = target_rate
        self._rate: int | None = None
        self._resampler: soxr.ResampleStream | None = None

    def convert(self, chunk: AudioChunk) -> Int16Array:
        mono = chunk.samples()
        pending = np.zeros(0, dtype=np.int16)
        if chunk.rate != self._rate:
            pending = self.flush()
            self._rate = chunk.rate
            if chunk.rate != self.target_rate:
                self._resampler = soxr.ResampleStream(chunk.rate, self.target_rate, 1, dtype="float32")
        if self._resampler is None:
            converted = mono
        else:
            converted = _float_to_int16(self._resampler.resample_chunk(_to_float(mono)))
        return np.concatenate([pending, converted]) if len(pending) else converted

    def flush(self) -> Int16Array:
        """Release the resampler's tail (call at end of stream)."""
        resampler, self._resampler, self._rate = self._resampler, None, None
        if resampler is None:
            return np.zeros(0, dtype=np.int16)
        return _float_to_int16(resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))


@contextmanager
def _open_source(source: AudioSource) -> Iterator[BinaryIO]:
    """Bytes and paths are opened (and closed) here; a caller's stream is read but left open."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield io.BytesIO(bytes(source))
    elif isinstance(source, (str, os.PathLike)):
        with Path(source).open("rb") as handle:
            yield handle
    elif source.seekable():
        yield source
    else:
        yield io.BytesIO(source.read())


def _to_float(array: npt.NDArray[np.generic]) -> npt.NDArray[np.float32]:
    """Scale any PCM dtype to float32 in [-1, 1] the way WAV defines it (unsigned is offset by half)."""
    kind, bits = array.dtype.kind, 8 * array.dtype.itemsize
    if kind == "f":
        scaled = np.nan_to_num(array.astype(np.float32), nan=0.0, posinf=1.0, neginf=-1.0)
    elif kind == "i":
        scaled = array.astype(np.float32) / float(2 ** (bits - 1))
    elif kind == "u":
        half = float(2 ** (bits - 1))
        scaled = (array.astype(np.float32) - half) / half
    else:
        raise AudioInputError(SpeechErrorCode.UNSUPPORTED_FORMAT, f"sample type {array.dtype}")
    return np.asarray(scaled, dtype=np.float32)


def _mono(array: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    if array.ndim == 2:
        return array.mean(axis=1, dtype=np.float32) if array.shape[1] > 1 else array[:, 0]
    return array


def _float_to_int16(array: npt.NDArray[np.float32]) -> Int16Array:
    return np.asarray(np.clip(np.rint(array * 32768.0), -32768, 32767), dtype=np.int16)


def _int16_bytes(samples: Int16Array) -> bytes:
    return np.asarray(samples, dtype="<i2").tobytes()
