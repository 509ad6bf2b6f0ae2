"""« Mes données »: what apprendre keeps about a learner, told to them in plain French."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from apprendre.storage.learner_file import Apprenant

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"]


def describe(apprenant: Apprenant, copies: list[Path], dossier: Path) -> str:
    progression = apprenant.progression
    modules = {p.module for p in progression.pages} | {r.module for r in progression.reponses}
    last = progression.last_visit()
    lines = [
        "Voici tout ce qu'apprendre garde sur vous :",
        f"- votre pseudo : {apprenant.pseudo} ;",
        "- votre code : " + ("oui, enregistré sous une forme brouillée que personne ne peut relire ;"
                             if apprenant.code else "aucun ;"),
        f"- la date de création de votre profil : {french_date(apprenant.cree_le)} ;",
        f"- votre dernière visite : {french_date(last, with_time=True) if last else 'aucune'} ;",
        f"- {_count(len(progression.visites), 'visite')}, pour un temps passé de "
        f"{french_duration(progression.time_spent())} ;",
        f"- {_count(len(progression.pages), 'page lue', 'pages lues')}, dans "
        f"{_count(len(modules), 'module')} ;",
        f"- {_count(len(progression.reponses), 'réponse')} aux quiz, chacune avec sa date et si elle "
        f"était juste, et {_count(len(progression.quiz), 'quiz terminé', 'quiz terminés')}.",
        "",
        "Rien d'autre : ni nom, ni adresse, ni courriel, ni photo.",
        f"Tout est dans le dossier « {dossier} », sur {_count(len(copies), 'fichier')} "
        "(votre fichier, sa copie de secours et, s'il y en a, des copies mises de côté).",
        "« Supprimer mon profil » efface tous ces fichiers.",
    ]
    return "\n".join(lines)


def french_date(moment: datetime, with_time: bool = False) -> str:
    local = moment.astimezone()
    text = f"{local.day}{'er' if local.day == 1 else ''} {MOIS[local.month - 1]} {local.year}"
    return f"{text} à {local.hour} h {local.minute:02d}" if with_time else text


def french_duration(duration: timedelta) -> str:
    minutes = int(duration.total_seconds()) // 60
    if minutes < 1:
        return "moins d'une minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if hours else _count(minutes, "minute")


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number <= 1 else plural or singular + 's'}"
