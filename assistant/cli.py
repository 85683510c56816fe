"""The ``assistant`` command line.

Each sub-command imports its implementation lazily so ``assistant --help`` stays instant and a
command that needs TensorFlow (training, the Rasa server) does not slow the ones that don't.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _catalog_build(args: argparse.Namespace) -> int:
    from civic.catalog.crawl.build import cli_build

    return cli_build(Path(args.source), Path(args.output) if args.output else None)


def _catalog_search(args: argparse.Namespace) -> int:
    from civic.catalog.search import cli_search

    return cli_search(" ".join(args.query), limit=args.limit)


def _bench_search(args: argparse.Namespace) -> int:
    from assistant.bench.search import cli_bench_search

    return cli_bench_search(record=args.record)


def _bench_nlu(args: argparse.Namespace) -> int:
    from assistant.bench.nlu import cli_bench_nlu

    return cli_bench_nlu(record=args.record, train_model=args.train)


def _bench_filing(args: argparse.Namespace) -> int:
    from assistant.bench.filing import cli_bench_filing

    return cli_bench_filing(record=args.record)


def _dossiers_list(args: argparse.Namespace) -> int:
    from assistant.officer.cli import cli_list

    return cli_list(status=args.status, procedure=args.procedure, limit=args.limit)


def _dossiers_show(args: argparse.Namespace) -> int:
    from assistant.officer.cli import cli_show

    return cli_show(args.receipt, as_json=args.json)


def _dossiers_export(args: argparse.Namespace) -> int:
    from assistant.officer.cli import cli_export

    return cli_export(args.format, args.out, status=args.status, procedure=args.procedure)


def _officer_api(args: argparse.Namespace) -> int:
    from assistant.officer.api import cli_officer_api

    return cli_officer_api(host=args.host, port=args.port)


def _chat(args: argparse.Namespace) -> int:
    from assistant.chat import cli_chat

    return cli_chat(url=args.url, sender=args.sender)


def _run(args: argparse.Namespace) -> int:
    from assistant.run import cli_run

    return cli_run(chat=not args.no_chat)


def _voice_file(args: argparse.Namespace) -> int:
    from assistant.voice.voice_file import cli_voice_file

    return cli_voice_file(
        args.input,
        args.out,
        url=args.url,
        stt=args.stt,
        tts=args.tts,
        elderly=args.elderly,
        confirm_below=args.confirm_below,
    )


def _kiosk(args: argparse.Namespace) -> int:
    from assistant.voice.kiosk import cli_kiosk

    return cli_kiosk(
        input_device=args.input_device,
        output_device=args.output_device,
        show_devices=args.list_devices,
        url=args.url,
        elderly=args.elderly,
        stt=args.stt,
        tts=args.tts,
        max_turns=args.max_turns,
        barge_in=not args.no_barge_in,
    )


def _models_download(args: argparse.Namespace) -> int:
    from speech.models import cli_models_download

    return cli_models_download(args.stt, args.tts, args.base_url)


def _models_list(args: argparse.Namespace) -> int:
    from speech.models import cli_models_list

    return cli_models_list()


def _bench_speech(args: argparse.Namespace) -> int:
    from assistant.bench.speech import cli_bench_speech

    return cli_bench_speech(record=args.record, turns=args.turns, clips=args.clips)


def _train(args: argparse.Namespace) -> int:
    from assistant.training import cli_train

    return cli_train(force=args.force)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Trợ lý thủ tục — trợ lý thủ tục hành chính"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.set_defaults(handler=handler)
        return sub

    catalog = commands.add_parser("catalog", help="build or search the procedure catalog")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    build = catalog_commands.add_parser("build", help="rebuild the shipped catalog from the national crawl")
    build.add_argument("--source", default=str(DEFAULT_SHARED / "data" / "procedures"))
    build.add_argument("--output", default=None, help="where to write (default: the shipped catalog file)")
    build.set_defaults(handler=_catalog_build)
    search = catalog_commands.add_parser("search", help="search procedures (with or without diacritics)")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=5)
    search.set_defaults(handler=_catalog_search)

    bench = commands.add_parser("bench", help="run a benchmark and print its table")
    bench_commands = bench.add_subparsers(dest="bench_command", required=True)
    bench_search = bench_commands.add_parser("search", help="search hit rate and latency")
    bench_search.add_argument("--record", action="store_true", help="also write docs/benchmarks.md")
    bench_search.set_defaults(handler=_bench_search)
    bench_nlu = bench_commands.add_parser("nlu", help="intent accuracy, parse latency, training time, memory")
    bench_nlu.add_argument("--record", action="store_true", help="also write docs/benchmarks.md")
    bench_nlu.add_argument("--train", action="store_true", help="time a full training run as well")
    bench_nlu.set_defaults(handler=_bench_nlu)
    bench_filing = bench_commands.add_parser(
        "filing", help="turns and time per scripted dossier, dossier-store throughput"
    )
    bench_filing.add_argument("--record", action="store_true", help="also write docs/benchmarks.md")
    bench_filing.set_defaults(handler=_bench_filing)
    bench_speech = bench_commands.add_parser(
        "speech", help="speech WER/RTF, voice time to first audio, spoken turn latency"
    )
    bench_speech.add_argument("--record", action="store_true", help="also write docs/benchmarks.md")
    bench_speech.add_argument("--turns", type=int, default=50, help="spoken turns for the latency figures")
    bench_speech.add_argument("--clips", type=int, default=None, help="clips per corpus (quick check only)")
    bench_speech.set_defaults(handler=_bench_speech)

    models = commands.add_parser("models", help="download or list the speech models")
    models_commands = models.add_subparsers(dest="models_command", required=True)
    download = models_commands.add_parser("download", help="fetch, verify and unpack official models")
    download.add_argument("--stt", default=None, help="vosk-small or vosk")
    download.add_argument("--tts", default=None, help="a Piper voice, e.g. vi_VN-vais1000-medium")
    download.add_argument("--base-url", default=None, help="a mirror with the publishers' layout")
    download.set_defaults(handler=_models_download)
    models_list = models_commands.add_parser("list", help="installed and active speech models")
    models_list.set_defaults(handler=_models_list)

    dossiers = commands.add_parser("dossiers", help="filed dossiers, as the one-stop office sees them")
    dossier_commands = dossiers.add_subparsers(dest="dossiers_command", required=True)
    dossiers_list = dossier_commands.add_parser("list", help="list submitted dossiers, newest first")
    dossiers_list.add_argument("--status", default=None, help="e.g. submitted, received, needs_more, draft")
    dossiers_list.add_argument("--procedure", default=None, help="procedure code, e.g. 1.001193")
    dossiers_list.add_argument("--limit", type=int, default=None)
    dossiers_list.set_defaults(handler=_dossiers_list)
    dossiers_show = dossier_commands.add_parser("show", help="one dossier with its data and history")
    dossiers_show.add_argument("receipt", help="receipt code, e.g. C2H9-N4S7")
    dossiers_show.add_argument("--json", action="store_true", help="print JSON instead of text")
    dossiers_show.set_defaults(handler=_dossiers_show)
    dossiers_export = dossier_commands.add_parser("export", help="export dossiers as JSON or CSV")
    dossiers_export.add_argument("--format", choices=("json", "csv"), default="json")
    dossiers_export.add_argument("--out", default=None, help="file to write (default: standard output)")
    dossiers_export.add_argument("--status", default=None)
    dossiers_export.add_argument("--procedure", default=None)
    dossiers_export.set_defaults(handler=_dossiers_export)
    officer_api = add(
        "officer-api", _officer_api, "serve the officer JSON API (needs ASSISTANT_OFFICER_TOKEN)"
    )
    officer_api.add_argument("--host", default="127.0.0.1")
    officer_api.add_argument("--port", type=int, default=8085)

    chat = add("chat", _chat, "chat in the terminal with a running assistant")
    chat.add_argument("--url", default="http://127.0.0.1:5005")
    chat.add_argument("--sender", default=None)
    run = add("run", _run, "start the Rasa server, the action server and a terminal chat")
    run.add_argument("--no-chat", action="store_true", help="only start the servers")
    voice_file = add("voice-file", _voice_file, "one spoken turn from a WAV file, reply written as WAV")
    voice_file.add_argument("input", metavar="IN.wav")
    voice_file.add_argument("--out", required=True, metavar="REPLY.wav")
    _voice_options(voice_file)
    voice_file.add_argument(
        "--confirm-below", type=float, default=None, help="confidence under which to ask back (0: never)"
    )
    kiosk = add("kiosk", _kiosk, "talking kiosk on the microphone and speaker")
    kiosk.add_argument("--input-device", default=None, help="microphone number or part of its name")
    kiosk.add_argument("--output-device", default=None, help="speaker number or part of its name")
    kiosk.add_argument("--list-devices", action="store_true", help="list audio devices and exit")
    kiosk.add_argument("--max-turns", type=int, default=None, help="exit after this many answers")
    kiosk.add_argument(
        "--no-barge-in", action="store_true", help="do not stop speaking when the microphone hears a voice"
    )
    _voice_options(kiosk)
    train = add("train", _train, "train the Rasa model if training data or config changed")
    train.add_argument("--force", action="store_true")
    return parser


def _voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the running assistant")
    parser.add_argument("--elderly", action="store_true", help="longer pauses allowed, slower voice")
    parser.add_argument("--stt", default=None, help="vosk, vietasr or a Vosk model folder (default: best)")
    parser.add_argument("--tts", default=None, help="piper, espeak or a Piper voice name (default: best)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
