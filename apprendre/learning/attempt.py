"""One pass through a quiz: each question answered, with its correction."""

from __future__ import annotations

from dataclasses import dataclass

from apprendre.courses.models import Cours, Question
from apprendre.courses.scoring import Correction


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question of the quiz (and the module it comes from), once validated."""

    cours: Cours
    question: Question
    correction: Correction
