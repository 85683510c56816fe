"""Train the Rasa model only when what it is trained from has changed.

The model file is named after a hash of everything that shapes it (config, domain, training data,
our tokenizer's code, the Rasa version), so ``make test`` and ``make run`` retrain after an edit and
reuse the model otherwise, without timestamps that a fresh clone would not have.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

from assistant.settings import PROJECT_ROOT, models_dir

TRAINING_INPUTS = ("config.yml", "domain.yml", "nlu_data", "assistant/nlu")
MODEL_PREFIX = "assistant-"


def training_hash(root: Path = PROJECT_ROOT) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(f"rasa=={version('rasa')}".encode())
    for entry in TRAINING_INPUTS:
        path = root / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix not in {".yml", ".yaml", ".py"}:
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return models_dir() / f"{MODEL_PREFIX}{training_hash(root)}.tar.gz"


def train(force: bool = False, root: Path = PROJECT_ROOT) -> tuple[Path, float | None]:
    """Return the model path and the training time in seconds (None when the cached model was reused)."""
    target = model_path(root)
    if target.exists() and not force:
        return target, None
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--config",
            str(root / "config.yml"),
            "--domain",
            str(root / "domain.yml"),
            "--data",
            str(root / "nlu_data"),
            "--out",
            str(target.parent),
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
            "--quiet",
            # Rasa caches trained components by fingerprint; a forced run retrains everything.
            *(["--force"] if force else []),
        ],
        cwd=root,
        check=True,
    )
    elapsed = time.perf_counter() - started
    for stale in target.parent.glob(f"{MODEL_PREFIX}*.tar.gz"):
        if stale != target:
            stale.unlink()
    return target, elapsed


def cli_train(force: bool = False) -> int:
    path, elapsed = train(force=force)
    if elapsed is None:
        print(f"Mô hình đã có sẵn, không cần huấn luyện lại: {path}")
    else:
        print(f"Đã huấn luyện mô hình trong {elapsed:.0f} giây: {path}")
    return 0
