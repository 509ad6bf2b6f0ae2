"""``apprendre purger``: erase the learners inactive for longer than the retention period.

The period is ``conservation_mois`` in reglages.toml (12 months unless set
otherwise, see ``apprendre reglages --conservation``). If reglages.toml has any
error, nothing is erased (exit code 1): the period might be a default the site
never chose. The list is shown
first, with pseudonyms (the mediator must know whom they erase); nothing is
erased without « oui » typed at the keyboard, or ``--oui``.
"""

from __future__ import annotations

import argparse
import sys

from apprendre.base.french import count, plural
from apprendre.storage.locations import donnees_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--oui", action="store_true",
                        help="effacer sans demander de confirmation (pour une tâche programmée)")


def run(args: argparse.Namespace) -> int:
    from apprendre.base.french import short_moment
    from apprendre.reports.follow_up import inactive
    from apprendre.storage import Depot, StorageError
    from apprendre.storage.summary_cache import load_resumes

    folder = donnees_folder(args.donnees)
    if not folder.is_dir():
        print(f"Le dossier des progressions « {folder} » n'existe pas : rien à effacer.")
        return 0
    from apprendre.storage.conflicts import conflict_copies, merge_conflicts
    from apprendre.storage.settings import refuse_if_unreadable

    try:
        depot = Depot(folder)
        refuse_if_unreadable(depot.reglages, "Rien n'a été effacé : la durée de conservation n'est peut-être "
                                             "pas celle que le site a choisie")
        months = depot.reglages.conservation_mois
        merge_conflicts(depot)  # a visit that only a conflict copy holds is a visit
        rows = inactive(load_resumes(depot, pseudo=True, questions=False), months)
        unmerged = {path.name[:12] for path in conflict_copies(depot)}
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    kept = [row for row in rows if row.id in unmerged]
    rows = [row for row in rows if row.id not in unmerged]
    for row in kept:
        print(f"{row.pseudo} n'est pas effacé : une copie en conflit de son fichier n'a pas pu être fusionnée "
              "(voir « apprendre fusionner »).", file=sys.stderr)
    if not rows:
        print(f"Aucun apprenant n'est inactif depuis plus de {months} mois : rien à effacer.")
        return 0
    print(f"{_learners(len(rows))} sans visite depuis plus de {months} mois "
          "(durée de conservation des réglages) :")
    for row in rows:
        if row.derniere_visite is not None:
            print(f"- {row.pseudo} : dernière visite le {short_moment(row.derniere_visite)}")
        elif row.cree_le is not None:
            print(f"- {row.pseudo} : aucune visite depuis la création du profil le {short_moment(row.cree_le)}")
        else:
            print(f"- {row.pseudo} : aucune visite")
    if not args.oui:
        answer = _ask(len(rows))
        if answer is not True:
            return 1 if answer is None else 0
    failures = dict(depot.erase_all([row.id for row in rows]))
    erased = len(rows) - len(failures)
    print(f"{_learners(erased)} {plural(erased, 'effacé')}, avec toutes les copies de leurs fichiers.")
    if failures:
        print("Pas effacés :", *(f"- {row.pseudo} : {failures[row.id]}" for row in rows if row.id in failures),
              sep="\n")
        return 1
    return 0


def _ask(count: int) -> bool | None:
    """Whether the mediator typed « oui »; None when nobody can answer (no keyboard, as in a scheduled task)."""
    question = (f"Effacer définitivement {'cet apprenant' if count == 1 else f'ces {count} apprenants'} "
                "et toutes les copies de leurs fichiers ? Tapez « oui » pour confirmer : ")
    try:
        answer = input(question)
    except (EOFError, OSError):
        print("\nAucune réponse possible ici (pas de clavier) : rien n'a été effacé. "
              "Pour effacer sans question, relancez avec --oui.")
        return None
    if answer.strip().casefold() in ("oui", "o"):
        return True
    print("Rien n'a été effacé.")
    return False


def _learners(number: int) -> str:
    return count(number, "apprenant")
