"""French wording shared by every layer: plurals, dates, durations, sizes, system errors.

One place, so that every screen and command says « 1 leçon », « 2 leçons », « 5,2 Mo » and
« le disque est plein » the same way.
"""

from __future__ import annotations

import errno
import math
import unicodedata
from datetime import datetime, timedelta

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def count(number: int, singular: str, plural: str | None = None) -> str:
    """« 0 leçon », « 1 leçon », « 2 leçons »: in French, 0 and 1 take the singular."""
    return f"{number} {singular if abs(number) <= 1 else plural or singular + 's'}"


def plural(number: int, singular: str, plural_form: str | None = None) -> str:
    """The word alone, agreed with ``number``: « effacé » or « effacés »."""
    return singular if abs(number) <= 1 else plural_form or singular + "s"


def strip_accents(text: str) -> str:
    """``catégorie`` → ``categorie``, ``Hélène`` → ``Helene``."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def long_date(moment: datetime, with_time: bool = False) -> str:
    """« 1er mars 2026 », or « 1er mars 2026 à 9 h 05 », in the terminal's time zone."""
    local = moment.astimezone()
    text = f"{local.day}{'er' if local.day == 1 else ''} {MOIS[local.month - 1]} {local.year}"
    return f"{text} à {local.hour} h {local.minute:02d}" if with_time else text


def short_moment(moment: datetime) -> str:
    """« 12/01/2026 à 14 h 05 », in the terminal's time zone."""
    local = moment.astimezone()
    return f"{local:%d/%m/%Y} à {local.hour} h {local.minute:02d}"


def long_duration(duration: timedelta) -> str:
    """« moins d'une minute », « 1 minute », « 1 h 05 »."""
    minutes = int(duration.total_seconds()) // 60
    if minutes < 1:
        return "moins d'une minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if hours else count(minutes, "minute")


def short_duration(duration: timedelta) -> str:
    """« 12 min », « 1 h 05 »: for tables."""
    minutes = round(duration.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def size(number_of_bytes: int) -> str:
    """« 12 Ko », « 5,1 Mo », rounded up: a file just over a limit never reads as the limit."""
    if number_of_bytes < 1024 * 1024:
        return f"{max(1, math.ceil(number_of_bytes / 1024))} Ko"
    tenths = math.ceil(number_of_bytes * 10 / 1024 / 1024)
    return f"{tenths // 10},{tenths % 10} Mo"


_REASONS = {
    errno.ENOENT: "le dossier ou le fichier n'existe pas",
    errno.ENOTDIR: "ce n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EEXIST: "il existe déjà",
    errno.EACCES: "vous n'avez pas le droit d'écrire à cet endroit",
    errno.EPERM: "vous n'avez pas le droit d'écrire à cet endroit",
    errno.EROFS: "cet endroit est en lecture seule",
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le disque est plein",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in French (the system says it in English)."""
    return _REASONS.get(error.errno or 0, f"erreur du système (code {error.errno})")
