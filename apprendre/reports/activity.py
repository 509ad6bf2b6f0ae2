"""The activity report: what a médiathèque writes in its activity report, with no pseudonym in it.

``build_report`` counts once; ``render_table`` (the terminal, the espace
médiateur) and ``write_csv`` (LibreOffice Calc, Excel) only lay the same
``ActivityReport`` out, so the numbers on screen and in the file are always equal.

Counting rules:

- a session is a visit (from sign-in to the last action) that *started* in the
  period; its time counts whole, in the week it started;
- « apprenants » counts the distinct learners with at least one session;
  « nouveaux » the profiles created in the period;
- pages read and quizzes finished are counted each time (a page read twice
  counts twice); only the modules of the library count;
- a module is « terminé » (or « maîtrisé ») in the period when it *became* so
  in the period: each learner counts once per module, ever;
- days and weeks are those of the terminal's time zone; weeks are ISO weeks,
  from Monday;
- a week or a module without any activity in the period is not listed.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path

from apprendre.base.atomic import SHARED_MODE, write_atomic
from apprendre.courses.library import Bibliotheque
from apprendre.courses.models import Cours
from apprendre.reports.follow_up import Learners, resumes
from apprendre.reports.summary import Resume, SuiviModule, milestones

DUREES = (
    (30 * 60, "Moins de 30 min"),
    (60 * 60, "30min à 1 h"),
    (120 * 60, "1 h à 2 h"),
    (None, "2 h et plus"),
)
"""Session length bands, with the labels of La Coop de la médiation numérique's statistics."""


@dataclass
class Chiffres:
    """The numbers of a period, or of one week of it."""

    sessions: int = 0
    apprenants: int = 0
    nouveaux: int = 0
    heures: float = 0.0
    pages: int = 0
    quiz: int = 0
    termines: int = 0
    maitrises: int = 0


LIBELLES = {
    "sessions": "Sessions",
    "apprenants": "Apprenants différents",
    "nouveaux": "Nouveaux apprenants",
    "heures": "Temps passé (heures)",
    "pages": "Pages lues",
    "quiz": "Quiz passés",
    "termines": "Modules terminés",
    "maitrises": "Modules maîtrisés",
}
"""The French label of each number, in the order of the report."""


@dataclass
class LigneModule:
    id: str
    titre: str
    apprenants: int = 0
    """Distinct learners who read a page of it or finished its quiz in the period."""
    pages: int = 0
    quiz: int = 0
    termines: int = 0
    maitrises: int = 0


COURTS = {"Semaine": None, "Lundi": "Semaine du", "Apprenants différents": "Appr.", "Nouveaux apprenants": "Nouv.",
          "Temps passé (heures)": "Heures", "Pages lues": "Pages", "Quiz passés": "Quiz",
          "Modules terminés": "Term.", "Modules maîtrisés": "Maîtr.", "Apprenants": "Appr.", "Terminés": "Term.",
          "Maîtrisés": "Maîtr."}
"""Headers of the wide tables on the terminal, short enough for 80 columns (None: column left out)."""
TITRE_MAX = 40
"""Module titles longer than this are cut on the terminal (the CSV has them whole)."""

LIBELLES_MODULE = {"apprenants": "Apprenants", "pages": "Pages lues", "quiz": "Quiz passés",
                   "termines": "Terminés", "maitrises": "Maîtrisés"}


@dataclass
class LigneSemaine:
    semaine: str
    """ISO week, as « 2026-W03 »."""
    lundi: date
    chiffres: Chiffres


@dataclass
class ActivityReport:
    du: date
    au: date
    totaux: Chiffres
    modules: list[LigneModule] = field(default_factory=list)
    semaines: list[LigneSemaine] = field(default_factory=list)
    durees: list[tuple[str, int]] = field(default_factory=list)
    """(La Coop's duration band, sessions)."""


# --- Counting -------------------------------------------------------------------------------

def local_midnight(day: date) -> int:
    """The start of ``day`` in the terminal's time zone, in seconds since 1970."""
    return int(datetime.combine(day, time()).astimezone().timestamp())


class _Compteur:
    """Accumulates the report, one learner at a time (thousands of learners never sit in memory)."""

    def __init__(self, library: Bibliotheque, du: date, au: date) -> None:
        self.start, self.end = local_midnight(du), local_midnight(au + timedelta(days=1))
        first_monday = du - timedelta(days=du.weekday())
        self.mondays = [first_monday + timedelta(weeks=n) for n in range((au - first_monday).days // 7 + 1)]
        self.bounds = [local_midnight(monday) for monday in self.mondays]
        self.totaux = Chiffres()
        self.seconds = 0
        self.weeks = [Chiffres() for _ in self.mondays]
        self.week_seconds = [0] * len(self.mondays)
        self.cours = {cours.id: cours for cours in library.cours}
        self.modules = {cours.id: LigneModule(cours.id, cours.module.titre) for cours in library.cours}
        self.durees = [0] * len(DUREES)
        self.week_pages = [0] * len(self.mondays)
        self.week_quiz = [0] * len(self.mondays)

    def week(self, moment: int) -> Chiffres:
        return self.weeks[bisect_right(self.bounds, moment) - 1]

    def inside(self, moment: int | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def add(self, resume: Resume) -> None:
        weeks_seen: set[int] = set()
        for debut, fin in resume.visites:
            if not self.inside(debut):
                continue
            index = bisect_right(self.bounds, debut) - 1
            weeks_seen.add(index)
            self.weeks[index].sessions += 1
            self.week_seconds[index] += fin - debut
            self.totaux.sessions += 1
            self.seconds += fin - debut
            self.durees[_band(fin - debut)] += 1
        if weeks_seen:
            self.totaux.apprenants += 1
            for index in weeks_seen:
                self.weeks[index].apprenants += 1
        if self.inside(resume.cree_le):
            self.totaux.nouveaux += 1
            self.week(resume.cree_le).nouveaux += 1
        for name, suivi in resume.modules.items():
            cours = self.cours.get(name)
            if cours is not None:
                self._add_module(self.modules[name], suivi, cours)

    def _add_module(self, ligne: LigneModule, suivi: SuiviModule, cours: Cours) -> None:
        start, end, pages = self.start, self.end, suivi.pages
        first, last = bisect_left(pages, start), bisect_left(pages, end)
        self._count_weeks(pages, first, last)
        quiz = 0
        for moment, _, _ in suivi.tentatives:
            if start <= moment < end:
                quiz += 1
                self.week_quiz[bisect_right(self.bounds, moment) - 1] += 1
        ligne.pages += last - first
        ligne.quiz += quiz
        self.totaux.pages += last - first
        self.totaux.quiz += quiz
        ligne.apprenants += last > first or quiz > 0
        if not suivi.tentatives:
            return  # neither finished nor mastered without a finished attempt
        finished, mastered = milestones(suivi, cours)
        if finished is not None and start <= finished < end:
            for chiffres in (ligne, self.totaux, self.week(finished)):
                chiffres.termines += 1
        if mastered is not None and start <= mastered < end:
            for chiffres in (ligne, self.totaux, self.week(mastered)):
                chiffres.maitrises += 1

    def _count_weeks(self, moments: list[int], first: int, last: int) -> None:
        """Count ``moments[first:last]`` (sorted, in the period) into their weeks, a week at a time."""
        bounds, weeks = self.bounds, self.week_pages
        while first < last:
            week = bisect_right(bounds, moments[first]) - 1
            after = bisect_left(moments, bounds[week + 1], first, last) if week + 1 < len(bounds) else last
            weeks[week] += after - first
            first = after

    def rapport(self, du: date, au: date) -> ActivityReport:
        self.totaux.heures = hours(self.seconds)
        semaines = []
        for monday, chiffres, seconds, pages, quiz in zip(self.mondays, self.weeks, self.week_seconds,
                                                          self.week_pages, self.week_quiz):
            chiffres.heures = hours(seconds)
            chiffres.pages = pages
            chiffres.quiz = quiz
            if chiffres == Chiffres():
                continue  # a week without activity is not listed (a year holds many)
            year, number, _ = monday.isocalendar()
            semaines.append(LigneSemaine(f"{year}-W{number:02d}", monday, chiffres))
        durees = [(label, count) for (_, label), count in zip(DUREES, self.durees)]
        modules = [ligne for ligne in self.modules.values()
                   if ligne.apprenants or ligne.termines or ligne.maitrises]
        return ActivityReport(du, au, self.totaux, modules, semaines, durees)


def _band(seconds: int) -> int:
    return next(index for index, (limit, _) in enumerate(DUREES) if limit is None or seconds < limit)


def hours(seconds: int) -> float:
    return round(seconds / 3600, 1)


def build_report(apprenants: Learners, library: Bibliotheque, du: date, au: date) -> ActivityReport:
    """The report of the period from ``du`` to ``au``, both included."""
    if au < du:
        raise ValueError("the period ends before it starts")
    compteur = _Compteur(library, du, au)
    for resume in resumes(apprenants, pseudo=False):
        compteur.add(resume)
    return compteur.rapport(du, au)


# --- Laying it out --------------------------------------------------------------------------

def number(value: int | float) -> str:
    """French notation: a decimal comma, no thousands separator (so a spreadsheet reads it as a number)."""
    return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)


def default_csv_name(du: date, au: date) -> str:
    return f"rapport-apprendre-{du.isoformat()}-au-{au.isoformat()}.csv"


def title(rapport: ActivityReport) -> str:
    return f"Rapport d'activité d'apprendre, du {rapport.du.isoformat()} au {rapport.au.isoformat()}"


def sections(rapport: ActivityReport) -> list[tuple[str, list[str], list[list[int | float | str | date]]]]:
    """The report as (section title, column headers, rows): what both layouts show."""
    totals = [[LIBELLES[f.name], getattr(rapport.totaux, f.name)] for f in fields(Chiffres)]
    modules = [[ligne.titre, *(getattr(ligne, name) for name in LIBELLES_MODULE)] for ligne in rapport.modules]
    weeks = [[ligne.semaine, ligne.lundi, *(getattr(ligne.chiffres, f.name) for f in fields(Chiffres))]
             for ligne in rapport.semaines]
    return [
        ("Pour la période", ["Indicateur", "Valeur"], totals),
        ("Par module", ["Module", *LIBELLES_MODULE.values()], modules),
        ("Par semaine", ["Semaine", "Lundi", *LIBELLES.values()], weeks),
        ("Sessions par durée", ["Durée", "Sessions"], [[label, count] for label, count in rapport.durees]),
    ]


def render_table(rapport: ActivityReport) -> str:
    """The report as plain text tables for the terminal (numbers right-aligned)."""
    lines = [title(rapport), ""]
    for name, headers, rows in sections(rapport):
        cells = [[_cell(value) for value in row] for row in rows]
        if len(headers) > 2:
            headers, cells = _shorten(headers, cells)
        widths = [max(len(text) for text in column) for column in zip(headers, *cells)]
        lines.append(name)
        lines.append("  " + "  ".join(_align(text, width, index) for index, (text, width)
                                      in enumerate(zip(headers, widths))))
        for row in cells:
            lines.append("  " + "  ".join(_align(text, width, index) for index, (text, width)
                                          in enumerate(zip(row, widths))))
        if not rows:
            lines.append("  (rien)")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _shorten(headers: list[str], cells: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    short = {index: COURTS.get(header, header) for index, header in enumerate(headers)}
    kept = {index: header for index, header in short.items() if header is not None}
    cells = [[_cut(row[i]) if i == 0 else row[i] for i in kept] for row in cells]
    return list(kept.values()), cells


def _cut(text: str) -> str:
    return text if len(text) <= TITRE_MAX else text[:TITRE_MAX - 1].rstrip() + "…"


def _cell(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    assert isinstance(value, int | float)
    return number(value)


def _align(text: str, width: int, index: int) -> str:
    return text.ljust(width) if index == 0 else text.rjust(width)


def write_csv(rapport: ActivityReport, path: Path) -> None:
    """Write the report for LibreOffice Calc and Excel set to French.

    UTF-8 with a BOM (else Excel misreads the accents), « ; » between columns,
    decimal commas (a French spreadsheet reads « 12,5 » as a number and « 12.5 »
    as text or a date), integers as they are, dates as ISO (2026-01-12, read as
    dates). The sections follow each other, separated by an empty line.
    """
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([title(rapport)])
    for name, headers, rows in sections(rapport):
        writer.writerow([])
        writer.writerow([name])
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_cell(value) for value in row])
    write_atomic(path, stream.getvalue().encode("utf-8-sig"), mode=SHARED_MODE)


def _csv_cell(value: object) -> str:
    if isinstance(value, str):
        return _no_formula(value)
    return _cell(value)


def _no_formula(text: str) -> str:
    """A text a spreadsheet would run as a formula (a module title starting with « = »…) is quoted."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
