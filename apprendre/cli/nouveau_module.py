"""``apprendre nouveau-module "Titre"``: a new module folder, copied from a commented template.

The template (``apprendre/templates/module/``) passes ``apprendre verifier`` as
it is: a module.toml, one lesson of two pages, and a quiz with one question of
each type, every key explained in a French comment.

Exit code: 0 when the module was created, 1 when its folder already exists,
2 when the title or the parent folder can't be used.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from importlib import resources
from pathlib import Path

from apprendre.storage.locations import cours_folder

TITLE_MARK = "{{titre}}"


class CreationRefusee(Exception):
    """The module can't be created; ``str(error)`` says why in French; ``code`` is the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("titre", metavar="TITRE", help="le titre du module, entre guillemets")
    parser.add_argument("--dossier", metavar="DOSSIER",
                        help="le dossier où créer le module (par défaut : les modules du lieu)")
    parser.add_argument("--remplacer", action="store_true",
                        help="le module, au même nom qu'un module livré, sera montré à sa place")


def run(args: argparse.Namespace) -> int:
    from apprendre.courses.library import add_replacement
    from apprendre.sharing.slug import slugify
    from apprendre.storage.locations import is_shipped, shipped_cours, site_default

    parent = Path(args.dossier) if args.dossier else cours_folder(args.cours, args.donnees)
    if is_shipped(parent):
        print(f"« {parent} » est la bibliothèque livrée avec l'application : une réinstallation l'effacerait. "
              "Créez le module dans les modules du lieu (sans --dossier), ou ailleurs.", file=sys.stderr)
        return 2
    module_id = slugify(" ".join(args.titre.split()), max_length=50)
    shipped = bool(module_id) and (shipped_cours() / module_id).is_dir()
    if shipped and not args.remplacer:
        print(f"Un module livré s'appelle déjà « {module_id} » : choisissez un autre "
              "titre, ou ajoutez --remplacer pour que votre module soit montré à sa place.", file=sys.stderr)
        return 1
    if not args.dossier and parent == site_default(args.donnees):
        parent.mkdir(parents=True, exist_ok=True)  # the site's library is made with its first module
    try:
        folder = create_module(parent, args.titre)
        if shipped:
            add_replacement(parent, folder.name)
    except CreationRefusee as error:
        print(error, file=sys.stderr)
        return error.code
    print(f"Module créé : « {folder} ». Il contient :\n"
          "- module.toml : la fiche du module (titre, résumé, niveau, durée…) ;\n"
          "- 01-premiere-lecon.md : une leçon de deux pages ;\n"
          "- quiz.toml : une question de chaque type.\n"
          "Chaque clé y est expliquée en commentaire. Remplacez les textes « Remplacez… », "
          f"puis lancez « apprendre verifier {folder} » et « apprendre apercu {folder.name} ».")
    return 0


def create_module(parent: Path, titre: str) -> Path:
    """Create ``parent/<slug of titre>`` from the template; raises CreationRefusee."""
    from apprendre.base.french import os_reason
    from apprendre.sharing.slug import slugify

    titre = " ".join(titre.split())
    module_id = slugify(titre, max_length=50)
    if not module_id:
        raise CreationRefusee("Le titre doit contenir au moins une lettre ou un chiffre.", 2)
    if not parent.is_dir():
        raise CreationRefusee(f"Le dossier « {parent} » est introuvable : créez-le, ou choisissez-en "
                              "un autre avec --dossier.", 2)
    folder = parent / module_id
    try:
        folder.mkdir()
    except FileExistsError:
        raise CreationRefusee(f"Le dossier « {folder} » existe déjà : choisissez un autre titre, "
                              "ou modifiez le module existant.", 1) from None
    except OSError as error:
        raise CreationRefusee(f"Impossible de créer « {folder} » : {os_reason(error)}.", 1) from None
    try:
        _copy_template(folder, titre)
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise CreationRefusee(f"Impossible d'écrire dans « {folder} » : {os_reason(error)}.", 1) from None
    return folder


def _copy_template(folder: Path, titre: str) -> None:
    import tomli_w

    quoted_title = tomli_w.dumps({"titre": titre}).split("=", 1)[1].strip()
    template = resources.files("apprendre") / "templates" / "module"
    for source in template.iterdir():
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        if source.name == "module.toml":
            text = text.replace(TITLE_MARK, quoted_title)
        (folder / source.name).write_text(text, encoding="utf-8", newline="\n")
