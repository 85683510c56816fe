"""Fetch a registry model, resume it when the line drops, verify it and install it in one step.

Why each step: rural offices download 30-80 MB over flaky links, so a partial file is kept as
``.part`` and continued with an HTTP ``Range`` request instead of starting over; a model that loads
but was silently corrupted would recognise or speak garbage, so every published size and digest is
checked and a zip's CRCs are tested before anything is unpacked; and the installed folder appears
only by an atomic rename, so a crash never leaves a half-unpacked model that the factories would
pick up.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from tqdm import tqdm

from speech.errors import ModelMissingError, SpeechErrorCode
from speech.models import ModelEntry, ModelFile

log = logging.getLogger(__name__)

ProgressFactory = Callable[[int | None, int, str], "ProgressBar"]
"""(total bytes or None, bytes already on disk, label) → a bar with ``update(n)`` and ``close()``."""

_CHUNK = 1 << 16
_ATTEMPTS = 3
_TIMEOUT_S = 30.0


class ProgressBar(Protocol):
    """The interface a progress bar needs here (tqdm has it)."""

    def update(self, n: int) -> object: ...

    def close(self) -> object: ...


def tqdm_progress(total: int | None, initial: int, label: str) -> ProgressBar:
    bar: ProgressBar = tqdm(
        total=total,
        initial=initial,
        desc=label,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=sys.stderr,
    )
    return bar


class _Silent:
    def update(self, n: int) -> None:
        return None

    def close(self) -> None:
        return None


def no_progress(total: int | None, initial: int, label: str) -> ProgressBar:
    return _Silent()


class DownloadProblem(Enum):
    NOT_FOUND = "not_found"
    NETWORK = "network"
    TRUNCATED = "truncated"
    CORRUPTED = "corrupted"
    BAD_ARCHIVE = "bad_archive"


_MESSAGES = {
    DownloadProblem.NOT_FOUND: "Không tìm thấy mô hình trên máy chủ. Bạn kiểm tra lại địa chỉ tải nhé.",
    DownloadProblem.NETWORK: "Không kết nối được máy chủ tải mô hình. Bạn kiểm tra mạng rồi thử lại nhé.",
    DownloadProblem.TRUNCATED: "Mô hình mới tải được một phần. Bạn chạy lại lệnh tải để tải tiếp nhé.",
    DownloadProblem.CORRUPTED: "Tệp mô hình tải về bị hỏng nên đã bị xoá. Bạn chạy lại lệnh tải nhé.",
    DownloadProblem.BAD_ARCHIVE: "Tệp nén của mô hình bị hỏng nên đã bị xoá. Bạn chạy lại lệnh tải nhé.",
}


class DownloadError(ModelMissingError):
    """A model could not be installed; ``problem`` says why, ``message`` says it out loud."""

    def __init__(self, problem: DownloadProblem, detail: str) -> None:
        super().__init__(SpeechErrorCode.MODEL_MISSING, detail)
        self.problem = problem

    @property
    def message(self) -> str:
        return _MESSAGES[self.problem]


def download(
    entry: ModelEntry,
    models_dir: Path,
    base_url_override: str | None = None,
    progress: ProgressFactory = tqdm_progress,
    report: Callable[[str], None] = print,
    timeout_s: float = _TIMEOUT_S,
) -> Path:
    """Install ``entry`` under ``models_dir`` and return its folder (already installed → no network)."""
    target = entry.install_dir(models_dir)
    if entry.is_installed(models_dir):
        report(f"{entry.key}: đã có sẵn ở {target}")
        return target
    staging = models_dir / ".downloads"
    staging.mkdir(parents=True, exist_ok=True)
    base = (base_url_override or entry.base_url).rstrip("/")
    fetched: list[Path] = []
    for file in entry.files:
        part = staging / f"{file.name}.part"
        _fetch(f"{base}/{file.url_path}", part, file, progress, timeout_s)
        _verify(part, file, report)
        fetched.append(part)
    if not entry.sha256_pinned:
        report(f"{entry.key}: CHÚ Ý — chưa có SHA-256 chính thức; chỉ kiểm được: {entry.checksum_note}")
    if entry.archive:
        _install_archive(fetched[0], target)
    else:
        _install_files(fetched, target)
    log.info("installed %s into %s", entry.key, target)
    return target


# -- fetching -----------------------------------------------------------------------------------


def _fetch(url: str, part: Path, file: ModelFile, progress: ProgressFactory, timeout_s: float) -> None:
    """Download into ``part``, resuming what is there; a few automatic retries when the server cuts off."""
    for attempt in range(1, _ATTEMPTS + 1):
        have = part.stat().st_size if part.exists() else 0
        if file.size is not None and have == file.size:
            return
        if file.size is not None and have > file.size:
            part.unlink()  # longer than the real file: cannot be a prefix of it
            have = 0
        try:
            expected_total = _stream(url, part, have, file, progress, timeout_s)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise DownloadError(DownloadProblem.NOT_FOUND, f"HTTP 404 for {url}") from exc
            if exc.code == 416 and have:
                part.unlink()  # the server says our offset is past its end: start afresh
                continue
            raise DownloadError(DownloadProblem.NETWORK, f"HTTP {exc.code} for {url}") from exc
        except (OSError, http.client.HTTPException) as exc:
            # URLError is an OSError too: refused connection, reset, timeout mid-body.
            if attempt == _ATTEMPTS:
                raise _short_or_network(part, url, exc) from exc
            log.warning("download of %s interrupted (%s); resuming", url, exc)
            continue
        size = part.stat().st_size
        if expected_total is None or size >= expected_total:
            return
        log.warning("download of %s ended at %d of %d bytes; resuming", url, size, expected_total)
    size = part.stat().st_size if part.exists() else 0
    raise DownloadError(
        DownloadProblem.TRUNCATED,
        f"{url}: {size} bytes after {_ATTEMPTS} attempts; kept {part.name} to resume",
    )


def _short_or_network(part: Path, url: str, exc: BaseException) -> DownloadError:
    if part.exists() and part.stat().st_size:
        return DownloadError(DownloadProblem.TRUNCATED, f"{url}: {exc}; kept {part.name} to resume")
    return DownloadError(DownloadProblem.NETWORK, f"{url}: {exc}")


def _stream(
    url: str, part: Path, have: int, file: ModelFile, progress: ProgressFactory, timeout_s: float
) -> int | None:
    """One HTTP request; returns the full size the file should reach, when anyone knows it."""
    request = urllib.request.Request(url, headers={"User-Agent": "tro-ly-thu-tuc-models/1"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        resumed = have > 0 and response.status == 206
        length = response.headers.get("Content-Length")
        if not resumed and length is not None and file.size is not None and int(length) != file.size:
            # A wrong file behind the right name (stale mirror, error page): refuse before fetching it.
            raise DownloadError(
                DownloadProblem.CORRUPTED, f"{url} serves {length} bytes, expected {file.size}"
            )
        total = (have if resumed else 0) + int(length) if length is not None else file.size
        bar = progress(file.size or total, have if resumed else 0, file.name)
        try:
            with part.open("ab" if resumed else "wb") as out:
                _copy(response, out, bar)
        finally:
            bar.close()
    return total


def _copy(response: IO[bytes], out: IO[bytes], bar: ProgressBar) -> None:
    while True:
        block = response.read(_CHUNK)
        if not block:
            return
        out.write(block)
        bar.update(len(block))


# -- verifying ----------------------------------------------------------------------------------


def _verify(part: Path, file: ModelFile, report: Callable[[str], None]) -> None:
    size = part.stat().st_size
    if file.size is not None and size != file.size:
        part.unlink()
        raise DownloadError(DownloadProblem.CORRUPTED, f"{file.name}: {size} bytes, expected {file.size}")
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with part.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(block)
            md5.update(block)
    for name, expected, actual in (
        ("SHA-256", file.sha256, sha256.hexdigest()),
        ("MD5", file.md5, md5.hexdigest()),
    ):
        if expected is not None and actual != expected:
            part.unlink()
            raise DownloadError(
                DownloadProblem.CORRUPTED, f"{file.name}: {name} {actual}, expected {expected}"
            )
    if file.sha256 is None:
        report(f"{file.name}: SHA-256 {sha256.hexdigest()} (chưa được ghim, không đối chiếu được)")


# -- installing ---------------------------------------------------------------------------------


def _install_archive(archive: Path, target: Path) -> None:
    """Test every CRC, unpack beside the target, then swap it in with one rename."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            broken = zipped.testzip()
            if broken is not None:
                raise zipfile.BadZipFile(f"CRC error in {broken}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=target.parent) as tmp:
                root = Path(tmp) / "unpacked"
                for member in zipped.infolist():
                    if not _safe_member(member.filename):
                        raise zipfile.BadZipFile(f"unsafe path {member.filename!r}")
                zipped.extractall(root)
                _swap_in(_model_root(root), target)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        archive.unlink(missing_ok=True)
        raise DownloadError(DownloadProblem.BAD_ARCHIVE, f"{archive.name}: {exc}") from exc
    archive.unlink()


def _install_files(parts: list[Path], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=target.parent) as tmp:
        folder = Path(tmp) / target.name
        folder.mkdir()
        for part in parts:
            os.replace(part, folder / part.name.removesuffix(".part"))
        _swap_in(folder, target)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _model_root(unpacked: Path) -> Path:
    """Publishers zip ``vosk-model-xx/…``: use that single top folder, or the root if files are loose."""
    entries = [p for p in unpacked.iterdir() if not p.name.startswith("__MACOSX")]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else unpacked


def _swap_in(source: Path, target: Path) -> None:
    """Replace ``target`` by ``source`` (same filesystem): an old copy is moved aside, then removed."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(source, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
