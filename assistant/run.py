"""``assistant run``: train if needed, start both servers, chat in the terminal, stop cleanly."""

from __future__ import annotations

import signal
import time

from assistant.servers import running_assistant
from assistant.settings import data_dir
from assistant.training import train


def cli_run(chat: bool = True) -> int:
    model, _ = train()
    print("Đang khởi động trợ lý (máy chủ Rasa và máy chủ hành động)…", flush=True)
    with running_assistant(model, log_dir=data_dir() / "logs") as assistant:
        print(f"Sẵn sàng: {assistant.webhook}", flush=True)
        if chat:
            from assistant.chat import cli_chat

            return cli_chat(assistant.rasa_url)
        stop = False

        def _request_stop(*_: object) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, _request_stop)
        try:
            while not stop:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0
