"""The mediator's code: set once, kept only as a slow salted hash, tried with a growing wait.

The hash (``codes.hash_code``: scrypt, random salt) goes in ``reglages.toml``
under ``code_mediateur``. Wrong attempts are counted in
``verrous/mediateur.toml`` in the data folder (``storage.attempts``): the first
``FREE_ATTEMPTS`` mistakes cost nothing (a typo); after that, each one makes the
next attempt wait longer (``DELAYS``, then 15 minutes each).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from apprendre.storage.attempts import Attempts, Clock, Policy, format_wait
from apprendre.storage.codes import hash_code, verify_code
from apprendre.storage.errors import StorageError

LONGUEUR_MIN = 8
FREE_ATTEMPTS = 3
DELAYS = (30, 60, 120, 300, 600)
"""Seconds of lock after the 4th, 5th… wrong code."""
MAX_DELAY = 900
COUNTER = Path("verrous") / "mediateur.toml"
POLICY = Policy(FREE_ATTEMPTS, DELAYS, MAX_DELAY)

__all__ = ["COUNTER", "MAX_DELAY", "Clock", "Verdict", "check_code", "format_wait", "has_code", "lock_delay",
           "set_code"]


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
    attempts = Attempts(dossier / COUNTER, POLICY, clock)
    with attempts.locked():
        wait = attempts.wait()
        if wait:
            return Verdict(False, wait, f"Trop d'essais manqués. Réessayez dans {format_wait(wait)}.")
        if verify_code(code, stored):
            attempts.clear()
            return Verdict(True)
        delay = attempts.failed()
    if delay:
        return Verdict(False, delay, f"Ce code n'est pas le bon. Réessayez dans {format_wait(delay)}.")
    return Verdict(False, 0, "Ce code n'est pas le bon. Vérifiez-le et réessayez.")


def lock_delay(failures: int) -> int:
    """Seconds of lock after the ``failures``-th wrong code in a row."""
    return POLICY.delay(failures)


def _clear(dossier: Path) -> None:
    Attempts(dossier / COUNTER, POLICY).clear()
