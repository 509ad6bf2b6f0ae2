"""``apprendre verifier [DOSSIER]``: check a course library, report every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from apprendre.locations import cours_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", nargs="?", metavar="DOSSIER",
                        help="dossier de cours ou d'un module (par défaut : les cours utilisés par l'application)")


def run(args: argparse.Namespace) -> int:
    from apprendre.checker import check_library

    folder = Path(args.dossier) if args.dossier else cours_folder(args.cours)
    rapport = check_library(folder)
    for probleme in rapport.problemes:
        print(f"- {probleme}")
    print(rapport.summary())
    return 1 if rapport.problemes else 0
