"""The header of a lesson and of a quiz at 80×24: a long title is read whole, on two lines.

The title shares its row with « Page N sur M » (or « Question N sur M ») and the « Lire à voix
haute » button: at 80 columns about 47 are left for it, fewer than the longest titles of the
shipped library. A beginner reads a title that goes on to the next line as on paper; a title cut
with « … » would hide words with nothing on screen to say where to find them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from learner_driver import LearnerDriver
from textual.widget import Widget

from apprendre.storage.locations import shipped_cours
from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.screens.module import ModuleScreen

LONGEST_LESSON = ("programmer", 2, "Les programmes cachés autour de nous, et les trois familles")
LONGEST_MODULE = ("informatique-numerique-usages", "Informatique, numérique, usages : faire la différence")
SYNTHETIC = "Un titre synthétique de soixante caractères pour l'en-tête !"
assert len(SYNTHETIC) == 60


def drawn_rows(app) -> list[str]:
    """The screen as the terminal shows it, row by row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def drawn_text(app, widget: Widget) -> str:
    """The words a widget shows on screen, its rows joined by a space (as a reader reads them)."""
    region = widget.content_region
    rows = drawn_rows(app)[region.y:region.bottom]
    return " ".join(row[region.x:region.right].strip() for row in rows)


def synthetic_library(folder: Path) -> Path:
    module = folder / "titres-longs"
    module.mkdir(parents=True)
    (module / "module.toml").write_text(
        f'titre = "{SYNTHETIC}"\nresume = "Des titres longs."\nniveau = "débutant"\nduree = 10\n'
        'famille = "numérique"\ncompetences = ["1.1"]\nauteurs = ["Essai"]\nlicence = "CC BY-SA 4.0"\n'
        'version = "1"\nordre = 1\nlecons = ["01.md"]\n', encoding="utf-8")
    (module / "01.md").write_text(f'+++\ntitre = "{SYNTHETIC}"\n+++\n\n## Une\n\nUne page.\n\n## Deux\n\nFin.\n',
                                  encoding="utf-8")
    (module / "quiz.toml").write_text(
        '[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\nreponse = true\n'
        'explication = "Oui."\n', encoding="utf-8")
    return folder


async def open_module(learner: LearnerDriver, module_id: str) -> None:
    """« Juste essayer », then the module's card: ↓ and Entrée, or a click on it."""
    app = learner.app
    await learner.activate("#essayer")
    cards = await learner.find("CartesModules")
    index = next(n for n, carte in enumerate(cards.cartes) if carte.cours.id == module_id)
    if learner.keyboard:
        await learner.wait_for(lambda: app.focused is cards)
        while cards.highlighted != index:
            await learner.press("down")
        await learner.press("enter")
    else:
        await learner.click_card(index)
    await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))


async def check_lesson_header(learner: LearnerDriver, titre: str, page: str) -> None:
    app = learner.app
    await learner.wait_for(lambda: isinstance(app.screen, LeconScreen))
    await learner.pilot.pause()
    screen = app.screen
    assert drawn_text(app, screen.query_one("#lecon-titre")) == titre, drawn_rows(app)[:4]
    header = screen.query_one("#lecon-haut").region
    top_row = drawn_rows(app)[header.y]
    assert page in top_row and "Lire à voix haute" in top_row, top_row
    # The page starts under the title, whole: its first line is on screen, not under the header.
    text = screen.query_one("#lecon-texte")
    assert text.region.y >= header.bottom
    first_line = text.text.split("\n")[0].strip()
    assert first_line in drawn_rows(app)[text.region.y], drawn_rows(app)[:6]


@pytest.mark.parametrize("keyboard", [True, False], ids=["clavier", "souris"])
async def test_the_longest_shipped_lesson_title_is_read_whole(tmp_path, keyboard):
    module_id, index, titre = LONGEST_LESSON
    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=keyboard)
        await open_module(learner, module_id)
        await learner.activate(f"#lecon-{index}")
        await check_lesson_header(learner, titre, "Page 1 sur ")
        # The next page keeps the same header.
        if keyboard:
            await learner.press("right")
        else:
            await learner.click("#suivant")
        await check_lesson_header(learner, titre, "Page 2 sur ")


@pytest.mark.parametrize("keyboard", [True, False], ids=["clavier", "souris"])
async def test_a_sixty_character_title_is_read_whole_in_lesson_and_quiz(tmp_path, keyboard):
    app = ApprendreApp(cours=synthetic_library(tmp_path / "cours"), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=keyboard)
        await open_module(learner, "titres-longs")
        await learner.activate("#continuer")
        await check_lesson_header(learner, SYNTHETIC, "Page 1 sur 2")
        await learner.activate("#retour-module")
        await learner.wait_for(lambda: isinstance(app.screen, ModuleScreen))
        await learner.activate("#quiz")
        await learner.wait_for(lambda: app.screen.query("#quiz-titre"))
        await pilot.pause()
        assert drawn_text(app, app.screen.query_one("#quiz-titre")) == SYNTHETIC, drawn_rows(app)[:4]
        assert "Question 1 sur 1" in drawn_rows(app)[app.screen.query_one("#quiz-haut").region.y]


async def open_quiz(learner: LearnerDriver, module_id: str) -> None:
    """The module's quiz, with the keyboard (« q » on the module's screen)."""
    await open_module(learner, module_id)
    await learner.press("q")
    await learner.wait_for(lambda: learner.app.screen.query("#quiz-titre"))


async def test_the_longest_shipped_module_title_is_read_whole_in_its_quiz(tmp_path):
    module_id, titre = LONGEST_MODULE
    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quiz(LearnerDriver(pilot, keyboard=True), module_id)
        await pilot.pause()
        assert drawn_text(app, app.screen.query_one("#quiz-titre")) == titre, drawn_rows(app)[:4]


async def test_the_title_and_the_question_number_never_touch(tmp_path):
    """At question 10 of 10 the number takes one more column: the flagship's title ended right
    against it (« faireQuestion 10 sur 10 »)."""
    module_id, titre = LONGEST_MODULE
    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quiz(LearnerDriver(pilot, keyboard=True), module_id)
        screen = app.screen
        screen.index = len(screen.questions) - 1
        await screen.show_question()
        await pilot.pause()
        row = drawn_rows(app)[screen.query_one("#quiz-haut").region.y]
        assert "Question 10 sur 10" in row
        assert " Question 10 sur 10" in row, row
        assert drawn_text(app, screen.query_one("#quiz-titre")) == titre, drawn_rows(app)[:4]
