"""The espace médiateur, driven as a mediator does: code, learners, modules, report, retention."""

from __future__ import annotations

import csv
from datetime import timedelta

from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text

from apprendre.learning.progress import PageLue, QuizTermine, Reponse, Visite, now
from apprendre.storage import Depot
from apprendre.storage.mediator_code import set_code
from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.bienvenue import BienvenueScreen
from apprendre.tui.screens.mediateur import ApprenantScreen, EspaceMediateurScreen

CODE = "bibliotheque"


def make_app(tmp_path, **options) -> ApprendreApp:
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", **options)


def add_learner(tmp_path, pseudo: str, right: bool, years_ago: int = 0) -> None:
    moment = now()
    session = Depot(tmp_path / "donnees").create(pseudo, None)
    session.record(PageLue(module="premier-module", lecon="01-machines", page=1, le=moment))
    session.record(Reponse(module="premier-module", question="classer", juste=right,
                           donnee=("Le processeur → Usages",) if not right else ("Le processeur → Informatique",),
                           tentative="t1", le=moment))
    session.record(QuizTermine(module="premier-module", tentative="t1", le=moment))
    session.record(Visite(id=f"v-{pseudo}", debut=moment, fin=moment + timedelta(minutes=20)))
    session.close()
    if years_ago:  # move every date of the file back, as if written years ago
        path = tmp_path / "donnees" / "apprenants" / f"{session.apprenant_id}.toml"
        year = str(moment.year)
        path.write_text(path.read_text("utf-8").replace(f"{year}-", f"{moment.year - years_ago}-"), "utf-8")


async def open_space(learner: LearnerDriver, code: str = CODE) -> None:
    """The espace médiateur opened with ``code``, with the mouse or the keyboard as ``learner`` drives."""
    if learner.keyboard:
        await learner.press("m")
        await learner.find("#code")
        await learner.pilot.press(*code)
        await learner.press("enter")
        return
    await learner.click("#mediateur")
    await learner.click("#code")
    await learner.pilot.press(*code)
    await learner.click("#valider")


async def test_first_opening_sets_the_code(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#mediateur")
        assert "Première ouverture" in screen_text(app)
        await learner.click("#code")
        await pilot.press(*"court")
        await learner.click("#confirmation")
        await pilot.press(*"court")
        await learner.click("#valider")
        assert "8" in str(app.screen.query_one("#erreur").render())
        await learner.click("#code")
        await pilot.press(*CODE)
        await learner.click("#confirmation")
        await pilot.press(*"autrechose")
        await learner.click("#valider")
        assert "pas les mêmes" in str(app.screen.query_one("#erreur").render())
        await learner.click("#code")
        await pilot.press(*CODE)
        await learner.click("#confirmation")
        await pilot.press(*CODE)
        await learner.click("#valider")
        await learner.find("#apprenants")
        assert isinstance(app.screen, EspaceMediateurScreen)
    reglages = (tmp_path / "donnees" / "reglages.toml").read_text("utf-8")
    assert "code_mediateur" in reglages and CODE not in reglages


async def test_wrong_codes_make_the_mediator_wait(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#mediateur")
        for attempt in range(4):
            await learner.click("#code")
            await pilot.press(*"mauvaiscode")
            await learner.click("#valider")
        message = str(app.screen.query_one("#erreur").render())
        assert "Réessayez dans 30 secondes" in message
        await learner.click("#code")
        await pilot.press(*CODE)  # even the right code must wait
        await learner.click("#valider")
        assert not isinstance(app.screen, EspaceMediateurScreen)
        assert "Réessayez dans" in str(app.screen.query_one("#erreur").render())


async def test_learners_table_search_sort_and_erase(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    add_learner(tmp_path, "Zoé", right=True)
    add_learner(tmp_path, "Awa", right=False)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        table = await learner.find("#apprenants")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["Awa", "Zoé"]
        await learner.click("#recherche")
        await pilot.press(*"zoe")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["Zoé"]
        await pilot.press("backspace", "backspace", "backspace")
        app.screen.sort_key, app.screen.sort_descending = "score_moyen", True
        app.screen.show_learners()
        assert str(table.get_row_at(0)[0]) == "Zoé"

        table.focus()
        table.move_cursor(row=1)
        await learner.press("enter")
        assert isinstance(app.screen, ApprenantScreen)
        assert "Awa" in screen_text(app)
        await learner.click("#effacer")
        await learner.click("#oui")
        await learner.wait_for(lambda: isinstance(app.screen, EspaceMediateurScreen))
        assert table.row_count == 1
    remaining = list(Depot(tmp_path / "donnees").apprenants())
    assert [a.pseudo for a in remaining] == ["Zoé"]


async def test_module_stats_show_the_hardest_questions_and_misplaced_items(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    add_learner(tmp_path, "Zoé", right=True)
    add_learner(tmp_path, "Awa", right=False)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        app.screen.query_one("TabbedContent").active = "onglet-modules"
        await pilot.pause()
        modules = app.screen.query_one("#modules")
        modules.focus()
        modules.highlighted = 0
        await pilot.pause()
        stats = str(app.screen.query_one("#stats").render())
        assert "Commencé par 2" in stats
        assert "50 % de bonnes réponses" in stats
        assert "Le processeur : 1 fois" in stats


async def test_report_on_screen_and_as_csv(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    add_learner(tmp_path, "Zoé", right=True)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        app.screen.query_one("TabbedContent").active = "onglet-rapport"
        await pilot.pause()
        report = str(app.screen.query_one("#rapport").render())
        assert "Zoé" not in report
        target = tmp_path / "rapport.csv"
        app.screen.query_one("#fichier-csv").value = str(target)
        app.screen.reload()  # as after an erasure: the path the mediator typed stays
        assert app.screen.query_one("#fichier-csv").value == str(target)
        await learner.click("#exporter")
    text = target.read_text("utf-8-sig")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Zoé" not in text
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert len(rows) > 3


async def test_retention_purges_only_inactive_learners(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    add_learner(tmp_path, "Ancien", right=True, years_ago=2)
    add_learner(tmp_path, "Récent", right=True)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        app.screen.query_one("TabbedContent").active = "onglet-conservation"
        await pilot.pause()
        listed = str(app.screen.query_one("#inactifs").render())
        assert "Ancien" in listed and "Récent" not in listed
        await learner.click("#purger")
        await learner.click("#oui")
        await learner.wait_for(lambda: "Aucun apprenant" in str(app.screen.query_one("#inactifs").render()))
    assert [a.pseudo for a in Depot(tmp_path / "donnees").apprenants()] == ["Récent"]


async def test_kiosk_mode_only_the_mediator_can_quit(tmp_path):
    set_code(tmp_path / "donnees", CODE)
    app = make_app(tmp_path, kiosque=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BienvenueScreen)
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        await learner.click("#quitter")
        await learner.wait_for(lambda: not app.is_running)


async def test_a_seance_d_atelier_filled_and_saved_with_the_keyboard_alone(tmp_path):
    """Code, Entrée; the tabs with Maj+Tab and →; « Séance d'atelier » with Tab and Entrée; each field
    with Tab, typing, Entrée and ↓ in the level's list, Espace in the lists; Entrée on « Enregistrer »."""
    import shutil
    import tomllib

    from conftest import EXEMPLE
    from textual.widgets import Select, SelectionList
    from textual.widgets._tabbed_content import ContentTabs

    from apprendre.tui.screens.seance import SeanceScreen

    site = tmp_path / "site"
    shutil.copytree(EXEMPLE, site / "exemple-de-module")
    set_code(tmp_path / "donnees", CODE)
    add_learner(tmp_path, "Zoé", right=True)  # came today: ticked already
    app = make_app(tmp_path, site=site)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_space(learner)
        await learner.find("#apprenants")
        screen = app.screen
        # Arriving, the focus is on the tabs, not on « Fermer »: Entrée pressed once too often must
        # not close the space.
        assert app.focused is screen.query_one(ContentTabs)
        await learner.press("enter")
        assert isinstance(app.screen, EspaceMediateurScreen)
        while screen.query_one("#onglets").active != "onglet-coop":
            await learner.press("right")
        await learner.tab_to(screen.query_one("#seance"))
        await learner.press("enter")
        await learner.wait_for(lambda: isinstance(app.screen, SeanceScreen))
        form = app.screen
        assert app.focused is form.query_one("#seance-titre")
        await pilot.press(*"Premiers pas")
        await learner.press("shift+tab", "shift+tab")
        assert app.focused is form.query_one("#seance-date")
        await pilot.press(*"2026-03-12")  # the date shown is replaced by what is typed
        await learner.press("tab")
        await pilot.press(*"120")
        await learner.press("tab", "tab")
        niveau = form.query_one("#seance-niveau", Select)
        assert app.focused is niveau
        await learner.press("enter")  # the list opens
        await learner.press("down", "enter")
        await learner.wait_for(lambda: niveau.value == "Intermédiaire")
        await learner.press("tab")
        modules = form.query_one("#seance-modules", SelectionList)
        assert app.focused is modules
        wanted = next(n for n in range(modules.option_count) if modules.get_option_at_index(n).value == "exemple-de-module")
        while modules.highlighted != wanted:
            await learner.press("down")
        await learner.press("space")
        await learner.press("tab")
        assert app.focused is form.query_one("#seance-apprenants")
        await learner.press("tab")
        assert app.focused is form.query_one("#seance-autres")
        await pilot.press("3")
        await learner.press("tab")
        assert app.focused is form.query_one("#seance-enregistrer")
        await learner.press("enter")
        await learner.wait_for(lambda: not isinstance(app.screen, SeanceScreen))
        assert "« Premiers pas » du 2026-03-12 enregistrée : 4 participants" in " ".join(
            str(n.message) for n in app._notifications)
    [written] = (tmp_path / "donnees" / "seances").iterdir()
    assert written.name.startswith("2026-03-12-") and written.suffix == ".toml"
    seance = tomllib.loads(written.read_text("utf-8"))
    assert seance["titre"] == "Premiers pas" and seance["niveau"] == "Intermédiaire" and seance["duree"] == 120
    assert seance["participants"] == 4 and seance["deja_accompagnes"] == 0
    assert seance["thematiques"] == ["Prendre en main du matériel"]
    assert seance["tranches"] == {"Non communiqué": 4}
    assert "Zoé" not in written.read_text("utf-8")


async def test_a_date_field_shows_its_whole_date_with_the_cursor_in_it(tmp_path):
    """At 80 columns, Tab into « Du » and « au »: the date is read whole (it lost its first digit,
    « 026-01-01 », the field being one column too narrow for the date and the cursor)."""
    set_code(tmp_path / "donnees", CODE)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_space(learner)
        await learner.find("#apprenants")
        for tab, du, au in (("onglet-coop", "#coop-du", "#coop-au"), ("onglet-rapport", "#du", "#au")):
            while app.screen.query_one("#onglets").active != tab:
                await learner.press("right" if tab == "onglet-coop" else "left")
            for field in (du, au):
                widget = app.screen.query_one(field)
                await learner.tab_to(widget)
                await pilot.pause()
                row = app.screen._compositor.render_strips()[widget.region.y + 1].text
                assert f" {widget.value} " in row, row
            await learner.tab_to(app.screen.query_one("ContentTabs"))
