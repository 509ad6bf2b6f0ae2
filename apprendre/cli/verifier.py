"""``apprendre verifier [DOSSIER]``: check a course library, report every problem.

Exit code: 0 when all is well, 1 when there are problems, 2 when the folder
given does not exist (like argparse's own usage errors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apprendre.storage.locations import cours_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", nargs="?", metavar="DOSSIER",
                        help="dossier de cours, ou d'un seul module (par défaut : les cours de l'application)")


def run(args: argparse.Namespace) -> int:
    from apprendre.courses.checker import check_library

    folder = Path(args.dossier) if args.dossier else cours_folder(args.cours)
    if not folder.is_dir():
        print(f"apprendre verifier : erreur : le dossier « {folder} » est introuvable", file=sys.stderr)
        return 2
    rapport = check_library(folder)
    for probleme in rapport.problemes:
        print(f"- {probleme}")
    print(rapport.summary())
    return 1 if rapport.problemes else 0
