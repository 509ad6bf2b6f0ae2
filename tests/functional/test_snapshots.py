"""One snapshot per main screen, at 80×24 (pytest-textual-snapshot).

Update them after a deliberate change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import pytest
from learner_driver import FIXTURE_LIBRARY, LearnerDriver

from apprendre.tui.app import ApprendreApp

SIZE = (80, 24)


@pytest.fixture
def app(tmp_path):
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)


async def settle(pilot, selector: str) -> None:
    """Wait until the screen shows ``selector`` (screens compose after the first frames)."""
    for _ in range(100):
        if pilot.app.screen.query(selector):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{selector} never appeared")


async def as_guest(pilot) -> None:
    await settle(pilot, "#essayer")
    await pilot.click("#essayer")
    await settle(pilot, "CartesModules")


async def open_module(pilot) -> None:
    await as_guest(pilot)
    await pilot.press("enter")  # the first card has the cursor
    await settle(pilot, "#continuer")


async def open_lesson(pilot) -> None:
    await open_module(pilot)
    await pilot.press("c")
    await settle(pilot, "PageLecon")
    await pilot.pause()


async def open_question(pilot, kind: str) -> None:
    """The fixture's question of type ``kind``, as the quiz shows it."""
    await open_module(pilot)
    await pilot.press("q")
    await settle(pilot, "QuestionWidget")
    screen = pilot.app.screen
    while screen.questions[screen.index][1].type != kind:
        screen.index += 1
    await screen.show_question()
    await pilot.pause()


def test_bienvenue(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE)


def test_identification(snap_compare, app):
    async def run_before(pilot) -> None:
        await settle(pilot, "#commencer")
        await pilot.click("#commencer")
        await settle(pilot, "#pseudo")
        pilot.app.screen.query_one("#pseudo").cursor_blink = False

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_catalogue(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=as_guest)


def test_module(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=open_module)


def test_lecon(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=open_lesson)


QUESTION_TYPES = ["choix unique", "choix multiple", "vrai ou faux", "classer", "ordre", "associer"]
THEMES = ["lisible", "contraste"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_question(snap_compare, app, kind, theme):
    """Each question type before « Valider », with a first answer given with the keyboard."""
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await open_question(pilot, kind)
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_question_after_valider(snap_compare, app, kind, theme):
    """Each question type answered partly wrong, just after « Valider »: verdict and explanation in view."""
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await open_question(pilot, kind)
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.answer(right=False)
        await learner.validate()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_resultat(snap_compare, app):
    async def run_before(pilot) -> None:
        await open_module(pilot)
        await pilot.press("q")
        await settle(pilot, "QuestionWidget")
        learner = LearnerDriver(pilot, keyboard=False)
        for right in (True, False, True, True, False, True):
            await learner.answer(right)
            await learner.validate()
            await learner.next()
            await settle(pilot, "QuestionWidget, #score")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_contraste(snap_compare, app):
    async def run_before(pilot) -> None:
        await open_module(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
