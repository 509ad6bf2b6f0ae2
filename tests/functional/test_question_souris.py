"""The question drawn by one widget, with the mouse: a click on a line is Espace on it, the line under
the mouse is highlighted, and after « Valider » the verdict is drawn under the statement."""

from __future__ import annotations

import pytest
from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text
from rich.color import Color

from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.quiz import QuizScreen
from apprendre.tui.widgets.questions import QuestionWidget


async def open_question(pilot, kind: str) -> QuestionWidget:
    """The fixture's question of type ``kind``, as a guest meets it (80×24)."""
    learner = LearnerDriver(pilot, keyboard=False)
    app = pilot.app
    await learner.click("#essayer")
    await learner.wait_for(lambda: app.screen.query("CartesModules"))
    await learner.press("enter")
    await learner.wait_for(lambda: app.screen.query("#continuer"))
    await learner.press("q")
    await learner.wait_for(lambda: app.screen.query(QuestionWidget))
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    while screen.questions[screen.index][1].type != kind:
        screen.index += 1
    await screen.show_question()
    await pilot.pause()
    return screen.widget


def row_of(widget: QuestionWidget, text: str) -> int:
    """The row (in the widget's content) that shows ``text``."""
    return next(row for row, line in enumerate(widget.text.splitlines()) if text in line)


async def test_a_click_on_a_line_chooses_it_and_a_click_on_another_changes_it(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_question(pilot, "choix unique")
        learner = LearnerDriver(pilot, keyboard=False)
        assert "○ 1." in screen_text(app) and "●" not in widget.text
        await learner.click_on(widget, ("ligne", 1))
        assert "● 2." in screen_text(app) and "○ 1." in screen_text(app)
        assert widget.cursor == 1 and "▶ ● 2." in widget.text
        await learner.click_on(widget, ("ligne", 0))
        assert "● 1." in screen_text(app) and "○ 2." in screen_text(app)
        # A click on the statement chooses nothing.
        assert await pilot.click(widget, offset=(3, 0))
        await pilot.pause()
        assert "● 1." in widget.text and widget.selected == 0


def contrast(one: Color, other: Color) -> float:
    """The contrast ratio of two colours (WCAG): 1 when they are the same, 21 for black on white."""
    def luminance(colour: Color) -> float:
        channels = [c / 255 for c in colour.get_truecolor()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["lisible", "contraste"])
async def test_the_line_under_the_mouse_is_highlighted_and_no_longer_once_it_leaves(tmp_path, theme):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_question(pilot, "choix multiple")
        app.theme = theme
        await pilot.pause()
        first, second = row_of(widget, "☐ 1."), row_of(widget, "☐ 2.")
        plain = list(widget.render_line(second))[0].style
        assert await pilot.hover(widget, offset=widget.offset_of(("ligne", 1)))
        await pilot.pause()
        assert widget.hover == ("ligne", 1)
        hovered = list(widget.render_line(second))[0].style
        assert hovered.bgcolor is not None and plain.bgcolor is not None
        # Highlighted so that it shows, in both themes (#1a1a1a on black was 1.2 : too faint).
        assert contrast(hovered.bgcolor, plain.bgcolor) >= 1.3
        assert list(widget.render_line(first))[0].style.bgcolor != hovered.bgcolor
        assert await pilot.hover("#arreter")
        await pilot.pause()
        assert widget.hover is None
        assert list(widget.render_line(second))[0].style.bgcolor == plain.bgcolor


async def test_classer_with_the_mouse_family_buttons_and_the_list(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_question(pilot, "classer")
        learner = LearnerDriver(pilot, keyboard=False)
        item = widget.elements[0]
        await learner.click_on(widget, ("famille", 1))  # « 2 Numérique »
        assert widget.placed == {0: widget.categories[1]} and widget.cursor == 1
        assert f"→ {widget.categories[1]}" in widget.text
        # The mouse over a family's button highlights it; a click on the list brings an item back.
        assert await pilot.hover(widget, offset=widget.offset_of(("famille", 2)))
        await pilot.pause()
        assert widget.hover == ("famille", 2)
        await learner.click_on(widget, ("ligne", 0))
        assert widget.cursor == 0 and f"● 2 {widget.categories[1]}" in widget.text
        assert item in widget.text.splitlines()[row_of(widget, "Élément 1 sur") + 1]


async def test_associer_with_the_mouse_a_click_on_the_left_then_on_the_right(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_question(pilot, "associer")
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click_on(widget, ("ligne", 1))
        await learner.click_on(widget, ("droite", 0))
        assert widget.pairs == {1: 0}
        assert f"[1] {widget.gauches[1]}" in widget.text
        assert await pilot.hover(widget, offset=widget.offset_of(("droite", 1)))
        await pilot.pause()
        assert widget.hover == ("droite", 1)


async def test_after_valider_the_verdict_is_under_the_statement_and_the_keys_scroll_it(tmp_path):
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = await open_question(pilot, "classer")
        await pilot.resize_terminal(80, 12)  # a short terminal: the feedback needs scrolling
        await pilot.pause()
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.answer(right=False)
        await learner.validate()
        lines = widget.text.splitlines()
        assert lines[0] == widget.question.enonce[:len(lines[0])]
        verdict = row_of(widget, "✗ Pas tout à fait.")
        assert verdict <= 3 and "Explication :" in lines[verdict + 1]
        assert "✗" in lines[-1] or "✓" in lines[-1]  # the frozen lines, under the feedback
        assert app.focused is app.screen.query_one("#action") and not widget.can_focus
        assert widget.scroll_offset.y == 0
        assert widget.max_scroll_y >= 3, widget.text
        await learner.press("down", "down")
        assert widget.scroll_offset.y == 2
        await learner.press("pagedown")
        assert widget.scroll_offset.y == widget.max_scroll_y
        await learner.press("up")
        assert widget.scroll_offset.y == widget.max_scroll_y - 1
        await learner.press("pageup")
        assert widget.scroll_offset.y == 0
        # The lines no longer answer the mouse once validated.
        before = widget.text
        await pilot.click(widget, offset=(3, 5))
        await pilot.pause()
        assert widget.text == before
