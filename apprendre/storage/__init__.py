"""Learners' progress on disk: one TOML file per learner, safe, private, shareable.

The screens use ``Depot`` (create, sign in, describe, delete) and the
``FileSession`` it returns; every problem is a ``StorageError`` whose text is
a French sentence for the learner. docs/progression.md describes the files.
Nothing here imports Textual.
"""

from apprendre.storage.depot import Depot
from apprendre.storage.errors import (
    ApprenantInconnu,
    CodeAttente,
    CodeFaux,
    CodeInvalide,
    CodeManquant,
    DejaOuvert,
    DisqueError,
    DossierInutilisable,
    FichierAbime,
    ProfilAbime,
    ProfilSupprime,
    PseudoInvalide,
    PseudoPris,
    StorageError,
    VerrouOccupe,
    VersionTropRecente,
)
from apprendre.storage.file_session import FileSession

__all__ = [
    "ApprenantInconnu", "CodeAttente", "CodeFaux", "CodeInvalide", "CodeManquant", "DejaOuvert", "Depot",
    "DisqueError", "DossierInutilisable", "FichierAbime", "FileSession", "ProfilAbime", "ProfilSupprime", "PseudoInvalide",
    "PseudoPris", "StorageError", "VerrouOccupe", "VersionTropRecente",
]
