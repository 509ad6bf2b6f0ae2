"""``apprendre apercu DOSSIER``: the app on one module, as a learner sees it, writing nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from apprendre.storage.locations import cours_folder, donnees_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", metavar="MODULE",
                        help="le module à prévisualiser : son nom, parmi les modules du lieu, ou le chemin de son dossier")


def run(args: argparse.Namespace) -> int:
    site = cours_folder(args.cours, args.donnees)
    folder = Path(args.dossier)
    if not folder.is_dir() and (site / args.dossier).is_dir():
        folder = site / args.dossier
    if not folder.is_dir():
        print(f"Le module « {args.dossier} » est introuvable, ni comme dossier ni parmi les modules du lieu "
              f"(« {site} »).")
        return 2
    from apprendre.tui.app import ApprendreApp

    app = ApprendreApp(cours=folder, donnees=donnees_folder(args.donnees), apercu=True)
    app.run()
    return app.return_code or 0
