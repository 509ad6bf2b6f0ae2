"""``apprendre rapport``: the activity report of a period, on screen and as a CSV file.

Without ``--du`` and ``--au`` the period runs from the 1st of January of the
current year to today (what an annual activity report asks for); ``--au``
alone starts on the 1st of January of that year, ``--du`` alone ends today.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from apprendre.storage.locations import cours_folder, donnees_folder, shipped_cours


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas une date : écrivez-la AAAA-MM-JJ, par exemple 2026-01-31") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--du", type=iso_date, metavar="AAAA-MM-JJ",
                        help="premier jour de la période (par défaut : le 1er janvier)")
    parser.add_argument("--au", type=iso_date, metavar="AAAA-MM-JJ",
                        help="dernier jour de la période, compris (par défaut : aujourd'hui)")
    parser.add_argument("--csv", nargs="?", const="", metavar="FICHIER",
                        help="écrire aussi le rapport dans un fichier CSV pour LibreOffice Calc ou Excel "
                        "(par défaut : rapport-apprendre-<du>-au-<au>.csv dans le dossier courant)")
    parser.add_argument("--coop", action="store_true",
                        help="le rapport pour La Coop de la médiation numérique : par mois, visites, apprenants "
                        "et temps par thématique, tranches de durée, séances d'atelier, avec ses libellés")


def period(du: date | None, au: date | None, today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    au = au or (today if du is None or du <= today else du)
    return du or date(au.year, 1, 1), au


SHOWN_PATHS = 10
"""A folder full of strange entries is told by its first few, then a count."""


def not_regular_warnings(paths: list[Path]) -> list[str]:
    """What the report says of each entry named as a learner's file that is no regular file."""
    from apprendre.base.french import count, plural

    lines = [f"\nAttention : « {path} » n'est pas un fichier ordinaire (un tube, un lien, un dossier ou un "
             "périphérique à la place du fichier d'un apprenant) : il n'a été ni ouvert ni compté, et il est "
             "laissé tel quel. Remplacez-le par le vrai fichier de l'apprenant, ou retirez-le."
             for path in paths[:SHOWN_PATHS]]
    others = len(paths) - SHOWN_PATHS
    if others > 0:
        lines.append(f"\nAttention : {count(others, 'autre fichier', 'autres fichiers')} du dossier « {paths[0].parent} » "
                     + plural(others, "n'est pas non plus un fichier ordinaire : ni ouvert ni compté.",
                              "ne sont pas non plus des fichiers ordinaires : ni ouverts ni comptés."))
    return lines


def run(args: argparse.Namespace) -> int:
    from apprendre.base.french import count, os_reason, plural
    from apprendre.courses.library import load_libraries
    from apprendre.reports.activity import (
        build_report,
        default_csv_name,
        render_table,
        write_csv,
    )
    from apprendre.storage import Depot, StorageError
    from apprendre.storage.conflicts import merge_conflicts
    from apprendre.storage.locations import catalogue_cache
    from apprendre.storage.summary_cache import load_resumes

    du, au = period(args.du, args.au)
    if au < du:
        print(f"apprendre rapport : erreur : la période finit ({au}) avant de commencer ({du})", file=sys.stderr)
        return 2
    folder = donnees_folder(args.donnees)
    if not folder.is_dir():
        print(f"Le dossier des progressions « {folder} » n'existe pas : aucun apprenant n'y est enregistré.")
        return 1
    library = load_libraries(shipped_cours(), cours_folder(args.cours, args.donnees), cache=catalogue_cache)
    if library.problemes:
        print(f"Attention : {count(len(library.problemes), 'problème')} dans les cours, certains modules ne sont "
              "pas comptés. Voyez lesquels avec « apprendre verifier ».", file=sys.stderr)
    problemes: list[tuple[str, StorageError]] = []
    try:
        depot = Depot(folder)
        strange = depot.not_regular()
        merge_conflicts(depot)  # activity that only a conflict copy holds is counted
        resumes = load_resumes(depot, questions=False, problemes=problemes)
        if args.coop:
            from apprendre.reports.coop import build_coop, default_coop_csv_name, render_coop, write_coop_csv
            from apprendre.storage.seances import load_seances

            coop = build_coop(resumes, library, du, au, load_seances(folder))
            text, csv_name = render_coop(coop), default_coop_csv_name(du, au)

            def write(path: Path) -> None:
                write_coop_csv(coop, path)
        else:
            rapport = build_report(resumes, library, du, au)
            text, csv_name = render_table(rapport), default_csv_name(du, au)

            def write(path: Path) -> None:
                write_csv(rapport, path)
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    if args.du is None and args.au is None:
        print("Période par défaut : depuis le 1er janvier. Choisissez-la avec --du et --au (AAAA-MM-JJ).\n")
    print(text, end="")
    if problemes:
        unread = len(problemes)
        print(f"\nAttention : {count(unread, 'fichier')} d'apprenant {plural(unread, 'illisible')}, "
              f"non {plural(unread, 'compté')} (voir le dossier « mis-de-cote »).", file=sys.stderr)
    for line in not_regular_warnings(strange):
        print(line, file=sys.stderr)
    if args.csv is not None:
        path = Path(args.csv or csv_name)
        try:
            write(path)
        except OSError as error:
            print(f"Le fichier « {path} » n'a pas pu être écrit ({os_reason(error)}).", file=sys.stderr)
            return 1
        print(f"\nRapport enregistré dans « {path} » : il s'ouvre avec LibreOffice Calc ou Excel.")
    return 0
