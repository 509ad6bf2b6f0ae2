"""Lessons and questions as plain lines (the text mode) and as said aloud (the voice)."""

from __future__ import annotations

from pathlib import Path

from apprendre.courses.library import load_lecon, load_library
from apprendre.courses.plain_text import for_voice, markdown_lines, page_lines, question_lines, spoken

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bibliotheque"
ROOT = Path(__file__).resolve().parents[2]


def _questions() -> dict[str, object]:
    cours = load_library(FIXTURES).find("premier-module")
    assert cours is not None
    return {question.type: question for question in cours.quiz.questions}


def test_markdown_sans_aucune_marque() -> None:
    text = ("# Titre\n\nUn **gras**, un *italique* et du `code`.\nUne autre phrase.\n\n"
            "- **Lecteur** : il peut lire.\n- Éditeur\n\n1. premier\n2. second\n\n"
            "| Nom | Rôle |\n|---|---|\n| Zoé | lire |\n\n![Le menu Partager](menu.png)\n\n"
            "Voir [le site](https://exemple.fr).")
    assert markdown_lines(text) == [
        "Titre", "", "Un gras, un italique et du code.", "Une autre phrase.", "",
        "- Lecteur : il peut lire.", "- Éditeur", "", "1. premier", "2. second", "",
        "Nom ; Rôle", "Zoé ; lire", "", "Image : Le menu Partager", "",
        "Voir le site (lien : https://exemple.fr).",
    ]


def test_dit_comme_une_personne() -> None:
    assert for_voice("Page 1/3") == "Page 1 sur 3"
    assert for_voice("Le 12/05/2024, à 10 h") == "Le 12/05/2024, à 10 h"
    assert for_voice("Réglages > Confidentialité > Appareil photo") == "Réglages, Confidentialité, Appareil photo"
    assert for_voice("Suivant ▶ → fin 🙂 ✓ ★") == "Suivant, fin"
    assert for_voice("- **Lecteur** : « il peut lire »") == "Lecteur : il peut lire"
    assert for_voice("2. Ouvrir le site (lien : https://exemple.fr)") == "2 : Ouvrir le site"
    assert for_voice("Un café 👍🏽 coûte 2 € à 80 %") == "Un café coûte 2 € à 80 %"


def test_le_texte_d_une_page_a_dire() -> None:
    cours = load_library(FIXTURES).find("premier-module")
    lecon = load_lecon(cours, 0)
    said = spoken(page_lines(lecon.titre, 1, len(lecon.pages), lecon.pages[0].texte))
    assert said == ("Les machines.\nPage 1 sur 2.\nPremière page.\n"
                    "L'ordinateur est une machine. Un lien ne s'ouvre pas.")


def test_le_texte_de_chaque_type_de_question() -> None:
    questions = _questions()
    said = {kind: spoken(question_lines(question, 2, 6)) for kind, question in questions.items()}
    assert said["choix unique"] == ("Question 2 sur 6.\nQuelle est la machine ?\nUne seule réponse est juste.\n"
                                    "1 : L'ordinateur.\n2 : Le courriel.")
    assert said["choix multiple"].startswith("Question 2 sur 6.\nQuelles sont des machines ?\n"
                                             "Il peut y avoir plusieurs bonnes réponses.\n1 : Le clavier.")
    assert said["vrai ou faux"] == "Question 2 sur 6.\nInternet relie les machines.\nVrai ou faux ?\n1 : Vrai.\n2 : Faux."
    assert said["classer"] == ("Question 2 sur 6.\nRangez chaque élément.\n"
                               "Les familles : Informatique, Numérique ou Usages.\nLes éléments à ranger, 3 en tout :\n"
                               "1 : Le processeur.\n2 : Le réseau 4G.\n3 : Prendre rendez-vous en ligne.")
    assert said["ordre"].endswith("Remettez les étapes dans le bon ordre.\n1 : Allumer.\n2 : Se connecter.\n3 : Éteindre.")
    assert said["associer"] == ("Question 2 sur 6.\nAssociez.\nÀ gauche :\n"
                                "Clavier.\nSouris.\nÀ droite :\n1 : Écrire.\n2 : Pointer.")


def test_dans_l_ordre_montre_a_l_ecran() -> None:
    question = _questions()["choix unique"]
    lines = question_lines(question, 1, 1, shown=["Le courriel", "L'ordinateur"])
    assert lines[-2:] == ["1. Le courriel", "2. L'ordinateur"]


def test_aucune_page_livree_ne_garde_de_marque_a_dire() -> None:
    """Every shipped page, said aloud: no Markdown mark, no emoji, no arrow, no fraction bar."""
    library = load_library(ROOT / "cours")
    for cours in library.cours:
        for index in range(len(cours.module.lecons)):
            lecon = load_lecon(cours, index)
            for number, page in enumerate(lecon.pages, start=1):
                said = spoken(page_lines(lecon.titre, number, len(lecon.pages), page.texte))
                for mark in ("**", "`", "](", "#", "→", "▶", "«", "»"):
                    assert mark not in said, (cours.id, lecon.id, number, mark)
