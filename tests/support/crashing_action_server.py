"""The real action server, except that the process dies the moment the dossier store has committed a
first submission — before the action can answer Rasa. Used by ``tests/test_filing_crash.py`` to
crash at the worst moment of "đúng" without any test hook in the product's code.

Run as ``python crashing_action_server.py --actions actions --port N`` (the arguments of
``python -m rasa_sdk``).
"""

from __future__ import annotations

import os
from typing import Any

from civic.dossiers.store import DossierStore

EXIT_CODE = 17
_submit = DossierStore.submit


def _submit_then_die(self: DossierStore, *args: Any, **kwargs: Any) -> Any:
    submission = _submit(self, *args, **kwargs)
    if not submission.duplicate:
        os._exit(EXIT_CODE)  # no cleanup, no reply: as if the machine lost power
    return submission


if __name__ == "__main__":
    DossierStore.submit = _submit_then_die  # type: ignore[method-assign]
    from rasa_sdk.__main__ import main

    main()
