"""``apprendre apercu DOSSIER``: the app on one module, as a learner sees it, writing nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from apprendre.storage.locations import donnees_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", metavar="DOSSIER", help="le dossier du module à prévisualiser")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dossier)
    if not folder.is_dir():
        print(f"Le dossier « {folder} » est introuvable.")
        return 2
    from apprendre.tui.app import ApprendreApp

    app = ApprendreApp(cours=folder, donnees=donnees_folder(args.donnees), apercu=True)
    app.run()
    return app.return_code or 0
