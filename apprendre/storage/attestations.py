"""Writing an attestation de suivi: a PDF and the same text, in the folder the mediator chose.

The folder is ``dossier_attestations`` of the settings (``apprendre reglages
--dossier-attestations``, or typed in the espace médiateur), else
``attestations/`` in the data folder. The name typed at printing time is on the
paper and in the file's name, never in the learner's file.
"""

from __future__ import annotations

from pathlib import Path

from apprendre.base.atomic import SHARED_MODE, write_atomic
from apprendre.base.french import os_reason
from apprendre.courses.library import Bibliotheque
from apprendre.learning.learner import Apprenant
from apprendre.reports.attestation import attestation_pdf, attestation_text, build_attestation
from apprendre.sharing.slug import slugify
from apprendre.storage.errors import DisqueError
from apprendre.storage.settings import Reglages

DOSSIER = "attestations"


def attestations_folder(donnees: Path, reglages: Reglages) -> Path:
    return Path(reglages.dossier_attestations).expanduser() if reglages.dossier_attestations else donnees / DOSSIER


def write_attestation(folder: Path, apprenant: Apprenant, library: Bibliotheque, reglages: Reglages,
                      nom: str | None = None) -> tuple[Path, Path]:
    """Write ``attestation-<name>-<date>.pdf`` and ``.txt`` in ``folder``; DisqueError (French) if it can't."""
    attestation = build_attestation(apprenant, library, reglages.nom_du_lieu, nom)
    stem = f"attestation-{slugify(attestation.nom, max_length=40) or 'apprenant'}-{attestation.le.isoformat()}"
    pdf, text = folder / f"{stem}.pdf", folder / f"{stem}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(pdf, attestation_pdf(attestation), mode=SHARED_MODE)
        write_atomic(text, attestation_text(attestation).encode("utf-8"), mode=SHARED_MODE)
    except OSError as error:
        raise DisqueError(f"L'attestation n'a pas pu être écrite dans « {folder} » ({os_reason(error)}). "
                          "Choisissez un autre dossier.", error) from None
    return pdf, text
