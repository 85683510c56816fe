"""Word error rate and real-time factor of a recognizer on a manifest of real clips.

Manifest format (``../shared/audio/*/manifest.tsv``): a header, then ``id, wav, duration_s, text``
per line, ``wav`` relative to the manifest, ``text`` lowercase without punctuation.

WER is corpus-level (all word edits / all reference words, as ``jiwer`` reports it), computed with
rapidfuzz's Levenshtein distance over word sequences. The real-time factor of a clip is the wall
time of one streamed session (30 ms chunks, as from a microphone, partials included) divided by the
clip's duration; the model is loaded before timing starts and reading the WAV is not counted.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from civic.text.vietnamese import words
from speech.audio import read_wav
from speech.stt.base import SpeechRecognizer


@dataclass(frozen=True)
class ManifestRow:
    clip_id: str
    wav: Path
    duration_s: float
    text: str


@dataclass(frozen=True)
class ClipScore:
    clip_id: str
    duration_s: float
    seconds: float
    errors: int
    reference_words: int
    hypothesis: str

    @property
    def rtf(self) -> float:
        return self.seconds / self.duration_s if self.duration_s else 0.0


@dataclass(frozen=True)
class EngineScore:
    engine: str
    wer: float
    rtf_median: float
    rtf_p95: float
    clips: int
    audio_s: float
    per_clip: tuple[ClipScore, ...] = ()

    def summary(self) -> str:
        return (
            f"{self.engine}: WER {self.wer:.1%} over {self.clips} clips ({self.audio_s / 60:.1f} min), "
            f"RTF median {self.rtf_median:.3f}, p95 {self.rtf_p95:.3f}"
        )


def read_manifest(manifest_path: Path, limit: int | None = None) -> list[ManifestRow]:
    manifest_path = Path(manifest_path)
    with manifest_path.open(encoding="utf-8", newline="") as handle:
        rows = [
            ManifestRow(row["id"], manifest_path.parent / row["wav"], float(row["duration_s"]), row["text"])
            for row in csv.DictReader(handle, delimiter="\t")
        ]
    return rows[:limit] if limit is not None else rows


def word_errors(reference: str, hypothesis: str) -> int:
    """Substitutions + deletions + insertions between the two word sequences."""
    return int(Levenshtein.distance(words(reference), words(hypothesis)))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: with 60 clips, p95 is the 57th slowest)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def evaluate_engine(
    recognizer: SpeechRecognizer, manifest_path: Path, limit: int | None = None
) -> EngineScore:
    """Stream every clip of the manifest through ``recognizer``; score words and speed."""
    recognizer.load()
    scores = []
    for row in read_manifest(manifest_path, limit):
        samples, rate = read_wav(row.wav)
        started = time.perf_counter()
        transcript = recognizer.transcribe(samples, rate)
        seconds = time.perf_counter() - started
        scores.append(
            ClipScore(
                clip_id=row.clip_id,
                duration_s=len(samples) / rate,
                seconds=seconds,
                errors=word_errors(row.text, transcript.text),
                reference_words=len(words(row.text)),
                hypothesis=transcript.text,
            )
        )
    total_words = sum(score.reference_words for score in scores)
    rtfs = [score.rtf for score in scores]
    return EngineScore(
        engine=recognizer.name,
        wer=sum(score.errors for score in scores) / total_words if total_words else 0.0,
        rtf_median=statistics.median(rtfs) if rtfs else 0.0,
        rtf_p95=percentile(rtfs, 0.95),
        clips=len(scores),
        audio_s=sum(score.duration_s for score in scores),
        per_clip=tuple(scores),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m speech.stt.evaluate MANIFEST... [--engine vietasr|vosk] [--models-dir models]``."""
    from speech.stt.factory import create_recognizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("manifests", nargs="+", type=Path)
    parser.add_argument("--engine", default=None, help="vosk, vietasr or a Vosk model directory name")
    parser.add_argument("--models-dir", type=Path, default=Path("models"))
    parser.add_argument("--vosk-model-dir", type=Path, default=None, help="any Vosk model directory")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if args.vosk_model_dir is not None:
        from speech.stt.vosk_engine import VoskRecognizer

        recognizer: SpeechRecognizer = VoskRecognizer(args.vosk_model_dir)
    else:
        recognizer = create_recognizer(args.models_dir, args.engine)
    for manifest in args.manifests:
        print(f"{manifest}: {evaluate_engine(recognizer, manifest, args.limit).summary()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
