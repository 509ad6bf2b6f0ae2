"""The ``apprendre`` command: starts the app, or runs one of the mediator's sub-commands.

Each sub-command lives in its own module of ``apprendre.cli`` and is
imported only when asked for, so that starting the app stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from apprendre import __version__
from apprendre.cli import french_argparse  # noqa: F401  (translates argparse)

COMMANDS = {
    "verifier": "Vérifier les modules d'un dossier de cours et dire ce qui ne va pas.",
    "nouveau-module": "Créer le dossier d'un nouveau module à partir d'un modèle commenté.",
    "exporter": "Écrire un module dans un paquet à partager avec une autre médiathèque.",
    "importer": "Vérifier un paquet de module puis l'installer dans le dossier de cours.",
    "importer-gift": "Convertir un quiz Moodle (format GIFT) en quiz.toml.",
    "apercu": "Ouvrir un module en aperçu, sans rien enregistrer, avec ses problèmes à l'écran.",
    "fusionner": "Fusionner les copies en conflit des progressions (Syncthing, Nextcloud…).",
    "rapport": "Rapport d'activité d'une période (sessions, apprenants, temps, modules), sans aucun pseudo.",
    "attestation": "Écrire l'attestation de suivi d'un apprenant (PDF et texte) : ce n'est pas une certification.",
    "purger": "Effacer les apprenants sans visite depuis plus que la durée de conservation.",
    "reglages": "Voir ou changer les réglages du site (code médiateur, inactivité, conservation).",
    "servir": "Servir l'application aux navigateurs du réseau de la médiathèque (une visite par onglet).",
}
"""Sub-command name → one-line help. The code is in ``apprendre.cli.<name>``."""

ACCENTED = {"verifier": ["vérifier"], "apercu": ["aperçu"], "reglages": ["réglages"]}
"""The same commands spelt with their accents, as a French speaker types them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apprendre",
        description="Leçons et quiz hors ligne pour apprendre le numérique. "
        "Sans commande, l'application démarre.",
    )
    parser.add_argument("--version", action="version", version=f"apprendre {__version__}",
                        help="affiche la version et s'arrête")
    parser.add_argument("--cours", metavar="DOSSIER",
                        help="dossier des modules du lieu (sinon $APPRENDRE_COURS, sinon le dossier "
                        "« cours » du dossier des progressions) ; les modules livrés sont toujours montrés")
    parser.add_argument("--donnees", metavar="DOSSIER",
                        help="dossier des progressions (sinon $APPRENDRE_DONNEES, "
                        "sinon le dossier de données de l'utilisateur)")
    parser.add_argument("--kiosque", action="store_true",
                        help="mode kiosque : les apprenants ne peuvent pas quitter l'application "
                        "(« Quitter l'application » est dans l'espace médiateur)")
    parser.add_argument("--texte", action="store_true",
                        help="mode texte : le même parcours en lignes simples, pour un lecteur d'écran "
                        "ou une plage braille (tapez « aide » à chaque question)")
    commands = parser.add_subparsers(title=french_argparse.title("commandes"), dest="commande", metavar="COMMANDE")
    for name, summary in COMMANDS.items():
        module = importlib.import_module(f"apprendre.cli.{name.replace('-', '_')}")
        sub = commands.add_parser(name, help=summary, description=summary, aliases=ACCENTED.get(name, []))
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.commande is None:
            from apprendre.cli.lancer import run
            return run(args)
        _settings_warning(args)
        code: int = args.run(args)
        return code
    except OSError as error:  # the last net: a disk or a name the system refused, told in French
        from apprendre.base.french import os_reason

        where = f" « {error.filename} »" if error.filename else ""
        print(f"Le fichier ou le dossier{where} ne peut pas être utilisé : {os_reason(error)}.", file=sys.stderr)
        return 1


def _settings_warning(args: argparse.Namespace) -> None:
    """Every command says it while reglages.toml has errors (the app says it in the espace médiateur)."""
    from apprendre.storage.locations import donnees_folder
    from apprendre.storage.settings import FICHIER, load_reglages

    folder = donnees_folder(args.donnees)
    try:
        (folder / FICHIER).stat()
    except OSError:
        return  # no settings here (or no folder: the command itself says why)
    warning = load_reglages(folder).avertissement
    if warning:
        print(f"Attention : {warning}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
