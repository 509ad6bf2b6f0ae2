"""``apprendre fusionner [DOSSIER]``: merge the sync tools' conflict copies into the learners' files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from apprendre.base.french import count, plural
from apprendre.storage.locations import donnees_folder

if TYPE_CHECKING:
    from apprendre.storage.conflicts import MergeOutcome


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", nargs="?", metavar="DOSSIER",
                        help="dossier des progressions (par défaut : celui de l'application)")


def run(args: argparse.Namespace) -> int:
    from apprendre.storage import Depot, StorageError
    from apprendre.storage.conflicts import duplicate_pseudos, merge_conflicts

    folder = Path(args.dossier) if args.dossier else donnees_folder(getattr(args, "donnees", None))
    if not folder.is_dir():
        print(f"Le dossier des progressions « {folder} » n'existe pas.")
        return 1
    print(f"Dossier des progressions : {folder}")
    try:
        depot = Depot(folder)
        resultats = merge_conflicts(depot)
        duplicates = duplicate_pseudos(depot)
    except StorageError as error:
        print(error)
        return 1
    for resultat in resultats:
        print(f"- {describe(resultat, folder)}")
    for ids in duplicates:
        print(f"- Attention : {len(ids)} profils portent le même pseudo ({', '.join(ids)}), sans doute créés "
              "sur deux postes sans connexion. Ils ne sont pas fusionnés : ce sont peut-être deux personnes. "
              "À l'identification, c'est le code qui les départage.")
    print(summary(resultats))
    return 1 if any(r.etat != "fusionnee" for r in resultats) else 0


def describe(resultat: MergeOutcome, folder: Path) -> str:
    name = f"« {resultat.copie.name} »"
    rangee = f"rangée dans « {resultat.rangee.relative_to(folder)} »" if resultat.rangee else ""
    if resultat.etat == "fusionnee":
        return f"{name} : fusionnée dans le fichier de {resultat.pseudo} ({resultat.apprenant_id}), puis {rangee}."
    if resultat.etat == "illisible":
        return f"{name} : illisible ({resultat.raison}), {rangee} ; rien n'a été fusionné."
    if resultat.etat == "trop-recente":
        return f"{name} : {resultat.raison}, laissée en place. Mettez ce poste à jour puis recommencez."
    return f"{name} : pas traitée. {resultat.raison}"


def summary(resultats: list[MergeOutcome]) -> str:
    if not resultats:
        return "Aucune copie en conflit : rien à fusionner."
    merged = sum(r.etat == "fusionnee" for r in resultats)
    other = len(resultats) - merged
    text = f"{count(merged, 'copie')} {plural(merged, 'fusionnée')}"
    if other:
        text += f", {other} à regarder de plus près (voir ci-dessus)"
    return text + "."
