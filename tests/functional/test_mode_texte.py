"""``apprendre --texte``: the whole journey through standard input and output, as a screen
reader user meets it, and the same files as the Textual app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from text_driver import DRAWING, TextLearner

from apprendre.learning.progress import Reponse, now
from apprendre.storage import Depot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bibliotheque"
ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(not hasattr(__import__("select"), "poll"), reason="pipes read with select()")


def _quiz_every_type(learner: TextLearner) -> dict[str, str]:
    """Answer the fixture quiz: the first question of each type wrong, the others right.
    Returns the feedback said after each question type."""
    feedback = {}
    wrong = {"choix unique", "classer", "associer"}
    for _ in range(6):
        question = learner.question()
        said = learner.answer(right=question.type not in wrong)
        feedback[question.type] = said
        learner.type("")
    return feedback


def test_un_parcours_complet_au_clavier_enregistre_comme_l_application(tmp_path: Path) -> None:
    donnees = tmp_path / "donnees"
    learner = TextLearner(FIXTURES, donnees)
    screen = learner.read_prompt()
    assert "Bienvenue" in screen and "1. Je commence" in screen and screen.endswith("puis Entrée : ")
    learner.choose("Je commence")
    learner.type("Zoé")
    screen = learner.type("1234")
    assert screen.startswith("Tapez le même code une deuxième fois")
    learner.type("4321")
    assert "Les deux codes ne sont pas les mêmes." in learner.screen
    learner.type("Zoé")
    learner.type("1234")
    screen = learner.type("1234")
    assert "Vous êtes : Zoé." in screen and "Le catalogue : 2 modules." in screen
    assert "Premier module : les trois familles. Un petit module d'essai pour les tests. 5 minutes" in screen
    screen = learner.choose("Premier module")
    assert "Module : Premier module" in screen and "Leçon 1 : Les machines (pas encore lue)." in screen
    screen = learner.type("")  # Entrée : « Commencer »
    assert "Page 1 sur 2." in screen and "L'ordinateur est une machine. Un lien (lien : https://exemple.fr/page)" in screen
    for _ in range(3):
        screen = learner.type("")
    assert "Les réseaux." in screen and "Page 2 sur 2." in screen and "Aller au quiz." in screen
    screen = learner.type("")
    assert "Quiz : Premier module : les trois familles. 6 questions." in screen
    feedback = _quiz_every_type(learner)
    assert set(feedback) == {"choix unique", "choix multiple", "vrai ou faux", "classer", "ordre", "associer"}
    assert feedback["choix unique"].startswith("Ce n'est pas tout à fait ça.\nLe courriel est un usage.")
    assert "Bonne réponse !" in feedback["choix multiple"] and "Bonne réponse !" in feedback["ordre"]
    assert "va dans" in feedback["classer"] and "Explication : Machine, réseau, usage." in feedback["classer"]
    assert "va avec" in feedback["associer"]
    screen = learner.screen
    assert "7 points sur 11 (64 %)." in screen and "2 éléments sur 3 bien rangés" in screen
    assert "Pas encore maîtrisé : il faut 80 % des points." in screen
    assert "À revoir :\n- Quelle est la machine ?" in screen
    screen = learner.choose("Retour au catalogue")
    screen = learner.choose("Mes données")
    assert "- votre pseudo : Zoé ;" in screen and "6 réponses aux quiz" in screen
    learner.choose("Retour au catalogue")
    screen = learner.choose("J'ai terminé")
    assert "Votre visite est terminée. Tout est enregistré." in screen and "Bienvenue !" in screen
    learner.type_last(learner.option("Quitter"))

    assert not DRAWING.search(learner.transcript), DRAWING.findall(learner.transcript)
    depot = Depot(donnees)
    [apprenant_id] = depot.ids()
    apprenant = depot.load(apprenant_id)
    assert apprenant.pseudo == "Zoé" and apprenant.code is not None
    progression = apprenant.progression
    assert {(p.lecon, p.page) for p in progression.pages} == {("01-machines", 1), ("01-machines", 2),
                                                               ("02-reseaux", 1), ("02-reseaux", 2)}
    answers = {r.question: r for r in progression.reponses}
    assert set(answers) == {"unique", "multiple", "vrai-faux", "classer", "ordre", "associer"}
    assert [answers[q].juste for q in ("unique", "multiple", "vrai-faux", "classer", "ordre", "associer")] == \
        [False, True, True, False, True, False]
    assert answers["ordre"].donnee == ("Allumer", "Se connecter", "Éteindre")
    assert len(progression.quiz) == 1 and len(progression.visites) == 1
    assert not list((donnees / "verrous").glob("*.ouvert")), "the pseudonym is still marked open"


def test_un_invite_fait_tout_le_parcours_et_rien_n_est_ecrit(tmp_path: Path) -> None:
    donnees = tmp_path / "donnees"
    learner = TextLearner(FIXTURES, donnees)
    learner.read_prompt()
    screen = learner.choose("Juste essayer")
    assert "Mode invité : rien n'est enregistré." in screen
    learner.choose("Premier module")
    screen = learner.choose("Le quiz")
    assert "Question 1 sur 6." in screen
    _quiz_every_type(learner)
    assert "7 points sur 11" in learner.screen
    learner.choose("Retour au catalogue")
    screen = learner.choose("Mes données")
    assert "Vous êtes en mode invité : rien n'est enregistré sur cet ordinateur." in screen
    screen = learner.type("terminé")  # the word works at any prompt
    assert "Votre visite est terminée. À bientôt !" in screen and "Bienvenue !" in screen
    learner.type_last(learner.option("Quitter"))
    assert not list(donnees.glob("*.toml")) and not (donnees / "apprenants").exists() or \
        not list((donnees / "apprenants").glob("*.toml"))


def test_un_quiz_abime_depuis_le_debut_est_dit_a_son_ouverture(tmp_path: Path) -> None:
    import shutil

    cours = shutil.copytree(FIXTURES, tmp_path / "cours")
    learner = TextLearner(cours, tmp_path / "donnees")
    learner.read_prompt()
    learner.choose("Juste essayer")
    quiz_file = cours / "premier-module" / "quiz.toml"
    quiz_file.write_text('[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\n'
                         'reponse = "oui"\nexplication = "Oui."\n', encoding="utf-8")
    screen = learner.choose("Premier module")
    assert "un quiz de 6 questions" in screen
    screen = learner.choose("Le quiz")
    assert "Le quiz de ce module ne peut pas s'ouvrir. Prévenez un médiateur." in screen
    assert f"{quiz_file}, ligne 5" in screen
    screen = learner.choose("Leçon 1")  # the lessons still open
    assert "Page 1 sur 2." in screen


def test_aide_a_chaque_question_puis_la_meme_question(tmp_path: Path) -> None:
    learner = TextLearner(FIXTURES, tmp_path / "donnees")
    learner.read_prompt()
    screen = learner.type("aide")
    assert screen.startswith("Aide :") and "« Juste essayer » ouvre les modules" in screen
    assert screen.endswith("Tapez un numéro de 1 à 4, puis Entrée : ")
    screen = learner.type("7")
    assert "« 7 » n'est pas un des choix. Tapez un numéro de 1 à 4." in screen
    learner.choose("Je commence")
    screen = learner.type("aide")
    assert "Le pseudo est le nom que vous choisissez ici" in screen
    learner.type("Léa")
    screen = learner.type("aide")
    assert "Le code a 4 chiffres. Il est facultatif." in screen
    learner.type("")
    learner.choose("Premier module")
    learner.choose("Le quiz")
    for _ in range(6):
        question = learner.question()
        screen = learner.type("aide")
        assert "Aide :" in screen and "Tapez « retour » pour arrêter le quiz." in screen, question.type
        assert "Tapez « terminé » à tout moment pour finir votre visite" in screen
        learner.answer(right=True)
        learner.type("")
    assert "11 points sur 11 (100 %)." in learner.screen and "Bravo ! Module maîtrisé" in learner.screen
    learner.type_last("terminé")


def test_a_revoir_repose_la_question_manquee(tmp_path: Path) -> None:
    donnees = tmp_path / "donnees"
    depot = Depot(donnees)
    session = depot.create("Jo", None)
    session.record(Reponse(module="premier-module", question="vrai-faux", juste=False, donnee=("faux",),
                           tentative="quiz-ancien", le=now() - timedelta(days=2)))
    session.close()
    learner = TextLearner(FIXTURES, donnees)
    learner.read_prompt()
    learner.choose("Je reviens")
    learner.type("Jo")
    screen = learner.type("")
    assert "À revoir : 1 question." in screen
    screen = learner.choose("À revoir")
    assert "Quiz : À revoir. 1 question." in screen and "Internet relie les machines." in screen
    learner.answer(right=True)
    screen = learner.type("")
    assert "1 point sur 1 (100 %)." in screen and "maîtrisé" not in screen
    learner.type_last("terminé")
    assert len(Depot(donnees).load(session.apprenant_id).progression.reponses) == 2


def test_supprimer_son_profil_depuis_mes_donnees(tmp_path: Path) -> None:
    donnees = tmp_path / "donnees"
    learner = TextLearner(FIXTURES, donnees)
    learner.read_prompt()
    learner.choose("Je commence")
    learner.type("Sam")
    learner.type("")
    learner.choose("Mes données")
    screen = learner.choose("Supprimer mon profil")
    assert "On ne pourra pas les retrouver." in screen
    screen = learner.type("oui")
    assert "Votre profil est supprimé. Au revoir !" in screen and "Bienvenue !" in screen
    learner.type_last(learner.option("Quitter"))
    assert Depot(donnees).ids() == []


def test_un_quiz_quitte_reprend_a_la_premiere_question_sans_reponse(tmp_path: Path) -> None:
    donnees = tmp_path / "donnees"
    learner = TextLearner(FIXTURES, donnees)
    learner.read_prompt()
    learner.choose("Je commence")
    learner.type("Noé")
    learner.type("")
    learner.choose("Premier module")
    learner.choose("Le quiz")
    for _ in range(2):
        learner.answer(right=True)
        learner.type("")
    screen = learner.type("retour")
    assert "Quiz arrêté." in screen
    screen = learner.choose("Le quiz")
    assert "Vous reprenez à la question 3 : vos réponses d'avant sont gardées." in screen
    assert "Question 3 sur 6." in screen
    for _ in range(4):
        learner.answer(right=True)
        learner.type("")
    assert "11 points sur 11 (100 %)." in learner.screen
    learner.type_last("terminé")
    [apprenant_id] = Depot(donnees).ids()
    progression = Depot(donnees).load(apprenant_id).progression
    assert len(progression.reponses) == 6 and len({r.tentative for r in progression.reponses}) == 1


def test_parti_sans_rien_dire_la_visite_se_termine_et_tout_est_enregistre(tmp_path: Path) -> None:
    import io
    import os
    import threading
    import time

    from apprendre.text.journey import TextJourney

    donnees = tmp_path / "donnees"
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end, "r", encoding="utf-8")
    keyboard = os.fdopen(write_end, "w", encoding="utf-8")
    stdout = io.StringIO()
    journey = TextJourney(FIXTURES, donnees, stdin, stdout, idle_delays=(0.5, 0.5))
    thread = threading.Thread(target=journey.run, daemon=True)
    thread.start()

    def type_line(line: str) -> None:
        keyboard.write(line + "\n")
        keyboard.flush()
        time.sleep(0.2)

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 30
        while text not in stdout.getvalue():
            assert time.monotonic() < deadline, stdout.getvalue()
            time.sleep(0.05)

    for line in ("1", "Ana", ""):  # Je commence, a pseudonym, no code
        type_line(line)
    wait_for("Le catalogue")
    type_line("1")
    wait_for("Module : Premier module")
    time.sleep(0.6)  # away from the keyboard…
    wait_for("Vous êtes toujours là ?")
    type_line("")  # …back in time: the Entrée keeps the visit and chooses nothing
    assert stdout.getvalue().count("Module : Premier module") == 1
    wait_for("Vous êtes toujours là ?")
    assert "Leçon 1 sur 2" not in stdout.getvalue()
    wait_for("Vous avez été déconnecté après un moment sans activité.")  # then away for good
    wait_for("Votre visite est terminée. Tout est enregistré.")
    [apprenant_id] = Depot(donnees).ids()
    assert len(Depot(donnees).load(apprenant_id).progression.visites) == 1
    assert not list((donnees / "verrous").glob("*.ouvert")), "the pseudonym is still taken"
    type_line("4")  # Quitter
    thread.join(timeout=10)
    assert not thread.is_alive()
