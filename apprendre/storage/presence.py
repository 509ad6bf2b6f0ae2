"""« Already open on another terminal »: a small marker file per open session.

The rule: signing in writes ``verrous/<id>.ouvert`` (terminal name, process id,
a random token, start time); every save touches it (its modification time is
the heartbeat); signing out removes it if it is still ours. Another terminal
counts the session as open while the heartbeat is younger than the expiry
(idle delay + countdown + one minute: by then an abandoned terminal has signed
the learner out) — unless the marker names this very host and a process that
no longer runs (a crash), which frees it at once.

The learner may choose to go on anyway: both terminals then save into the same
file under the lock, merging their facts, so nothing is lost.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomli_w

from apprendre.base.atomic import HOST, process_alive, write_atomic
from apprendre.base.files import FileError, parse_toml
from apprendre.learning.progress import now


@dataclass(frozen=True)
class Presence:
    poste: str
    pid: int
    jeton: str
    depuis: datetime
    vu_il_y_a: float
    """Seconds since the last heartbeat."""

    def is_ours(self, jeton: str) -> bool:
        return self.jeton == jeton

    def is_live(self, expiry_seconds: float) -> bool:
        if self.vu_il_y_a > expiry_seconds:
            return False
        if self.poste == HOST and self.pid != os.getpid():
            return process_alive(self.pid)
        return True


def read(path: Path) -> Presence | None:
    """The marker at ``path``, or None if there is none (or it can't be read: then it counts as none)."""
    try:
        stat = path.stat()
        data = parse_toml(path.read_text("utf-8"), path)
        return Presence(poste=str(data["poste"]), pid=int(data["pid"]), jeton=str(data["jeton"]),
                        depuis=data["depuis"], vu_il_y_a=time.time() - stat.st_mtime)
    except (OSError, ValueError, KeyError, TypeError, FileError):
        return None


def write(path: Path, jeton: str) -> None:
    data = {"poste": HOST, "pid": os.getpid(), "jeton": jeton, "depuis": now()}
    write_atomic(path, tomli_w.dumps(data).encode("utf-8"), durable=False)


def touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def release(path: Path, jeton: str) -> None:
    presence = read(path)
    if presence is not None and presence.is_ours(jeton):
        path.unlink(missing_ok=True)
