"""The séances d'atelier a mediator marked: one small TOML file each, in ``seances/`` of the data folder.

A séance holds only anonymous counts (how many came, how many had come before,
how many in each age band) and never who came, so erasing a learner leaves
nothing to remove here. One file per séance: two terminals marking séances at
the same time never write the same file.

::

    date = 2026-03-12
    titre = "Premiers pas sur internet"
    niveau = "Débutant"
    duree = 90
    participants = 6
    deja_accompagnes = 2
    thematiques = ["Navigation sur internet"]

    [tranches]
    "60 - 69 ans" = 2
    "Non communiqué" = 4
"""

from __future__ import annotations

import secrets
import tomllib
from datetime import date
from pathlib import Path

import tomli_w

from apprendre.base.atomic import SHARED_MODE, write_atomic
from apprendre.base.french import os_reason
from apprendre.reports.coop import Seance
from apprendre.storage.errors import DisqueError

DOSSIER = "seances"


def save_seance(donnees: Path, seance: Seance) -> Path:
    """Write a new séance file; raises DisqueError (French) if the disk refuses."""
    folder = donnees / DOSSIER
    data = {"date": seance.date, "titre": seance.titre, "niveau": seance.niveau, "duree": seance.duree,
            "participants": seance.participants, "deja_accompagnes": seance.deja_accompagnes,
            "thematiques": list(seance.thematiques), "tranches": dict(seance.tranches)}
    path = folder / f"{seance.date.isoformat()}-{secrets.token_hex(4)}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomli_w.dumps(data).encode("utf-8"), mode=SHARED_MODE)
    except OSError as error:
        raise DisqueError(f"La séance n'a pas pu être enregistrée dans « {folder} » ({os_reason(error)}). "
                          "Réessayez, ou vérifiez le dossier des progressions.", error) from None
    return path


def load_seances(donnees: Path) -> list[Seance]:
    """Every séance that can be read (a file that can't is left out, never deleted)."""
    folder = donnees / DOSSIER
    seances = []
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return []
    for path in paths:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
            seances.append(Seance(
                date=_date(data["date"]), titre=str(data["titre"]), niveau=str(data["niveau"]),
                duree=int(data["duree"]), participants=int(data["participants"]),
                deja_accompagnes=int(data.get("deja_accompagnes", 0)),
                thematiques=tuple(str(t) for t in data.get("thematiques", [])),
                tranches=tuple((str(k), int(v)) for k, v in data.get("tranches", {}).items()),
            ))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
            continue
    return seances


def _date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
