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


def _chat(args: argparse.Namespace) -> int:
    from assistant.chat import cli_chat

    return cli_chat(url=args.url, sender=args.sender)


def _run(args: argparse.Namespace) -> int:
    from assistant.run import cli_run

    return cli_run(chat=not args.no_chat)


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

    chat = add("chat", _chat, "chat in the terminal with a running assistant")
    chat.add_argument("--url", default="http://127.0.0.1:5005")
    chat.add_argument("--sender", default=None)
    run = add("run", _run, "start the Rasa server, the action server and a terminal chat")
    run.add_argument("--no-chat", action="store_true", help="only start the servers")
    train = add("train", _train, "train the Rasa model if training data or config changed")
    train.add_argument("--force", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
