"""Writing the mediator tools' output files, and saying in French why a write failed."""

from __future__ import annotations

from pathlib import Path

from apprendre.storage.atomic import write_atomic

SHARED_MODE = 0o644
"""A quiz, a package or a report is meant to be read by others (learners' files stay private)."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path`` then rename over it: a failed write never leaves half a file."""
    write_atomic(path, data, mode=SHARED_MODE)
