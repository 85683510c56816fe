"""The official Vietnamese speech models: where their publishers serve them and how to check them.

Each entry says what could honestly be established about its files. Sources of the digests:

- Piper voices: sizes and MD5 from ``voices.json`` of ``rhasspy/piper-voices`` (the publisher's own
  listing, as vendored in ``rhasspy/wyoming-piper``). SHA-256 for ``vi_VN-vais1000-medium`` from
  several independent projects that pin it (same bytes and size as the MD5 listing); the other two
  voices have no published SHA-256, so only their size and MD5 are checked.
- Vosk: ``alphacephei.com/vosk/models/model-list.json`` publishes size and MD5 per zip;
  ``vosk-model-small-vn-0.4`` is pinned from it (two projects copy the same values). No size or
  digest for ``vosk-model-vn-0.4`` could be found, and Alpha Cephei publishes no SHA-256 at all:
  that download is checked only by its zip CRCs, and the downloader says so.

Voices are pinned to one piper-voices revision so their config files cannot change under the digests.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

PIPER_VOICES_BASE_URL = (
    "https://huggingface.co/rhasspy/piper-voices/resolve/3d796cc2f2c884b3517c527507e084f7bb245aea"
)
VOSK_BASE_URL = "https://alphacephei.com/vosk/models"

DEFAULT_STT = "vosk-small"
DEFAULT_TTS = "vi_VN-vais1000-medium"


class ModelKind(str, Enum):
    STT = "stt"
    TTS = "tts"


@dataclass(frozen=True)
class ModelFile:
    """One file as the publisher serves it; ``None`` means the value could not be established."""

    url_path: str
    """Path under the base URL (a mirror passed with ``--base-url`` must use the same layout)."""
    size: int | None = None
    sha256: str | None = None
    md5: str | None = None

    @property
    def name(self) -> str:
        return self.url_path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ModelEntry:
    key: str
    """What the CLI accepts: ``--stt vosk-small`` or ``--tts vi_VN-vais1000-medium``."""
    kind: ModelKind
    name: str
    """Folder under ``models/stt/`` or ``models/tts/`` once installed."""
    description: str
    base_url: str
    files: tuple[ModelFile, ...]
    archive: bool
    """A zip to unpack (Vosk) rather than files used as they are (Piper .onnx + .onnx.json)."""
    licence: str
    checksum_note: str

    def install_dir(self, models_dir: Path) -> Path:
        return models_dir / self.kind.value / self.name

    @property
    def sha256_pinned(self) -> bool:
        return all(f.sha256 for f in self.files)

    @property
    def total_size(self) -> int | None:
        sizes = [f.size for f in self.files]
        return None if any(s is None for s in sizes) else sum(s for s in sizes if s is not None)

    def is_installed(self, models_dir: Path) -> bool:
        target = self.install_dir(models_dir)
        if self.kind is ModelKind.TTS:
            return all((target / f.name).is_file() for f in self.files)
        return (target / "am").is_dir() and (target / "conf").is_dir()


def _voice(
    key: str,
    path: str,
    model: tuple[int, str, str | None],
    config: tuple[int, str, str | None],
    description: str,
    licence: str,
) -> ModelEntry:
    pinned = model[2] is not None and config[2] is not None
    return ModelEntry(
        key=key,
        kind=ModelKind.TTS,
        name=key,
        description=description,
        base_url=PIPER_VOICES_BASE_URL,
        files=(
            ModelFile(f"{path}/{key}.onnx", size=model[0], md5=model[1], sha256=model[2]),
            ModelFile(f"{path}/{key}.onnx.json", size=config[0], md5=config[1], sha256=config[2]),
        ),
        archive=False,
        licence=licence,
        checksum_note=(
            "size, MD5 (voices.json) and SHA-256 pinned"
            if pinned
            else "size and MD5 from the publisher's voices.json; SHA-256 not published (unpinned)"
        ),
    )


REGISTRY: dict[str, ModelEntry] = {
    entry.key: entry
    for entry in (
        ModelEntry(
            key="vosk-small",
            kind=ModelKind.STT,
            name="vosk-model-small-vn-0.4",
            description="Vosk tiếng Việt, bản nhỏ (32 MB): nhanh, hỗ trợ danh sách cụm từ (grammar)",
            base_url=VOSK_BASE_URL,
            files=(
                ModelFile(
                    "vosk-model-small-vn-0.4.zip", size=33_656_337, md5="b31b474a1ef75488c5fa575f8e2a1269"
                ),
            ),
            archive=True,
            licence="Apache-2.0",
            checksum_note="size and MD5 from Alpha Cephei's model-list.json; SHA-256 not published (unpinned)",
        ),
        ModelEntry(
            key="vosk",
            kind=ModelKind.STT,
            name="vosk-model-vn-0.4",
            description="Vosk tiếng Việt, bản lớn (khoảng 78 MB): chính xác hơn, không đổi được grammar",
            base_url=VOSK_BASE_URL,
            files=(ModelFile("vosk-model-vn-0.4.zip"),),
            archive=True,
            licence="Apache-2.0",
            checksum_note="no published size or digest could be established: only zip CRCs are checked",
        ),
        _voice(
            "vi_VN-vais1000-medium",
            "vi/vi_VN/vais1000/medium",
            (
                63_201_294,
                "5e42428c4f6131f75557cf156c9c1526",
                "ec7c89e2c85f4d1edc24b6120c18aaf1bda614f06b511567eb9c7c0de15e2dab",
            ),
            (
                4_860,
                "5ec9669253541d64ba97f60e422f1ad0",
                "fafb9da1354ed4b77c31af228ed41fb41cd825c14cffa105454b25e6ae751ee0",
            ),
            "Piper giọng nữ VAIS-1000, chất lượng vừa (22 050 Hz): giọng ưu tiên",
            "MIT (voice); dataset VAIS-1000 CC BY 4.0",
        ),
        _voice(
            "vi_VN-25hours_single-low",
            "vi/vi_VN/25hours_single/low",
            (63_104_526, "54ff8fb35b0084336377ddd10717e1fa", None),
            (4_176, "d626bc458e9eb1a12650709bfc89d4a2", None),
            "Piper giọng 25hours, chất lượng thấp (16 000 Hz)",
            "MIT (voice); see the voice's MODEL_CARD for the dataset",
        ),
        _voice(
            "vi_VN-vivos-x_low",
            "vi/vi_VN/vivos/x_low",
            (27_789_413, "d5880d32e340f57489dcb9d4f1f7aa04", None),
            (5_592, "708356072a75e33cff652f1b5d455795", None),
            "Piper VIVOS nhiều giọng, chất lượng rất thấp (16 000 Hz)",
            "MIT (voice); dataset VIVOS CC BY-NC-SA 4.0",
        ),
    )
}


def default_models_dir() -> Path:
    """``$ASSISTANT_MODELS_DIR`` or ``<project>/models`` (same rule as the assistant's settings)."""
    env = os.environ.get("ASSISTANT_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "models"


def entry_for(key: str, kind: ModelKind) -> ModelEntry:
    entry = REGISTRY.get(key)
    if entry is None or entry.kind is not kind:
        choices = ", ".join(k for k, e in REGISTRY.items() if e.kind is kind)
        raise KeyError(f"unknown {kind.value} model {key!r}; choose one of: {choices}")
    return entry


def _mb(size: int | None) -> str:
    return "?" if size is None else f"{size / 1_000_000:.1f} MB"


def cli_models_list(models_dir: Path | None = None) -> int:
    """``assistant models list``: every official model, whether it is installed, and what is active."""
    from speech.tts.factory import active_engine_description as tts_active

    root = models_dir or default_models_dir()
    print(f"Thư mục mô hình: {root}")
    for entry in REGISTRY.values():
        installed = entry.is_installed(root)
        mark = "đã cài" if installed else "chưa cài"
        print(
            f"  [{entry.kind.value}] {entry.key:<26} {mark:<9} {_mb(entry.total_size):>9}  {entry.description}"
        )
        print(f"         {entry.checksum_note}")
    print(f"Nhận dạng (STT) đang dùng: {_stt_active(root)}")
    print(f"Đọc (TTS) đang dùng: {tts_active(root)}")
    return 0


def _stt_active(models_dir: Path) -> str:
    from speech.stt.factory import active_engine_description

    description: str = active_engine_description(models_dir)
    return description


def cli_models_download(
    stt: str | None,
    tts: str | None,
    base_url: str | None,
    models_dir: Path | None = None,
) -> int:
    """``assistant models download``: fetch, verify and unpack; with no choice, the recommended pair."""
    from speech.download import DownloadError, download

    root = models_dir or default_models_dir()
    if stt is None and tts is None:
        stt, tts = DEFAULT_STT, DEFAULT_TTS
    try:
        entries = [entry_for(k, ModelKind.STT) for k in [stt] if k] + [
            entry_for(k, ModelKind.TTS) for k in [tts] if k
        ]
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    status = 0
    for entry in entries:
        try:
            path = download(entry, root, base_url_override=base_url)
        except DownloadError as exc:
            print(f"{entry.key}: {exc.message} ({exc.detail})", file=sys.stderr)
            status = 1
            continue
        print(f"{entry.key}: đã cài vào {path}")
    return status
