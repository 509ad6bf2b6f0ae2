"""Snapshots of the screens test_snapshots.py doesn't cover: the espace médiateur (each tab),
« Mes données », and the two dialogs (a confirmation, « Vous êtes toujours là ? »). At 80×24.

Dates and folders vary from one run to the next: the mediator's period is set to a fixed one, and
« Mes données » is shown for a guest (a learner's page names their folder and their creation date).
"""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from learner_driver import FIXTURE_LIBRARY
from test_snapshots import as_guest, open_question, settle

from apprendre.storage.mediator_code import set_code
from apprendre.tui.app import ApprendreApp

SIZE = (80, 24)
CODE = "bibliotheque"


@pytest.fixture
def app(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7)


async def open_space(pilot) -> None:
    await settle(pilot, "#mediateur")
    await pilot.click("#mediateur")
    await settle(pilot, "#code")
    await pilot.click("#code")
    await pilot.press(*CODE, "enter")
    await settle(pilot, "#du")
    pilot.app.screen.query_one("#du").value = "2026-01-01"
    pilot.app.screen.query_one("#au").value = "2026-03-31"
    pilot.app.screen.show_report()
    pilot.app.screen.query_one("#fichier-csv").value = "rapport.csv"
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("tab", [None, "onglet-modules", "onglet-rapport"])
def test_espace_mediateur(snap_compare, app, tab):
    async def run_before(pilot) -> None:
        await open_space(pilot)
        if tab:
            pilot.app.screen.query_one("TabbedContent").active = tab
            await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_mes_donnees(snap_compare, app):
    async def run_before(pilot) -> None:
        await as_guest(pilot)
        await pilot.click("#donnees")
        await settle(pilot, "#description")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_confirmation(snap_compare, app):
    async def run_before(pilot) -> None:
        await open_question(pilot, "choix unique")
        await pilot.click("#arreter")
        await settle(pilot, ".dialogue")
        await pilot.pause(0.4)  # the button's 0.2 s « pressed » effect is over, whatever the machine's load

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_toujours_la(snap_compare, tmp_path):
    clock = FakeClock()
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", seed=7,
                       idle_delays=(300, 60), clock=clock)

    async def run_before(pilot) -> None:
        await as_guest(pilot)
        clock.advance(301)
        await settle(pilot, "InactiviteDialog #rester")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
