"""Issue 14 on screen: the age band at « Je commence », the site's modules in the catalogue,
the espace médiateur's La Coop tab, séances d'atelier and attestations, and the smaller things."""

from __future__ import annotations

import tomllib

from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text
from test_espace_mediateur import CODE, open_space
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


# --- The espace médiateur ------------------------------------------------------------------------


def _site_with_a_learner(tmp_path, pseudo: str = "Zoé", tranche: str | None = "60 - 69 ans"):
    """A site library with the example module, and a learner who read it today for 20 minutes."""
    import shutil
    from datetime import timedelta

    from conftest import EXEMPLE

    from apprendre.learning.progress import PageLue, Visite, now
    from apprendre.storage import Depot
    from apprendre.storage.mediator_code import set_code

    site = tmp_path / "site"
    if not site.exists():
        shutil.copytree(EXEMPLE, site / "exemple-de-module")
    donnees = tmp_path / "donnees"
    set_code(donnees, CODE)
    moment = now()
    session = Depot(donnees).create(pseudo, None, tranche_age=tranche)
    session.record(PageLue(module="exemple-de-module", lecon="01-la-souris", page=1, le=moment))
    session.record(Visite(id=f"v-{pseudo}", debut=moment, fin=moment + timedelta(minutes=20)))
    session.close()
    return site


async def test_one_click_opens_a_learner_row(tmp_path):
    from apprendre.tui.screens.mediateur import ApprenantScreen

    site = _site_with_a_learner(tmp_path)
    app = make_app(tmp_path, site=site)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        table = await learner.find("#apprenants")
        await pilot.click(table, offset=(3, 1))  # the first row, under the header: once
        await learner.wait_for(lambda: isinstance(app.screen, ApprenantScreen))
        assert "Zoé" in screen_text(app)


async def test_la_coop_tab_and_a_seance_d_atelier_marked_with_the_mouse(tmp_path):
    from apprendre.storage.seances import load_seances
    from apprendre.tui.screens.seance import SeanceScreen

    site = _site_with_a_learner(tmp_path)
    app = make_app(tmp_path, site=site)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        await learner.click("#--content-tab-onglet-coop")
        coop = str(app.screen.query_one("#coop").render())
        assert "Accompagnement individuel : 2 visites, 1 apprenant" in coop  # sign-in's visit, and ours
        assert "Prendre en main du matériel" in coop and "60 - 69 ans : 1" in coop
        assert "Zoé" not in coop
        await learner.click("#seance")
        await learner.wait_for(lambda: isinstance(app.screen, SeanceScreen))
        await learner.click("#seance-titre")
        await pilot.press(*"Premiers pas")
        modules = app.screen.query_one("#seance-modules")
        modules.select("exemple-de-module")
        await learner.click("#seance-autres")
        await pilot.press("end", "backspace", "3")
        assert app.screen.query_one("#seance-apprenants").selected == [app.screen.apprenants[0].id]  # came today
        await learner.click("#seance-enregistrer")
        await learner.wait_for(lambda: not isinstance(app.screen, SeanceScreen))
        coop = str(app.screen.query_one("#coop").render())
        assert "Atelier collectif" in coop and "« Premiers pas », Débutant, 90 min" in coop
        assert "4 participants, dont 0 déjà accompagné" in coop
    [seance] = load_seances(tmp_path / "donnees")
    assert seance.participants == 4 and seance.tranches == (("60 - 69 ans", 1), ("Non communiqué", 3))
    assert seance.thematiques == ("Prendre en main du matériel",)


async def test_attestation_from_the_learner_page_to_the_folder_the_mediator_chose(tmp_path):
    from apprendre.tui.screens.mediateur import ApprenantScreen

    site = _site_with_a_learner(tmp_path)
    folder = tmp_path / "attestations-de-la-mediatheque"
    app = make_app(tmp_path, site=site)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        table = await learner.find("#apprenants")
        await pilot.click(table, offset=(3, 1))
        await learner.wait_for(lambda: isinstance(app.screen, ApprenantScreen))
        await learner.click("#attestation")
        await learner.click("#nom")
        await pilot.press(*"Zoé Martin")
        app.screen.query_one("#dossier").value = str(folder)
        await learner.click("#ecrire")
        await learner.wait_for(lambda: any(folder.glob("*.pdf")))
    [pdf] = folder.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.name.startswith("attestation-zoe-martin-")
    text = pdf.with_suffix(".txt").read_text("utf-8")
    assert "Zoé Martin" in text and "Ce n'est pas une certification" in text and "Pix" in text
    assert "Zoé Martin" not in "".join(p.read_text("utf-8") for p in (tmp_path / "donnees" / "apprenants").glob("*.toml"))
    from apprendre.storage.settings import load_reglages

    assert load_reglages(tmp_path / "donnees").dossier_attestations == str(folder)


async def test_attestation_from_mes_donnees(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#commencer")
        await learner.click("#pseudo")
        app.screen.query_one("#pseudo").insert_text_at_cursor("Awa")
        await learner.click("#valider")
        await learner.click("#donnees")
        await learner.click("#attestation")
        await learner.click("#ecrire")
        folder = tmp_path / "donnees" / "attestations"
        await learner.wait_for(lambda: any(folder.glob("*.txt")))
    [text] = folder.glob("*.txt")
    assert "Awa" in text.read_text("utf-8") and "Aucun module terminé" in text.read_text("utf-8")
