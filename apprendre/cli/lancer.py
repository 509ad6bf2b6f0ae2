"""Without a sub-command: start the app on the chosen course library and data folder."""

from __future__ import annotations

import argparse

from apprendre.storage.locations import cours_folder, donnees_folder


def run(args: argparse.Namespace) -> int:
    from apprendre.tui.app import ApprendreApp

    app = ApprendreApp(cours=cours_folder(args.cours), donnees=donnees_folder(args.donnees),
                       kiosque=args.kiosque)
    app.run()
    return app.return_code or 0
