"""The learner's way through a module, derived from their progress: pure functions for the screens."""

from __future__ import annotations

from dataclasses import dataclass

from apprendre.base.files import FileError
from apprendre.courses.library import Bibliotheque
from apprendre.courses.models import Cours, Question
from apprendre.learning.progress import Progression, Statut


@dataclass(frozen=True)
class Etape:
    """Where « Continuer » leads: a lesson page (0-based indexes), or the quiz when ``lecon`` is None."""

    lecon: int | None
    page: int = 0


def status(progression: Progression, cours: Cours) -> Statut:
    return progression.status(cours.id, cours.total_pages, cours.seuil)


def progress_ratio(progression: Progression, cours: Cours) -> float:
    """Share of the module done: each page counts one, the quiz counts one."""
    done = len(progression.pages_read(cours.id)) + (progression.best_score(cours.id) is not None)
    return min(done / (cours.total_pages + 1), 1.0)


def statuses(progression: Progression, cours: list[Cours]) -> list[tuple[Statut, float]]:
    """(status, progress ratio) of each module: the learner's facts grouped by module once,
    so that a catalogue of 1,000 modules costs one pass over the facts, not 1,000."""
    groups = progression.by_module()
    untouched: tuple[Statut, float] = ("pas commencé", 0.0)
    found = []
    for c in cours:
        facts = groups.get(c.id)
        found.append(untouched if facts is None else (status(facts, c), progress_ratio(facts, c)))
    return found


def lessons_read(progression: Progression, cours: Cours) -> list[bool]:
    read = progression.pages_read(cours.id)
    return [
        all((lecon_id, page) in read for page in range(1, count + 1))
        for lecon_id, count in zip(cours.lecon_ids, cours.pages_par_lecon)
    ]


def next_step(progression: Progression, cours: Cours) -> Etape:
    """The first page not read yet, in reading order; the quiz once every page is read."""
    read = progression.pages_read(cours.id)
    for index, (lecon_id, count) in enumerate(zip(cours.lecon_ids, cours.pages_par_lecon)):
        for page in range(1, count + 1):
            if (lecon_id, page) not in read:
                return Etape(lecon=index, page=page - 1)
    return Etape(lecon=None)


def due_count(progression: Progression, library: Bibliotheque) -> int:
    """How many questions are to review now and still exist in the library (no quiz is read)."""
    ids = {cours.id: cours.ids_questions for cours in library.cours}
    return sum(question_id in ids.get(module_id, ()) for module_id, question_id in progression.due())


def due_questions(progression: Progression, library: Bibliotheque) -> list[tuple[Cours, Question]]:
    """The questions to review now that still exist in the library. Only the quizzes that hold
    some are read; one whose file broke since the catalogue was loaded is left out."""
    found = []
    by_id = {cours.id: cours for cours in library.cours}
    for module_id, question_id in progression.due():
        cours = by_id.get(module_id)
        if cours is None or question_id not in cours.ids_questions:
            continue
        try:
            questions = cours.quiz.questions
        except FileError:
            continue
        question = next((q for q in questions if q.id == question_id), None)
        if question is not None:
            found.append((cours, question))
    return found
