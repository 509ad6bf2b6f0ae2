"""One pass through a quiz: each question answered, with its correction; resuming an unfinished one."""

from __future__ import annotations

from dataclasses import dataclass

from apprendre.base.french import count
from apprendre.courses.models import Cours, Question
from apprendre.courses.scoring import Correction, regrade
from apprendre.learning.progress import Progression, Reponse


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question of the quiz (and the module it comes from), once validated."""

    cours: Cours
    question: Question
    correction: Correction


@dataclass(frozen=True)
class Reprise:
    """An attempt left unfinished: its id, and the questions already answered (in quiz order)."""

    tentative: str
    answered: list[AnsweredQuestion]

    @property
    def next_index(self) -> int:
        return len(self.answered)


def unfinished_attempt(progression: Progression, cours: Cours) -> Reprise | None:
    """The module's latest quiz attempt, if it was left before its end: the answers it kept.

    The answers count from the first question in the quiz's order, up to the first
    one not answered: « Continuer » resumes there. An attempt whose first question
    was never answered (the quiz changed since) is not resumed.
    """
    latest: Reponse | None = None
    for reponse in progression.reponses:
        if reponse.module == cours.id and reponse.tentative.startswith("quiz-") and (
                latest is None or reponse.le >= latest.le):
            latest = reponse
    if latest is None or any(q.module == cours.id and q.tentative == latest.tentative for q in progression.quiz):
        return None
    given = {r.question: r for r in progression.reponses
             if r.module == cours.id and r.tentative == latest.tentative}
    answered = []
    for question in cours.quiz.questions:
        if question.id not in given:
            break
        answered.append(AnsweredQuestion(cours, question, _correction(question, given[question.id])))
    if not answered or len(answered) == len(cours.quiz.questions):
        return None
    return Reprise(latest.tentative, answered)


def _correction(question: Question, reponse: Reponse) -> Correction:
    """The correction of a recorded answer: the feedback graded again, the points as recorded."""
    won, worth = reponse.compte
    again = regrade(question, reponse.donnee)
    return Correction(juste=reponse.juste, retours=again.retours, donnee=reponse.donnee,
                      points=won, sur=worth, justes=again.justes)


def score_lines(resultats: list[AnsweredQuestion]) -> list[str]:
    """What the result screen says of the points, type by type: « 33 éléments sur 36 bien rangés »."""
    lines = []
    for kind, phrase, singular, plural in (
            ("classer", "bien rangé", "élément", "éléments"),
            ("associer", "bien associée", "paire", "paires"),
            ("ordre", "à sa place", "étape", "étapes")):
        own = [r.correction for r in resultats if r.question.type == kind]
        if own:
            won, worth = sum(c.points for c in own), sum(c.sur for c in own)
            done = phrase if won <= 1 else (phrase + "s" if kind != "ordre" else "à leur place")
            lines.append(f"{count(won, singular, plural)} sur {worth} {done}")
    others = [r.correction for r in resultats if r.question.type not in ("classer", "associer", "ordre")]
    if others:
        right = sum(c.points for c in others)
        label = "bonne réponse" if right <= 1 else "bonnes réponses"
        lines.append(f"{right} {label} sur {len(others)} aux autres questions" if len(others) < len(resultats)
                     else f"{right} {label} sur {len(others)}")
    return lines


def total_points(resultats: list[AnsweredQuestion]) -> tuple[int, int]:
    return sum(r.correction.points for r in resultats), sum(r.correction.sur for r in resultats)
