"""Conflict copies left by sync tools, merged back into the learners' files.

When two terminals change one learner's file while they can't see each other,
Syncthing keeps the other version as ``<id>.sync-conflict-<date>-<device>.toml``,
Nextcloud as ``<id> (conflicted copy <date>).toml``, Dropbox as
``<id> (… conflicted copy …).toml``. Any such file, and any other file of the
``apprenants/`` folder that holds a learner, is merged by union into that
learner's file (facts are never lost by merging), then moved to ``mis-de-cote/``:
nothing is ever deleted.

What reads learners to decide or to count (the purge, the report, the espace
médiateur, « Je reviens ») merges the copies first, so that it sees the union of
a learner's copies: activity that only a conflict copy holds is never ignored.

Each search records what it left (``index/copies``, see ``index.py``); « Je reviens »
searches only when something other than apprendre may have changed ``apprenants/``
since, or when that learner's copies were left there: a sign-in among 50,000
learners lists nothing in the common case.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from apprendre.base.atomic import TEMP_SUFFIX, move_aside
from apprendre.base.french import os_reason
from apprendre.storage.depot import MAIN_FILE, Depot
from apprendre.storage.errors import StorageError, VersionTropRecente
from apprendre.storage.learner_file import Illisible, parse

BACKUP_FILE = re.compile(r"^[0-9a-f]{12}\.secours\.toml$")
LEADING_ID = re.compile(r"^([0-9a-f]{12})")

Etat = Literal["fusionnee", "illisible", "trop-recente", "erreur"]


@dataclass(frozen=True)
class MergeOutcome:
    """What became of one conflict copy."""

    copie: Path
    etat: Etat
    apprenant_id: str | None = None
    pseudo: str | None = None
    rangee: Path | None = None
    """Where the copy was moved (None if it was left in place)."""
    raison: str = ""


def conflict_copies(depot: Depot, ids: Collection[str] | None = None) -> list[Path]:
    """The files of ``apprenants/`` that are neither a learner's file, nor a backup, nor being written
    (only those whose name starts with one of ``ids``, if given)."""
    try:
        return _copies(depot, ids)
    except OSError:
        return []


def _copies(depot: Depot, ids: Collection[str] | None) -> list[Path]:
    """``conflict_copies``; raises OSError if the folder can't be listed."""
    found = []
    for entry in list(os.scandir(depot.apprenants_folder)):
        name = entry.name
        if ids is not None and not ((m := LEADING_ID.match(name)) and m.group(1) in ids):
            continue
        if (entry.is_file(follow_symlinks=False) and not name.startswith(".") and not name.endswith(TEMP_SUFFIX)
                and not MAIN_FILE.match(name) and not BACKUP_FILE.match(name)):
            found.append(Path(entry.path))
    return sorted(found)


def merge_conflicts(depot: Depot, ids: Collection[str] | None = None, if_needed: bool = False) -> list[MergeOutcome]:
    """Merge every conflict copy (of ``ids`` only, if given) into its learner's file.

    ``if_needed`` (« Je reviens », with ``ids``): only if one of theirs may be there
    (``LearnerStore.copies_known``: a few ``stat``, no listing). Each search records the
    learners whose copies it leaves in the folder."""
    if if_needed and ids is not None and depot.copies_known(ids):
        return []
    start = depot.looking_for_copies()  # before listing: a copy coming meanwhile is seen next time
    try:
        copies = _copies(depot, None)
    except OSError:
        return []
    chosen = [copie for copie in copies if ids is None or _owner(copie) in ids]
    left = {owner for copie in copies if (owner := _owner(copie)) is not None}
    depot.copies_found(start, left)
    outcomes = [_merge_one(depot, copie) for copie in chosen]
    kept = {copie for copie in copies if copie not in chosen} | {o.copie for o in outcomes if o.rangee is None}
    depot.copies_found(start, {owner for copie in kept if (owner := _owner(copie)) is not None}, still=True)
    return outcomes


def _owner(copie: Path) -> str | None:
    """The learner a copy's name says it is of (Syncthing, Nextcloud and Dropbox keep the start)."""
    leading = LEADING_ID.match(copie.name)
    return leading.group(1) if leading else None


def _merge_one(depot: Depot, copie: Path) -> MergeOutcome:
    leading = LEADING_ID.match(copie.name)
    stem = leading.group(1) if leading else "inconnu"
    try:
        apprenant = parse(copie.read_bytes())
    except VersionTropRecente:
        return MergeOutcome(copie, "trop-recente", raison="écrite par une version plus récente d'apprendre")
    except (Illisible, OSError) as error:
        return _set_aside(depot, copie, stem, "illisible", MergeOutcome(copie, "illisible", raison=str(error)))
    try:
        depot.absorb(apprenant)
    except StorageError as error:
        return MergeOutcome(copie, "erreur", apprenant.id, apprenant.pseudo, raison=str(error))
    done = MergeOutcome(copie, "fusionnee", apprenant.id, apprenant.pseudo)
    return _set_aside(depot, copie, apprenant.id, "fusionnee", done)


def _set_aside(depot: Depot, copie: Path, stem: str, reason: str, resultat: MergeOutcome) -> MergeOutcome:
    try:
        with depot._keeping_index_complete():  # takes a copy out: none comes in
            rangee = move_aside(copie, depot.aside_folder, stem, reason)
    except OSError as error:
        return MergeOutcome(copie, "erreur", resultat.apprenant_id, resultat.pseudo,
                        raison=f"{resultat.raison} ; pas pu être rangée ({os_reason(error)})".lstrip(" ;"))
    return MergeOutcome(copie, resultat.etat, resultat.apprenant_id, resultat.pseudo, rangee, resultat.raison)


def duplicate_pseudos(depot: Depot) -> list[list[str]]:
    """Groups of learners (ids) with the same pseudonym, after bringing the index up to date."""
    depot.refresh_index()
    return depot.index.duplicates()
