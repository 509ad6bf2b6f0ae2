"""The catalogue of many modules, with the keyboard alone and the mouse alone, at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from learner_driver import LearnerDriver, screen_text

from apprendre.learning import next_steps as parcours
from apprendre.learning.progress import PageLue, Progression, QuizTermine, Reponse, now
from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.catalogue import CatalogueScreen
from apprendre.tui.screens.module import ModuleScreen
from apprendre.tui.widgets.cartes import CartesModules

MODULES = 15


def many_modules(folder: Path, count: int = MODULES) -> Path:
    for number in range(count):
        module = folder / f"module-{number:02d}"
        module.mkdir(parents=True)
        (module / "module.toml").write_text(
            f'titre = "Module numéro {number}"\nresume = "Le résumé du module {number}."\n'
            f'niveau = "débutant"\nduree = 10\nfamille = "usages"\ncompetences = ["1.1"]\n'
            f'auteurs = ["Essai"]\nlicence = "CC BY-SA 4.0"\nversion = "1"\nordre = {number}\n'
            f'lecons = ["01.md"]\n', encoding="utf-8")
        (module / "01.md").write_text("# Leçon\n\n## Page un\n\nDu texte.\n\n## Page deux\n\nEncore.\n",
                                      encoding="utf-8")
        (module / "quiz.toml").write_text(
            '[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\nreponse = true\n'
            'explication = "Oui."\n', encoding="utf-8")
    return folder


def in_view(cards: CartesModules, index: int) -> bool:
    region = cards.card_region(index)
    top = round(cards.scroll_offset.y)
    return top <= region.y and region.bottom <= top + cards.scrollable_content_region.height


@pytest.fixture
def app(tmp_path) -> ApprendreApp:
    return ApprendreApp(cours=many_modules(tmp_path / "cours"), donnees=tmp_path / "donnees")


async def test_arrows_go_from_card_to_card_and_keep_it_in_view(app):
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.activate("#essayer")
        cards = app.screen.query_one(CartesModules)
        assert app.focused is cards and cards.highlighted == 0
        for index in range(1, MODULES):
            await learner.press("down")
            assert cards.highlighted == index
            assert in_view(cards, index), index
        await learner.press("down")  # the last card stays the last one
        assert cards.highlighted == MODULES - 1
        for index in range(MODULES - 2, 8, -1):
            await learner.press("up")
            assert cards.highlighted == index and in_view(cards, index)
        await learner.press("enter")
        assert isinstance(app.screen, ModuleScreen)
        assert app.screen.cours.id == "module-09"
        await learner.press("escape")
        assert isinstance(app.screen, CatalogueScreen)
        assert app.focused is cards and cards.highlighted == 9 and in_view(cards, 9)


async def test_up_on_the_first_card_reaches_the_buttons_above(app):
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.activate("#essayer")
        await learner.press("up")
        assert app.focused is app.screen.query_one("#donnees")
        await learner.press("down")
        assert isinstance(app.focused, CartesModules)


async def test_a_click_opens_the_card_under_the_mouse(app):
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        await learner.click_card(12)
        assert isinstance(app.screen, ModuleScreen)
        assert app.screen.cours.id == "module-12"


async def test_statuses_follow_the_learner(app):
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        await learner.click_card(3)
        await learner.click("#continuer")
        await learner.click("#retour-module")
        await learner.click("#retour")
        assert isinstance(app.screen, CatalogueScreen)
        text = screen_text(app)
        assert text.count("En cours") == 1 and text.count("Pas commencé") == MODULES - 1
        assert "Le résumé du module 3.\n10 min · Usages · En cours" in text


def test_statuses_grouped_once_match_each_module_alone(app):
    """The catalogue's one pass over the facts gives what each module's own computation gives."""
    library = app.library
    progression = Progression()
    moment = now()
    for number, cours in enumerate(library.cours[:6]):
        progression.add(PageLue(module=cours.id, lecon="01", page=1, le=moment))
        if number % 2:
            progression.add(Reponse(module=cours.id, question="q", juste=number % 3 == 0,
                                    tentative=f"t{number}", le=moment))
            progression.add(QuizTermine(module=cours.id, tentative=f"t{number}", le=moment))
    expected = [(parcours.status(progression, c), parcours.progress_ratio(progression, c))
                for c in library.cours]
    assert parcours.statuses(progression, library.cours) == expected
    assert {statut for statut, _ in expected} == {"en cours", "maîtrisé", "pas commencé"}


@pytest.mark.parametrize("keyboard", [False, True])
async def test_a_quiz_broken_since_the_start_is_said_when_its_module_opens(app, tmp_path, keyboard):
    from apprendre.tui.screens.lecon import LeconScreen

    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=keyboard)
        await learner.activate("#essayer")
        quiz_file = tmp_path / "cours" / "module-03" / "quiz.toml"
        quiz_file.write_text('[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\n'
                             'reponse = "oui"\nexplication = "Oui."\n', encoding="utf-8")
        if keyboard:
            await learner.press("down", "down", "down", "enter")
        else:
            await learner.click_card(3)
        assert isinstance(app.screen, ModuleScreen) and app.screen.cours.id == "module-03"
        text = screen_text(app)
        assert "Le quiz de ce module ne peut pas s'ouvrir. Prévenez un médiateur." in text
        assert f"{quiz_file}, ligne 5" in text and "reponse" in text
        assert app.screen.query_one("#quiz").disabled
        await learner.press("q")  # the quiz's key says it too, and nothing opens
        assert isinstance(app.screen, ModuleScreen)
        assert any("ne peut pas s'ouvrir" in n.message for n in app._notifications)
        await learner.activate("#lecon-0")  # the lessons still open
        assert isinstance(app.screen, LeconScreen)
        await learner.press("escape")
        await learner.activate("#retour")
        assert isinstance(app.screen, CatalogueScreen)
        if keyboard:
            await learner.press("down", "enter")
        else:
            await learner.click_card(4)
        assert isinstance(app.screen, ModuleScreen) and "ne peut pas" not in screen_text(app)


def test_a_card_counts_its_height_as_its_text_is_laid_out(app):
    """The height counted without laying the text out is the laid-out text's height."""
    from apprendre.tui.widgets.cartes import Carte, CarteVisuelle, card_lines, card_text

    cours = app.library.cours[0]
    long = cours.model_copy(update={"module": cours.module.model_copy(update={
        "titre": "Un titre assez long pour passer à la ligne dans une liste étroite",
        "resume": "Un résumé qui tient sur plusieurs lignes quand la liste est étroite, " * 2})})
    for carte in (Carte(cours, "pas commencé", 0.0), Carte(cours, "en cours", 0.4, "Module du lieu"),
                  Carte(long, "en cours", 0.25)):
        assert "\n".join(card_lines(carte)) == card_text(carte).plain
        for width in (12, 30, 60, 76, 200):
            assert CarteVisuelle(carte).get_height({}, width) == card_text(carte).get_height({}, width), width


async def test_a_long_summary_takes_more_lines_and_the_next_cards_follow(tmp_path):
    cours = many_modules(tmp_path / "cours", 4)
    toml = cours / "module-01" / "module.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'resume = "Le résumé du module 1."',
        'resume = "Un résumé bien plus long que la largeur de l\'écran, qui passe donc à la ligne '
        'une fois, puis encore une autre fois pour finir ici."'), "utf-8")
    app = ApprendreApp(cours=cours, donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        cards = app.screen.query_one(CartesModules)
        assert [cards.card_region(index).height for index in range(4)] == [3, 4, 3, 3]
        assert "puis encore une autre fois" in app.screen.query_one(CartesModules).text
        await learner.click_card(2)
        assert isinstance(app.screen, ModuleScreen) and app.screen.cours.id == "module-02"


async def test_a_key_pressed_as_soon_as_bienvenue_shows_opens_the_whole_catalogue(tmp_path):
    """The library is loaded beside « Bienvenue »; a key pressed before that ends waits for it."""
    app = ApprendreApp(cours=many_modules(tmp_path / "cours", 40), donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        learner = LearnerDriver(pilot, keyboard=True)
        cards = await learner.find("CartesModules")
        assert len(cards.cartes) == 40 and cards.cartes[39].cours.id == "module-39"
