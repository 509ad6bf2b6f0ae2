"""``apprendre importer FICHIER``: install a module package made by ``apprendre exporter``.

The whole package is checked before anything is installed (see
``apprendre.sharing.packages``); an installed module is never replaced without
``--remplacer``.

Exit code: 0 when the module was installed, 1 when the package is refused,
2 when the package file or the course folder is not found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apprendre.storage.locations import cours_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="le paquet à installer (un fichier .apprendre.zip)")
    parser.add_argument("--remplacer", action="store_true",
                        help="remplace le module s'il est déjà installé, ou le module livré du même nom "
                        "(sinon l'import est refusé)")


def run(args: argparse.Namespace) -> int:
    from apprendre.base.french import os_reason
    from apprendre.courses.library import add_replacement
    from apprendre.sharing.packages import PaquetRefuse, install_package, read_package
    from apprendre.storage.locations import is_shipped, shipped_cours, site_default

    package = Path(args.fichier)
    library = cours_folder(args.cours, args.donnees)
    if not package.is_file():
        print(f"Le fichier « {package} » est introuvable.", file=sys.stderr)
        return 2
    if is_shipped(library):
        print(f"« {library} » est la bibliothèque livrée avec l'application : une réinstallation effacerait "
              "le module. Installez-le dans les modules du lieu (sans --cours).", file=sys.stderr)
        return 2
    if library == site_default(args.donnees):
        library.mkdir(parents=True, exist_ok=True)
    if not library.is_dir():
        print(f"Le dossier de cours « {library} » est introuvable : créez-le, ou indiquez-en un autre "
              "avec --cours.", file=sys.stderr)
        return 2
    try:
        paquet = read_package(package)
        replaces_shipped = (shipped_cours() / paquet.manifeste.module).is_dir()
        if replaces_shipped and not args.remplacer:
            print(f"Paquet refusé : un module livré avec l'application s'appelle déjà « {paquet.manifeste.module} ». "
                  "Ajoutez --remplacer pour que ce module soit montré à sa place.", file=sys.stderr)
            return 1
        previous = install_package(paquet, library, remplacer=args.remplacer)
        if replaces_shipped:
            add_replacement(library, paquet.manifeste.module)
    except PaquetRefuse as error:
        print(f"Paquet refusé : {error}", file=sys.stderr)
        for probleme in error.problemes:
            print(f"- {probleme}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Impossible d'installer le module dans « {library} » : {os_reason(error)}.", file=sys.stderr)
        return 1
    manifeste = paquet.manifeste
    print(f"Module « {manifeste.titre} » ({manifeste.module}, version {manifeste.version}) "
          f"installé dans « {library / manifeste.module} ».")
    if previous is not None:
        print(f"Il remplace la version {previous}.")
    if replaces_shipped:
        print("Le catalogue le montre à la place du module livré du même nom.")
    return 0
