"""Every learner's ``Resume``, read from the data folder.

(First version: reads every file. A cache of the summaries follows.)
"""

from __future__ import annotations

from typing import Iterable, Iterator

from apprendre.resume import Resume, summarize
from apprendre.storage import Depot, StorageError


def load_resumes(depot: Depot, pseudo: bool = False,
                 problemes: list[tuple[str, StorageError]] | None = None) -> Iterator[Resume]:
    """The summary of every learner that can be read (the others go to ``problemes``)."""
    for apprenant in depot.apprenants(problemes):
        yield summarize(apprenant, pseudo=pseudo)


def erase(depot: Depot, ids: Iterable[str]) -> list[tuple[str, StorageError]]:
    """Erase learners completely (RGPD): every copy of their file, their index entry, their summary.

    Returns the (id, error) of those that could not be erased.
    """
    failures = []
    for apprenant_id in ids:
        try:
            depot.delete(apprenant_id)
        except StorageError as error:
            failures.append((apprenant_id, error))
    return failures
