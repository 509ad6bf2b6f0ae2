"""The lesson page as drawn: after every page turn, what the widget draws is the page shown.

A page turn draws again only the rows that differ from the page before (widgets/page.py),
and the pages next to the one shown are made in advance: these tests turn pages of
different lengths back and forth, with the keyboard and the mouse, scrolled or not, in
both themes and after a resize, and read the rows the screen would draw.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from learner_driver import LearnerDriver, screen_text

from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.widgets.page import PageLecon

WORDS = ("Une souris se branche à l'ordinateur et déplace la flèche sur l'écran ; "
         "un clic choisit ce qui est sous la flèche. ").split()

PAGES = [
    ("Courte", "Une ligne, et [un lien](https://exemple.fr/page)."),
    ("Longue", "\n\n".join(" ".join(WORDS[n:] + WORDS[:n]) * 3 for n in range(8))),  # taller than the screen
    ("Moyenne", "- un point\n- un **autre** point\n\n" + " ".join(WORDS) * 2),
    ("Autre courte", "Une ligne."),
    ("Vide ou presque", "Fin."),
]


def lesson_library(folder: Path) -> Path:
    module = folder / "souris"
    module.mkdir(parents=True)
    (module / "module.toml").write_text(
        'titre = "La souris"\nresume = "Pointer, cliquer."\nniveau = "débutant"\nduree = 10\n'
        'famille = "numérique"\ncompetences = ["1.1"]\nauteurs = ["Essai"]\nlicence = "CC BY-SA 4.0"\n'
        'version = "1"\nordre = 1\nlecons = ["01.md"]\n', encoding="utf-8")
    body = "\n\n".join(f"## {titre}\n\n{texte}" for titre, texte in PAGES)
    (module / "01.md").write_text(f"# La souris\n\n{body}\n", encoding="utf-8")
    (module / "quiz.toml").write_text(
        '[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\nreponse = true\n'
        'explication = "Oui."\n', encoding="utf-8")
    return folder


def drawn(page: PageLecon) -> list[str]:
    """The rows the screen draws for the page (through Textual's own line cache), padding cut."""
    width, height = page.outer_size
    from textual.geometry import Region

    left = page.styles.padding.left
    return [strip.text[left:].rstrip() for strip in page.render_lines(Region(0, 0, width, height))]


def expected(page: PageLecon) -> list[str]:
    """The page's text as laid out, from the row scrolled to, one row per screen row."""
    lines = page.text.split("\n")[round(page.scroll_offset.y):]
    height = page.outer_size.height
    return [line.rstrip() for line in (lines + [""] * height)[:height]]


async def on_page(learner: LearnerDriver, number: int) -> PageLecon:
    await learner.wait_for(lambda: f"Page {number} sur {len(PAGES)}" in screen_text(learner.app))
    await learner.pilot.pause()
    page = learner.app.screen.query_one(PageLecon)
    assert page.text.split("\n")[0] == PAGES[number - 1][0]
    assert drawn(page) == expected(page), number
    return page


async def open_lesson(learner: LearnerDriver) -> None:
    await learner.activate("#essayer")
    await learner.wait_for(lambda: learner.app.screen.query("CartesModules"))
    await learner.press("enter")
    await learner.activate("#continuer")
    await learner.wait_for(lambda: isinstance(learner.app.screen, LeconScreen))


@pytest.mark.parametrize("keyboard", [True, False], ids=["clavier", "souris"])
async def test_every_turn_draws_the_page_shown(tmp_path, keyboard):
    app = ApprendreApp(cours=lesson_library(tmp_path / "cours"), donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=keyboard)
        await open_lesson(learner)
        await on_page(learner, 1)
        for number in (2, 3, 4, 5, 4, 3, 2, 1, 2):  # forward, back, and a long page in between
            going_on = number > int(screen_text(app).split("Page ")[1].split()[0])
            if keyboard:
                await learner.press("right" if going_on else "left")
            else:
                await learner.click("#suivant" if going_on else "#precedent")
            page = await on_page(learner, number)
        assert page.show_vertical_scrollbar  # page 2 is taller than the screen
        assert page.text.split("\n")[0] == "Longue"


async def test_a_page_scrolled_down_then_turned_is_drawn_from_its_top(tmp_path):
    app = ApprendreApp(cours=lesson_library(tmp_path / "cours"), donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_lesson(learner)
        await learner.press("right")
        page = await on_page(learner, 2)
        await learner.tab_to(page)
        await learner.press("pagedown")
        await learner.wait_for(lambda: page.scroll_offset.y > 0)
        assert drawn(page) == expected(page)
        await learner.press("left")
        page = await on_page(learner, 1)
        assert page.scroll_offset.y == 0
        await learner.press("right", "right")
        await on_page(learner, 3)


async def test_the_page_follows_the_theme_and_the_terminal_size(tmp_path):
    app = ApprendreApp(cours=lesson_library(tmp_path / "cours"), donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_lesson(learner)
        await learner.press("right")
        page = await on_page(learner, 2)
        width, height = page.outer_size

        def styles() -> set[str]:
            from textual.geometry import Region

            return {str(segment.style) for strip in page.render_lines(Region(0, 0, width, height))
                    for segment in strip}

        lisible = styles()
        await learner.press("f2")
        await learner.wait_for(lambda: app.theme == "contraste")
        await pilot.pause()
        assert styles() != lisible
        await learner.press("right")  # prepared in the other theme: made again in this one
        await on_page(learner, 3)
        await learner.press("left")
        await on_page(learner, 2)
        contraste = styles()
        await learner.press("f2")
        await pilot.pause()
        assert styles() == lisible != contraste
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        page = await on_page(learner, 2)
        assert max(len(line) for line in page.text.split("\n")) <= 60 - 4 - 2  # padding, scrollbar
        await learner.press("right")
        await on_page(learner, 3)
