"""The quiz used as a learner does, at 80×24: what the rewrite into one widget had left wrong."""

from __future__ import annotations

from learner_driver import FIXTURE_LIBRARY, screen_text
from test_question_souris import open_question

from apprendre.tui.app import ApprendreApp


async def test_the_keys_line_is_never_cut_at_80_columns(tmp_path):
    """« … Entrée : valider » of a multiple choice or an order question is wider than 76 columns:
    it goes on to the next row instead of ending in « valid… »."""
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        for kind in ("choix multiple", "ordre"):
            widget = await open_question(pilot, kind) if kind == "choix multiple" else await show(pilot, kind)
            shown = screen_text(app)
            assert "valid…" not in shown and "Entrée : valider" in " ".join(shown.split()), kind
            assert "Entrée : valider" in " ".join(widget.text.split())


async def show(pilot, kind: str):
    """Another question of the quiz already open, of type ``kind``."""
    screen = pilot.app.screen
    screen.index = next(i for i, (_, q) in enumerate(screen.questions) if q.type == kind)
    await screen.show_question()
    await pilot.pause()
    return screen.widget
