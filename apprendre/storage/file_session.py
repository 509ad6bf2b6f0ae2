"""A signed-in learner's session: each fact is saved as soon as it is recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apprendre.learning.progress import Fait, Progression, Visite, merge, now
from apprendre.learning.session import new_visit
from apprendre.storage.errors import FichierAbime, StorageError, VerrouOccupe

if TYPE_CHECKING:
    from apprendre.learning.learner import Apprenant
    from apprendre.storage.depot import Depot

CLOSE_ATTEMPTS = 3
"""Signing out is the last chance to save: a lock held by another terminal is waited for longer."""


class FileSession:
    """The ``Session`` of a learner with a file (see ``apprendre.learning.session``).

    Facts are added in memory first, then saved: if a save fails (disk full, a
    lock held too long), ``record`` raises a StorageError to show, the fact stays
    in memory, and the next save writes it with the others. Each save merges
    with the file on disk, so a second terminal open on the same learner loses
    nothing either; the facts it wrote appear in ``progression`` too.
    """

    invite = False

    def __init__(self, depot: Depot, apprenant: Apprenant, jeton: str,
                 avertissement: FichierAbime | None = None) -> None:
        self.apprenant_id = apprenant.id
        self.pseudo = apprenant.pseudo
        self.progression: Progression = merge(apprenant.progression)
        self.avertissement: StorageError | None = avertissement
        """Something the learner must be told on arriving (their file was repaired…), or None."""
        self.a_enregistrer = True
        """Whether facts in memory are not saved yet (the last save failed)."""
        self._depot = depot
        self._fiche = apprenant.model_copy(update={"progression": Progression()})
        self._jeton = jeton
        self._visite = new_visit()
        self.progression.add(self._visite)
        self._closed = False

    def record(self, fait: Fait) -> None:
        self.progression.add(fait)
        self._extend_visit()
        self.save()

    def save(self) -> None:
        """Save everything in memory; raises a StorageError (FichierAbime *after* saving)."""
        self.a_enregistrer = True
        merged, warning = self._depot.save_progression(self.apprenant_id, self.progression, self._fiche)
        for table in ("pages", "reponses", "quiz", "visites"):  # in place: screens hold this object
            setattr(self.progression, table, getattr(merged, table))
        self.a_enregistrer = False
        if warning is not None:
            self.avertissement = warning
            raise warning

    def close(self) -> None:
        """End the visit, save, and free the « open » marker for other terminals."""
        if self._closed:
            return
        self._closed = True
        try:
            self._extend_visit()
            for attempt in range(CLOSE_ATTEMPTS):  # the last chance to save: wait a bit longer
                try:
                    self.save()
                    break
                except VerrouOccupe:
                    if attempt == CLOSE_ATTEMPTS - 1:
                        raise
        finally:
            self._depot.release(self.apprenant_id, self._jeton)

    def _extend_visit(self) -> None:
        moment = now()
        if moment > self._visite.fin:
            self._visite = Visite(id=self._visite.id, debut=self._visite.debut, fin=moment)
            self.progression.add(self._visite)
