"""The footer (``Pied``): the keys that work here, read as painted, and pressed with the mouse."""

from __future__ import annotations

import pytest
from learner_driver import FIXTURE_LIBRARY, LearnerDriver
from textual.geometry import Region

from apprendre.storage.mediator_code import set_code
from apprendre.tui.app import ApprendreApp
from apprendre.tui.dialogs import Confirmation
from apprendre.tui.screens.bienvenue import BienvenueScreen
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.screens.mes_donnees import MesDonneesScreen
from apprendre.tui.screens.module import ModuleScreen
from apprendre.tui.screens.quiz import QuizScreen
from apprendre.tui.screens.resultat import ResultatScreen
from apprendre.tui.screens.seance import SeanceScreen
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
        # Seven keys don't fit in 80 columns: those every screen has (also buttons at the top) are left out.
        assert line.startswith(" ↑↓ Se déplacer  Espace Choisir  Échap Arrêter  Entrée Valider  l Lire "), line
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


def key_text(touche) -> str:
    return f" {touche.display} " + (f"{touche.description} " if touche.description else "")


def check_footer(app, *needed: str) -> str:
    """The footer as painted holds whole keys only, in their order, within its width; ``needed``
    (the screen's main action, Échap) among them."""
    pied = app.screen.query_one(Pied)
    line = footer_line(app)
    assert len(line) == pied.size.width == 80
    position, shown = 0, []
    for touche in pied.touches:  # every key of the screen, in order: each is painted whole or not at all
        if line.startswith(key_text(touche), position):
            position += len(key_text(touche))
            shown.append(touche)
    assert not line[position:].strip(), f"a key cut or out of place: {line!r}"
    for text in needed:
        assert f" {text} " in line, (text, line)
    assert shown, line
    return line


async def open_espace_mediateur(learner: LearnerDriver) -> None:
    await learner.press("m")
    await learner.find("#code")
    await learner.pilot.press(*"bibliotheque")
    await learner.press("enter")
    await learner.find("#apprenants")


@pytest.mark.parametrize("theme", ["lisible", "contraste"])
async def test_at_80_columns_the_footer_shows_whole_keys_the_most_needed_first(tmp_path, theme):
    set_code(tmp_path / "donnees", "bibliotheque")
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        if theme == "contraste":
            await learner.press("f2")
        await learner.wait_for(lambda: app.theme == theme)
        check_footer(app, "c Je commence")
        await learner.press("e")
        await learner.find("CartesModules")
        check_footer(app, "d Mes données")
        await learner.press("enter")
        await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))
        check_footer(app, "c Continuer", "Échap Retour")
        await learner.press("c")
        await learner.wait_for(lambda: isinstance(app.screen, LeconScreen))
        check_footer(app, "→ Suivant", "Échap Retour", "l Lire")
        await learner.press("escape")
        await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))
        await learner.press("q")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        quiz = app.screen
        for number in range(len(quiz.questions)):
            await learner.wait_for(lambda: not quiz.validated and app.screen.query("QuestionWidget"))
            check_footer(app, "Entrée Valider", "Échap Arrêter")
            await learner.answer(right=number % 2 == 0)
            await learner.validate()
            await learner.wait_for(lambda: quiz.validated)
            await pilot.pause()
            check_footer(app, "Entrée Continuer", "Échap Arrêter")
            await learner.next()
        await learner.wait_for(lambda: isinstance(app.screen, ResultatScreen))
        check_footer(app, "r Recommencer")
        await learner.press("c")
        await learner.find("CartesModules")
        await learner.press("d")
        await learner.wait_for(lambda: isinstance(app.screen, MesDonneesScreen))
        check_footer(app, "Échap Retour")
        await learner.press("f10")
        await learner.wait_for(lambda: isinstance(app.screen, BienvenueScreen))
        await open_espace_mediateur(learner)
        check_footer(app, "Échap Fermer l'espace médiateur")
        await learner.click("#--content-tab-onglet-coop")
        await learner.click("#seance")
        await learner.wait_for(lambda: isinstance(app.screen, SeanceScreen))
        check_footer(app, "Échap Annuler")
        assert app.theme == theme


async def test_a_key_left_out_is_not_where_the_mouse_clicks(tmp_path):
    """In a quiz question at 80 columns, not every key fits: a click on « Entrée Valider » (in its
    place among the keys kept) validates."""
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_quiz(learner)
        pied = app.screen.query_one(Pied)
        assert len(pied.shown()) < len(pied.touches)  # some keys were left out
        await learner.answer(right=True)
        line = check_footer(app, "Entrée Valider")
        assert await pilot.click(pied, offset=(line.index("Entrée Valider") + 1, 0))
        await learner.wait_for(lambda: app.screen.validated)
