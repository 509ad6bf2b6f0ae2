"""The quiz used as a learner does, at 80×24: what the rewrite into one widget had left wrong."""

from __future__ import annotations

from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text
from test_question_souris import open_question

from apprendre.tui.app import ApprendreApp
from apprendre.tui.widgets.questions import QuestionWidget


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


async def show(pilot, kind: str, question_id: str | None = None):
    """Another question of the quiz already open, of type ``kind`` (and this id, if given)."""
    await pilot.pause()
    screen = pilot.app.screen
    screen.index = next(i for i, (_, q) in enumerate(screen.questions)
                        if q.type == kind and question_id in (None, q.id))
    await screen.show_question()
    await pilot.pause()
    return screen.widget


def assert_goes_on_under(widget: QuestionWidget, line: str, words: str) -> None:
    """The row after the one showing ``line`` begins right under ``words``."""
    rows = widget.text.splitlines()
    first = next(n for n, row in enumerate(rows) if line in row)
    column = rows[first].index(words)
    assert rows[first + 1][:column].strip() == "" and rows[first + 1][column] != " ", rows[first:first + 3]


async def test_a_long_answer_goes_on_under_its_text_not_under_its_marks(tmp_path):
    """« ▶ [ ] Internet ne marche plus à la / maison… »: the next rows begin where the words do,
    not under « [ ] » (the flagship's « la bonne aide », associer, at 80 columns)."""
    from test_entetes import drawn_rows, open_module

    from apprendre.storage.locations import shipped_cours
    from apprendre.tui.widgets.questions import AssocierWidget

    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_module(learner, "informatique-numerique-usages")
        await learner.press("q")
        widget = await show(pilot, "associer", "la-bonne-aide")
        assert isinstance(widget, AssocierWidget)
        assert_goes_on_under(widget, "] Internet ne marche plus", "Internet")
        # Validated, with « ✓ [2] » or « ✗ [2] » before the words: the same.
        for number in ("1", "2", "3"):
            await pilot.press(number)
        await pilot.press("enter")
        await pilot.pause()
        assert_goes_on_under(widget, "] Internet ne marche plus", "Internet")
        assert any("Internet ne marche plus" in row for row in drawn_rows(app))


async def test_associer_right_column_under_the_mouse_keeps_its_rule_and_wraps_under_its_words(tmp_path):
    """The rule between the columns vanished on the highlighted right item (its colour is the highlight's);
    « 2. Une personne qui fait quelque / chose » went on under « 2. »."""
    from test_entetes import open_module

    from apprendre.storage.locations import shipped_cours

    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_module(learner, "informatique-numerique-usages")
        await learner.click("#quiz")
        widget = await show(pilot, "associer", "un-appel-trois-familles")
        rows = widget.text.splitlines()
        first = next(n for n, row in enumerate(rows) if "Une personne qui fait" in row)
        right = rows[first].index("│")
        words = rows[first].index("Une personne")
        assert rows[first + 1][right + 1:words].strip() == "" and rows[first + 1][words] != " ", rows[first:first + 2]
        index = next(i for i, droite in enumerate(widget.droites) if droite.startswith("Une personne"))
        row = widget.place(("droite", index)).y
        assert await pilot.hover(widget, offset=widget.offset_of(("droite", index)))
        await pilot.pause()
        assert widget.hover == ("droite", index)
        segments = [segment for segment in widget.render_line(row) if segment.text == "│"]
        assert segments and segments[0].style.color != segments[0].style.bgcolor  # the rule shows
        # A click on its second row gives it to the item under the cursor.
        assert await pilot.click(widget, offset=(widget.place(("droite", index)).x + 5,
                                                 row + 1 - int(widget.scroll_offset.y)))
        await pilot.pause()
        assert widget.pairs == {0: index}
