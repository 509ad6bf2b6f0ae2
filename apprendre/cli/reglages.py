"""``apprendre reglages``: show or change the site's settings (reglages.toml in the data folder).

Without options, prints the settings in French (never the code's hash). The
mediator's code is typed twice without being shown (``getpass``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from apprendre.storage.locations import donnees_folder

if TYPE_CHECKING:
    from apprendre.storage.settings import Reglages

NUMBERS = {
    "delai_inactivite": ("le délai d'inactivité", "secondes"),
    "conservation_mois": ("la durée de conservation", "mois"),
}


def bounded(name: str) -> Callable[[str], int]:
    """An argparse type: a whole number within the limits of ``Reglages.<name>``."""
    what, unit = NUMBERS[name]

    def parse(text: str) -> int:
        from apprendre.storage.settings import (
            Reglages,  # here: building the parser must stay fast
        )

        limits = {type(m).__name__: m for m in Reglages.model_fields[name].metadata}
        low, high = limits["Ge"].ge, limits["Le"].le
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"« {text} » : {what} s'écrit en nombre entier de {unit}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} doit être entre {low} et {high} {unit} (et non {value})")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--code-mediateur", action="store_true",
                        help="choisir le code de l'espace médiateur (au moins 8 caractères, tapé deux fois)")
    parser.add_argument("--delai-inactivite", type=bounded("delai_inactivite"), metavar="SECONDES",
                        help="secondes sans action avant « Vous êtes toujours là ? » (de 30 à 86400)")
    parser.add_argument("--conservation", type=bounded("conservation_mois"), metavar="MOIS",
                        help="mois sans visite après lesquels un apprenant peut être effacé (de 1 à 120)")
    parser.add_argument("--nom-du-lieu", metavar="NOM",
                        help="le nom du lieu, écrit sur les attestations de suivi (par exemple : "
                        "« Médiathèque de Lunel »)")
    parser.add_argument("--dossier-attestations", metavar="DOSSIER",
                        help="le dossier où écrire les attestations de suivi (par défaut : « attestations » "
                        "dans le dossier des progressions)")


def run(args: argparse.Namespace) -> int:
    from apprendre.storage import StorageError
    from apprendre.storage.settings import FICHIER, load_reglages, save_reglages

    folder = donnees_folder(args.donnees)
    reglages = load_reglages(folder)  # its warning, if any, is already said by main
    changes: dict[str, object] = {
        name: value for name, value in (("delai_inactivite", args.delai_inactivite),
                                        ("conservation_mois", args.conservation),
                                        ("nom_du_lieu", _text(args.nom_du_lieu)),
                                        ("dossier_attestations", _folder(args.dossier_attestations)))
        if value is not None}
    try:
        if changes:
            save_reglages(folder, reglages.model_copy(update=changes))
            print("Réglages enregistrés.")
        if args.code_mediateur:
            status = _set_code(folder)
            if status:
                return status
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    print(describe(load_reglages(folder), folder / FICHIER))
    return 0


def _text(value: str | None) -> str | None:
    return (" ".join(value.split())[:120] or None) if value is not None else None


def _folder(value: str | None) -> str | None:
    return str(Path(value).expanduser().resolve()) if value else None


def _set_code(folder: Path) -> int:
    import getpass

    from apprendre.storage.mediator_code import (
        LONGUEUR_MIN,
        CodeMediateurTropCourt,
        set_code,
    )

    try:
        code = getpass.getpass(f"Nouveau code médiateur (au moins {LONGUEUR_MIN} caractères, il ne s'affiche pas) : ")
        again = getpass.getpass("Tapez-le une deuxième fois : ")
    except (EOFError, KeyboardInterrupt):
        print("\nLe code n'a pas été changé.", file=sys.stderr)
        return 1
    if code != again:
        print("Les deux codes tapés sont différents : le code n'a pas été changé. Recommencez.", file=sys.stderr)
        return 1
    try:
        set_code(folder, code)
    except CodeMediateurTropCourt as error:
        print(f"{error} Le code n'a pas été changé.", file=sys.stderr)
        return 1
    print("Code médiateur enregistré (seule son empreinte est gardée, jamais le code lui-même).")
    return 0


def describe(reglages: Reglages, path: Path) -> str:
    """The settings in plain French; of the mediator's code, only whether there is one."""
    code = "défini" if reglages.code_mediateur else "pas encore défini (il sera demandé à la première ouverture " \
                                                  "de l'espace médiateur)"
    return "\n".join([
        f"Réglages ({path}) :",
        f"- délai d'inactivité : {reglages.delai_inactivite} secondes sans action avant « Vous êtes toujours là ? »",
        f"- compte à rebours : {reglages.compte_a_rebours} secondes avant la déconnexion",
        f"- conservation : {reglages.conservation_mois} mois sans visite avant qu'un apprenant puisse être effacé",
        f"- code médiateur : {code}",
        f"- nom du lieu (sur les attestations) : {reglages.nom_du_lieu or 'pas encore choisi'}",
        f"- dossier des attestations : {reglages.dossier_attestations or 'attestations, dans le dossier des progressions'}",
    ])
