"""The report for La Coop de la médiation numérique: what a mediator retypes there, month by month.

La Coop imports no file: the mediator copies figures into its activity form.
So this report uses La Coop's own labels, in the order of its form, and never
a pseudonym (``render_coop`` for the terminal and the espace médiateur,
``write_coop_csv`` for a spreadsheet: the same ``RapportCoop``, the same figures).

Counting rules:

- a visit (an « accompagnement individuel ») counts in the month it started,
  with its whole time;
- its thématiques are those of the modules the learner worked on during it (a
  page read or a quiz finished between its start and its end); like in La Coop,
  a visit counts once for each of its thématiques;
- « apprenants » counts distinct learners, per month and per thématique;
- age bands count the distinct learners of the month by the band they gave
  (« Non communiqué » when none);
- séances d'atelier (« Atelier collectif ») are those the mediator marked in the
  espace médiateur, listed apart, with their anonymous counts;
- a month without any visit or séance is not listed.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from apprendre.base.atomic import SHARED_MODE, write_atomic
from apprendre.base.french import MOIS, count, plural
from apprendre.courses.library import Bibliotheque
from apprendre.courses.models import THEMATIQUES_COOP
from apprendre.learning.learner import NON_COMMUNIQUE, TRANCHES_AGE
from apprendre.reports.activity import DUREES, hours, local_midnight, number
from apprendre.reports.follow_up import Learners, resumes
from apprendre.reports.summary import Resume

NIVEAUX = ("Débutant", "Intermédiaire", "Avancé")
"""La Coop's levels of an atelier."""
LIEU = "Lieu d’activité"
MATERIEL = "Ordinateur"
"""apprendre runs on the site's terminals: La Coop's « Lieu » and « Matériel » are always these."""
TYPE_INDIVIDUEL = "Accompagnement individuel"
TYPE_ATELIER = "Atelier collectif"
TRANCHES = (*TRANCHES_AGE, NON_COMMUNIQUE)


@dataclass(frozen=True)
class Seance:
    """A séance d'atelier the mediator marked: only anonymous counts, never who came."""

    date: date
    titre: str
    niveau: str
    duree: int
    """Minutes."""
    participants: int
    deja_accompagnes: int = 0
    """Participants who had already come before (La Coop asks it)."""
    thematiques: tuple[str, ...] = ()
    tranches: tuple[tuple[str, int], ...] = ()
    """(La Coop's age band, participants), « Non communiqué » for those who gave none."""


@dataclass
class Thematique:
    libelle: str
    visites: int = 0
    apprenants: int = 0
    heures: float = 0.0


@dataclass
class MoisCoop:
    mois: str
    """« 2026-03 »."""
    visites: int = 0
    apprenants: int = 0
    heures: float = 0.0
    durees: list[tuple[str, int]] = field(default_factory=list)
    thematiques: list[Thematique] = field(default_factory=list)
    """In La Coop's order; only those with visits."""
    sans_thematique: int = 0
    """Visits during which no module was opened (or only modules naming no thématique)."""
    tranches: list[tuple[str, int]] = field(default_factory=list)
    seances: list[Seance] = field(default_factory=list)

    @property
    def nom(self) -> str:
        year, month = self.mois.split("-")
        return f"{MOIS[int(month) - 1].capitalize()} {year}"


@dataclass
class RapportCoop:
    du: date
    au: date
    mois: list[MoisCoop]


class _Month:
    def __init__(self) -> None:
        self.visites = 0
        self.seconds = 0
        self.learners: set[str] = set()
        self.durees = [0] * len(DUREES)
        self.themes: dict[str, list[int]] = {}
        self.theme_learners: dict[str, set[str]] = {}
        self.sans_thematique = 0
        self.tranches: dict[str, int] = {}


def build_coop(apprenants: Learners, library: Bibliotheque, du: date, au: date,
               seances: Iterable[Seance] = ()) -> RapportCoop:
    """La Coop's figures for each month from ``du`` to ``au`` (both included)."""
    if au < du:
        raise ValueError("the period ends before it starts")
    start = local_midnight(du)
    end = local_midnight(date.fromordinal(au.toordinal() + 1))
    themes = {cours.id: cours.module.thematiques for cours in library.cours}
    months: dict[str, _Month] = {}
    for resume in resumes(apprenants, pseudo=False):
        _add(resume, themes, start, end, months)
    kept = [seance for seance in seances if du <= seance.date <= au]
    for seance in kept:
        months.setdefault(seance.date.strftime("%Y-%m"), _Month())
    return RapportCoop(du, au, [_month(name, months[name], kept) for name in sorted(months)])


def _add(resume: Resume, themes: dict[str, list[str]], start: int, end: int, months: dict[str, _Month]) -> None:
    tranche = resume.tranche_age or NON_COMMUNIQUE
    for debut, fin in resume.visites:
        if not start <= debut < end:
            continue
        name = datetime.fromtimestamp(debut).strftime("%Y-%m")
        month = months.get(name) or months.setdefault(name, _Month())
        seconds = fin - debut
        month.visites += 1
        month.seconds += seconds
        if resume.id not in month.learners:
            month.learners.add(resume.id)
            month.tranches[tranche] = month.tranches.get(tranche, 0) + 1
        month.durees[next(i for i, (limit, _) in enumerate(DUREES) if limit is None or seconds < limit)] += 1
        worked: set[str] = set()
        for module_id, suivi in resume.modules.items():
            if _between(suivi.pages, debut, fin) or any(debut <= t[0] <= fin for t in suivi.tentatives):
                worked.update(themes.get(module_id, ()))
        if not worked:
            month.sans_thematique += 1
        for theme in worked:
            figures = month.themes.setdefault(theme, [0, 0])
            figures[0] += 1
            figures[1] += seconds
            month.theme_learners.setdefault(theme, set()).add(resume.id)


def _between(moments: list[int], debut: int, fin: int) -> bool:
    return bisect_right(moments, fin) > bisect_left(moments, debut)


def _month(name: str, month: _Month, seances: list[Seance]) -> MoisCoop:
    thematiques = [Thematique(label, month.themes[label][0], len(month.theme_learners[label]),
                              hours(month.themes[label][1]))
                   for label in THEMATIQUES_COOP if label in month.themes]
    return MoisCoop(
        mois=name, visites=month.visites, apprenants=len(month.learners), heures=hours(month.seconds),
        durees=[(label, n) for (_, label), n in zip(DUREES, month.durees)],
        thematiques=thematiques, sans_thematique=month.sans_thematique,
        tranches=[(label, month.tranches[label]) for label in TRANCHES if month.tranches.get(label)],
        seances=sorted((s for s in seances if s.date.strftime("%Y-%m") == name), key=lambda s: (s.date, s.titre)),
    )


# --- Laying it out --------------------------------------------------------------------------

def title(rapport: RapportCoop) -> str:
    return (f"Rapport pour La Coop de la médiation numérique, du {rapport.du.isoformat()} "
            f"au {rapport.au.isoformat()}")


def rows(rapport: RapportCoop) -> list[list[str | int | float]]:
    """The report as flat rows (Mois, Type, Rubrique, Libellé, Nombre, Apprenants, Heures):
    what both the terminal and the CSV show, in the order of La Coop's form."""
    table: list[list[str | int | float]] = []
    for mois in rapport.mois:
        if mois.visites:
            individual = [mois.mois, TYPE_INDIVIDUEL]
            table.append([*individual, "Total", "Visites", mois.visites, mois.apprenants, mois.heures])
            table += [[*individual, "Durée", label, n, "", ""] for label, n in mois.durees]
            table.append([*individual, "Lieu", LIEU, mois.visites, "", ""])
            table.append([*individual, "Matériel", MATERIEL, mois.visites, "", ""])
            table += [[*individual, "Thématique", t.libelle, t.visites, t.apprenants, t.heures]
                      for t in mois.thematiques]
            if mois.sans_thematique:
                table.append([*individual, "Thématique", "(aucun module ouvert)", mois.sans_thematique, "", ""])
            table += [[*individual, "Tranche d'âge", label, n, n, ""] for label, n in mois.tranches]
        for seance in mois.seances:
            workshop = [mois.mois, TYPE_ATELIER]
            table.append([*workshop, "Séance", f"{seance.date.isoformat()} · {seance.titre} · {seance.niveau} · "
                                                f"{seance.duree} min", 1, seance.participants,
                          round(seance.duree / 60, 1)])
            table.append([*workshop, "Participants", "Déjà accompagnés", seance.deja_accompagnes, "", ""])
            table += [[*workshop, "Thématique", theme, 1, "", ""] for theme in seance.thematiques]
            table += [[*workshop, "Tranche d'âge", label, n, "", ""] for label, n in seance.tranches]
    return table


HEADERS = ["Mois", "Type", "Rubrique", "Libellé", "Nombre", "Apprenants", "Heures"]


def render_coop(rapport: RapportCoop) -> str:
    """Month by month, each block in the order of La Coop's form; no pseudonym anywhere."""
    lines = [title(rapport), "À recopier dans La Coop, dans l'ordre de son formulaire. Aucun pseudo.", ""]
    if not rapport.mois:
        lines.append("Aucune activité dans cette période.")
    for mois in rapport.mois:
        lines.append(f"{mois.nom}")
        if mois.visites:
            lines += [f"  {TYPE_INDIVIDUEL} : {count(mois.visites, 'visite')}, "
                      f"{count(mois.apprenants, 'apprenant')}, {number(mois.heures)} h",
                      "    Durée (visites) :"]
            width = max([len(t.libelle) for t in mois.thematiques] + [22])
            lines += [f"      {label.ljust(width)}  {visits:>4}" for label, visits in mois.durees]
            lines += [f"    Lieu : {LIEU} ; Matériel : {MATERIEL}",
                      "    Thématiques (visites, apprenants, heures) :"]
            lines += [f"      {t.libelle.ljust(width)}  {t.visites:>4}  {t.apprenants:>4}  {number(t.heures):>6}"
                      for t in mois.thematiques]
            if mois.sans_thematique:
                lines.append(f"      {'(aucun module ouvert)'.ljust(width)}  {mois.sans_thematique:>4}")
            lines.append("    Tranches d'âge : " + " ; ".join(f"{label} : {n}" for label, n in mois.tranches))
        for seance in mois.seances:
            lines += [f"  {TYPE_ATELIER} du {seance.date.isoformat()} : « {seance.titre} », {seance.niveau}, "
                      f"{seance.duree} min",
                      f"    {count(seance.participants, 'participant')}, dont {seance.deja_accompagnes} déjà "
                      f"{plural(seance.deja_accompagnes, 'accompagné')}",
                      "    Thématiques : " + (" ; ".join(seance.thematiques) or "aucune"),
                      "    Tranches d'âge : " + " ; ".join(f"{label} : {n}" for label, n in seance.tranches)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def default_coop_csv_name(du: date, au: date) -> str:
    return f"rapport-la-coop-{du.isoformat()}-au-{au.isoformat()}.csv"


def write_coop_csv(rapport: RapportCoop, path: Path) -> None:
    """The same figures for LibreOffice Calc or Excel set to French (see ``activity.write_csv``)."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([title(rapport)])
    writer.writerow(HEADERS)
    for row in rows(rapport):
        writer.writerow([number(value) if isinstance(value, (int, float)) else _no_formula(value) for value in row])
    write_atomic(path, stream.getvalue().encode("utf-8-sig"), mode=SHARED_MODE)


def _no_formula(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
