"""Wrong codes, slowed down: a count of failures in a row and a growing wait, kept on disk.

One small TOML file per code (``verrous/mediateur.essais`` for the mediator's,
``verrous/<id>.essais`` for a learner's), so that restarting the app or using
another terminal on the same folder doesn't start the count afresh::

    echecs = 5
    bloque_jusqu_a = 2026-01-05T10:00:30+00:00

The first ``free`` mistakes cost nothing (a typo); after that each one makes
the next attempt wait longer, up to ``max_delay``: never a lock that lasts,
so that nobody can shut another person out of their profile for good. While
waiting, no code is checked at all, not even the right one. The right code
clears the count. Someone who can write in the data folder can delete the
count; the wait keeps out the curious at a public terminal, not the person who
runs the computer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from apprendre.base.atomic import FILE_MODE, make_folder, write_atomic
from apprendre.base.files import FileError, parse_toml, read_text
from apprendre.storage.errors import VerrouOccupe, disk_error

Clock = Callable[[], float]


@dataclass(frozen=True)
class Policy:
    free: int
    """Wrong codes in a row that cost nothing."""
    delays: tuple[int, ...]
    """Seconds of wait after the next wrong codes."""
    max_delay: int
    """Seconds of wait after every wrong code past ``delays``: the longest wait there can be."""

    def delay(self, failures: int) -> int:
        """Seconds of wait after the ``failures``-th wrong code in a row."""
        if failures <= self.free:
            return 0
        index = failures - self.free - 1
        return self.delays[index] if index < len(self.delays) else self.max_delay


class Attempts:
    """The count of wrong codes stored in ``path`` (its folder is created if need be)."""

    def __init__(self, path: Path, policy: Policy, clock: Clock = time.time) -> None:
        self.path = path
        self.policy = policy
        self.clock = clock

    def locked(self) -> _Lock:
        try:
            make_folder(self.path.parent)
        except OSError as error:
            raise disk_error(error, "ouvrir") from None
        return _Lock(FileLock(self.path.with_suffix(".essais.lock"), mode=FILE_MODE, timeout=2.0))

    def wait(self) -> int:
        """Seconds before a code may be checked again (0: now). Call with the lock held."""
        _, until = self._read()
        remaining = until - self.clock()
        return _ceil(min(remaining, self.policy.max_delay)) if remaining > 0 else 0

    def failed(self) -> int:
        """Count one more wrong code; returns the seconds to wait before the next. Lock held."""
        failures, _ = self._read()
        failures += 1
        delay = self.policy.delay(failures)
        text = f"echecs = {failures}\n"
        if delay:
            text += f"bloque_jusqu_a = {datetime.fromtimestamp(self.clock() + delay, UTC).isoformat()}\n"
        try:
            write_atomic(self.path, text.encode("utf-8"), durable=False)
        except OSError as error:
            raise disk_error(error, "ouvrir") from None
        return delay

    def clear(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def _read(self) -> tuple[int, float]:
        """(wrong codes in a row, end of the wait as a timestamp); missing or broken: a clean slate."""
        try:
            data = parse_toml(read_text(self.path), self.path)
        except FileError:
            return 0, 0.0
        failures = data.get("echecs", 0)
        until = data.get("bloque_jusqu_a")
        if type(failures) is not int or failures < 0:
            return 0, 0.0
        return failures, until.timestamp() if isinstance(until, datetime) and until.tzinfo else 0.0


class _Lock:
    """A FileLock whose timeout is a French StorageError."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise VerrouOccupe("Un autre poste vérifie un code au même moment. Réessayez.") from None
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def format_wait(seconds: int) -> str:
    """« 45 secondes », « 2 minutes », « 1 minute 30 »."""
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes, rest = divmod(seconds, 60)
    text = f"{minutes} minute{'s' if minutes > 1 else ''}"
    return f"{text} {rest:02d}" if rest else text


def _ceil(seconds: float) -> int:
    return max(1, int(-(-seconds // 1)))
