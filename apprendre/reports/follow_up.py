"""Following learners, for the espace médiateur: pure functions, no files, no screen.

Every function takes the learners as ``Apprenant`` (a file just read) or as
``Resume`` (the same, boiled down; ``apprendre.storage.summary_cache.load_resumes``
gives them quickly for thousands of learners), and counts through
``apprendre.reports.summary``: the tables here and the activity report
(``apprendre.reports.activity``) count the same way.

Counting rules, where the issue was silent:

- « commencés » counts the modules a learner has touched (any status but « pas
  commencé »), « terminés » those « terminé » or « maîtrisé », « maîtrisés » the
  last ones: each column includes the next.
- Only the modules of the library count: facts about a module that was removed
  are kept but not shown.
- A learner's average score is the mean, over the modules whose quiz they
  finished, of their best score there.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from apprendre.base.french import count, plural, short_duration, short_moment
from apprendre.courses.library import Bibliotheque
from apprendre.courses.models import Classer, Cours
from apprendre.courses.scoring import SEPARATOR
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import PageLue, Reponse, now, points
from apprendre.reports.summary import (
    Resume,
    best_score,
    epoch,
    from_epoch,
    statut,
    summarize,
)

Learners = Iterable[Apprenant | Resume]


def resumes(apprenants: Learners, pseudo: bool = True) -> Iterator[Resume]:
    """Each learner as a ``Resume`` (with the pseudonym if known and ``pseudo``)."""
    for apprenant in apprenants:
        yield summarize(apprenant, pseudo=pseudo) if isinstance(apprenant, Apprenant) else apprenant


# --- The learners table ---------------------------------------------------------------------

@dataclass(frozen=True)
class LigneApprenant:
    id: str
    pseudo: str
    derniere_visite: datetime | None
    """End of the last visit (UTC), None if the learner never came after creating the profile."""
    commences: int
    termines: int
    maitrises: int
    score_moyen: float | None
    """From 0 to 1; None when no quiz was finished."""
    cree_le: datetime | None = None


def learners_table(apprenants: Learners, library: Bibliotheque) -> list[LigneApprenant]:
    """One row per learner, in the order given."""
    return [learner_row(resume, library) for resume in resumes(apprenants)]


def learner_row(resume: Resume, library: Bibliotheque) -> LigneApprenant:
    statuses = [statut(resume.modules.get(cours.id), cours) for cours in library.cours]
    scores = [score for cours in library.cours
              if (score := best_score(resume.modules.get(cours.id))) is not None]
    last = resume.derniere_visite
    return LigneApprenant(
        id=resume.id,
        pseudo=resume.pseudo or "",
        derniere_visite=from_epoch(last) if last is not None else None,
        commences=sum(s != "pas commencé" for s in statuses),
        termines=sum(s in ("terminé", "maîtrisé") for s in statuses),
        maitrises=sum(s == "maîtrisé" for s in statuses),
        score_moyen=sum(scores) / len(scores) if scores else None,
        cree_le=from_epoch(resume.cree_le),
    )


SORT_KEYS = ("pseudo", "derniere_visite", "commences", "termines", "maitrises", "score_moyen")


def sort_rows(rows: Iterable[LigneApprenant], by: str = "pseudo", descending: bool = False) -> list[LigneApprenant]:
    """Rows sorted on one column; empty values (no visit, no score) always last."""
    if by not in SORT_KEYS:
        raise ValueError(f"unknown column {by!r}; expected one of {SORT_KEYS}")
    rows = list(rows)
    present = [row for row in rows if getattr(row, by) is not None]
    missing = [row for row in rows if getattr(row, by) is None]
    if by == "pseudo":
        present.sort(key=lambda row: (search_key(row.pseudo), row.pseudo, row.id), reverse=descending)
    else:
        present.sort(key=lambda row: (getattr(row, by), search_key(row.pseudo)), reverse=descending)
    return present + missing


def search_key(text: str) -> str:
    """Pseudonyms compared as the storage does (NFKC, casefold), and without accents."""
    folded = unicodedata.normalize("NFKC", " ".join(text.split())).casefold()
    stripped = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def search(rows: Iterable[LigneApprenant], text: str) -> list[LigneApprenant]:
    """The rows whose pseudonym contains ``text``, ignoring case and accents."""
    wanted = search_key(text)
    return [row for row in rows if wanted in search_key(row.pseudo)]


# --- Per module -----------------------------------------------------------------------------

@dataclass(frozen=True)
class StatsQuestion:
    id: str
    enonce: str
    reponses: int
    """Answers given, over every attempt of every learner."""
    justes: int
    part_juste: float | None
    """From 0 to 1; None when nobody answered yet."""


@dataclass
class StatsModule:
    id: str
    titre: str
    commences: int = 0
    termines: int = 0
    maitrises: int = 0
    questions: list[StatsQuestion] = field(default_factory=list)
    """Hardest first (lowest share of right answers); questions nobody answered last."""
    elements_mal_classes: dict[str, int] = field(default_factory=dict)
    """For the classer questions: item text → times put in a wrong category, most first."""


def module_stats(apprenants: Learners, cours: Cours) -> StatsModule:
    return modules_overview(apprenants, _single(cours))[0]


def modules_overview(apprenants: Learners, library: Bibliotheque) -> list[StatsModule]:
    """``module_stats`` of every module of the library, in catalogue order, in one pass."""
    counts = {cours.id: StatsModule(id=cours.id, titre=cours.module.titre) for cours in library.cours}
    answers: dict[str, dict[str, list[int]]] = {cours.id: defaultdict(lambda: [0, 0]) for cours in library.cours}
    misplaced: dict[str, dict[tuple[str, str], int]] = {cours.id: defaultdict(int) for cours in library.cours}
    for resume in resumes(apprenants, pseudo=False):
        for cours in library.cours:
            suivi = resume.modules.get(cours.id)
            if suivi is None:
                continue
            stats, status = counts[cours.id], statut(suivi, cours)
            stats.commences += status != "pas commencé"
            stats.termines += status in ("terminé", "maîtrisé")
            stats.maitrises += status == "maîtrisé"
            for question, (given, right) in suivi.questions.items():
                total = answers[cours.id][question]
                total[0] += given
                total[1] += right
            for question, placed in suivi.mal_places.items():
                for item, times in placed.items():
                    misplaced[cours.id][(question, item)] += times
    for cours in library.cours:
        stats = counts[cours.id]
        stats.questions = _questions(cours, answers[cours.id])
        stats.elements_mal_classes = _misplaced(cours, misplaced[cours.id])
    return list(counts.values())


def _single(cours: Cours) -> Bibliotheque:
    return Bibliotheque(dossier=cours.dossier.parent, cours=[cours])


def _questions(cours: Cours, answers: dict[str, list[int]]) -> list[StatsQuestion]:
    rows = []
    for question in cours.quiz.questions:
        given, right = answers.get(question.id, (0, 0))
        rows.append(StatsQuestion(question.id, question.enonce, given, right, right / given if given else None))
    return sorted(rows, key=lambda row: (row.part_juste is None, row.part_juste or 0.0))


def _misplaced(cours: Cours, placed: dict[tuple[str, str], int]) -> dict[str, int]:
    """Times each classer item was put in a wrong category (an « item → category » of a wrong answer)."""
    times: dict[str, int] = defaultdict(int)
    for question in cours.quiz.questions:
        if not isinstance(question, Classer):
            continue
        right = {element.texte: element.categorie for element in question.elements}
        for (question_id, entry), placements in placed.items():
            item, _, category = entry.partition(SEPARATOR)
            if question_id == question.id and item in right and category != right[item]:
                times[item] += placements
    return dict(sorted(times.items(), key=lambda pair: (-pair[1], pair[0])))


# --- One learner's journey ------------------------------------------------------------------

@dataclass(frozen=True)
class LigneParcours:
    le: datetime
    texte: str

    def __str__(self) -> str:
        return f"{short_moment(self.le)} — {self.texte}"


def learner_journey(apprenant: Apprenant, library: Bibliotheque) -> list[LigneParcours]:
    """What the learner did, newest first: visits, pages read per lesson and day, quiz attempts."""
    rows = [LigneParcours(visite.debut, f"visite de {short_duration(visite.fin - visite.debut)}")
            for visite in apprenant.progression.visites]
    rows += _pages_rows(apprenant, library)
    rows += _quiz_rows(apprenant, library)
    return sorted(rows, key=lambda row: row.le, reverse=True)


def _pages_rows(apprenant: Apprenant, library: Bibliotheque) -> list[LigneParcours]:
    """One line per lesson and day: how many different pages were read, when the last was."""
    groups: dict[tuple[str, str, date], list[PageLue]] = defaultdict(list)
    for page in apprenant.progression.pages:
        groups[(page.module, page.lecon, page.le.astimezone().date())].append(page)
    rows = []
    for (module, lecon, _), pages in groups.items():
        number = len({page.page for page in pages})
        rows.append(LigneParcours(max(page.le for page in pages),
                                  f"{count(number, 'page')} {plural(number, 'lue')} "
                                  f"de la leçon « {_lesson_title(library, module, lecon)} » "
                                  f"({_module_title(library, module)})"))
    return rows


def _quiz_rows(apprenant: Apprenant, library: Bibliotheque) -> list[LigneParcours]:
    answers: dict[tuple[str, str], list[Reponse]] = defaultdict(list)
    for reponse in apprenant.progression.reponses:
        answers[(reponse.module, reponse.tentative)].append(reponse)
    rows = []
    for quiz in apprenant.progression.quiz:
        given = answers.get((quiz.module, quiz.tentative))
        if given:
            won, worth = points(given)
            rows.append(LigneParcours(quiz.le, f"quiz {_module_title(library, quiz.module)} : "
                                      f"{won} point{'s' if won > 1 else ''} sur {worth} ({round(100 * won / worth)} %)"))
    return rows


def _module_title(library: Bibliotheque, module: str) -> str:
    cours = library.find(module)
    return f"module « {cours.module.titre} »" if cours else f"module « {module} », retiré depuis"


def _lesson_title(library: Bibliotheque, module: str, lecon: str) -> str:
    cours = library.find(module)
    if cours and lecon in cours.lecon_ids:
        return cours.titres_lecons[cours.lecon_ids.index(lecon)]
    return lecon


# --- Retention ------------------------------------------------------------------------------

def inactive(apprenants: Learners, months: int, when: datetime | None = None,
             library: Bibliotheque | None = None) -> list[LigneApprenant]:
    """Learners whose last visit (or, with none, the creation of their profile) is older than
    ``months`` months before ``when``; oldest first. Pass ``library`` to fill the module counts."""
    limit = epoch(months_before(when or now(), months))
    library = library or Bibliotheque(dossier=Path())
    found = [resume for resume in resumes(apprenants) if resume.derniere_activite < limit]
    found.sort(key=lambda resume: resume.derniere_activite)
    return [learner_row(resume, library) for resume in found]


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))
