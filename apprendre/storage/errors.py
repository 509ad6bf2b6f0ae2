"""What can go wrong with the learners' files, told in plain French.

``str(error)`` is always a sentence for the learner at the terminal: what
happened and what to do. The screens show it as it is.
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from apprendre.base.french import os_reason  # noqa: F401  (used by disk_error, re-exported)

SEE_MEDIATOR = "Prévenez un médiateur."


class StorageError(Exception):
    """Base of every storage problem."""

    message = "Un problème est survenu avec les données. " + SEE_MEDIATOR

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class DossierInutilisable(StorageError):
    """The data folder can't be created or isn't a folder."""


class PseudoInvalide(StorageError):
    message = "Ce pseudo ne convient pas. Choisissez de 1 à 30 lettres ou chiffres."


class PseudoPris(StorageError):
    message = ("Ce pseudo est déjà pris (les majuscules et les accents ne comptent pas : « Helene » et "
               "« Hélène » sont le même pseudo). Choisissez-en un autre, par exemple en ajoutant un chiffre.")


class CodeInvalide(StorageError):
    message = "Le code doit faire exactement 4 chiffres, par exemple 2580. Vous pouvez aussi ne pas en mettre."


class ApprenantInconnu(StorageError):
    message = ("Aucun profil ne porte ce pseudo ici. Vérifiez l'orthographe, "
               "ou choisissez « Je commence » pour créer votre profil.")


class ProfilSupprime(ApprenantInconnu):
    """The learner's files were deleted while a session was open (by them or a mediator)."""

    message = "Ce profil a été supprimé : plus rien n'est enregistré à son nom."


class CodeFaux(StorageError):
    message = "Ce code ne correspond pas à ce pseudo. Vérifiez-le et réessayez."


class CodeAttente(CodeFaux):
    """Too many wrong codes in a row for this learner: the next try must wait (never for long)."""

    def __init__(self, message: str, attente_secondes: int) -> None:
        self.attente_secondes = attente_secondes
        super().__init__(message)


class ProfilAbime(ApprenantInconnu):
    """The learner's file and its backup were both unreadable and set aside: the name stays theirs."""

    message = ("Le profil qui porte ce pseudo est abîmé : son fichier et sa copie de secours n'ont pas pu "
               "être lus. Ils sont gardés dans le dossier « mis-de-cote » des données : un médiateur peut "
               "le récupérer. Le pseudo reste réservé à ce profil. " + SEE_MEDIATOR)


class CodeManquant(CodeFaux):
    message = "Ce profil est protégé par un code. Tapez votre code à 4 chiffres."


class DejaOuvert(StorageError):
    """The learner is signed in on another terminal (or another window) right now."""

    def __init__(self, poste: str, depuis: datetime | None = None, meme_poste: bool = False) -> None:
        self.poste = poste
        self.depuis = depuis
        if meme_poste:  # naming this very computer as « another » one would only puzzle the learner
            super().__init__(
                "Vous êtes déjà connecté dans une autre fenêtre de cet ordinateur. Terminez d'abord "
                "votre visite là-bas avec « J'ai terminé ». Si cette fenêtre est fermée ou abandonnée, "
                "vous pouvez reprendre ici : rien ne sera perdu.")
            return
        super().__init__(
            f"Vous êtes déjà connecté sur un autre poste (« {poste} »). Terminez d'abord votre "
            "visite là-bas avec « J'ai terminé ». Si ce poste est éteint ou abandonné, vous pouvez "
            "reprendre ici : rien ne sera perdu."
        )


class FichierAbime(StorageError):
    """A learner's file could not be read; it was set aside (see ``mis_de_cote``)."""

    def __init__(self, message: str, mis_de_cote: list[Path] | None = None) -> None:
        self.mis_de_cote = mis_de_cote or []
        super().__init__(message)


RESTORED = ("Votre fichier de progression était abîmé. Il a été mis de côté, et la dernière copie de "
            "secours a été reprise : vos toutes dernières actions manquent peut-être. " + SEE_MEDIATOR)
LOST = ("Votre fichier de progression est abîmé et aucune copie de secours n'a pu être lue. "
        "Il a été mis de côté pour qu'un médiateur puisse le récupérer : parlez-en à un médiateur.")
KEPT = ("Votre fichier de progression était abîmé. Il a été mis de côté et refait à partir de ce "
        "qui était ouvert sur ce poste : rien de cette visite n'est perdu. " + SEE_MEDIATOR)


class VersionTropRecente(StorageError):
    """Written by a newer apprendre (a terminal updated before this one): left untouched."""

    message = ("Votre progression a été enregistrée par une version plus récente d'apprendre. "
               "Ce poste doit être mis à jour avant de pouvoir l'ouvrir. " + SEE_MEDIATOR)


class VerrouOccupe(StorageError):
    message = ("Un autre poste enregistre sur ce profil au même moment. Votre dernière action est "
               "gardée en mémoire et sera enregistrée à la prochaine occasion.")


class DisqueError(StorageError):
    """The disk refused a write: full, read-only, no permission…"""

    def __init__(self, message: str, error: OSError | None = None) -> None:
        self.error = error
        super().__init__(message)


_CAUSES = {
    errno.ENOSPC: "Le disque est plein.",
    errno.EDQUOT: "Le disque est plein.",
    errno.EROFS: "Le dossier des progressions est en lecture seule.",
    errno.EACCES: "Ce poste n'a pas le droit d'écrire dans le dossier des progressions.",
    errno.EPERM: "Ce poste n'a pas le droit d'écrire dans le dossier des progressions.",
}

CONSEQUENCES = {
    "enregistrer": ("Votre dernière action est gardée en mémoire, mais elle n'est pas encore "
                    "enregistrée. Ce qui était déjà enregistré n'est pas perdu."),
    "ouvrir": "Votre profil ne peut pas être ouvert pour l'instant. Vous pouvez choisir « Juste essayer » en attendant.",
    "creer": "Votre profil n'a pas pu être créé. Vous pouvez choisir « Juste essayer » en attendant.",
    "supprimer": "La suppression n'a pas pu se faire complètement : réessayez.",
    "reglages": "Les réglages n'ont pas été enregistrés.",
}


def disk_error(error: OSError, situation: str = "enregistrer") -> DisqueError:
    """A French DisqueError for an OSError met while writing (``situation`` says what failed)."""
    cause = _CAUSES.get(error.errno or 0, f"Le disque a refusé d'écrire ({os_reason(error)}).")
    return DisqueError(f"{cause} {CONSEQUENCES[situation]} {SEE_MEDIATOR}", error)
