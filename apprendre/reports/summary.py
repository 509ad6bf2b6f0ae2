"""A learner's progress boiled down to what the mediator's views and the activity report count.

The facts of a learner (``progression``) can be thousands of small records;
the mediator's tables and the report only need a few numbers per module, and
the dates that a period filters on. ``summarize`` computes them in one pass,
and ``statut``, ``finished_at`` and ``mastered_at`` derive from them exactly
what ``Progression.status`` derives from the facts (a test checks it), so
that every screen and every report counts the same way.

A ``Resume`` holds no pseudonym unless the caller asks for it: dates are
seconds since 1970 (UTC), as integers, so that it is small and quick to cache
(see ``apprendre.storage.summary_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apprendre.courses.models import Cours
from apprendre.courses.scoring import SEPARATOR
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import PageLue, QuizTermine, Reponse, Statut, Visite, best_of, module_status


@dataclass(slots=True)
class SuiviModule:
    """One learner's work on one module."""

    pages: list[int] = field(default_factory=list)
    """When each page was read (every reading, a page read twice counts twice), oldest first."""
    premieres: list[int] = field(default_factory=list)
    """When each distinct page was first read, oldest first: the n-th is when n pages had been read."""
    tentatives: list[tuple[int, int, int]] = field(default_factory=list)
    """(finished at, points won, points possible) of each finished quiz attempt, oldest first:
    each item of a *classer* counts (see ``Reponse.compte``)."""
    repondu: bool = False
    """Whether the learner answered at least one question (even in an attempt left unfinished)."""
    questions: dict[str, list[int]] = field(default_factory=dict)
    """Question id → [answers, right answers], over every attempt."""
    mal_places: dict[str, dict[str, int]] = field(default_factory=dict)
    """Question id → {"item → category" given in a wrong answer: times}, for classer and associer."""


@dataclass(slots=True)
class Resume:
    """What the mediator's views count about one learner."""

    id: str
    cree_le: int
    visites: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each visit, oldest first."""
    modules: dict[str, SuiviModule] = field(default_factory=dict)
    pseudo: str | None = None
    """Only when asked for (the learners table); never in a report."""
    tranche_age: str | None = None
    """La Coop's age band, if the learner gave it; only ever counted, never shown with a learner."""

    @property
    def derniere_visite(self) -> int | None:
        return max((fin for _, fin in self.visites), default=None)

    @property
    def derniere_activite(self) -> int:
        """The last visit's end, or the profile's creation for a learner who never came back."""
        last = self.derniere_visite
        return self.cree_le if last is None else max(last, self.cree_le)


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def summarize(apprenant: Apprenant, pseudo: bool = False) -> Resume:
    """The ``Resume`` of a learner, in one pass over their facts."""
    progression = apprenant.progression
    tallies = tally_facts(progression.pages, progression.reponses, progression.quiz)
    return Resume(id=apprenant.id, cree_le=epoch(apprenant.cree_le), visites=visit_times(progression.visites),
                  modules={name: found.suivi() for name, found in tallies.items() if not found.empty},
                  pseudo=apprenant.pseudo if pseudo else None, tranche_age=apprenant.tranche_age)


def tally_facts(pages: Iterable[PageLue], reponses: Iterable[Reponse], quiz: Iterable[QuizTermine],
                tallies: dict[str, ModuleTally] | None = None) -> dict[str, ModuleTally]:
    """``tally`` of the facts themselves."""
    return tally(((p.module, p.lecon, p.page, epoch(p.le)) for p in pages),
                 ((r.module, r.question, r.juste, r.donnee, r.tentative, *r.compte) for r in reponses),
                 ((q.module, q.tentative, epoch(q.le)) for q in quiz), tallies)


def visit_times(visites: Iterable[Visite]) -> list[tuple[int, int]]:
    """(start, end) of each visit, oldest first, as in ``Resume.visites``."""
    return sorted((epoch(v.debut), epoch(v.fin)) for v in visites)


def build_resume(apprenant_id: str, cree_le: int, pseudo: str | None,
                 pages: Iterable[tuple[str, str, int, int]],
                 reponses: Iterable[tuple[str, str, bool, tuple[str, ...], str, int, int]],
                 quiz: Iterable[tuple[str, str, int]],
                 visites: Iterable[tuple[int, int]], tranche_age: str | None = None) -> Resume:
    """A ``Resume`` from the facts as plain tuples, dates in seconds (see ``summarize``).

    ``apprendre.storage.summary_reader`` calls it straight from a file's text, without
    building the facts: both ways give the same summary.
    """
    tallies = tally(pages, reponses, quiz)
    return Resume(id=apprenant_id, cree_le=cree_le, visites=sorted(visites),
                  modules={name: found.suivi() for name, found in tallies.items() if not found.empty},
                  pseudo=pseudo,
                  tranche_age=tranche_age)


def tally(pages: Iterable[tuple[str, str, int, int]],
          reponses: Iterable[tuple[str, str, bool, tuple[str, ...], str, int, int]],
          quiz: Iterable[tuple[str, str, int]],
          tallies: dict[str, ModuleTally] | None = None) -> dict[str, ModuleTally]:
    """Each module's ``ModuleTally`` of these facts, added to ``tallies`` (changed in place) if given.

    The one place where facts become a summary: a whole file at once (``build_resume``), or
    the few facts of a save added to the tallies of the facts already written
    (``apprendre.storage.summary_line``), which gives the same summary.
    """
    modules: dict[str, ModuleTally] = {} if tallies is None else tallies

    def module(name: str) -> ModuleTally:
        found = modules.get(name)
        if found is None:
            found = modules[name] = ModuleTally()
        return found

    for name, lecon, page, moment in pages:
        found = module(name)
        found.pages.append(moment)
        key = (lecon, page)
        first = found.first_read.get(key)
        if first is None or moment < first:
            found.first_read[key] = moment
    for name, question, juste, donnee, tentative, won, worth in reponses:
        found = module(name)
        found.repondu = True
        counts = found.questions.setdefault(question, [0, 0])
        counts[0] += 1
        counts[1] += juste
        attempt = found.attempts.setdefault(tentative, [0, 0])
        attempt[0] += worth
        attempt[1] += won
        if not juste:
            _count_misplaced(found.mal_places, question, donnee)
    for name, tentative, moment in quiz:
        module(name).quiz.append((moment, tentative))
    return modules


class ModuleTally:
    """What the facts of one module add up to, before it becomes a ``SuiviModule`` (``suivi``).

    Kept by the learner store between two saves, so that a save only adds its new facts."""

    __slots__ = ("pages", "first_read", "quiz", "attempts", "repondu", "questions", "mal_places")

    def __init__(self) -> None:
        self.pages: list[int] = []
        self.first_read: dict[tuple[str, int], int] = {}
        """(lesson, page) → when it was first read."""
        self.quiz: list[tuple[int, str]] = []
        """(finished at, attempt) of each finished quiz, in the order of the facts."""
        self.attempts: dict[str, list[int]] = {}
        """Attempt → [points possible, points won] of its answers."""
        self.repondu = False
        self.questions: dict[str, list[int]] = {}
        self.mal_places: dict[str, dict[str, int]] = {}

    @property
    def empty(self) -> bool:
        """Only finished quizzes without any answer: not a module the learner worked on."""
        return not self.pages and not self.repondu

    def copy(self) -> ModuleTally:
        other = ModuleTally()
        other.pages, other.first_read, other.quiz = self.pages.copy(), self.first_read.copy(), self.quiz.copy()
        other.attempts = {key: value.copy() for key, value in self.attempts.items()}
        other.repondu = self.repondu
        other.questions = {key: value.copy() for key, value in self.questions.items()}
        other.mal_places = {key: value.copy() for key, value in self.mal_places.items()}
        return other

    def suivi(self, answers: bool = True) -> SuiviModule:
        """The module's ``SuiviModule`` (its lists are new: the tally can go on changing);
        ``answers=False`` leaves out the answers to each question."""
        tentatives = [(moment, answered[1], answered[0]) for moment, tentative in self.quiz
                      if (answered := self.attempts.get(tentative)) is not None]
        tentatives.sort(key=lambda t: t[0])
        if not answers:
            return SuiviModule(sorted(self.pages), sorted(self.first_read.values()), tentatives, self.repondu)
        return SuiviModule(sorted(self.pages), sorted(self.first_read.values()), tentatives, self.repondu,
                           {key: value.copy() for key, value in self.questions.items()},
                           {key: value.copy() for key, value in self.mal_places.items()})


def _count_misplaced(mal_places: dict[str, dict[str, int]], question: str, donnee: tuple[str, ...]) -> None:
    placed = [item for item in donnee if SEPARATOR in item]
    if placed:
        counts = mal_places.setdefault(question, {})
        for item in placed:
            counts[item] = counts.get(item, 0) + 1


# --- What the facts mean for one module ----------------------------------------------------

def best_score(suivi: SuiviModule | None) -> float | None:
    """Best share of the points over the finished attempts, from 0 to 1 (as Progression.best_score)."""
    if suivi is None:
        return None
    return best_of(right / answers for _, right, answers in suivi.tentatives if answers)


def statut(suivi: SuiviModule | None, cours: Cours) -> Statut:
    """The module's status for this learner: the same as ``parcours.status`` on the facts."""
    if suivi is None:
        return "pas commencé"
    return module_status(best_score(suivi), len(suivi.premieres), cours.total_pages, suivi.repondu, cours.seuil)


def mastered_at(suivi: SuiviModule | None, cours: Cours) -> int | None:
    """When the module became « maîtrisé »: the first attempt that reached the threshold."""
    return milestones(suivi, cours)[1]


def finished_at(suivi: SuiviModule | None, cours: Cours) -> int | None:
    """When the module became « terminé » or « maîtrisé », whichever came first."""
    return milestones(suivi, cours)[0]


def milestones(suivi: SuiviModule | None, cours: Cours) -> tuple[int | None, int | None]:
    """(when the module became « terminé » or « maîtrisé », when it became « maîtrisé »), None if never.

    « Terminé » needs every page read and a finished attempt: it happens at the
    later of the two, unless an attempt reached the threshold before.
    """
    if suivi is None or not suivi.tentatives:
        return None, None
    seuil = cours.seuil
    mastered = min((moment for moment, right, answers in suivi.tentatives if right / answers * 100 >= seuil),
                   default=None)
    total = cours.total_pages
    if len(suivi.premieres) < total:
        return mastered, mastered
    first_attempt = suivi.tentatives[0][0]
    done = max(suivi.premieres[total - 1], first_attempt) if total else first_attempt
    return (done if mastered is None else min(done, mastered)), mastered
