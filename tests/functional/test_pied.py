"""The footer (``Pied``): the keys that work here, read as painted, and pressed with the mouse."""

from __future__ import annotations

from learner_driver import FIXTURE_LIBRARY, LearnerDriver
from textual.geometry import Region

from apprendre.tui.app import ApprendreApp
from apprendre.tui.dialogs import Confirmation
from apprendre.tui.screens.module import ModuleScreen
from apprendre.tui.screens.quiz import QuizScreen
from apprendre.tui.widgets.pied import Pied


def footer_line(app) -> str:
    """The footer's line as painted on the screen."""
    pied = app.screen.query_one(Pied)
    [strip] = pied.render_lines(Region(0, 0, pied.size.width, 1))
    return strip.text


async def open_quiz(learner: LearnerDriver) -> None:
    app = learner.app
    await learner.click("#essayer")
    await learner.wait_for(lambda: app.screen.query("CartesModules"))
    await learner.press("enter")
    await learner.wait_for(lambda: app.screen.query("#quiz"))
    await learner.press("q")
    await learner.wait_for(lambda: app.screen.query("QuestionWidget"))


async def test_the_footer_follows_valider_and_the_focus(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_quiz(learner)
        line = footer_line(app)
        assert line.startswith(" ↑↓ Se déplacer  Espace Choisir  Échap Arrêter  f10 J'ai terminé "), line
        assert "Valider" in line and "Continuer" not in line
        await learner.answer(right=True)
        await learner.validate()
        await learner.wait_for(lambda: app.screen.validated)
        line = footer_line(app)
        assert line.startswith(" Entrée Continuer  ↑↓ Défiler  Échap Arrêter "), line
        assert "Valider" not in line and "Choisir" not in line
        await learner.next()
        await learner.wait_for(lambda: not app.screen.validated)
        assert "Valider" in footer_line(app)
        assert not app.screen.query_one(Pied).children  # one widget, nothing mounted under it


async def test_a_click_on_a_key_of_the_footer_presses_it(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_quiz(learner)
        pied = app.screen.query_one(Pied)
        x = footer_line(app).index("Échap") + 1
        assert await pilot.click(pied, offset=(x, 0))
        await learner.wait_for(lambda: isinstance(app.screen, Confirmation))
        await learner.click("#oui")
        await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))
        line = footer_line(app)
        # Past the last key, the footer is only a background: a click there does nothing.
        end = len(line.rstrip()) + 2
        pied = app.screen.query_one(Pied)
        assert end < pied.size.width, line
        assert await pilot.click(pied, offset=(end, 0))
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        assert await pilot.click(pied, offset=(line.index(" q Quiz") + 2, 0))
        await learner.wait_for(lambda: isinstance(app.screen, QuizScreen))


async def test_the_footer_changes_colours_with_the_theme(tmp_path):
    """F2 (high contrast): the keys are painted again in the new theme's colours."""
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_quiz(learner)

        def key_colour() -> str:
            pied = app.screen.query_one(Pied)
            [strip] = pied.render_lines(Region(0, 0, pied.size.width, 1))
            segment = next(s for s in strip if s.text.strip() == "Échap")
            return str(segment.style.color)

        before = key_colour()
        await learner.press("f2")
        await learner.wait_for(lambda: app.theme == "contraste")
        await pilot.pause()
        assert key_colour() != before
        await learner.press("f2")
        await learner.wait_for(lambda: app.theme == "lisible")
        await pilot.pause()
        assert key_colour() == before
