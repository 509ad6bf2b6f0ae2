"""``apprendre importer-gift FICHIER.gift``: a Moodle GIFT quiz turned into a ``quiz.toml``.

Exit code: 0 when a quiz was written, 1 when nothing could be converted or
written, 2 when the GIFT file is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from apprendre.base.french import count, plural

if TYPE_CHECKING:
    from apprendre.sharing.gift import Conversion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", metavar="FICHIER", help="le fichier GIFT exporté de Moodle")
    parser.add_argument("--module", metavar="MODULE",
                        help="écrire le quiz.toml de ce module, parmi les modules du lieu "
                        "(avec --remplacer pour remplacer le quiz du modèle)")
    parser.add_argument("--sortie", metavar="FICHIER",
                        help="le quiz à écrire (par défaut : à côté du fichier GIFT, avec l'extension .toml)")
    parser.add_argument("--remplacer", action="store_true",
                        help="remplace le fichier de sortie s'il existe déjà")


def run(args: argparse.Namespace) -> int:
    from apprendre.base.atomic import SHARED_MODE, write_atomic
    from apprendre.base.files import FileError, read_text
    from apprendre.base.french import os_reason
    from apprendre.sharing.gift import parse_gift, quiz_toml

    source = Path(args.fichier)
    if not source.is_file():
        print(f"Le fichier « {source} » est introuvable.", file=sys.stderr)
        return 2
    output = Path(args.sortie) if args.sortie else source.with_suffix(".toml")
    if args.module:
        from apprendre.storage.locations import cours_folder

        module = cours_folder(args.cours, args.donnees) / args.module
        if not (module / "module.toml").is_file():
            print(f"Le module « {args.module} » est introuvable parmi les modules du lieu (« {module.parent} ») : "
                  "créez-le d'abord avec « apprendre nouveau-module ».", file=sys.stderr)
            return 2
        output = module / "quiz.toml"
    if output.exists() and not args.remplacer:
        print(f"Le fichier « {output} » existe déjà : choisissez un autre nom avec --sortie, "
              "ou ajoutez --remplacer pour l'écraser.", file=sys.stderr)
        return 1
    try:
        conversion = parse_gift(read_text(source))
    except FileError as error:
        for probleme in error.problemes:
            print(probleme, file=sys.stderr)
        return 1
    print(summary(conversion))
    if not conversion.questions:
        print("Aucune question n'a pu être convertie : aucun fichier écrit.", file=sys.stderr)
        return 1
    try:
        write_atomic(output, quiz_toml(conversion, source.name).encode("utf-8"), mode=SHARED_MODE)
    except OSError as error:
        print(f"Impossible d'écrire « {output} » : {os_reason(error)}.", file=sys.stderr)
        return 1
    if args.module:
        print(f"Quiz écrit dans « {output} ». Lancez « apprendre verifier » pour le relire.")
    else:
        print(f"Quiz écrit dans « {output} ». Placez-le dans le dossier d'un module sous le nom "
              "quiz.toml (ou relancez avec --module), puis lancez « apprendre verifier ».")
    return 0


def summary(conversion: Conversion) -> str:
    """« 8 questions converties, 3 ignorées : » followed by every remark, by kind."""
    converted, skipped = len(conversion.questions), len(conversion.ignorees)
    lines = [f"{count(converted, 'question')} {plural(converted, 'convertie')}, "
             f"{skipped} {plural(skipped, 'ignorée')}{' :' if skipped else '.'}"]
    lines += [f"- {remarque}" for remarque in conversion.ignorees]
    if conversion.notes:
        lines.append("À savoir :")
        lines += [f"- {remarque}" for remarque in conversion.notes]
    if conversion.a_expliquer:
        number = len(conversion.a_expliquer)
        lines.append(f"{count(number, 'question')} sans explication dans le fichier GIFT : "
                     "remplacez « Explication à écrire. » par une vraie explication :")
        lines += [f"- {remarque}" for remarque in conversion.a_expliquer]
    return "\n".join(lines)

