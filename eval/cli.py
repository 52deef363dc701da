"""``scout eval`` and ``scout bench`` sub-commands (registered into the main CLI)."""

from __future__ import annotations

import argparse
from typing import Any


def add_eval_commands(sub: Any) -> None:
    """Register evaluation commands on the ``scout`` sub-parser collection."""
    del sub  # filled in by the evaluation work (issue 4) and benchmarks (issue 5)


def _unused(args: argparse.Namespace) -> int:
    return 0
