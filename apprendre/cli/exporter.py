"""``apprendre exporter MODULE [FICHIER]``: one package file to share a module with another médiathèque.

Exit code: 0 when the package was written, 1 when the module is not fit to
share or the file can't be written, 2 when the module or the destination
folder is not found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apprendre.storage.locations import cours_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("module", metavar="MODULE",
                        help="l'identifiant du module (le nom de son dossier), ou le chemin de son dossier")
    parser.add_argument("fichier", nargs="?", metavar="FICHIER",
                        help="le paquet à écrire, ou le dossier où l'écrire "
                        "(par défaut : MODULE-VERSION.apprendre.zip dans le dossier courant)")
    parser.add_argument("--remplacer", action="store_true", help="remplace le paquet s'il existe déjà")


def run(args: argparse.Namespace) -> int:
    from apprendre.base.atomic import SHARED_MODE, write_atomic
    from apprendre.base.french import count as plural
    from apprendre.base.french import os_reason, size
    from apprendre.sharing.packages import PaquetRefuse, build_package, default_name
    from apprendre.storage.locations import shipped_cours

    library = cours_folder(args.cours, args.donnees)
    module_dir = find_module(library, args.module) or find_module(shipped_cours(), args.module)
    if module_dir is None:
        print(f"Le module « {args.module} » est introuvable dans « {library} ».{_available(library)}",
              file=sys.stderr)
        return 2
    try:
        manifeste, data = build_package(module_dir)
    except PaquetRefuse as error:
        print(f"Export refusé : {error}", file=sys.stderr)
        for probleme in error.problemes:
            print(f"- {probleme}", file=sys.stderr)
        return 1
    destination = Path(args.fichier) if args.fichier else Path.cwd()
    if destination.is_dir():
        destination = destination / default_name(manifeste)
    if destination.exists() and not args.remplacer:
        print(f"Le fichier « {destination} » existe déjà : ajoutez --remplacer pour l'écraser.", file=sys.stderr)
        return 1
    try:
        write_atomic(destination, data, mode=SHARED_MODE)
    except OSError as error:
        print(f"Impossible d'écrire « {destination} » : {os_reason(error)}.", file=sys.stderr)
        return 2 if isinstance(error, FileNotFoundError) else 1
    count = len(manifeste.fichiers)
    print(f"Paquet écrit : « {destination} » (module « {manifeste.module} », version {manifeste.version}, "
          f"{plural(count, 'fichier')}, {size(len(data))}).\n"
          "Une autre médiathèque l'installe avec : "
          f"apprendre importer {destination.name}")
    return 0


def find_module(library: Path, name: str) -> Path | None:
    """A module of the library by its id, or else a module folder given by its path."""
    from apprendre.courses.library import MODULE_FILE, MODULE_ID

    if MODULE_ID.match(name) and (library / name / MODULE_FILE).is_file():
        return library / name
    path = Path(name)
    if (path / MODULE_FILE).is_file():
        return path.resolve()
    return None


def _available(library: Path) -> str:
    from apprendre.courses.library import MODULE_FILE, module_folders

    if not library.is_dir():
        return ""
    names = [folder.name for folder in module_folders(library) if (folder / MODULE_FILE).is_file()]
    return f" Modules disponibles : {', '.join(names)}." if names else ""
