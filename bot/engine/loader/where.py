"""Where a loaded value came from, for problems that point at it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Where:
    """Where a loaded value came from: its file and its path inside the YAML."""

    file: str
    path: tuple[str | int, ...]
