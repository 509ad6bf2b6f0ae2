"""The mediator's code: set once, kept only as a slow salted hash, tried with a growing wait.

The hash (``codes.hash_code``: scrypt, random salt) goes in ``reglages.toml``
under ``code_mediateur``. Wrong attempts are counted in
``verrous/mediateur.toml`` in the data folder, so that restarting the app (or
using another terminal on the same folder) doesn't start the count afresh:

    echecs = 5
    bloque_jusqu_a = 2026-01-05T10:00:30+00:00

The first ``FREE_ATTEMPTS`` mistakes cost nothing (a typo); after that, each one
locks the code for longer (``DELAYS``, then 15 minutes each). While locked, no
code is checked at all, not even the right one. The right code clears the count.
Someone who can write in the data folder can delete the count; the lock keeps
out the curious at a public terminal, not the person who runs the computer.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from apprendre.base.atomic import FILE_MODE, FOLDER_MODE, write_atomic
from apprendre.storage.codes import hash_code, verify_code
from apprendre.storage.errors import StorageError, VerrouOccupe, disk_error

LONGUEUR_MIN = 8
FREE_ATTEMPTS = 3
DELAYS = (30, 60, 120, 300, 600)
"""Seconds of lock after the 4th, 5th… wrong code."""
MAX_DELAY = 900
COUNTER = Path("verrous") / "mediateur.toml"

Clock = Callable[[], float]


class CodeMediateurTropCourt(StorageError):
    message = (f"Le code du médiateur doit faire au moins {LONGUEUR_MIN} caractères. Choisissez une phrase "
               "ou un mélange de lettres et de chiffres facile à retenir pour vous seul.")


class CodeMediateurAbsent(StorageError):
    message = ("Aucun code médiateur n'est encore défini. Choisissez-en un à l'ouverture de l'espace "
               "médiateur, ou avec la commande « apprendre reglages --code-mediateur ».")


@dataclass(frozen=True)
class Verdict:
    accepte: bool
    attente_secondes: int = 0
    """Seconds before the next attempt is allowed (0: try again now)."""
    message: str = ""
    """What to tell the mediator, in French (empty when the code was accepted)."""


def set_code(dossier: Path, code: str) -> None:
    """Hash ``code`` into reglages.toml (CodeMediateurTropCourt, DisqueError) and clear the count."""
    from apprendre.storage.settings import load_reglages, save_reglages

    if len(code) < LONGUEUR_MIN or not code.strip():
        raise CodeMediateurTropCourt()
    hashed = hash_code(code)
    reglages = load_reglages(dossier)
    save_reglages(dossier, reglages.model_copy(update={"code_mediateur": hashed}))
    _clear(Path(dossier))


def has_code(dossier: Path) -> bool:
    from apprendre.storage.settings import load_reglages

    return load_reglages(dossier).code_mediateur is not None


def check_code(dossier: Path, code: str, clock: Clock = time.time) -> Verdict:
    """Whether ``code`` is the mediator's; a wrong one makes the next attempt wait (see the module)."""
    from apprendre.storage.settings import load_reglages

    dossier = Path(dossier)
    stored = load_reglages(dossier).code_mediateur
    if stored is None:
        return Verdict(False, 0, CodeMediateurAbsent.message)
    with _locked(dossier):
        failures, locked_until = _read(dossier)
        now = clock()
        if locked_until > now:
            wait = _ceil(min(locked_until - now, MAX_DELAY))
            return Verdict(False, wait, f"Trop d'essais manqués. Réessayez dans {format_wait(wait)}.")
        if verify_code(code, stored):
            _clear(dossier)
            return Verdict(True)
        failures += 1
        delay = lock_delay(failures)
        _write(dossier, failures, now + delay if delay else None)
    if delay:
        return Verdict(False, delay, f"Ce code n'est pas le bon. Réessayez dans {format_wait(delay)}.")
    return Verdict(False, 0, "Ce code n'est pas le bon. Vérifiez-le et réessayez.")


def lock_delay(failures: int) -> int:
    """Seconds of lock after the ``failures``-th wrong code in a row."""
    if failures <= FREE_ATTEMPTS:
        return 0
    index = failures - FREE_ATTEMPTS - 1
    return DELAYS[index] if index < len(DELAYS) else MAX_DELAY


def format_wait(seconds: int) -> str:
    """« 45 secondes », « 2 minutes », « 1 minute 30 »."""
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes, rest = divmod(seconds, 60)
    text = f"{minutes} minute{'s' if minutes > 1 else ''}"
    return f"{text} {rest:02d}" if rest else text


def _ceil(seconds: float) -> int:
    return max(1, int(-(-seconds // 1)))


# --- The count on disk ----------------------------------------------------------------------

def _locked(dossier: Path) -> _Lock:
    folder = dossier / COUNTER.parent
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise disk_error(error, "ouvrir") from None
    return _Lock(FileLock(folder / "mediateur.lock", mode=FILE_MODE, timeout=2.0))


class _Lock:
    """A FileLock whose timeout is a French StorageError."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise VerrouOccupe("Un autre poste vérifie le code du médiateur au même moment. Réessayez.") from None
        except OSError as error:
            raise disk_error(error, "ouvrir") from None

    def __exit__(self, *exc) -> None:
        self.lock.release()


def _read(dossier: Path) -> tuple[int, float]:
    """(wrong attempts in a row, end of the lock as a timestamp); a missing or broken file is a clean slate."""
    try:
        data = tomllib.loads((dossier / COUNTER).read_text("utf-8"))
        failures = data.get("echecs", 0)
        until = data.get("bloque_jusqu_a")
        if type(failures) is not int or failures < 0:
            return 0, 0.0
        return failures, until.timestamp() if isinstance(until, datetime) and until.tzinfo else 0.0
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return 0, 0.0


def _write(dossier: Path, failures: int, until: float | None) -> None:
    text = f"echecs = {failures}\n"
    if until is not None:
        text += f"bloque_jusqu_a = {datetime.fromtimestamp(until, UTC).isoformat()}\n"
    try:
        write_atomic(dossier / COUNTER, text.encode("utf-8"))
    except OSError as error:
        raise disk_error(error, "reglages") from None


def _clear(dossier: Path) -> None:
    try:
        (dossier / COUNTER).unlink(missing_ok=True)
    except OSError as error:
        raise disk_error(error, "reglages") from None
