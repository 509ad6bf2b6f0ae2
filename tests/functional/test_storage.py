"""The learners' files: creating, signing in, pseudonyms, codes, « Mes données », deleting."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import timedelta

import pytest

from apprendre.learning.my_data import describe
from apprendre.learning.progress import PageLue, QuizTermine, Reponse, now
from apprendre.learning.session import Session
from apprendre.storage import (
    ApprenantInconnu,
    CodeFaux,
    CodeInvalide,
    CodeManquant,
    DejaOuvert,
    Depot,
    DossierInutilisable,
    FileSession,
    ProfilSupprime,
    PseudoInvalide,
    PseudoPris,
    codes,
    presence,
)
from apprendre.storage.learner_file import parse
from apprendre.storage.pseudos import clean_pseudo, pseudo_key


def page(number: int, module: str = "la-souris") -> PageLue:
    return PageLue(module=module, lecon="01-la-souris", page=number, le=now())


# --- Pseudonyms ----------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["Zoé", "ZOÉ", "zoé", "Zoe\u0301", "  Zoé  ", "ZOE\u0301"])
def test_the_same_learner_whatever_the_case_and_the_way_the_accent_was_typed(variant):
    assert pseudo_key(variant) == pseudo_key("Zoé")


@pytest.mark.parametrize("variant", ["helene", "HELENE", "Helene", "Hélène", "hélene"])
def test_accents_on_latin_letters_do_not_matter(variant):
    assert pseudo_key(variant) == pseudo_key("Hélène")


def test_marks_of_other_scripts_still_matter():
    assert pseudo_key("Й") != pseudo_key("И")


def test_helene_finds_helene_with_accents_and_a_second_helene_is_refused(depot):
    depot.create("Hélène", None).close()
    session = depot.sign_in("helene", None)
    assert session.pseudo == "Hélène"
    session.close()
    with pytest.raises(PseudoPris):
        depot.create("Helene", None)
    assert len(depot.ids()) == 1


def test_an_index_built_with_the_old_key_is_rebuilt(depot, tmp_path):
    depot.create("Hélène", None).close()
    old = depot.dossier / "index" / "pseudos"
    old.mkdir()
    (old / "stale").write_text("abcdefabcdef\n")
    again = Depot(depot.dossier)
    assert not old.exists()
    assert again.find("HELENE") == depot.ids()[0]


@pytest.mark.parametrize("pseudo", ["Ёжик", "سارا", "李雷", "Zoé 🦊", "Ana-Lía", "ملیکا\u200cجان", "Jo 2"])
def test_any_script_is_welcome(pseudo, depot):
    session = depot.create(pseudo, None)
    session.close()
    assert depot.sign_in(pseudo, None).pseudo == clean_pseudo(pseudo)


@pytest.mark.parametrize("pseudo, words", [
    ("", "Écrivez un pseudo"),
    ("   ", "Écrivez un pseudo"),
    ("a" * 31, "trop long"),
    ("Zoé\x07", "contrôle"),
    ("Zoé\n2", "Écrivez"),  # a newline is a space inside; see test below
    ("\u202eéoZ", "invisible"),
    ("🦊🦊", "au moins une lettre"),
])
def test_a_pseudonym_that_does_not_fit_gets_a_french_message(pseudo, words, depot):
    if pseudo == "Zoé\n2":
        assert clean_pseudo(pseudo) == "Zoé 2"
        return
    with pytest.raises(PseudoInvalide, match=words):
        depot.create(pseudo, None)


def test_spaces_are_trimmed_and_collapsed_and_thirty_characters_are_allowed():
    assert clean_pseudo("  Jean   Paul ") == "Jean Paul"
    assert clean_pseudo("é" * 30) == "é" * 30
    assert clean_pseudo("e\u0301" * 30) == "é" * 30  # counted once composed


def test_a_taken_pseudonym_gets_the_friendly_message(depot):
    depot.create("Zoé", None).close()
    with pytest.raises(PseudoPris) as error:
        depot.create("ZOE\u0301", None)
    assert str(error.value) == ("Ce pseudo est déjà pris (les majuscules et les accents ne comptent pas : "
                                "« Helene » et « Hélène » sont le même pseudo). Choisissez-en un autre, "
                                "par exemple en ajoutant un chiffre.")


# --- Files ---------------------------------------------------------------------------------

def test_the_file_is_named_by_a_random_id_and_holds_the_documented_keys(depot):
    session = depot.create("Zoé", None)
    session.record(page(1))
    path = depot.path(session.apprenant_id)
    assert "Zo" not in path.name and len(session.apprenant_id) == 12
    document = tomllib.loads(path.read_text("utf-8"))
    assert document["version"] == 1 and document["pseudo"] == "Zoé" and document["id"] == session.apprenant_id
    assert "code" not in document
    assert document["cree_le"].utcoffset() == timedelta(0)
    assert document["pages"][0] == {"module": "la-souris", "lecon": "01-la-souris", "page": 1,
                                     "le": document["pages"][0]["le"]}
    assert [v["id"] for v in document["visites"]] == [session._visite.id]


def test_files_are_private_to_the_account(depot):
    session = depot.create("Zoé", None)
    session.record(page(1))
    assert depot.path(session.apprenant_id).stat().st_mode & 0o077 == 0
    assert depot.apprenants_folder.stat().st_mode & 0o077 == 0


def test_every_fact_is_saved_as_soon_as_it_is_recorded(depot):
    session = depot.create("Zoé", None)
    session.record(page(1))
    session.record(Reponse(module="la-souris", question="q1", juste=False, donnee=("le clic droit",),
                           tentative="t1", le=now()))
    session.record(QuizTermine(module="la-souris", tentative="t1", le=now()))
    on_disk = parse(depot.path(session.apprenant_id).read_bytes()).progression
    assert on_disk.pages == session.progression.pages
    assert on_disk.reponses[0].donnee == ("le clic droit",) and not on_disk.reponses[0].juste
    assert len(on_disk.quiz) == 1


def test_a_session_is_a_session(depot):
    session = depot.create("Zoé", None)
    assert isinstance(session, FileSession)
    for name in ("pseudo", "invite", "progression", "record", "close"):
        assert hasattr(Session, name) or name in Session.__annotations__
        assert hasattr(session, name)
    assert session.invite is False and session.pseudo == "Zoé"


def test_the_visit_grows_with_each_fact_and_ends_at_sign_out(depot, monkeypatch):
    session = depot.create("Zoé", None)
    start = session._visite.debut
    later = start + timedelta(minutes=3)
    monkeypatch.setattr("apprendre.storage.file_session.now", lambda: later)
    session.record(page(1))
    session.close()
    visites = depot.load(session.apprenant_id).progression.visites
    assert [(v.debut, v.fin) for v in visites] == [(start, later)]


def test_progress_is_found_again_at_the_next_visit(depot):
    session = depot.create("Zoé", None)
    session.record(page(1))
    session.record(page(2))
    session.close()
    again = depot.sign_in("zoé", None)
    assert again.progression.pages_read("la-souris") == {("01-la-souris", 1), ("01-la-souris", 2)}
    assert len(again.progression.visites) == 2


def test_an_unknown_pseudonym(depot):
    with pytest.raises(ApprenantInconnu, match="Je commence"):
        depot.sign_in("Personne", None)


def test_an_unusable_folder_is_named_in_the_message(tmp_path):
    not_a_folder = tmp_path / "fichier"
    not_a_folder.write_text("x")
    with pytest.raises(DossierInutilisable, match="fichier"):
        Depot(not_a_folder)


# --- Codes ---------------------------------------------------------------------------------

def test_a_code_protects_the_profile(depot):
    depot.create("Zoé", "2580").close()
    with pytest.raises(CodeManquant, match="4 chiffres"):
        depot.sign_in("Zoé", None)
    with pytest.raises(CodeFaux, match="ne correspond pas"):
        depot.sign_in("Zoé", "0000")
    assert depot.sign_in("Zoé", " 2580 ").pseudo == "Zoé"


@pytest.mark.parametrize("code", ["123", "12345", "12a4", "١٢٣٤"])
def test_a_code_is_exactly_four_digits(code, depot):
    with pytest.raises(CodeInvalide):
        depot.create("Zoé", code)
    assert depot.ids() == []


def test_the_code_is_stored_as_a_salted_scrypt_hash():
    first, second = codes.hash_code("2580"), codes.hash_code("2580")
    assert first != second and first.startswith("scrypt$16384$8$1$") and "2580" not in first
    assert codes.verify_code("2580", first) and not codes.verify_code("2581", first)
    assert not codes.verify_code("2580", "scrypt$abc") and not codes.verify_code("2580", "md5$1$1$1$AA==$AA==")
    assert not codes.verify_code("2580", "scrypt$1099511627776$8$1$AA==$AA==")  # absurd cost: refused


def test_a_mediator_can_reset_a_code(depot):
    session = depot.create("Zoé", "2580")
    session.close()
    depot.reset_code(session.apprenant_id, None)
    assert depot.sign_in("Zoé", None).pseudo == "Zoé"


# --- Open on two terminals -----------------------------------------------------------------

def test_the_same_learner_open_twice_gets_a_clear_message_and_may_go_on(depot):
    first = depot.create("Zoé", None)
    other_terminal = Depot(depot.dossier)
    with pytest.raises(DejaOuvert, match="autre fenêtre de cet ordinateur") as error:
        other_terminal.sign_in("Zoé", None)
    assert "rien ne sera perdu" in str(error.value)
    assert "«" not in str(error.value).split(".")[0]  # this very computer is not named as « another » one
    second = other_terminal.sign_in("Zoé", None, forcer=True)
    first.record(page(1))
    second.record(page(2))
    first.record(page(3))
    second.close()
    first.close()
    pages = depot.load(first.apprenant_id).progression.pages_read("la-souris")
    assert pages == {("01-la-souris", 1), ("01-la-souris", 2), ("01-la-souris", 3)}


def test_signing_out_frees_the_learner_for_another_terminal(depot):
    depot.create("Zoé", None).close()
    Depot(depot.dossier).sign_in("Zoé", None).close()


def test_a_marker_left_by_a_dead_process_of_this_host_does_not_block(depot):
    session = depot.create("Zoé", None)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    marker = depot._marker(session.apprenant_id)
    marker.write_text(marker.read_text().replace(f"pid = {os.getpid()}", f"pid = {dead.stdout.strip()}"))
    assert Depot(depot.dossier).sign_in("Zoé", None).pseudo == "Zoé"


def test_a_marker_without_heartbeat_expires(depot):
    session = depot.create("Zoé", None)
    marker = depot._marker(session.apprenant_id)
    marker.write_text(marker.read_text().replace('poste = "', 'poste = "autre-'))
    assert presence.read(marker).is_live(depot._expiry())
    old = marker.stat().st_mtime - depot._expiry() - 1
    os.utime(marker, (old, old))
    assert not presence.read(marker).is_live(depot._expiry())
    Depot(depot.dossier).sign_in("Zoé", None)


# --- The index -----------------------------------------------------------------------------

def test_the_index_is_rebuilt_when_deleted(depot):
    ids = [depot.create(f"Apprenant {n}", None).apprenant_id for n in range(5)]
    for session_id in ids:
        depot.release(session_id, "")
    for path in depot.index.pseudos.iterdir():
        path.unlink()
    for path in depot.index.ids.iterdir():
        path.unlink()
    assert Depot(depot.dossier).find("apprenant 3") == ids[3]
    assert len(list(depot.index.ids.iterdir())) == 5


def test_a_file_brought_by_a_sync_tool_is_found(depot, tmp_path):
    elsewhere = Depot(tmp_path / "autre-mediatheque")
    session = elsewhere.create("Nour", None)
    session.close()
    (depot.apprenants_folder / elsewhere.path(session.apprenant_id).name).write_bytes(
        elsewhere.path(session.apprenant_id).read_bytes())
    assert depot.find("NOUR") == session.apprenant_id
    with pytest.raises(PseudoPris):
        depot.create("nour", None)


def test_a_stale_index_entry_is_forgotten(depot):
    session = depot.create("Zoé", None)
    session.close()
    depot.path(session.apprenant_id).unlink()
    assert depot.find("Zoé") is None
    assert depot.create("Zoé", None).apprenant_id != session.apprenant_id


def test_finding_reads_no_learner_file(depot, monkeypatch):
    depot.create("Zoé", None).close()
    for n in range(3):
        depot.create(f"Autre {n}", None).close()
    monkeypatch.setattr("apprendre.storage.learner_store.parse", lambda data: pytest.fail("a file was read"))
    assert depot.find("ZOÉ") is not None


# --- Mes données, deleting -----------------------------------------------------------------

def test_mes_donnees_tells_everything_stored_and_no_hash(depot):
    session = depot.create("Zoé", "2580")
    session.record(page(1))
    session.record(page(2, module="le-clavier"))
    text = describe(depot.load(session.apprenant_id), depot.copies(session.apprenant_id), depot.dossier)
    assert "Zoé" in text and "2 pages lues, dans 2 modules" in text and "brouillée" in text
    assert "scrypt" not in text and str(depot.dossier) in text


def test_deleting_removes_every_copy(depot):
    session = depot.create("Zoé", None)
    for number in range(1, 4):
        session.record(page(number))
    session.close()
    apprenant_id = session.apprenant_id
    (depot.aside_folder / f"{apprenant_id}.2026-01-01_10-00-00.abime.toml").write_text("x")
    (depot.apprenants_folder / f"{apprenant_id}.sync-conflict-20260101-100000-AAAAAAA.toml").write_text("x")
    other = depot.create("Karim", None)
    assert len(depot.copies(apprenant_id)) == 4
    depot.erase(apprenant_id)
    leftovers = [p for p in depot.dossier.rglob("*") if apprenant_id in p.name or
                 (p.is_file() and apprenant_id in p.read_text("utf-8", "replace"))]
    assert leftovers == []
    assert depot.find("Zoé") is None and depot.find("Karim") == other.apprenant_id


def test_a_session_open_while_the_profile_is_deleted_writes_nothing_back(depot):
    session = depot.create("Zoé", None)
    Depot(depot.dossier).erase(session.apprenant_id)
    with pytest.raises(ProfilSupprime):
        session.record(page(1))
    assert depot.ids() == []


def test_the_mediator_can_list_every_learner(depot):
    for name in ("Zoé", "Karim", "Nour"):
        session = depot.create(name, None)
        session.record(page(1))
        session.close()
    problemes = []
    learners = list(depot.apprenants(problemes))
    assert sorted(a.pseudo for a in learners) == ["Karim", "Nour", "Zoé"]
    assert all(a.progression.last_visit() is not None for a in learners) and problemes == []


def test_storage_never_imports_textual():
    code = ("import sys, apprendre.storage, apprendre.storage.settings, apprendre.storage.conflicts, "
            "apprendre.learning.my_data; print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_rebuilding_the_index_reads_only_the_start_of_each_file_and_repairs_the_broken(depot):
    from apprendre.storage.summary_reader import read_pseudo

    session = depot.create("Zoé", None)
    for number in range(1, 4):
        session.record(page(number))
    session.close()
    assert read_pseudo(depot.path(session.apprenant_id).read_bytes()[:4096]) == "Zoé"
    depot.path(session.apprenant_id).write_bytes(b"\xff")
    for folder in (depot.index.pseudos, depot.index.ids):
        for path in folder.iterdir():
            path.unlink()
    assert Depot(depot.dossier).find("zoé") == session.apprenant_id
    assert len(list(depot.aside_folder.iterdir())) == 1


def test_listing_every_learner_repairs_a_broken_file_and_reports_a_hopeless_one(depot):
    zoe = depot.create("Zoé", None)
    for number in range(1, 4):
        zoe.record(page(number))
    zoe.close()
    karim = depot.create("Karim", None)
    karim.close()
    depot.path(zoe.apprenant_id).write_bytes(b"\xff")
    depot.path(karim.apprenant_id).write_bytes(b"version = 1\n")
    depot.backup_path(karim.apprenant_id).write_bytes(b"")
    problemes = []
    learners = list(Depot(depot.dossier).apprenants(problemes))
    assert [a.pseudo for a in learners] == ["Zoé"] and len(learners[0].progression.pages) >= 2
    assert problemes[0][0] == karim.apprenant_id and "médiateur" in str(problemes[0][1])


# --- Saving fast ---------------------------------------------------------------------------

def test_a_save_that_adds_facts_writes_what_a_full_merge_writes(depot, monkeypatch):
    """A save only places and renders the new facts; the file is the one a full merge gives."""
    from apprendre.learning import progress
    from apprendre.storage import learner_store
    from apprendre.storage.learner_file import render

    session = depot.create("Zoé", None)
    start = now() - timedelta(days=1)
    for number in range(1, 30):
        session.record(PageLue(module="la-souris", lecon="01", page=number, le=start))
    merges = []
    monkeypatch.setattr(learner_store, "merge", lambda *copies: merges.append(1) or progress.merge(*copies))
    for number in range(1, 20):
        session.record(page(number, module="le-clavier"))
        session.record(Reponse(module="le-clavier", question=f"q{number:02d}", juste=True, tentative="t",
                               le=now()))
    session.record(session.progression.pages[-1])  # the same page again, the same second: counted once
    session.record(Reponse(module="le-clavier", question="q99", juste=True, points=3, sur=4, tentative="t",
                           le=now()))  # the first answer with points: the file's version changes
    assert merges == []  # each save added its facts after the others
    on_disk = depot.path(session.apprenant_id).read_bytes()
    apprenant = parse(on_disk)
    assert on_disk == render(apprenant.model_copy(update={"progression": progress.merge(apprenant.progression)}))
    assert len(apprenant.progression.pages) == 29 + 19 and len(apprenant.progression.reponses) == 20
    assert on_disk.startswith(b"version = 2\n")

    session.record(PageLue(module="la-souris", lecon="00", page=1, le=start))  # belongs before the others
    assert merges == [1]
    other = Depot(depot.dossier)  # another terminal saves meanwhile: its facts are merged in
    other.sign_in("Zoé", None, forcer=True).record(page(7, module="la-souris"))
    before = len(merges)
    session.record(page(8, module="la-souris"))
    assert len(merges) == before + 1
    saved = parse(depot.path(session.apprenant_id).read_bytes()).progression.pages
    assert {(p.module, p.page) for p in saved} >= {("la-souris", 7), ("la-souris", 8), ("la-souris", 1)}


def test_je_commence_lists_no_folder_while_no_file_came_from_elsewhere(depot, tmp_path, monkeypatch):
    """A new pseudonym is checked against the index alone (as fast among 50,000 as among 10), once
    the index is known complete; a file brought by a sync tool makes it look again."""
    for n in range(3):
        depot.create(f"Autre {n}", None).close()
    depot.refresh_index()
    listed = []
    real_ids = depot.ids
    monkeypatch.setattr(depot, "ids", lambda: listed.append(1) or real_ids())
    monkeypatch.setattr(depot.index, "indexed", lambda: pytest.fail("the index was listed"))
    for n in range(3):
        depot.create(f"Nouvelle {n}", None).close()
    assert listed == []
    elsewhere = Depot(tmp_path / "ailleurs")
    session = elsewhere.create("Nour", None)
    session.close()
    (depot.apprenants_folder / elsewhere.path(session.apprenant_id).name).write_bytes(
        elsewhere.path(session.apprenant_id).read_bytes())
    monkeypatch.undo()
    with pytest.raises(PseudoPris):
        depot.create("nour", None)
