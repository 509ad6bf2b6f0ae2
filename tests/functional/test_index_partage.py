"""« Je commence » among many learners, with one terminal or several on one data folder: the
index is trusted without listing the folders while only apprendre changed them (``index/etat``),
and compared with the files again whenever something else did, or after a day."""

from __future__ import annotations

from pathlib import Path

import pytest

from apprendre.learning.progress import PageLue, now
from apprendre.storage import Depot, PseudoPris
from apprendre.storage.learner_store import COMPARE_EVERY


def large_folders(depot: Depot) -> set[Path]:
    return {depot.apprenants_folder, depot.index.ids, depot.index.pseudos, depot.aside_folder}


def page(number: int) -> PageLue:
    return PageLue(module="m", lecon="l", page=number, le=now())


def test_two_terminals_saving_and_signing_up_never_list_the_folders(tmp_path, listings):
    dossier = tmp_path / "donnees"
    accueil, salle = Depot(dossier), Depot(dossier)  # two terminals on one shared folder
    accueil.refresh_index()
    listings.clear()
    zoe = accueil.create("Zoé", None)
    zoe.record(page(1))
    karim = salle.create("Karim", None)  # after the other terminal's saves
    zoe.record(page(2))
    karim.record(page(1))
    nour = accueil.create("Nour", None)
    assert not large_folders(accueil) & set(listings)
    with pytest.raises(PseudoPris):
        salle.create("zoe", None)
    restarted = Depot(dossier)  # a terminal starting on the folder
    restarted.refresh_index(if_needed=True)
    assert restarted.find("nour") == nour.apprenant_id and restarted.find("KARIM") == karim.apprenant_id
    assert not large_folders(accueil) & set(listings)


def test_a_file_brought_by_a_sync_tool_between_two_saves_of_another_terminal_is_found(tmp_path):
    dossier = tmp_path / "donnees"
    accueil, salle = Depot(dossier), Depot(dossier)
    zoe = accueil.create("Zoé", None)
    elsewhere = Depot(tmp_path / "autre-mediatheque")
    nour = elsewhere.create("Nour", None)
    nour.close()
    (accueil.apprenants_folder / elsewhere.path(nour.apprenant_id).name).write_bytes(
        elsewhere.path(nour.apprenant_id).read_bytes())  # the sync tool
    zoe.record(page(1))  # a save after it: the folder changed by something else, not recorded as complete
    zoe.record(page(2))
    with pytest.raises(PseudoPris):
        salle.create("NOUR", None)
    assert Depot(dossier).sign_in("Nour", None).apprenant_id == nour.apprenant_id


def test_an_unreadable_state_file_only_makes_the_index_compared_again(depot, listings):
    depot.create("Zoé", None).close()
    depot.index.state_file.write_bytes(b"0000\x00 12 abc")  # two terminals writing it at once, a crash
    listings.clear()
    again = Depot(depot.dossier)
    assert again.refresh_index(if_needed=True) is False  # nothing was missing
    assert depot.apprenants_folder in listings
    listings.clear()
    again.create("Karim", None)
    assert not large_folders(depot) & set(listings)


def test_the_index_is_compared_in_full_once_a_day(depot, listings):
    depot.create("Zoé", None).close()
    depot.refresh_index()
    listings.clear()
    depot.refresh_index(if_needed=True)
    assert not large_folders(depot) & set(listings)
    later = depot.clock() + COMPARE_EVERY + 1
    depot.clock = lambda: later
    depot.refresh_index(if_needed=True)
    assert depot.apprenants_folder in listings
    listings.clear()
    depot.create("Karim", None)
    assert not large_folders(depot) & set(listings)

