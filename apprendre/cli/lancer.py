"""Without a sub-command: start the app on the chosen course library and data folder.

``--texte`` starts the text mode instead of the Textual app: the same journey in
plain lines, for a screen reader or a braille display.
"""

from __future__ import annotations

import argparse
import sys

from apprendre.storage.locations import cours_folder, donnees_folder, shipped_cours


def run(args: argparse.Namespace) -> int:
    if args.texte:
        from apprendre.text.journey import TextJourney

        _readable_streams()
        journey = TextJourney(shipped_cours(), donnees_folder(args.donnees), sys.stdin, sys.stdout,
                              kiosque=args.kiosque, site=cours_folder(args.cours, args.donnees))
        return journey.run()

    from apprendre.tui.app import ApprendreApp

    app = ApprendreApp(cours=shipped_cours(), donnees=donnees_folder(args.donnees),
                       site=cours_folder(args.cours, args.donnees), kiosque=args.kiosque)
    try:
        app.run()
    finally:
        app.end_visit()  # however the app ended (a closed browser tab, a signal): saved, pseudonym freed
    return app.return_code or 0


def _readable_streams() -> None:
    """French text on any console: UTF-8, and a line written as soon as it is complete."""
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace", line_buffering=stream is sys.stdout)
