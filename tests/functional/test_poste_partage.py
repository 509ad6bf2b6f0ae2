"""The shared terminal: codes slowed down per learner, codes typed twice, « Code oublié ? »,
pseudonyms without accents, damaged profiles keeping their name, long pastes, double Entrée,
the mediator's code in kiosk mode. Driven as a learner does, checked on screen and on disk."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest
from fake_clock import FakeClock
from learner_driver import FIXTURE_LIBRARY, LearnerDriver, screen_text
from textual import events

from apprendre.storage import CodeAttente, CodeFaux, Depot, FichierAbime, ProfilAbime, PseudoPris
from apprendre.storage.depot import CODE_POLICY
from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.bienvenue import BienvenueScreen
from apprendre.tui.screens.catalogue import CatalogueScreen
from apprendre.tui.screens.identification import IdentificationScreen


def make_app(tmp_path, **options) -> ApprendreApp:
    return ApprendreApp(cours=FIXTURE_LIBRARY, donnees=tmp_path / "donnees", **options)


def error_text(app) -> str:
    return str(app.screen.query_one("#erreur").render())


async def open_form(learner: LearnerDriver, which: str) -> None:
    await learner.click(which)
    await learner.wait_for(lambda: isinstance(learner.app.screen, IdentificationScreen))


async def type_in(learner: LearnerDriver, field: str, text: str) -> None:
    await learner.click(field)
    learner.app.screen.query_one(field).insert_text_at_cursor(text)
    await learner.pilot.pause()


# --- Wrong codes: growing waits per learner, never a lasting lock -------------------------------

def test_wrong_codes_wait_longer_and_longer_then_never_more_than_five_minutes(depot):
    clock = FakeClock()
    depot.clock = clock
    depot.create("Zoé", "1234").close()
    for _ in range(CODE_POLICY.free):
        with pytest.raises(CodeFaux) as error:
            depot.sign_in("Zoé", "0000")
        assert not isinstance(error.value, CodeAttente)
    waits = []
    for _ in range(8):
        with pytest.raises(CodeAttente) as error:
            depot.sign_in("Zoé", "0000")
        waits.append(error.value.attente_secondes)
        assert "attendez" in str(error.value)
        clock.now += error.value.attente_secondes
    assert waits == [10, 30, 60, 120, 300, 300, 300, 300]


def test_while_waiting_even_the_right_code_waits_and_says_how_long(depot):
    clock = FakeClock()
    depot.clock = clock
    depot.create("Zoé", "1234").close()
    for _ in range(CODE_POLICY.free + 1):
        with pytest.raises(CodeFaux):
            depot.sign_in("Zoé", "0000")
    clock.now += 4
    with pytest.raises(CodeAttente) as error:
        depot.sign_in("Zoé", "1234")
    assert "6 secondes" in str(error.value)
    clock.now += 6
    depot.sign_in("Zoé", "1234").close()  # the right code after the wait: in, and the count is cleared
    with pytest.raises(CodeFaux) as error:
        depot.sign_in("Zoé", "0000")
    assert not isinstance(error.value, CodeAttente)


def test_the_waits_of_one_learner_never_slow_another(depot):
    clock = FakeClock()
    depot.clock = clock
    depot.create("Zoé", "1234").close()
    depot.create("Awa", "5678").close()
    for _ in range(10):
        with pytest.raises(CodeFaux):
            depot.sign_in("Zoé", "0000")
        clock.now += 400
    depot.sign_in("Awa", "5678").close()


def test_the_count_is_shared_by_terminals_and_erased_with_the_learner(depot):
    clock = FakeClock()
    depot.clock = clock
    session = depot.create("Zoé", "1234")
    session.close()
    for _ in range(CODE_POLICY.free + 1):
        with pytest.raises(CodeFaux):
            depot.sign_in("Zoé", "0000")
    other = Depot(depot.dossier)
    other.clock = clock
    with pytest.raises(CodeAttente):
        other.sign_in("Zoé", "1234")
    depot.erase(session.apprenant_id)
    assert not [p for p in (depot.dossier / "verrous").iterdir() if session.apprenant_id in p.name]


async def test_the_screen_says_how_long_to_wait_and_a_quick_double_entree_counts_once(tmp_path):
    Depot(tmp_path / "donnees").create("Zoé", "1234").close()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_form(learner, "#revenir")
        await pilot.press(*"Zoé", "enter", *"0000", "enter", "enter")
        await pilot.pause()
        assert "ne correspond pas" in error_text(app)
        essais = next((tmp_path / "donnees" / "verrous").glob("*.essais"))
        assert tomllib.loads(essais.read_text("utf-8"))["echecs"] == 1
        for _ in range(CODE_POLICY.free):
            await pilot.press(*"0000", "enter")
            await pilot.pause(1.1)
        assert "attendez 10 secondes" in error_text(app)
        await pilot.press(*"1234", "enter")
        await pilot.pause()
        assert "attendez" in error_text(app)
        assert isinstance(app.screen, IdentificationScreen)


async def test_a_quick_double_entree_at_je_reviens_signs_in_once(tmp_path):
    Depot(tmp_path / "donnees").create("Zoé", None).close()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_form(learner, "#revenir")
        await pilot.press(*"Zoé", "enter")
        for _ in range(3):  # typed faster than the sign-in answers: all queued before it
            app.post_message(events.Key("enter", "\r"))
        await learner.wait_for(lambda: isinstance(app.screen, CatalogueScreen))
        await pilot.pause(0.2)
        assert isinstance(app.screen, CatalogueScreen)  # the extra presses did not open a module
        assert not [n for n in app._notifications if n.severity == "error"]
        await pilot.press("enter")  # a press after the catalogue is shown works as usual
        await learner.wait_for(lambda: not isinstance(app.screen, CatalogueScreen))


async def test_entree_on_an_empty_pseudonym_says_to_write_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await open_form(learner, "#revenir")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert error_text(app) == "Écrivez d'abord votre pseudo."
        assert app.focused is app.screen.query_one("#pseudo")


# --- A code is typed twice; « Code oublié ? » ---------------------------------------------------

async def test_a_new_code_is_typed_twice_and_two_different_codes_create_nothing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_form(learner, "#commencer")
        await type_in(learner, "#pseudo", "Zoé")
        await learner.click("#code")
        await pilot.press(*"1234")
        await learner.click("#confirmation")
        await pilot.press(*"1243")
        await learner.click("#valider")
        assert "Les deux codes ne sont pas les mêmes" in error_text(app)
        assert not list((tmp_path / "donnees" / "apprenants").glob("*.toml"))
        await learner.click("#code")
        await pilot.press(*"1234")
        await learner.click("#confirmation")
        await pilot.press(*"1234")
        await learner.click("#valider")
        await learner.wait_for(lambda: isinstance(app.screen, CatalogueScreen))
    Depot(tmp_path / "donnees").sign_in("Zoé", "1234", forcer=True).close()


async def test_code_oublie_says_that_a_mediator_can_remove_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_form(learner, "#revenir")
        await learner.click("#oublie")
        assert "Un médiateur peut supprimer le code" in error_text(app)


# --- Pseudonyms: accents don't matter, a long paste says the limit ------------------------------

async def test_helene_comes_back_as_helene_and_a_second_helene_is_refused(tmp_path):
    Depot(tmp_path / "donnees").create("Hélène", None).close()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_form(learner, "#commencer")
        await type_in(learner, "#pseudo", "Helene")
        await learner.click("#valider")
        assert "déjà pris" in error_text(app) and "accents" in error_text(app)
        await learner.click("#retour")
        await open_form(learner, "#revenir")
        await type_in(learner, "#pseudo", "helene")
        await learner.click("#valider")
        await learner.wait_for(lambda: isinstance(app.screen, CatalogueScreen))
        assert "Hélène" in screen_text(app)
    assert len(list((tmp_path / "donnees" / "apprenants").glob("*.toml"))) == 2  # file and its backup


@pytest.mark.parametrize("length, said", [(30, False), (31, True), (200, True)])
async def test_a_pasted_pseudonym_over_30_characters_says_the_limit(tmp_path, length, said):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_form(learner, "#commencer")
        await type_in(learner, "#pseudo", "a" * length)
        message = f"Ce pseudo est trop long ({length} caractères) : 30 caractères au plus."
        assert (error_text(app) == message) is said
        await learner.click("#valider")
        if said:
            assert message in error_text(app)
            assert not list((tmp_path / "donnees" / "apprenants").glob("*.toml"))
        else:
            await learner.wait_for(lambda: isinstance(app.screen, CatalogueScreen))


# --- A damaged profile keeps its name -----------------------------------------------------------

def damage(depot: Depot, apprenant_id: str) -> None:
    for path in (depot.path(apprenant_id), depot.backup_path(apprenant_id)):
        path.write_bytes(b'version = 1\npseudo = "Z\n[[faits\x00')


@pytest.mark.parametrize("index_lost", [False, True], ids=["index", "index-efface"])
def test_a_profile_damaged_beyond_repair_keeps_its_name_and_says_where_it_is(depot, index_lost):
    session = depot.create("Zoé", None)
    session.close()
    depot.sign_in("Zoé", None).close()  # a second save: there is a backup
    apprenant_id = session.apprenant_id
    original = depot.path(apprenant_id).read_bytes()
    depot.path(apprenant_id).write_bytes(original.replace(b"[[", b"[[[", 1))
    depot.backup_path(apprenant_id).write_bytes(b"\x00\xff")
    with pytest.raises(FichierAbime) as first:
        depot.sign_in("Zoé", None)
    assert "mis de côté" in str(first.value)
    if index_lost:
        import shutil
        shutil.rmtree(depot.dossier / "index")
        depot = Depot(depot.dossier)
    with pytest.raises(ProfilAbime) as again:
        depot.sign_in("zoe", None)
    assert "mis-de-cote" in str(again.value) and "réservé" in str(again.value)
    with pytest.raises(PseudoPris) as taken:
        depot.create("Zoe", None)
    assert "abîmé" in str(taken.value)
    aside = sorted(p.name for p in (depot.dossier / "mis-de-cote").iterdir())
    assert len(aside) == 2 and all(name.startswith(apprenant_id) for name in aside)


async def test_je_reviens_on_a_damaged_profile_says_a_mediator_can_recover_it(tmp_path):
    depot = Depot(tmp_path / "donnees")
    session = depot.create("Zoé", None)
    session.close()
    depot.path(session.apprenant_id).write_bytes(b"\x00abime")
    depot.backup_path(session.apprenant_id).unlink(missing_ok=True)
    with pytest.raises(FichierAbime):
        depot.sign_in("Zoé", None)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_form(learner, "#revenir")
        await type_in(learner, "#pseudo", "Zoé")
        await learner.click("#valider")
        assert "abîmé" in error_text(app) and "mis-de-cote" in error_text(app)
        assert "Aucun profil" not in error_text(app)


# --- The backup is never the file itself --------------------------------------------------------

# A save cut at each of its steps: tests/functional/test_sauvegarde.py.


def test_a_backup_left_as_a_hard_link_is_copied_apart_at_sign_in(depot):
    session = depot.create("Zoé", None)
    session.close()
    path, backup = depot.path(session.apprenant_id), depot.backup_path(session.apprenant_id)
    backup.unlink(missing_ok=True)
    os.link(path, backup)  # what an older version left after a crash
    Depot(depot.dossier).sign_in("Zoé", None).close()
    assert not os.path.samefile(path, backup)


# --- The mediator's code in kiosk mode ----------------------------------------------------------

async def test_in_kiosk_mode_the_mediator_code_can_only_be_set_from_the_command_line(tmp_path):
    app = make_app(tmp_path, kiosque=True)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await learner.click("#mediateur")
        await learner.wait_for(lambda: app.screen.query("#kiosque-sans-code"))
        assert "apprendre reglages --code-mediateur" in screen_text(app)
        assert not app.screen.query("Input")
        await learner.click("#retour")
        assert isinstance(app.screen, BienvenueScreen)
    assert not (tmp_path / "donnees" / "reglages.toml").exists()


# --- Folders the app creates are private -------------------------------------------------------

def test_every_folder_the_app_creates_is_700(tmp_path):
    depot = Depot(tmp_path / "donnees")
    depot.create("Zoé", "1234").close()
    with pytest.raises(CodeFaux):
        depot.sign_in("Zoé", "0000")
    folders = [tmp_path / "donnees", *[p for p in (tmp_path / "donnees").rglob("*") if p.is_dir()]]
    assert len(folders) >= 6
    assert {p.relative_to(tmp_path).as_posix(): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == \
        {p.relative_to(tmp_path).as_posix(): "0o700" for p in folders}


# --- Settings with a wrong key, in the espace médiateur ----------------------------------------

async def test_the_espace_mediateur_names_the_wrong_line_and_refuses_the_purge(tmp_path):
    from test_espace_mediateur import CODE, add_learner, open_space

    from apprendre.storage.mediator_code import set_code

    donnees = tmp_path / "donnees"
    set_code(donnees, CODE)
    add_learner(tmp_path, "Ancien", right=True, years_ago=2)
    settings = donnees / "reglages.toml"
    text = settings.read_text("utf-8").replace("delai_inactivite = 300", 'delai_inactivite = "cinq minutes"')
    settings.write_text(text, "utf-8")
    line = 1
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=False)
        await open_space(learner)
        await learner.wait_for(lambda: any("Le fichier des réglages" in str(n.message) for n in app._notifications))
        warning = next(str(n.message) for n in app._notifications if "réglages" in str(n.message))
        assert f"ligne {line} : « delai_inactivite »" in warning
        app.screen.query_one("TabbedContent").active = "onglet-conservation"
        await pilot.pause()
        await learner.click("#purger")
        await learner.wait_for(lambda: any("Rien n'a été effacé" in str(n.message) for n in app._notifications))
        assert not app.screen.query("#oui")
    assert [a.pseudo for a in Depot(donnees).apprenants()] == ["Ancien"]
    assert settings.read_text("utf-8") == text
