"""A learner's progress: dated facts, and everything derived from them.

Progress is only ever *added to*: a page read, an answer given, a quiz
finished, a visit. Statuses, scores and review boxes are computed from these
facts, never stored, so that two copies of one learner's file merge by union
(see ``merge``). Nothing here touches files or the screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Statut = Literal["pas commencé", "en cours", "terminé", "maîtrisé"]

LEITNER_WAIT = {1: timedelta(days=1), 2: timedelta(days=3), 3: timedelta(days=7), 4: timedelta(days=14)}
"""How long a missed question waits in each box before it is due again.
A question that climbs past the last box is learnt and no longer comes back."""
LEITNER_LEARNT = 5


def now() -> datetime:
    """The current time, in UTC, to the second (facts compare and merge on it)."""
    return datetime.now(UTC).replace(microsecond=0)


class Fait(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PageLue(Fait):
    module: str
    lecon: str
    page: int = Field(ge=1)
    le: datetime


class Reponse(Fait):
    """One answer to one question. ``tentative`` groups the answers of one quiz attempt."""

    module: str
    question: str
    juste: bool
    points: int | None = Field(default=None, ge=0)
    """Items (pairs, steps…) the learner got right; None in files written before points existed."""
    sur: int | None = Field(default=None, ge=1)
    """What the question was worth; None in files written before points existed."""
    donnee: tuple[str, ...] = ()
    """What the learner answered, as texts (never as positions, which change)."""
    tentative: str
    le: datetime

    @property
    def compte(self) -> tuple[int, int]:
        """(points, worth): an answer from before points existed counts 1 or 0 out of 1."""
        if self.points is None or self.sur is None:
            return int(self.juste), 1
        return min(self.points, self.sur), self.sur


class QuizTermine(Fait):
    module: str
    tentative: str
    le: datetime


class Visite(Fait):
    """A visit: from sign-in to the last thing done. ``fin`` grows while the learner works."""

    id: str
    debut: datetime
    fin: datetime


class Progression(BaseModel):
    """All the facts of one learner."""

    model_config = ConfigDict(extra="forbid")

    pages: list[PageLue] = Field(default_factory=list)
    reponses: list[Reponse] = Field(default_factory=list)
    quiz: list[QuizTermine] = Field(default_factory=list)
    visites: list[Visite] = Field(default_factory=list)

    # --- Adding ---------------------------------------------------------------------------

    def add(self, fait: Fait) -> None:
        """Add one fact (a visit replaces the earlier state of the same visit)."""
        if isinstance(fait, PageLue):
            self.pages.append(fait)
        elif isinstance(fait, Reponse):
            self.reponses.append(fait)
        elif isinstance(fait, QuizTermine):
            self.quiz.append(fait)
        elif isinstance(fait, Visite):
            self.visites = [v for v in self.visites if v.id != fait.id] + [fait]
        else:
            raise TypeError(f"unknown fact: {fait!r}")

    # --- Deriving -------------------------------------------------------------------------

    def by_module(self) -> dict[str, Progression]:
        """The facts of each module (visits belong to none), in one pass."""
        groups: dict[str, Progression] = {}
        for table in ("pages", "reponses", "quiz"):
            for fait in getattr(self, table):
                group = groups.get(fait.module)
                if group is None:
                    group = groups[fait.module] = Progression()
                getattr(group, table).append(fait)
        return groups

    def pages_read(self, module: str) -> set[tuple[str, int]]:
        return {(p.lecon, p.page) for p in self.pages if p.module == module}

    def last_page(self, module: str) -> PageLue | None:
        pages = [p for p in self.pages if p.module == module]
        return max(pages, key=lambda p: p.le) if pages else None

    def attempts(self, module: str) -> list[list[Reponse]]:
        """The answers of each finished attempt at a module's quiz, oldest first."""
        finished = sorted((q for q in self.quiz if q.module == module), key=lambda q: q.le)
        by_attempt: dict[str, list[Reponse]] = defaultdict(list)
        for reponse in self.reponses:
            if reponse.module == module:
                by_attempt[reponse.tentative].append(reponse)
        return [by_attempt[q.tentative] for q in finished if by_attempt[q.tentative]]

    def best_score(self, module: str) -> float | None:
        """Best share of the points over the finished attempts, from 0 to 1."""
        return best_of(score(answers) for answers in self.attempts(module))

    def status(self, module: str, total_pages: int, seuil: int) -> Statut:
        answered = any(r.module == module for r in self.reponses)
        return module_status(self.best_score(module), len(self.pages_read(module)), total_pages, answered, seuil)

    def leitner_boxes(self) -> dict[tuple[str, str], tuple[int, datetime]]:
        """(module, question) → (box, date of the last answer), for every question ever missed.

        A wrong answer sends the question back to box 1; a right one moves it up a box.
        """
        boxes: dict[tuple[str, str], tuple[int, datetime]] = {}
        for reponse in sorted(self.reponses, key=lambda r: r.le):
            key = (reponse.module, reponse.question)
            if not reponse.juste:
                boxes[key] = (1, reponse.le)
            elif key in boxes:
                boxes[key] = (min(boxes[key][0] + 1, LEITNER_LEARNT), reponse.le)
        return boxes

    def due(self, when: datetime | None = None) -> list[tuple[str, str]]:
        """The (module, question) pairs to review now, those missed longest ago first."""
        when = when or now()
        due = [
            (last, key) for key, (box, last) in self.leitner_boxes().items()
            if box < LEITNER_LEARNT and last + LEITNER_WAIT[box] <= when
        ]
        return [key for _, key in sorted(due)]

    def time_spent(self) -> timedelta:
        return sum((v.fin - v.debut for v in self.visites), timedelta())

    def last_visit(self) -> datetime | None:
        return max((v.fin for v in self.visites), default=None)


def points(answers: Iterable[Reponse]) -> tuple[int, int]:
    """(points won, points possible) over some answers: each item of a *classer* counts."""
    won = worth = 0
    for answer in answers:
        got, out_of = answer.compte
        won += got
        worth += out_of
    return won, worth


def best_of(scores: Iterable[float]) -> float | None:
    """The best score of the finished attempts, None when none was finished."""
    return max(scores, default=None)


def module_status(best: float | None, pages_read: int, total_pages: int, answered: bool, seuil: int) -> Statut:
    """The one status rule, for the learner's screens and the mediator's tables alike.

    « maîtrisé »: a finished attempt at or above the module's threshold; « terminé »: every page
    read and a quiz finished; « en cours »: anything read or answered; else « pas commencé ».
    """
    if best is not None and best * 100 >= seuil:
        return "maîtrisé"
    if best is not None and pages_read >= total_pages:
        return "terminé"
    if pages_read or best is not None or answered:
        return "en cours"
    return "pas commencé"


def score(answers: Iterable[Reponse]) -> float:
    won, worth = points(answers)
    return won / worth if worth else 0.0


# --- Merging copies -------------------------------------------------------------------------

def merge(*copies: Progression) -> Progression:
    """One progress from several copies of the same learner's (two terminals, a sync conflict).

    The union of the facts: a fact present in several copies counts once, and of
    two states of one visit the one that ends later is kept. Facts come out in one
    canonical order, so merging is commutative, associative and idempotent, and
    equal progress always gives the same file.
    """
    pages: set[PageLue] = set()
    reponses: set[Reponse] = set()
    quiz: set[QuizTermine] = set()
    for copy in copies:
        pages.update(copy.pages)
        reponses.update(copy.reponses)
        quiz.update(copy.quiz)
    return Progression(
        pages=sorted(pages, key=ORDER["pages"]),
        reponses=sorted(reponses, key=ORDER["reponses"]),
        quiz=sorted(quiz, key=ORDER["quiz"]),
        visites=merge_visits(*(copy.visites for copy in copies)),
    )


ORDER: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "pages": lambda p: (p.le, p.module, p.lecon, p.page),
    "reponses": lambda r: (r.le, r.module, r.tentative, r.question, r.juste, r.donnee),
    "quiz": lambda q: (q.le, q.module, q.tentative),
}
"""The canonical order of each table's facts (visits: ``merge_visits``)."""


def merge_visits(*copies: Iterable[Visite]) -> list[Visite]:
    """Each visit once, in its latest state (the one that ends later), in the canonical order."""
    visites: dict[str, Visite] = {}
    for copy in copies:
        for visite in copy:
            kept = visites.get(visite.id)
            if kept is None or (visite.fin, visite.debut) > (kept.fin, kept.debut):
                visites[visite.id] = visite
    return sorted(visites.values(), key=lambda v: (v.debut, v.id, v.fin))


def added_after(written: list[Fait], added: Iterable[Fait], table: str) -> list[Fait] | None:
    """What ``merge`` would put after the facts ``written`` (merged already) if ``added`` joined
    them: the new facts in order, duplicates left out. None when one of them belongs before the
    last written fact: then only ``merge`` knows where.

    The common case of a save (a fact or two, just now) costs a few comparisons instead of
    sorting every fact again.
    """
    key = ORDER[table]
    last = written[-1] if written else None
    last_key = key(last) if last is not None else None
    kept: list[Fait] = []
    for fait in added:
        fait_key = key(fait)
        if last_key is not None:
            if fait_key < last_key:
                return None
            if fait_key == last_key:
                if fait == last:
                    continue
                return None
        kept.append(fait)
        last, last_key = fait, fait_key
    return kept
