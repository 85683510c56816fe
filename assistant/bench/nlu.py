"""``assistant bench nlu``: intent quality on the held-out split, latency, training time, memory.

Everything is measured through the running servers started the way ``make run`` starts them, so the
figures include HTTP, the tokenizer and the featurizers, not just the classifier.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from assistant.bench.report import markdown_table, median, percentile, record_section
from assistant.servers import RunningAssistant, running_assistant
from assistant.settings import PROJECT_ROOT
from assistant.training import model_path, train

HELDOUT_FILE = PROJECT_ROOT / "tests" / "data" / "nlu_heldout.yml"
FALLBACK_INTENT = "nlu_fallback"
TURN_SAMPLE = (
    "cho hỏi làm giấy khai sinh",
    "thế còn lệ phí",
    "mất bao lâu",
    "nói tiếp",
    "nhắc lại",
    "doi bang lai xe can giay to gi",
)


def load_examples(path: Path = HELDOUT_FILE) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(str(m.get("text")), str(m.get("intent"))) for m in data.intent_examples]


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class NluEvaluation:
    accuracy: float
    macro_f1: float
    per_intent: tuple[IntentScore, ...]
    errors: tuple[tuple[str, str, str], ...]  # text, expected, predicted
    latencies_ms: tuple[float, ...]


def evaluate(parse: Callable[[str], str], examples: list[tuple[str, str]]) -> NluEvaluation:
    """Score ``parse`` (text → intent name) on labelled examples."""
    from sklearn.metrics import precision_recall_fscore_support

    expected: list[str] = []
    predicted: list[str] = []
    latencies: list[float] = []
    for text, intent in examples:
        started = time.perf_counter()
        guess = parse(text)
        latencies.append((time.perf_counter() - started) * 1000)
        expected.append(intent)
        predicted.append(guess)
    labels = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=labels, zero_division=0
    )
    per_intent = tuple(
        IntentScore(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    )
    correct = sum(e == p for e, p in zip(expected, predicted, strict=True))
    return NluEvaluation(
        accuracy=correct / len(expected),
        macro_f1=sum(s.f1 for s in per_intent) / len(per_intent),
        per_intent=per_intent,
        errors=tuple((t, e, p) for (t, _), e, p in zip(examples, expected, predicted, strict=True) if e != p),
        latencies_ms=tuple(latencies),
    )


def server_parser(rasa_url: str) -> Callable[[str], str]:
    session = requests.Session()

    def parse(text: str) -> str:
        result = session.post(f"{rasa_url}/model/parse", json={"text": text}, timeout=30).json()
        return str(result["intent"]["name"])

    return parse


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def turn_latencies(assistant: RunningAssistant, rounds: int = 5) -> list[float]:
    session = requests.Session()
    latencies: list[float] = []
    for _ in range(rounds):
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        for text in TURN_SAMPLE:
            started = time.perf_counter()
            session.post(
                assistant.webhook, json={"sender": sender, "message": text}, timeout=60
            ).raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def cli_bench_nlu(record: bool = False, train_model: bool = False) -> int:
    training_seconds: float | None = None
    if train_model:
        _, training_seconds = train(force=True)
    model, _ = train()
    examples = load_examples()
    with running_assistant(model, rasa_port=free_port(), actions_port=free_port()) as assistant:
        parse = server_parser(assistant.rasa_url)
        for text, _ in examples[:20]:  # warm-up: first calls pay for lazy graph loading
            parse(text)
        evaluation = evaluate(parse, examples)
        turns = turn_latencies(assistant)
        rasa_mb = peak_rss_mb(assistant.rasa.pid)
        actions_mb = peak_rss_mb(assistant.actions.pid)

    summary = markdown_table(
        ["measure", "value", "target"],
        [
            ["held-out examples", len(examples), ""],
            ["intent accuracy", f"{evaluation.accuracy:.3f}", ""],
            ["intent macro F1", f"{evaluation.macro_f1:.3f}", "≥ 0.95"],
            ["parse latency p50 (HTTP /model/parse)", f"{median(evaluation.latencies_ms):.1f} ms", "≤ 30 ms"],
            ["parse latency p95", f"{percentile(evaluation.latencies_ms, 0.95):.1f} ms", ""],
            ["full turn p50 (webhook + actions)", f"{median(turns):.1f} ms", ""],
            ["full turn p95", f"{percentile(turns, 0.95):.1f} ms", ""],
            [
                "training time (rasa train, 2 cores)",
                f"{training_seconds:.0f} s" if training_seconds is not None else "not measured (use --train)",
                "≤ 600 s",
            ],
            ["peak memory, Rasa server", f"{rasa_mb:.0f} MiB", ""],
            ["peak memory, action server", f"{actions_mb:.0f} MiB", ""],
        ],
    )
    per_intent = markdown_table(
        ["intent", "precision", "recall", "F1", "support"],
        [
            [s.intent, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", s.support]
            for s in evaluation.per_intent
        ],
    )
    errors = "\n".join(f"- “{t}”: expected `{e}`, got `{p}`" for t, e, p in evaluation.errors) or "- none"
    print(summary, "\n\nPer intent (held-out split, never trained on):\n", per_intent, sep="")
    print("\nMisclassified:\n" + errors)
    print(f"\nModel: {model_path().name}")
    if record:
        command = "assistant bench nlu --record" + (" --train" if train_model else "")
        body = f"{summary}\n\nPer intent on the held-out split (`tests/data/nlu_heldout.yml`):\n\n{per_intent}\n\n"
        body += f"Misclassified held-out examples:\n\n{errors}\n"
        record_section("nlu", "NLU and dialogue server", command, body)
    return 0
