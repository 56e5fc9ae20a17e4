"""Commands of this part of the desk are registered here when the part is built."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    return None
