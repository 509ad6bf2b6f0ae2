"""The code stays clean: ruff's rules and mypy's strict typing (outside the Textual front end).

Both run here, so that the README's one test command (and CI) checks them too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "apprendre", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_outside_the_textual_front_end():
    """Typed code below the front end: a second front end relies on these signatures."""
    result = run("mypy", "--strict", "apprendre", "--exclude", "apprendre/tui")
    assert result.returncode == 0, result.stdout + result.stderr
