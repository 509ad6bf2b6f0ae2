"""``apprendre attestation PSEUDO``: the attestation de suivi of a learner, as a PDF and as text.

The same as the « Attestation » button of the learner's page in the espace
médiateur. The name printed (``--nom``) is never stored.

Exit code: 0 when it was written, 1 when the learner is unknown or the files
can't be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apprendre.storage.locations import cours_folder, donnees_folder, shipped_cours


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pseudo", metavar="PSEUDO", help="le pseudo de l'apprenant")
    parser.add_argument("--nom", metavar="NOM",
                        help="le nom à écrire sur l'attestation à la place du pseudo (jamais enregistré)")
    parser.add_argument("--dossier", metavar="DOSSIER",
                        help="où l'écrire (par défaut : le dossier des attestations des réglages)")


def run(args: argparse.Namespace) -> int:
    from apprendre.courses.library import load_libraries
    from apprendre.storage import Depot, StorageError
    from apprendre.storage.attestations import attestations_folder, write_attestation
    from apprendre.storage.locations import catalogue_cache

    folder = donnees_folder(args.donnees)
    try:
        depot = Depot(folder)
        apprenant_id = depot.find(args.pseudo)
        if apprenant_id is None:
            print(f"Aucun apprenant n'a le pseudo « {args.pseudo} » dans « {folder} ».", file=sys.stderr)
            return 1
        reglages = depot.reglages
        library = load_libraries(shipped_cours(), cours_folder(args.cours, args.donnees), cache=catalogue_cache)
        target = Path(args.dossier).expanduser() if args.dossier else attestations_folder(folder, reglages)
        pdf, text = write_attestation(target, depot.load(apprenant_id), library, reglages, args.nom)
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Attestation de suivi écrite : « {pdf} », et la même en texte : « {text} ».")
    if not reglages.nom_du_lieu:
        print("Le nom du lieu n'est pas encore choisi : apprendre reglages --nom-du-lieu \"Médiathèque de…\".")
    return 0
