"""``assistant kiosk`` through a real audio stack: PulseAudio (Debian package), ALSA's pulse plugin,
PortAudio and ``sounddevice`` — the same path a kiosk PC with a USB microphone uses.

The test starts its own user-mode PulseAudio daemon (no system service, works as root in a
container) with two null sinks: ``kiosk_mic_feed``, whose monitor is the default source (the
kiosk's microphone), and ``kiosk_speaker``, the default sink (the kiosk's speaker), whose monitor
is recorded with ``parecord``. A real recorded question is played into the microphone with
``paplay``; the kiosk must hear it, ask the running Rasa assistant and speak the answer, and the
recording of its speaker must hold that answer.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from speech.audio import read_wav
from speech.stt.evaluate import read_manifest, word_errors
from speech.tts.espeak_engine import EspeakSynthesizer
from speech.vad import frame_level_dbfs

SHARED_AUDIO = Path(__file__).resolve().parents[2] / "shared/audio"
FOSD = SHARED_AUDIO / "fosd/manifest.tsv"
VIVOS = SHARED_AUDIO / "vivos_spk01/manifest.tsv"
QUESTION_CLIP = "FPTOpenSpeechData_Set001_V0.1_011997"
"""Real FOSD speech: "hoàn thuế giá trị gia tăng với một số dự án mới thành lập không có giấy phép đầu tư"."""
PULSE_CONFIG = """
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=kiosk_speaker sink_properties=device.description=KioskSpeaker
load-module module-null-sink sink_name=kiosk_mic_feed sink_properties=device.description=KioskMicFeed
set-default-sink kiosk_speaker
set-default-source kiosk_mic_feed.monitor
"""


def clip(manifest: Path, clip_id: str) -> tuple[Path, str]:
    row = next(row for row in read_manifest(manifest) if row.clip_id == clip_id)
    return row.wav, row.text


def audible_seconds(samples: npt.NDArray[np.int16], rate: int) -> float:
    step = rate // 50
    return 0.02 * sum(
        frame_level_dbfs(samples[i : i + step].tobytes()) > -45 for i in range(0, len(samples) - step, step)
    )


@contextmanager
def pulseaudio(root: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio daemon; yields the environment that makes clients (and ALSA) use it."""
    binary = shutil.which("pulseaudio")
    if binary is None:
        raise RuntimeError(
            "PulseAudio not found: run `make test` (scripts/system-deps.sh installs `pulseaudio`)"
        )
    runtime, home = root / "run", root / "home"
    runtime.mkdir(mode=0o700, parents=True)
    home.mkdir()
    socket = root / "native"
    config = root / "kiosk.pa"
    config.write_text(PULSE_CONFIG.format(socket=socket), encoding="utf-8")
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(home),
        "PULSE_SERVER": f"unix:{socket}",
    }
    log = (root / "pulseaudio.log").open("wb")
    daemon = subprocess.Popen(
        [
            binary,
            "-n",
            "-F",
            str(config),
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--log-target=stderr",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PulseAudio did not start; see {root / 'pulseaudio.log'}")
            time.sleep(0.2)
        yield {k: v for k, v in env.items() if k in ("XDG_RUNTIME_DIR", "HOME", "PULSE_SERVER")}
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        log.close()


@pytest.fixture(scope="module")
def pulse(tmp_path_factory) -> Iterator[dict[str, str]]:
    with pulseaudio(tmp_path_factory.mktemp("pulse")) as env:
        yield env


class Kiosk:
    """``assistant kiosk`` as a child process; its captions are read line by line as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "kiosk", *args],
            env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.lines.append(line)
            if text in line:
                return line
        stderr = self.process.stderr.read() if self.process.poll() is not None and self.process.stderr else ""
        raise AssertionError(f"kiosk never printed {text!r}; output: {self.lines}; stderr: {stderr}")

    def finish(self, timeout: float) -> int:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = -1
        while not self._queue.empty():
            self.lines.append(self._queue.get())
        assert code != -1, f"kiosk still running after {timeout} s; output: {self.lines}"
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def recording(env: dict[str, str], path: Path) -> Iterator[None]:
    """Record the kiosk's speaker (the monitor of its sink) as 16 kHz mono WAV."""
    recorder = subprocess.Popen(
        [
            "parecord",
            "--device=kiosk_speaker.monitor",
            "--rate=16000",
            "--channels=1",
            "--file-format=wav",
            str(path),
        ],
        env={**os.environ, **env},
    )
    try:
        time.sleep(0.3)
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=10)


def play_into_microphone(env: dict[str, str], wav: Path) -> None:
    subprocess.run(
        ["paplay", "--device=kiosk_mic_feed", str(wav)], env={**os.environ, **env}, check=True, timeout=60
    )


def said(lines: list[str]) -> list[str]:
    return [line.removeprefix("Trợ lý: ") for line in lines if line.startswith("Trợ lý: ")]


# --- devices -----------------------------------------------------------------------------------------


def test_devices_are_listed_through_pulseaudio(pulse):
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "kiosk", "--list-devices"],
        env={**os.environ, **pulse},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "pulse (ALSA)" in result.stdout
    assert any(line.startswith("<>") for line in result.stdout.splitlines())  # a default mic and speaker


@pytest.mark.skipif(
    Path("/dev/snd").exists(), reason="this machine has sound cards, so 'no device' cannot happen"
)
def test_no_audio_device_is_a_clear_spoken_friendly_error(tmp_path):
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path / 'no-server'}", "HOME": str(tmp_path)}
    for args in (["--list-devices"], []):
        result = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "kiosk", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 3
        assert "micrô" in result.stdout + result.stderr and "loa" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_an_unknown_device_is_named_in_the_error(pulse):
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "kiosk", "--input-device", "no-such-microphone"],
        env={**os.environ, **pulse},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "Máy chưa có micrô hoặc loa" in result.stderr and "no-such-microphone" in result.stderr


# --- a full spoken turn --------------------------------------------------------------------------------


@pytest.mark.slow
def test_kiosk_hears_a_real_question_and_speaks_the_answer(assistant_servers, pulse, tmp_path):
    question, reference = clip(FOSD, QUESTION_CLIP)
    recorded = tmp_path / "speaker.wav"
    kiosk = Kiosk(["--max-turns", "1", "--url", assistant_servers.rasa_url, "--tts", "espeak"], pulse)
    try:
        kiosk.wait_for("Kiosk sẵn sàng", timeout=120)
        with recording(pulse, recorded):
            play_into_microphone(pulse, question)
            assert kiosk.finish(timeout=120) == 0
    finally:
        kiosk.kill()
    heard = [line.removeprefix("Bạn: ") for line in kiosk.lines if line.startswith("Bạn: ")]
    assert len(heard) == 1 and word_errors(reference, heard[0]) / len(reference.split()) <= 0.3
    answer = said(kiosk.lines)
    assert answer
    print("\n".join(line for line in kiosk.lines if line.startswith("(trả lời sau")))

    samples, rate = read_wav(recorded)
    expected = sum(
        len(chunk.audio) / 2 / chunk.rate for text in answer for chunk in EspeakSynthesizer().synthesize(text)
    )
    heard_from_speaker = audible_seconds(samples, rate)
    # The whole answer came out of the speaker (espeak pauses between words are not counted as audible).
    assert heard_from_speaker > 0.5 * expected
    assert len(samples) / rate >= expected * 0.9


@pytest.mark.slow
def test_speaking_over_the_kiosk_cuts_its_answer_short(assistant_servers, pulse, tmp_path):
    question, _ = clip(FOSD, QUESTION_CLIP)
    interruption, _ = clip(VIVOS, "VIVOSSPK01_R002")
    recorded = tmp_path / "speaker.wav"
    kiosk = Kiosk(["--max-turns", "2", "--url", assistant_servers.rasa_url, "--tts", "espeak"], pulse)
    try:
        kiosk.wait_for("Kiosk sẵn sàng", timeout=120)
        with recording(pulse, recorded):
            play_into_microphone(pulse, question)
            kiosk.wait_for("Trợ lý: ", timeout=60)
            time.sleep(2.0)  # the answer is playing
            play_into_microphone(pulse, interruption)
            kiosk.wait_for("(đã dừng để nghe bạn)", timeout=30)
            assert kiosk.finish(timeout=120) == 0
    finally:
        kiosk.kill()
    heard = [line for line in kiosk.lines if line.startswith("Bạn: ")]
    assert len(heard) == 2  # the interruption was heard and answered as the next turn
    first_answer = said(kiosk.lines[: kiosk.lines.index(heard[1])])
    whole = [c.samples() for text in first_answer for c in EspeakSynthesizer().synthesize(text)]
    whole_audible = audible_seconds(np.concatenate(whole), 22050)
    samples, rate = read_wav(recorded)
    print(
        f"first answer {whole_audible:.1f} s audible in full; speaker played {audible_seconds(samples, rate):.1f} s in all"
    )
    assert whole_audible > 8.0
    # Both answers together are shorter than the first one alone would have been: it was cut.
    assert audible_seconds(samples, rate) < 0.8 * whole_audible
