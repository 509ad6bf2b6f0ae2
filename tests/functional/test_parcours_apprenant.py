"""The learner's journey, driven as a learner does: with the mouse alone, and with the keyboard alone."""

from __future__ import annotations

import tomllib

import pytest
from fake_clock import FakeClock
from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text

from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.bienvenue import BienvenueScreen
from apprendre.tui.screens.catalogue import CatalogueScreen
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.screens.module import ModuleScreen
from apprendre.tui.screens.quiz import QuizScreen
from apprendre.tui.screens.resultat import ResultatScreen
from apprendre.tui.widgets.cartes import CartesModules


def make_app(tmp_path) -> ApprendreApp:
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees")


def learner_files(tmp_path) -> list[dict]:
    """The learners' main files (``apprenants/<id>.toml``, see docs/progression.md)."""
    folder = tmp_path / "donnees" / "apprenants"
    if not folder.exists():
        return []
    return [tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))
            if not path.name.endswith(".secours.toml")]


async def sign_up(learner: LearnerDriver, pseudo: str, code: str = "") -> None:
    await learner.activate("#commencer")
    await learner.pilot.pause()
    if learner.keyboard:
        await learner.pilot.press(*pseudo)
        await learner.press("enter")
        if code:
            await learner.pilot.press(*code)
            await learner.press("enter")  # a new code is typed twice
            await learner.pilot.press(*code)
        await learner.press("enter")
    else:
        await learner.click("#pseudo")
        learner.app.screen.query_one("#pseudo").insert_text_at_cursor(pseudo)
        if code:
            await learner.click("#code")
            await learner.pilot.press(*code)
            await learner.click("#confirmation")
            await learner.pilot.press(*code)
        await learner.click("#valider")


async def come_back(learner: LearnerDriver, pseudo: str, code: str = "") -> None:
    """« Je reviens » with a pseudonym, and a code if given."""
    await learner.click("#revenir")
    await learner.click("#pseudo")
    learner.app.screen.query_one("#pseudo").insert_text_at_cursor(pseudo)
    if code:
        await learner.click("#code")
        await learner.pilot.press(*code)
    await learner.click("#valider")


async def read_every_page(learner: LearnerDriver) -> int:
    """From the module screen, « Continuer » then « Suivant » until the quiz; returns pages seen."""
    app = learner.app
    await learner.activate("#continuer")
    pages = []
    while isinstance(app.screen, LeconScreen):
        screen = app.screen
        pages.append(f"{screen.lecon.id} {screen.query_one('#lecon-page').render()}")
        if learner.keyboard:
            await learner.press("right")
        else:
            await learner.click("#suivant")
        await learner.wait_for(lambda: app.screen is not screen or
                               f"{screen.lecon.id} {screen.query_one('#lecon-page').render()}" != pages[-1])
    assert isinstance(app.screen, QuizScreen), pages
    return pages


async def answer_quiz(learner: LearnerDriver, right: bool) -> list[str]:
    app = learner.app
    seen_types = []
    await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
    while isinstance(app.screen, QuizScreen):
        seen_types.append(learner.question.question.type)
        await learner.answer(right)
        await learner.validate()
        feedback = learner.question.feedback
        assert feedback.startswith("✓ Bonne réponse" if right else "✗"), feedback
        assert "Explication :" in feedback and feedback.splitlines()[0] in screen_text(app)
        screen, index = app.screen, app.screen.index
        await learner.next()
        await learner.wait_for(lambda: app.screen is not screen or screen.index != index)
        await learner.wait_for(lambda: app.screen.query("QuestionWidget, #score"))
    return seen_types


@pytest.mark.parametrize("keyboard", [False, True], ids=["souris", "clavier"])
async def test_new_learner_whole_journey(tmp_path, keyboard):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard)
        await sign_up(learner, "Zoé", "1234")
        assert isinstance(app.screen, CatalogueScreen)
        assert "Zoé" in screen_text(app)
        cards = app.screen.query_one(CartesModules).cartes
        assert [c.cours.id for c in cards] == ["premier-module", "deuxieme-module"]  # the broken one is left out
        assert "Pas commencé" in screen_text(app)

        if keyboard:
            await learner.press("enter")  # the first card has the focus
        else:
            await learner.click_card(0)
        assert isinstance(app.screen, ModuleScreen)
        assert await read_every_page(learner) == [
            "01-machines Page 1 sur 2", "01-machines Page 2 sur 2",
            "02-reseaux Page 1 sur 2", "02-reseaux Page 2 sur 2"]

        types = await answer_quiz(learner, right=False)
        assert sorted(types) == sorted(["choix unique", "choix multiple", "vrai ou faux", "classer",
                                        "ordre", "associer"])
        assert isinstance(app.screen, ResultatScreen)
        # Each question partly wrong: 2 of 3 items sorted, 1 of 3 steps at its place, pairs swapped.
        assert "3 points sur 11 (27 %)" in screen_text(app)
        assert "2 éléments sur 3 bien rangés" in screen_text(app)
        assert "Pas encore maîtrisé" in screen_text(app)

        await learner.activate("#recommencer")
        await answer_quiz(learner, right=True)
        assert "11 points sur 11 (100 %)" in screen_text(app)
        assert "Module maîtrisé" in screen_text(app)

        await learner.activate("#catalogue")
        assert isinstance(app.screen, CatalogueScreen)
        assert "Maîtrisé" in screen_text(app)

        await learner.activate("#termine")
        assert isinstance(app.screen, BienvenueScreen)
        assert app.session is None

    [data] = learner_files(tmp_path)
    assert data["pseudo"] == "Zoé"
    assert len(data["pages"]) >= 4
    assert len(data["reponses"]) == 12
    assert sum(r["juste"] for r in data["reponses"]) == 6
    assert len(data["quiz"]) == 2


@pytest.mark.parametrize("keyboard", [False, True], ids=["souris", "clavier"])
async def test_guest_journey_writes_nothing(tmp_path, keyboard):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard)
        await learner.activate("#essayer")
        assert isinstance(app.screen, CatalogueScreen)
        assert "rien n'est enregistré" in screen_text(app)
        if keyboard:
            await learner.press("enter")
        else:
            await learner.click_card(0)
        await read_every_page(learner)
        await answer_quiz(learner, right=True)
        assert "Module maîtrisé" in screen_text(app)
        await learner.activate("#catalogue")
        assert "Maîtrisé" in screen_text(app)
        await learner.activate("#termine")
        assert isinstance(app.screen, BienvenueScreen)
    assert not (tmp_path / "donnees").exists() or not any((tmp_path / "donnees").rglob("*"))


async def test_returning_learner_continues_where_they_stopped(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Awa")
        await learner.click_card(0)
        await learner.click("#continuer")
        await learner.click("#suivant")  # page 2 of lesson 1
        await learner.activate("#termine")

        await learner.click("#revenir")
        await learner.click("#pseudo")
        await pilot.press(*"AWA")  # same learner, whatever the case
        await learner.click("#valider")
        assert isinstance(app.screen, CatalogueScreen)
        assert "En cours" in screen_text(app)
        await learner.click_card(0)
        await learner.click("#continuer")
        assert isinstance(app.screen, LeconScreen)
        assert "Page 1 sur 2" in screen_text(app)
        assert app.screen.lecon.titre == "Les réseaux"


async def test_wrong_code_is_refused_in_french(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Zoé", "1234")
        await learner.activate("#termine")
        await come_back(learner, "Zoé", "9999")
        assert app.session is None
        assert "code" in str(app.screen.query_one("#erreur").render()).lower()


async def test_strange_text_shows_exactly_as_written(tmp_path):
    pseudo = "[b]Zoé[/b] 山田 🙂"
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, pseudo)
        assert isinstance(app.screen, CatalogueScreen)
        assert str(app.screen.query_one("#barre-pseudo").render()) == pseudo
        assert "[bold]Deuxième[/] module" in screen_text(app)


async def test_links_are_never_opened(tmp_path):
    app = make_app(tmp_path)
    opened = []
    app.open_url = lambda url, **kwargs: opened.append(url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        await learner.click_card(0)
        await learner.click("#continuer")
        page = app.screen.shown_page
        lines = page.text.split("\n")
        row = next(number for number, line in enumerate(lines) if "Un lien" in line)
        assert await pilot.click(page, offset=(lines[row].index("Un lien") + 3, row))
        await pilot.pause()
        assert opened == []
        assert any("https://exemple.fr/page" in str(n.message) for n in app._notifications)


async def test_contrast_theme_switches_from_every_screen(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        assert app.theme == "contraste"
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#essayer")
        await learner.click("#contraste")
        assert app.theme == "lisible"


async def test_escape_goes_back(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await learner.press("e")
        await learner.press("enter")
        assert isinstance(app.screen, ModuleScreen)
        await learner.press("escape")
        assert isinstance(app.screen, CatalogueScreen)
        await learner.press("escape")
        assert isinstance(app.screen, CatalogueScreen)  # home: Escape doesn't sign out


async def test_idle_learner_is_signed_out_after_a_visible_countdown(tmp_path):
    clock = FakeClock()
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", idle_delays=(300, 2), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Zoé")
        clock.advance(299)
        await pilot.pause(0.2)
        assert "toujours là" not in screen_text(app)
        clock.advance(2)
        await learner.wait_for(lambda: "toujours là" in screen_text(app))
        assert "2 secondes" in screen_text(app)  # the countdown is visible
        await learner.click("#rester")
        assert isinstance(app.screen, CatalogueScreen)
        assert app.session is not None
        clock.advance(301)
        await learner.wait_for(lambda: "toujours là" in screen_text(app))
        clock.advance(1)
        await learner.wait_for(lambda: "1 seconde." in screen_text(app))
        clock.advance(1)
        await learner.wait_for(lambda: isinstance(app.screen, BienvenueScreen))
        assert app.session is None
    [data] = learner_files(tmp_path)
    assert data["visites"]


async def test_any_key_during_the_countdown_keeps_the_session(tmp_path):
    clock = FakeClock()
    app = ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", idle_delays=(300, 60), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await sign_up(learner, "Zoé")
        for key in ("a", "down", "f5"):
            clock.advance(301)
            await learner.wait_for(lambda: "toujours là" in screen_text(app))
            await pilot.press(key)
            await learner.wait_for(lambda: "toujours là" not in screen_text(app))
            assert isinstance(app.screen, CatalogueScreen) and app.session is not None


async def test_idle_delays_come_from_the_settings(tmp_path):
    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "reglages.toml").write_text(
        "delai_inactivite = 120\ncompte_a_rebours = 30\n", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_up(LearnerDriver(pilot, keyboard=False), "Zoé")
        assert app.idle_delays() == (120, 30)


async def test_missed_questions_come_back_in_a_revoir(tmp_path):
    from datetime import timedelta

    from apprendre.learning.progress import Reponse, now
    from apprendre.storage import Depot

    session = Depot(tmp_path / "donnees").create("Léa", None)
    session.record(Reponse(module="premier-module", question="vrai-faux", juste=False,
                           donnee=("faux",), tentative="quiz-ancien", le=now() - timedelta(days=2)))
    session.close()

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await come_back(learner, "Léa")
        assert str((await learner.find("#revoir")).label) == "À revoir (1)"
        await learner.click("#revoir")
        assert isinstance(app.screen, QuizScreen)
        assert "Question 1 sur 1" in screen_text(app)
        assert "Internet relie les machines." in screen_text(app)
        await answer_quiz(learner, right=True)
        assert "1 point sur 1" in screen_text(app)
        await learner.activate("#catalogue")
        assert str(app.screen.query_one("#revoir").label) == "Rien à revoir"


async def test_mes_donnees_shows_and_deletes_the_profile(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Zoé", "1234")
        await learner.click("#donnees")
        description = str((await learner.find("#description")).render())
        assert "Zoé" in description
        await learner.click("#supprimer")
        await learner.click("#non")  # « Annuler »: nothing happens
        assert learner_files(tmp_path)
        await learner.click("#supprimer")
        await learner.click("#oui")
        await learner.wait_for(lambda: isinstance(app.screen, BienvenueScreen))
        assert app.session is None
    assert learner_files(tmp_path) == []
    assert not any(p.suffix == ".toml" and "apprenants" in p.parts
                   for p in (tmp_path / "donnees").rglob("*"))


async def test_learner_open_on_another_terminal_can_take_over(tmp_path):
    from apprendre.storage import Depot

    Depot(tmp_path / "donnees").create("Zoé", None)  # still open on « another terminal »
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await come_back(learner, "Zoé")
        assert app.session is None
        assert "autre fenêtre de cet ordinateur" in str(app.screen.query_one("#erreur").render())
        await learner.click("#reprendre")
        assert isinstance(app.screen, CatalogueScreen)
        assert app.session.pseudo == "Zoé"


async def test_an_unusable_data_folder_is_said_and_guests_still_learn(tmp_path):
    blocked = tmp_path / "donnees"
    blocked.write_text("un fichier, pas un dossier", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await sign_up(learner, "Zoé")
        assert app.session is None
        message = str(app.screen.query_one("#erreur").render())
        assert str(blocked) in message or "dossier" in message
        await learner.click("#retour")
        await learner.click("#essayer")
        assert isinstance(app.screen, CatalogueScreen)


async def test_at_start_the_index_is_brought_up_to_date_beside_bienvenue(tmp_path):
    """What grows with the number of learners is done at start, so « Je commence » only asks the index:
    a learner brought by a sync tool is known before anyone signs up."""
    from apprendre.storage import Depot

    elsewhere = Depot(tmp_path / "ailleurs")
    session = elsewhere.create("Nour", None)
    session.close()
    folder = tmp_path / "donnees" / "apprenants"
    folder.mkdir(parents=True)
    (folder / elsewhere.path(session.apprenant_id).name).write_bytes(elsewhere.path(session.apprenant_id).read_bytes())
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.depot.index.find("nour") == [session.apprenant_id]
        assert app.depot._index_current()
        learner = LearnerDriver(pilot, keyboard=True)
        await sign_up(learner, "Nour")
        assert not isinstance(app.screen, CatalogueScreen)  # the pseudonym is taken
        assert "pris" in screen_text(app) or "déjà" in screen_text(app)
