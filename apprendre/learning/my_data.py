"""« Mes données »: what apprendre keeps about a learner, told to them in plain French."""

from __future__ import annotations

from pathlib import Path

from apprendre.base.french import count, long_date, long_duration
from apprendre.learning.learner import Apprenant

GUEST_TEXT = ("Vous êtes en mode invité : rien n'est enregistré sur cet ordinateur. "
              "Quand vous choisissez « J'ai terminé », tout est oublié.")
"""« Mes données » for a guest (the Textual app and the text mode)."""


def describe(apprenant: Apprenant, copies: list[Path], dossier: Path) -> str:
    progression = apprenant.progression
    modules = {p.module for p in progression.pages} | {r.module for r in progression.reponses}
    last = progression.last_visit()
    lines = [
        "Voici tout ce qu'apprendre garde sur vous :",
        f"- votre pseudo : {apprenant.pseudo} ;",
        "- votre code : " + ("oui, enregistré sous une forme brouillée que personne ne peut relire ;"
                             if apprenant.code else "aucun ;"),
        "- votre tranche d'âge : " + (f"{apprenant.tranche_age}, comptée seulement dans des totaux anonymes ;"
                                      if apprenant.tranche_age else "non communiquée ;"),
        f"- la date de création de votre profil : {long_date(apprenant.cree_le)} ;",
        f"- votre dernière visite : {long_date(last, with_time=True) if last else 'aucune'} ;",
        f"- {count(len(progression.visites), 'visite')}, pour un temps passé de "
        f"{long_duration(progression.time_spent())} ;",
        f"- {count(len({(p.module, p.lecon, p.page) for p in progression.pages}), 'page lue', 'pages lues')}, dans "
        f"{count(len(modules), 'module')} ;",
        f"- {count(len(progression.reponses), 'réponse')} aux quiz, chacune avec sa date et si elle "
        f"était juste, et {count(len(progression.quiz), 'quiz terminé', 'quiz terminés')}.",
        "",
        "Rien d'autre : ni nom, ni adresse, ni courriel, ni photo.",
        f"Tout est dans le dossier « {dossier} », sur {count(len(copies), 'fichier')} "
        "(votre fichier, sa copie de secours et, s'il y en a, des copies mises de côté).",
        "« Supprimer mon profil » efface tous ces fichiers.",
    ]
    return "\n".join(lines)
