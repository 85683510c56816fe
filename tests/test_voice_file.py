"""``assistant voice-file``: one spoken turn from a WAV file, through the real command line.

Bad files never reach the assistant (the URL points where nothing listens, and the turn must not
need it): each gets a clear message, exit code 2 and a spoken explanation in the reply WAV. Real
speech goes through viet-asr, the running Rasa assistant and the voice.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile as sf
import soxr

from assistant.chat import send
from assistant.cli import main
from speech.audio import read_wav
from speech.errors import SpeechError, SpeechErrorCode
from speech.stt.evaluate import read_manifest, word_errors
from speech.vad import frame_level_dbfs

SHARED_AUDIO = Path(__file__).resolve().parents[2] / "shared/audio"
VIVOS = SHARED_AUDIO / "vivos_spk01/manifest.tsv"
FOSD = SHARED_AUDIO / "fosd/manifest.tsv"
QUESTION_CLIP = "FPTOpenSpeechData_Set001_V0.1_010529"
"""A real FOSD recording of a citizen-style question: "điều kiện và thủ tục để được đi làm việc ở nước
ngoài theo hình thức hợp đồng cá nhân"."""
NOBODY_LISTENING = "http://127.0.0.1:9"


def clip_path(manifest: Path, clip_id: str) -> tuple[Path, str]:
    row = next(row for row in read_manifest(manifest) if row.clip_id == clip_id)
    return row.wav, row.text


def audible_seconds(samples: npt.NDArray[np.int16], rate: int) -> float:
    step = rate // 50
    return 0.02 * sum(
        frame_level_dbfs(samples[i : i + step].tobytes()) > -45 for i in range(0, len(samples) - step, step)
    )


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["voice-file", *args])
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str, prefix: str) -> list[str]:
    return [line.removeprefix(prefix) for line in out.splitlines() if line.startswith(prefix)]


# --- bad audio -------------------------------------------------------------------------------------


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_header(path: Path) -> None:
    path.write_bytes(clip_path(VIVOS, "VIVOSSPK01_R002")[0].read_bytes()[:30])


def _not_a_wav(path: Path) -> None:
    path.write_text("đây không phải âm thanh", encoding="utf-8")


def _thirty_minutes_of_silence(path: Path) -> None:
    sf.write(path, np.zeros(16000 * 60 * 30, dtype=np.int16), 16000, subtype="PCM_16")


def _five_minutes_of_silence(path: Path) -> None:
    sf.write(path, np.zeros(16000 * 60 * 5, dtype=np.int16), 16000, subtype="PCM_16")


def _white_noise(path: Path) -> None:
    noise = np.random.default_rng(7).normal(0, 0.1, 16000 * 5).astype(np.float32)
    sf.write(path, noise, 16000, subtype="PCM_16")


BAD_AUDIO = {
    "empty file": (_empty, SpeechErrorCode.EMPTY_AUDIO),
    "truncated header": (_truncated_header, SpeechErrorCode.TRUNCATED),
    "not a WAV": (_not_a_wav, SpeechErrorCode.UNSUPPORTED_FORMAT),
    "30 min of silence": (_thirty_minutes_of_silence, SpeechErrorCode.TOO_LONG),
    "5 min of silence": (_five_minutes_of_silence, SpeechErrorCode.SILENCE),
    "white noise": (_white_noise, SpeechErrorCode.SILENCE),
}


@pytest.mark.parametrize("case", list(BAD_AUDIO))
def test_bad_audio_gets_a_clear_message_exit_2_and_a_spoken_reply(tmp_path, capsys, case):
    make, code = BAD_AUDIO[case]
    source, reply = tmp_path / "in.wav", tmp_path / "reply.wav"
    make(source)
    status, out, err = run_cli(
        capsys, str(source), "--out", str(reply), "--url", NOBODY_LISTENING, "--tts", "espeak"
    )
    message = SpeechError(code).message
    assert status == 2
    assert lines(out, "Trợ lý: ") == [message]
    assert message in err
    assert not lines(out, "Nghe được: ")
    samples, rate = read_wav(reply)
    assert audible_seconds(samples, rate) > 1.0  # the explanation is spoken, not just printed


def test_a_missing_input_file_is_exit_2(tmp_path, capsys):
    status, _, err = run_cli(capsys, str(tmp_path / "nothing.wav"), "--out", str(tmp_path / "r.wav"))
    assert status == 2 and "không có tệp" in err
    assert not (tmp_path / "r.wav").exists()


# --- real speech through the running assistant ----------------------------------------------------


@pytest.mark.slow
def test_a_recorded_question_goes_through_vietasr_rasa_and_the_voice(assistant_servers, tmp_path, capsys):
    source, reference = clip_path(FOSD, QUESTION_CLIP)
    reply = tmp_path / "reply.wav"
    status, out, err = run_cli(capsys, str(source), "--out", str(reply), "--url", assistant_servers.rasa_url)
    assert status == 0, err
    (heard,) = lines(out, "Nghe được: ")
    assert word_errors(reference, heard) / len(reference.split()) <= 0.3
    assert "thủ tục" in heard
    # The caption of what was said is exactly what the assistant answers to what was heard.
    expected = [m["text"] for m in send(assistant_servers.rasa_url, f"check-{uuid.uuid4().hex[:8]}", heard)]
    assert lines(out, "Trợ lý: ") == expected
    samples, rate = read_wav(reply)
    assert audible_seconds(samples, rate) > 1.0


def _stereo_44k(samples: npt.NDArray[np.int16], path: Path) -> None:
    up = soxr.resample(samples.astype(np.float32) / 32768, 16000, 44100)
    sf.write(path, np.stack([up, up], axis=1), 44100, subtype="PCM_16")


def _unsigned_8bit_8k(samples: npt.NDArray[np.int16], path: Path) -> None:
    sf.write(path, soxr.resample(samples.astype(np.float32) / 32768, 16000, 8000), 8000, subtype="PCM_U8")


@pytest.mark.slow
@pytest.mark.parametrize("convert", [_stereo_44k, _unsigned_8bit_8k], ids=["stereo 44.1 kHz", "8-bit 8 kHz"])
def test_other_rates_widths_and_channels_are_converted_and_understood(
    assistant_servers, tmp_path, capsys, convert
):
    original, reference = clip_path(VIVOS, "VIVOSSPK01_R002")
    samples, _ = read_wav(original)
    source = tmp_path / "in.wav"
    convert(samples, source)
    status, out, err = run_cli(
        capsys, str(source), "--out", str(tmp_path / "reply.wav"), "--url", assistant_servers.rasa_url
    )
    assert status == 0, err
    (heard,) = lines(out, "Nghe được: ")
    assert word_errors(reference, heard) / len(reference.split()) <= 0.3
    assert lines(out, "Trợ lý: ")


@pytest.mark.slow
def test_the_assistant_being_down_is_spoken_and_exit_1(tmp_path, capsys):
    source, _ = clip_path(VIVOS, "VIVOSSPK01_R002")
    reply = tmp_path / "reply.wav"
    status, out, err = run_cli(
        capsys,
        str(source),
        "--out",
        str(reply),
        "--url",
        NOBODY_LISTENING,
        "--confirm-below",
        "0",
        "--tts",
        "espeak",
    )
    assert status == 1
    assert lines(out, "Trợ lý: ") == ["Xin lỗi, hệ thống đang bận. Bạn thử lại sau ít phút nhé."]
    assert "dialogue_unavailable" in err
    samples, rate = read_wav(reply)
    assert audible_seconds(samples, rate) > 1.0


def test_models_commands_are_wired(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MODELS_DIR", str(tmp_path))
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "vosk-small" in out and "vi_VN-vais1000-medium" in out
    assert "Nhận dạng (STT) đang dùng: vietasr" in out
    assert main(["models", "download", "--stt", "no-such-model"]) == 2
