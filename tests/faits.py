"""Learners with chosen facts and dates, for the tests of the espace médiateur and the report."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apprendre.courses.library import Bibliotheque, load_library
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import (
    PageLue,
    Progression,
    QuizTermine,
    Reponse,
    Visite,
)
from apprendre.storage import Depot
from apprendre.storage.learner_file import render

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "bibliotheque"
LUNDI = datetime(2026, 3, 2, 12, tzinfo=UTC)
"""A Monday at noon (UTC): the same day in any time zone of France's."""

PREMIER_JUSTE = {"unique": ("L'ordinateur",), "multiple": ("Le clavier", "L'écran"), "vrai-faux": ("vrai",),
                 "classer": ("Le processeur → Informatique", "Le réseau 4G → Numérique",
                             "Prendre rendez-vous en ligne → Usages"),
                 "ordre": ("Allumer", "Se connecter", "Éteindre"), "associer": ("Clavier → Écrire", "Souris → Pointer")}
"""A right answer to each question of the fixture's « premier-module »."""


def library() -> Bibliotheque:
    """The fixture library: « premier-module » (2 lessons of 2 pages, 6 questions), « deuxieme-module »
    (1 page, 2 questions)."""
    return load_library(FIXTURE_LIBRARY)


def day(offset: float, hours: float = 0) -> datetime:
    return LUNDI + timedelta(days=offset, hours=hours)


class Learner:
    """Builds an ``Apprenant`` fact by fact."""

    def __init__(self, pseudo: str, cree_le: datetime = LUNDI, apprenant_id: str | None = None) -> None:
        self.id = apprenant_id or secrets.token_hex(6)
        self.pseudo = pseudo
        self.cree_le = cree_le
        self.progression = Progression()

    def visit(self, debut: datetime, minutes: float) -> Learner:
        self.progression.add(Visite(id=secrets.token_hex(6), debut=debut, fin=debut + timedelta(minutes=minutes)))
        return self

    def read(self, module: str, pages: list[tuple[str, int]], le: datetime) -> Learner:
        for number, (lecon, page) in enumerate(pages):
            self.progression.add(PageLue(module=module, lecon=lecon, page=page, le=le + timedelta(minutes=number)))
        return self

    def read_all_premier(self, le: datetime) -> Learner:
        return self.read("premier-module", [("01-machines", 1), ("01-machines", 2), ("02-reseaux", 1),
                                            ("02-reseaux", 2)], le)

    def quiz(self, module: str, answers: dict[str, bool | tuple[str, ...]], le: datetime,
             finished: bool = True) -> Learner:
        """One attempt: question id → True/False (right/wrong), or the texts given (then wrong)."""
        tentative = secrets.token_hex(6)
        for question, answer in answers.items():
            juste = answer is True
            donnee = PREMIER_JUSTE.get(question, ()) if answer is True else (() if answer is False else answer)
            self.progression.add(Reponse(module=module, question=question, juste=juste, donnee=donnee,
                                         tentative=tentative, le=le))
        if finished:
            self.progression.add(QuizTermine(module=module, tentative=tentative, le=le + timedelta(minutes=1)))
        return self

    def premier_quiz(self, right: int, le: datetime) -> Learner:
        """An attempt at « premier-module » with ``right`` right answers out of 6."""
        return self.quiz("premier-module", {q: index < right for index, q in enumerate(PREMIER_JUSTE)}, le)

    @property
    def apprenant(self) -> Apprenant:
        return Apprenant(id=self.id, pseudo=self.pseudo, cree_le=self.cree_le, progression=self.progression)

    def save(self, depot: Depot) -> Learner:
        """Write the learner's file as the storage writes it (index entry included)."""
        from apprendre.storage.pseudos import pseudo_key

        depot.path(self.id).write_bytes(render(self.apprenant))
        depot.index.add(pseudo_key(self.pseudo), self.id)
        return self
