"""A clock the test moves by hand, for everything that waits (idle sign-out, slowed-down codes)."""

from __future__ import annotations


class FakeClock:
    """Called like ``time.monotonic`` or ``time.time``; ``advance`` moves it without waiting."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
