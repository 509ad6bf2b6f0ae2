"""The smaller things met on the way through a lesson and a quiz (issue « Un quiz qui fait apprendre »)."""

from __future__ import annotations

import re
from pathlib import Path

from learner_driver import FIXTURE_LIBRARY, LearnerDriver
from test_parcours_apprenant import sign_up
from textual.app import App, ComposeResult
from textual.widgets import Static

from apprendre.tui import typography
from apprendre.tui.app import ApprendreApp
from apprendre.tui.dialogs import InactiviteDialog
from apprendre.tui.screens.catalogue import CatalogueScreen
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.widgets.page import lay_out, page_blocks

COURS = Path(__file__).resolve().parents[2] / "cours"
LEADING_PUNCTUATION = re.compile(r"^\s*[?!:;»%]", re.MULTILINE)


async def test_the_last_page_button_reads_in_full(tmp_path):
    app = ApprendreApp(cours=COURS, donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.click("#essayer")
        await learner.wait_for(lambda: app.screen.query("CartesModules"))
        await learner.press("enter")
        await learner.wait_for(lambda: app.screen.query("#continuer"))
        await learner.press("c")
        await learner.wait_for(lambda: isinstance(app.screen, LeconScreen))
        labels = set()
        for _ in range(200):
            screen = app.screen
            if not isinstance(screen, LeconScreen):
                break
            button = screen.query_one("#suivant")
            label = str(button.label)
            labels.add(label)
            assert button.content_region.width >= len(label), f"« {label} » is cut"
            await learner.press("right")
            await learner.pilot.pause(0.02)
        assert {"Leçon suivante ▶", "Aller au quiz ▶"} <= labels


async def test_a_30_character_pseudonym_shows_whole_in_the_top_bar(tmp_path):
    pseudo = "Marie-Christine Dupont-Lefèvre"
    assert len(pseudo) == 30
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_up(LearnerDriver(pilot, keyboard=False), pseudo)
        await LearnerDriver(pilot, False).wait_for(lambda: isinstance(app.screen, CatalogueScreen))
        bar = app.screen.query_one("#barre-pseudo")
        assert bar.region.width >= 30 and bar.region.right <= app.screen.query_one("#contraste").region.x
        assert str(bar.render()) == pseudo


async def test_any_key_or_click_keeps_the_session_during_the_countdown(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", idle_delays=(0.3, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Zoé")
        for keep in ("a", "down", "click"):
            await learner.wait_for(lambda: isinstance(app.screen, InactiviteDialog))
            dialog = app.screen
            if keep == "click":
                await pilot.click(offset=(2, 2))  # beside the dialog
            else:
                await pilot.press(keep)
            # Only this dialog is checked: 0.3 s later, on a slow machine, the next one may already be up.
            await learner.wait_for(lambda: dialog not in app.screen_stack)
            assert app.session is not None, keep
            assert any(isinstance(screen, CatalogueScreen) for screen in app.screen_stack), keep


def test_no_punctuation_starts_a_line_in_a_lesson_as_rendered():
    typography.install()
    text = ("Qui ou quoi est à l'œuvre ? Le réseau « numérique » ; la machine : "
            "l'informatique ! Et 80 % des usages ?") * 3
    for width in range(20, 60):
        rendered = str(lay_out(page_blocks(text), width))
        assert not LEADING_PUNCTUATION.search(rendered), (width, rendered)
        assert not re.search(r"«\s*$", rendered, re.MULTILINE), (width, rendered)


async def test_no_punctuation_starts_a_line_on_screen():
    text = "Voulez-vous vraiment arrêter le quiz maintenant ? Vos réponses : gardées « toutes »."

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static(text)

    typography.install()
    for width in range(20, 50):
        async with Bare().run_test(size=(width, 6)) as pilot:
            shown = "\n".join(str(line.text) for line in pilot.app.screen.query_one(Static).render_lines(
                pilot.app.screen.query_one(Static).region.reset_offset))
            assert not LEADING_PUNCTUATION.search(shown), (width, shown)
