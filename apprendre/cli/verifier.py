"""``apprendre verifier [DOSSIER]``: check a course library, report every problem and remarque.

Without a folder, it checks the site's own library. Problems are errors (a
module that can't be used); remarques are what a colleague would point out
(long sentences, jargon, template text left), and block nothing unless
``--strict``.

Exit code: 0 when there is no problem, 1 when there are problems, 2 when the
folder given does not exist (like argparse's own usage errors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apprendre.base.files import Probleme
from apprendre.storage.locations import cours_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", nargs="?", metavar="DOSSIER",
                        help="dossier de cours, ou d'un seul module (par défaut : les modules du lieu)")
    parser.add_argument("--strict", action="store_true",
                        help="les remarques comptent comme des problèmes (pour un réseau qui partage ses modules)")


def run(args: argparse.Namespace) -> int:
    from apprendre.base.files import FileError, read_text
    from apprendre.courses.checker import check_library
    from apprendre.courses.remarks import jargon_words
    from apprendre.storage.locations import jargon_files

    site = cours_folder(args.cours, args.donnees)
    folder = Path(args.dossier) if args.dossier else site
    if not folder.is_dir():
        if args.dossier:
            print(f"apprendre verifier : erreur : le dossier « {folder} » est introuvable", file=sys.stderr)
        else:
            print(f"apprendre verifier : erreur : le dossier des modules du lieu « {folder} » n'existe pas "
                  "encore ; créez un module avec « apprendre nouveau-module \"Titre\" », ou indiquez un "
                  "dossier", file=sys.stderr)
        return 2
    texts = []
    for path in jargon_files(site, folder if (folder / "jargon.txt").is_file() else folder.parent):
        try:
            texts.append(read_text(path))
        except FileError:
            pass  # no list: no remarque on jargon
    rapport = check_library(folder, jargon_words(texts))
    rapport.remarques += _hidden_by_shipped(folder)
    if args.strict:
        rapport = rapport.strict()
    for probleme in rapport.problemes:
        print(f"- {probleme}")
    if rapport.remarques:
        print("Remarques (elles ne bloquent rien ; --strict les compte comme des problèmes) :")
        for remarque in rapport.remarques:
            print(f"- {remarque}")
    print(rapport.summary())
    return 1 if rapport.problemes else 0


def _hidden_by_shipped(folder: Path) -> list[Probleme]:
    """A site module with a shipped module's id, not made to replace it: the catalogue shows the shipped one."""
    from apprendre.courses.library import MODULE_FILE, module_folders, read_replacements
    from apprendre.storage.locations import is_shipped, shipped_cours

    if is_shipped(folder) or (folder / MODULE_FILE).is_file():
        return []
    replaced = read_replacements(folder)
    try:
        names = [path.name for path in module_folders(folder)]
    except OSError:
        return []
    return [Probleme(folder / name, "un module livré porte déjà ce nom : le catalogue montre le module livré, "
                                    "pas celui-ci ; renommez le dossier, ou réinstallez-le avec "
                                    "« apprendre importer --remplacer » pour qu'il soit montré à sa place")
            for name in names if name not in replaced and (shipped_cours() / name / MODULE_FILE).is_file()]
