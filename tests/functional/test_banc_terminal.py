"""The interface benchmark's harness works: a program in a tmux pane, one key, its latency and CPU.

Only a smoke test (no timing is asserted: benchmarks stay out of the test suite)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import terminal  # noqa: E402


@pytest.mark.skipif(not terminal.available(), reason="tmux et /proc sont nécessaires")
def test_a_key_in_a_real_terminal_is_measured():
    pane = terminal.Pane("essai", [sys.executable, str(BENCHMARKS / "programmes.py"), "nue"])
    try:
        pane.wait_for(lambda screen: "Appui 0" in screen)
        press = pane.press("x", lambda screen: "Appui 1" in screen)
        assert press.latency > 0 and press.cpu > 0
        assert "Appui 1" in pane.screen() and pane.resident() > 0
    finally:
        pane.close()
        terminal.stop_server()
