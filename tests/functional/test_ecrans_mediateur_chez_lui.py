"""Issue 14 on screen: the age band at « Je commence », the site's modules in the catalogue,
the espace médiateur's La Coop tab, séances d'atelier and attestations, and the smaller things."""

from __future__ import annotations

import tomllib

from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from apprendre.tui.app import ApprendreApp


def make_app(tmp_path, **options) -> ApprendreApp:
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", **options)


def learner_files(tmp_path) -> list[dict]:
    folder = tmp_path / "donnees" / "apprenants"
    return [tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))
            if not path.name.endswith(".secours.toml")]


async def test_age_band_is_optional_chosen_with_the_mouse_and_shown_in_mes_donnees(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#commencer")
        await learner.click("#pseudo")
        app.screen.query_one("#pseudo").insert_text_at_cursor("Zoé")
        select = app.screen.query_one("#tranche-age", Select)
        assert select.value == "Non communiqué"
        await pilot.click(select)  # it opens its list at once: the click lands on the list
        await pilot.pause()
        overlay = app.screen.query_one(SelectOverlay)
        await learner.wait_for(lambda: overlay.display)
        options = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert options[0] == "Non communiqué" and options[-1] == "70 ans et plus"
        overlay.highlighted = options.index("60 - 69 ans")
        await pilot.click(overlay, offset=(3, overlay.highlighted - overlay.scroll_offset.y))
        await pilot.pause()
        assert select.value == "60 - 69 ans"
        await learner.click("#valider")
        await learner.click("#donnees")
        assert "votre tranche d'âge : 60 - 69 ans" in screen_text(app)
    assert learner_files(tmp_path)[0]["tranche_age"] == "60 - 69 ans"


async def test_without_an_age_band_nothing_is_stored(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.activate("#commencer")
        await pilot.pause()
        await pilot.press(*"Léon")
        await learner.press("enter")
        await learner.press("enter")
        await learner.wait_for(lambda: app.session is not None)
        await learner.activate("#donnees")
        assert "votre tranche d'âge : non communiquée" in screen_text(app)
    assert "tranche_age" not in learner_files(tmp_path)[0]


async def test_the_catalogue_marks_the_site_modules(tmp_path):
    import shutil

    from conftest import EXEMPLE

    from apprendre.tui.widgets.cartes import CartesModules

    site = tmp_path / "site"
    shutil.copytree(EXEMPLE, site / "exemple-de-module")
    app = make_app(tmp_path, site=site)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        cartes = await learner.find(CartesModules)
        texts = {carte.cours.id: carte.origine for carte in cartes.cartes}
        assert texts["exemple-de-module"] == "Module du lieu"
        assert texts["premier-module"] == ""
