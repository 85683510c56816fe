"""Importing ``bm25s`` without start-up costs a search server never uses.

At import, bm25s probes for JAX and, when it is installed (TensorFlow pulls it into this project's
environment), JIT-compiles a warm-up ``top_k`` call: over a second of action-server start-up, for a
top-k selection we do with numpy. It also wraps its loops in tqdm progress bars, whose first use
creates a multiprocessing lock. Both are switched off for the duration of the import only; JAX is
left alone when something loaded it already (it then costs nothing more).
"""

from __future__ import annotations

import importlib
import os
import sys
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def bm25s_module() -> ModuleType:
    hide_jax = "jax" not in sys.modules
    previous_tqdm_setting = os.environ.get("DISABLE_TQDM")
    if hide_jax:
        sys.modules["jax"] = None  # type: ignore[assignment]  # a None entry makes "import jax" fail
    os.environ["DISABLE_TQDM"] = "1"
    try:
        module = importlib.import_module("bm25s")
    finally:
        if hide_jax:
            del sys.modules["jax"]
        if previous_tqdm_setting is None:
            del os.environ["DISABLE_TQDM"]
        else:
            os.environ["DISABLE_TQDM"] = previous_tqdm_setting
    return module
