"""The flagship's quiz, as a learner meets it at 80×24, with the mouse alone and the keyboard alone.

Every question type, each answered partly wrong: the score counts items, the
explanation is on screen after « Valider » without any scrolling key, and leaving
at question 5 (Échap, « Arrêter le quiz », Ctrl+Q, or closing the app) then coming
back resumes at question 5, with the answers given before still counting.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from learner_driver import LearnerDriver, screen_text
from test_parcours_apprenant import come_back, sign_up

from apprendre.courses.models import Classer
from apprendre.tui.app import ApprendreApp
from apprendre.tui.dialogs import Confirmation
from apprendre.tui.screens.module import ModuleScreen
from apprendre.tui.screens.quiz import QuizScreen
from apprendre.tui.screens.resultat import ResultatScreen
from apprendre.tui.widgets.questions import QuestionWidget

COURS = Path(__file__).resolve().parents[2] / "cours"
PHARE = "informatique-numerique-usages"


def make_app(tmp_path) -> ApprendreApp:
    return ApprendreApp(cours=COURS, donnees=tmp_path / "donnees", seed=3)


async def open_flagship(learner: LearnerDriver) -> None:
    app = learner.app
    await learner.wait_for(lambda: app.screen.query("CartesModules"))
    assert app.screen.query_one("CartesModules").cartes[0].cours.id == PHARE
    if learner.keyboard:
        await learner.press("enter")  # the first card has the focus
    else:
        await learner.click_card(0)
    await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))


def explanation_in_view(app) -> bool:
    """The verdict and the first line of the explanation are among the rows the question shows now."""
    widget = app.screen.query_one(QuestionWidget)
    top, height = int(widget.scroll_offset.y), widget.scrollable_content_region.height
    visible = widget.text.splitlines()[top:top + height]
    verdict = widget.feedback.splitlines()[0]
    return any(verdict in row for row in visible) and any("Explication :" in row for row in visible)


async def answer_questions(learner: LearnerDriver, count: int) -> None:
    """``count`` questions answered partly wrong, each checked right after « Valider »."""
    app = learner.app
    for _ in range(count):
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        index = screen.index
        await learner.answer(right=False)
        await learner.validate()
        feedback = screen.widget.feedback
        assert feedback.startswith("✗") and "Explication :" in feedback, feedback
        assert feedback.splitlines()[0] in screen_text(app)
        assert explanation_in_view(app), "the explanation is out of view after « Valider »"
        if learner.keyboard:
            assert app.focused is screen.query_one("#action")  # Entrée goes on
        await learner.next()
        await learner.wait_for(lambda: app.screen is not screen or screen.index != index)
        await learner.wait_for(lambda: app.screen.query("QuestionWidget, #score"))


async def leave(learner: LearnerDriver) -> None:
    """Échap with the keyboard, « Arrêter le quiz » with the mouse; the question asked first says what is kept."""
    app = learner.app
    if learner.keyboard:
        await learner.press("escape")
    else:
        await learner.click("#arreter")
    await learner.wait_for(lambda: isinstance(app.screen, Confirmation))
    assert "« Continuer » reprendra à la question 5" in screen_text(app)
    await learner.activate("#oui")
    await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))


def saved_answers(tmp_path) -> list[dict]:
    [path] = [p for p in (tmp_path / "donnees" / "apprenants").glob("*.toml") if ".secours" not in p.name]
    return tomllib.loads(path.read_text("utf-8")).get("reponses", [])


@pytest.mark.parametrize("keyboard", [False, True], ids=["souris", "clavier"])
async def test_flagship_quiz_partly_wrong_left_at_question_5_and_resumed(tmp_path, keyboard):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard)
        await sign_up(learner, "Zoé")
        await open_flagship(learner)
        await learner.activate("#quiz")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        assert "Question 1 sur 10" in screen_text(app)

        await answer_questions(learner, 4)
        assert "Question 5 sur 10" in screen_text(app)
        await leave(learner)
        assert len(saved_answers(tmp_path)) == 4  # each answer saved as it was given

        continuer = app.screen.query_one("#continuer")
        assert "question 5 sur 10" in str(continuer.label)
        await learner.activate("#continuer")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        assert "Question 5 sur 10" in screen_text(app)

        # Ctrl+Q asks too; « Continuer le quiz » keeps the learner where they were.
        await learner.press("ctrl+q")
        await learner.wait_for(lambda: isinstance(app.screen, Confirmation))
        await learner.activate("#non")
        await learner.wait_for(lambda: isinstance(app.screen, QuizScreen))
        assert "Question 5 sur 10" in screen_text(app)

        types = set()
        while isinstance(app.screen, QuizScreen):
            types.add(learner.question.question.type)
            await answer_questions(learner, 1)
        assert types == {"vrai ou faux", "choix unique", "choix multiple", "associer", "ordre"}
        assert isinstance(app.screen, ResultatScreen)

        cours = app.library.find(PHARE)
        classer = [q for q in cours.quiz.questions if isinstance(q, Classer)]
        items = sum(len(q.elements) for q in classer)
        text = screen_text(app)
        # One item wrong in each classer: the result names the items, and counts them in the score.
        assert f"{items - len(classer)} éléments sur {items} bien rangés" in text, text
        resultats = app.screen.resultats
        assert len(resultats) == 10 and len({r.question.id for r in resultats}) == 10
        won = sum(r.correction.points for r in resultats)
        worth = sum(r.correction.sur for r in resultats)
        assert f"{won} points sur {worth} ({round(100 * won / worth)} %)" in text

    answers = saved_answers(tmp_path)
    assert len(answers) == 10 and len({a["tentative"] for a in answers}) == 1  # one attempt, resumed
    assert sum(a["points"] for a in answers) == won and sum(a["sur"] for a in answers) == worth


async def test_closing_the_app_at_question_5_then_coming_back_resumes_there(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await sign_up(learner, "Awa")
        await open_flagship(learner)
        await learner.activate("#quiz")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        await answer_questions(learner, 4)
        await learner.press("ctrl+q")
        await learner.wait_for(lambda: isinstance(app.screen, Confirmation))
        assert "vous reprendrez là où vous en étiez" in screen_text(app)
        await learner.activate("#oui")
    assert app.return_code == 0 or app.return_code is None

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await come_back(learner, "Awa")
        await open_flagship(learner)
        assert "Reprendre le quiz (question 5 sur 10)" in screen_text(app)
        await learner.click("#quiz")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        assert "Question 5 sur 10" in screen_text(app)
        assert len(app.screen.resultats) == 4


async def test_a_guest_resumes_within_the_visit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        await open_flagship(learner)
        await learner.click("#quiz")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        await answer_questions(learner, 4)
        await leave(learner)
        await learner.click("#continuer")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        assert "Question 5 sur 10" in screen_text(app)
    assert not (tmp_path / "donnees" / "apprenants").exists() or \
        not list((tmp_path / "donnees" / "apprenants").glob("*.toml"))


async def test_valider_on_an_unfinished_classer_says_how_many_items_are_left(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.click("#essayer")
        await open_flagship(learner)
        await learner.activate("#quiz")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        widget = learner.question
        assert widget.question.type == "classer"
        total = len(widget.elements)
        await learner.press("1", "2", "3")
        await learner.press("enter")
        feedback = widget.feedback
        assert f"Il reste {total - 3} éléments à ranger" in feedback
        assert feedback.splitlines()[0][:40] in screen_text(app)
        assert widget.cursor not in widget.placed  # the first item left is the one shown
        top, height = int(widget.scroll_offset.y), widget.scrollable_content_region.height
        visible = "\n".join(widget.text.splitlines()[top:top + height])  # in view
        assert f"Élément {widget.cursor + 1} sur {total}" in visible
        assert widget.elements[widget.cursor][:40] in visible
