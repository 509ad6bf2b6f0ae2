"""Merging copies of one learner's progress, and `apprendre fusionner` for sync conflict copies."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apprendre.cli.main import main
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import (
    PageLue,
    Progression,
    QuizTermine,
    Reponse,
    Visite,
    merge,
    now,
)
from apprendre.storage import Depot
from apprendre.storage.learner_file import parse, render

# --- Properties of merge -------------------------------------------------------------------

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
moments = st.integers(0, 50).map(lambda minutes: START + timedelta(minutes=minutes))
modules = st.sampled_from(["la-souris", "le-clavier"])
words = st.sampled_from(["a", "b", "c"])

pages = st.builds(PageLue, module=modules, lecon=words, page=st.integers(1, 3), le=moments)
reponses = st.builds(Reponse, module=modules, question=words, juste=st.booleans(),
                     donnee=st.lists(words, max_size=2).map(tuple), tentative=words, le=moments)
quiz = st.builds(QuizTermine, module=modules, tentative=words, le=moments)


@st.composite
def visites(draw):
    debut = draw(moments)
    return Visite(id=draw(words), debut=debut, fin=debut + timedelta(minutes=draw(st.integers(0, 30))))


@st.composite
def progressions(draw):
    """Small alphabets, so that copies share facts and visits often, as real copies do."""
    progression = Progression()
    for fait in draw(st.lists(st.one_of(pages, reponses, quiz, visites()), max_size=12)):
        progression.add(fait)
    return progression


@given(progressions(), progressions())
def test_merge_is_commutative(a, b):
    assert merge(a, b) == merge(b, a)


@given(progressions(), progressions(), progressions())
def test_merge_is_associative(a, b, c):
    assert merge(merge(a, b), c) == merge(a, merge(b, c)) == merge(a, b, c)


@given(progressions())
def test_merge_is_idempotent(a):
    assert merge(a, a) == merge(a) == merge(merge(a))


@given(progressions(), progressions())
def test_merge_keeps_every_fact_and_the_latest_state_of_each_visit(a, b):
    merged = merge(a, b)
    for table in ("pages", "reponses", "quiz"):
        assert set(getattr(merged, table)) == set(getattr(a, table)) | set(getattr(b, table))
    ends = {v.id: v.fin for v in merged.visites}
    for visite in a.visites + b.visites:
        assert ends[visite.id] >= visite.fin
    assert len(ends) == len(merged.visites)


@settings(max_examples=50)
@given(progressions(), progressions())
def test_equal_merges_give_identical_files(a, b):
    def file(progression):
        return render(Apprenant(id="0123456789ab", pseudo="Zoé", cree_le=START, progression=progression))
    assert file(merge(a, b)) == file(merge(b, a))
    assert parse(file(merge(a, b))).progression == merge(a, b)


def test_derived_status_comes_from_the_merged_facts():
    terminal_a, terminal_b = Progression(), Progression()
    terminal_a.add(PageLue(module="la-souris", lecon="l", page=1, le=START))
    terminal_b.add(PageLue(module="la-souris", lecon="l", page=2, le=START))
    terminal_b.add(Reponse(module="la-souris", question="q", juste=True, tentative="t", le=START))
    terminal_b.add(QuizTermine(module="la-souris", tentative="t", le=START))
    merged = merge(terminal_a, terminal_b)
    assert merged.status("la-souris", total_pages=2, seuil=80) == "maîtrisé"
    assert merged.status("la-souris", total_pages=3, seuil=101) == "en cours"


# --- apprendre fusionner -------------------------------------------------------------------

def page(number: int) -> PageLue:
    return PageLue(module="la-souris", lecon="l", page=number, le=now())


def two_diverging_copies(depot: Depot, conflict_name: str) -> str:
    """Zoé read page 1; then one terminal recorded page 2 while the sync tool kept page 3 aside."""
    session = depot.create("Zoé", None)
    session.record(page(1))
    session.record(page(3))
    shutil.copy(depot.path(session.apprenant_id),
                depot.apprenants_folder / conflict_name.format(id=session.apprenant_id))
    session.close()
    main_file = depot.path(session.apprenant_id)
    apprenant = parse(main_file.read_bytes())
    apprenant.progression.pages = [p for p in apprenant.progression.pages if p.page == 1] + [page(2)]
    main_file.write_bytes(render(apprenant))
    return session.apprenant_id


@pytest.mark.parametrize("conflict_name", [
    "{id}.sync-conflict-20260105-101010-ABCDEFG.toml",           # Syncthing
    "{id} (conflicted copy 2026-01-05 101010).toml",              # Nextcloud
    "{id} (Poste accueil's conflicted copy 2026-01-05).toml",     # Dropbox
    "Copie de {id}.toml",                                          # by hand
])
def test_fusionner_merges_conflict_copies_and_keeps_them_aside(conflict_name, depot, capsys):
    apprenant_id = two_diverging_copies(depot, conflict_name)
    copy_bytes = (depot.apprenants_folder / conflict_name.format(id=apprenant_id)).read_bytes()

    assert main(["fusionner", str(depot.dossier)]) == 0

    out = capsys.readouterr().out
    assert "fusionnée dans le fichier de Zoé" in out and "1 copie fusionnée." in out
    pages = Depot(depot.dossier).load(apprenant_id).progression.pages_read("la-souris")
    assert pages == {("l", 1), ("l", 2), ("l", 3)}
    assert sorted(p.name for p in depot.apprenants_folder.iterdir()) == [
        f"{apprenant_id}.secours.toml", f"{apprenant_id}.toml"]
    aside = list(depot.aside_folder.iterdir())
    assert [p.read_bytes() for p in aside] == [copy_bytes] and "fusionnee" in aside[0].name


def test_fusionner_uses_the_data_folder_option(depot, capsys):
    two_diverging_copies(depot, "{id}.sync-conflict-20260105-101010-ABCDEFG.toml")
    assert main(["--donnees", str(depot.dossier), "fusionner"]) == 0
    assert "1 copie fusionnée" in capsys.readouterr().out


def test_a_copy_whose_learner_has_no_file_here_becomes_their_file(depot, tmp_path, capsys):
    elsewhere = Depot(tmp_path / "ailleurs")
    session = elsewhere.create("Nour", None)
    session.record(page(1))
    session.close()
    copy = depot.apprenants_folder / f"{session.apprenant_id}.sync-conflict-20260105-101010-ABCDEFG.toml"
    shutil.copy(elsewhere.path(session.apprenant_id), copy)
    assert main(["fusionner", str(depot.dossier)]) == 0
    assert Depot(depot.dossier).sign_in("Nour", None).progression.pages_read("la-souris") == {("l", 1)}


def test_an_unreadable_copy_is_set_aside_and_reported(depot, capsys):
    session = depot.create("Zoé", None)
    session.close()
    before = depot.path(session.apprenant_id).read_bytes()
    (depot.apprenants_folder / f"{session.apprenant_id}.sync-conflict-x.toml").write_bytes(b"\xff\xfe\x00")
    assert main(["fusionner", str(depot.dossier)]) == 1
    out = capsys.readouterr().out
    assert "illisible" in out and "rien n'a été fusionné" in out
    assert depot.path(session.apprenant_id).read_bytes() == before
    assert [p.read_bytes() for p in depot.aside_folder.iterdir()] == [b"\xff\xfe\x00"]


def test_nothing_to_merge(depot, capsys):
    assert main(["fusionner", str(depot.dossier)]) == 0
    assert "Aucune copie en conflit" in capsys.readouterr().out


def test_a_missing_folder_is_said_in_french(tmp_path, capsys):
    assert main(["fusionner", str(tmp_path / "absent")]) == 1
    assert "n'existe pas" in capsys.readouterr().out
    assert not (tmp_path / "absent").exists()


def test_two_profiles_with_one_pseudonym_are_reported_not_merged(depot, tmp_path, capsys):
    elsewhere = Depot(tmp_path / "ailleurs")
    other = elsewhere.create("Zoé", "1234")
    other.close()
    mine = depot.create("ZOÉ", None)
    mine.close()
    shutil.copy(elsewhere.path(other.apprenant_id), depot.apprenants_folder)
    assert main(["fusionner", str(depot.dossier)]) == 0
    assert "2 profils portent le même pseudo" in capsys.readouterr().out
    assert sorted(Depot(depot.dossier).ids()) == sorted([other.apprenant_id, mine.apprenant_id])
    assert Depot(depot.dossier).sign_in("zoé", "1234").apprenant_id == other.apprenant_id
