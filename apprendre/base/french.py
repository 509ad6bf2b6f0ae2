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
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EACCES: "vous n'avez pas le droit d'écrire à cet endroit",
    errno.EPERM: "vous n'avez pas le droit d'écrire à cet endroit",
    errno.EROFS: "cet endroit est en lecture seule",
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le disque est plein (la place accordée à ce compte est épuisée)",
    errno.EFBIG: "le fichier est trop gros pour ce disque",
    errno.ENAMETOOLONG: "le nom du fichier ou du dossier est trop long pour ce disque : choisissez un nom "
                        "ou un dossier plus court",
    errno.ELOOP: "trop de liens symboliques se renvoient l'un à l'autre",
    errno.EMLINK: "ce dossier contient déjà trop de fichiers ou de liens",
    errno.EXDEV: "le fichier ne peut pas être déplacé d'un disque à un autre",
    errno.EBUSY: "le fichier ou le disque est occupé par un autre programme : réessayez dans un moment",
    errno.ETXTBSY: "le fichier est occupé par un autre programme : réessayez dans un moment",
    errno.EAGAIN: "le fichier est momentanément indisponible : réessayez dans un moment",
    errno.EINTR: "l'opération a été interrompue : réessayez",
    errno.EMFILE: "trop de fichiers sont ouverts en même temps : fermez des programmes puis réessayez",
    errno.ENFILE: "trop de fichiers sont ouverts sur l'ordinateur : fermez des programmes puis réessayez",
    errno.ENOMEM: "la mémoire de l'ordinateur est pleine : fermez des programmes puis réessayez",
    errno.EIO: "le disque n'a pas pu lire ou écrire (il est peut-être abîmé ou débranché)",
    errno.ENXIO: "le périphérique n'est pas disponible (disque débranché ?)",
    errno.ENODEV: "le périphérique n'est pas disponible (disque débranché ?)",
    errno.ENOLCK: "le disque partagé ne permet pas de poser un verrou",
    errno.ENOTSUP: "ce disque ne permet pas cette opération",
    errno.EOPNOTSUPP: "ce disque ne permet pas cette opération",
    errno.ENOSYS: "ce système ne permet pas cette opération",
    errno.EINVAL: "le nom ou l'opération n'est pas accepté par ce disque (caractère interdit ?)",
    errno.EOVERFLOW: "le fichier est trop gros pour être lu ici",
    errno.EBADF: "le fichier a été fermé avant la fin de l'opération : réessayez",
    errno.ESPIPE: "ce n'est pas un fichier ordinaire",
    errno.EPIPE: "le programme qui recevait les données s'est arrêté",
    errno.ESTALE: "le dossier partagé a changé sur le serveur : rouvrez-le puis réessayez",
    errno.ETIMEDOUT: "le dossier partagé ne répond pas (réseau coupé ?) : réessayez plus tard",
    errno.EHOSTDOWN: "le serveur du dossier partagé est éteint ou injoignable",
    errno.EHOSTUNREACH: "le serveur du dossier partagé est injoignable (réseau coupé ?)",
    errno.ENETDOWN: "le réseau est coupé : le dossier partagé est injoignable",
    errno.ENETUNREACH: "le réseau est coupé : le dossier partagé est injoignable",
    errno.ECONNRESET: "la connexion au dossier partagé a été coupée : réessayez",
    errno.ECONNREFUSED: "le serveur du dossier partagé refuse la connexion",
    errno.ECONNABORTED: "la connexion au dossier partagé a été coupée : réessayez",
    errno.ENOTCONN: "le dossier partagé n'est plus connecté",
    errno.EREMOTE: "ce dossier est sur un autre ordinateur et ne peut pas être utilisé ainsi",
    errno.ECANCELED: "l'opération a été annulée",
    errno.EDEADLK: "deux programmes s'attendent l'un l'autre : réessayez",
}
for _name in ("ENOMEDIUM", "EREMOTEIO", "ENOKEY", "ENOTUNIQ", "ECOMM", "ENOLINK"):
    if hasattr(errno, _name):  # Linux only
        _REASONS.setdefault(getattr(errno, _name), "le disque ou le dossier partagé n'est pas disponible")
_WINDOWS = {32: "le fichier est ouvert dans un autre programme : fermez-le puis réessayez",
            33: "une partie du fichier est verrouillée par un autre programme : réessayez dans un moment",
            206: "le nom du fichier ou du dossier est trop long : choisissez un nom ou un dossier plus court"}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in French (the system says it in English).

    Every error number a file operation can give has its sentence; one that no
    file operation gives still gets a French sentence, never the English text.
    """
    winerror = getattr(error, "winerror", None)
    if winerror in _WINDOWS:
        return _WINDOWS[winerror]
    reason = _REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    return (f"le système a refusé l'opération (erreur numéro {error.errno}) : réessayez, et si cela "
            "recommence, prévenez la personne qui s'occupe de l'ordinateur")
