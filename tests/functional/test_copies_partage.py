"""« Je reviens » among many learners, with one terminal or several on one data folder: the
conflict copies a sync tool leaves are searched for (``apprenants/`` listed) only when something
other than apprendre may have changed the folder since the last search (``index/copies``), and a
copy that comes is still merged at that learner's next sign-in, on this terminal or another one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import PageLue, Visite, now
from apprendre.storage import Depot, PseudoPris
from apprendre.storage.learner_file import render
from apprendre.storage.learner_store import COMPARE_EVERY

SYNCTHING = "{id}.sync-conflict-20260105-101010-ABCDEFG.toml"
NEXTCLOUD = "{id} (conflicted copy 2026-01-05 101010).toml"


def page(number: int) -> PageLue:
    return PageLue(module="m", lecon="l", page=number, le=now())


def sign_up(depot: Depot, pseudo: str) -> str:
    session = depot.create(pseudo, None)
    session.record(page(1))
    session.close()
    return session.apprenant_id


def conflict_copy(depot: Depot, apprenant_id: str, name: str = SYNCTHING, version: int | None = None) -> Visite:
    """What a sync tool leaves: the learner's file as another terminal wrote it, with a visit of
    yesterday that this folder's file lacks. Returns that visit."""
    apprenant = depot.load(apprenant_id)
    yesterday = now() - timedelta(days=1)
    visite = Visite(id=f"ailleurs-{apprenant_id}", debut=yesterday, fin=yesterday + timedelta(minutes=25))
    apprenant.progression.add(visite)
    data = render(apprenant)
    if version is not None:
        data = b"version = %d\n%s" % (version, data.split(b"\n", 1)[1])
    (depot.apprenants_folder / name.format(id=apprenant_id)).write_bytes(data)
    return visite


def merged(depot: Depot, apprenant_id: str, visite: Visite) -> bool:
    depot._on_disk.clear()
    return any(v.id == visite.id for v in depot.load(apprenant_id).progression.visites)


def copies_left(depot: Depot) -> list[str]:
    return [name for name in os.listdir(depot.apprenants_folder) if " " in name or "sync-conflict" in name]


def test_je_reviens_lists_nothing_while_only_apprendre_writes_on_two_terminals(tmp_path, listings):
    dossier = tmp_path / "donnees"
    accueil, salle = Depot(dossier), Depot(dossier)  # two terminals on one shared folder
    sign_up(accueil, "Zoé")
    sign_up(salle, "Karim")
    accueil.sign_in("Zoé", None).close()  # the first search (nothing recorded yet)
    listings.clear()
    for _ in range(2):
        zoe = salle.sign_in("zoe", None)
        karim = accueil.sign_in("Karim", None)
        zoe.record(page(2))
        karim.record(page(3))
        zoe.close()
        karim.close()
    sign_up(salle, "Nour")  # a new learner too
    Depot(dossier).sign_in("Nour", None).close()  # a terminal starting on the folder
    assert accueil.apprenants_folder not in listings


@pytest.mark.parametrize("name", [SYNCTHING, NEXTCLOUD], ids=["syncthing", "nextcloud"])
def test_a_copy_brought_between_two_saves_of_another_terminal_is_merged_at_the_next_sign_in(name, tmp_path):
    dossier = tmp_path / "donnees"
    accueil, salle = Depot(dossier), Depot(dossier)
    zoe_id = sign_up(accueil, "Zoé")
    accueil.sign_in("Zoé", None).close()  # searched: nothing left
    nour = salle.create("Nour", None)
    nour.record(page(1))
    visite = conflict_copy(accueil, zoe_id, name)  # the sync tool
    nour.record(page(2))  # saves after it: the folder changed by something else, not recorded as searched
    nour.record(page(3))
    nour.close()
    again = Depot(dossier).sign_in("zoe", None)
    assert any(v.id == visite.id for v in again.progression.visites)
    assert not copies_left(accueil)
    assert [p for p in accueil.aside_folder.iterdir() if "fusionnee" in p.name]  # kept aside, never deleted
    again.close()
    assert merged(accueil, zoe_id, visite)


TERMINAL = textwrap.dedent("""
    import sys
    from apprendre.learning.progress import PageLue, now
    from apprendre.storage import Depot, PseudoPris
    depot = Depot(sys.argv[1])
    session = depot.sign_in(sys.argv[2], None)
    print("ouvert", flush=True)
    number = 1
    for line in sys.stdin:
        if line.strip() == "fin":
            break
        number += 1
        session.record(PageLue(module="m", lecon="l", page=number, le=now()))
        print("enregistre", flush=True)
    session.close()
    print("ferme", flush=True)
""")


class OtherTerminal:
    """Another apprendre process on the same data folder, a learner signed in, saving on demand."""

    def __init__(self, dossier: Path, pseudo: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", TERMINAL, str(dossier), pseudo], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.answer() == "ouvert"

    def answer(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def save(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("page\n")
        self.process.stdin.flush()
        assert self.answer() == "enregistre"

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("fin\n")
        self.process.stdin.flush()
        assert self.answer() == "ferme"
        assert self.process.wait(timeout=30) == 0


def sign_in_elsewhere(dossier: Path, pseudo: str, visite_id: str) -> bool:
    """« Je reviens » in yet another process; whether the learner's visits hold ``visite_id``."""
    program = ("import sys; from apprendre.storage import Depot; s = Depot(sys.argv[1]).sign_in(sys.argv[2], None); "
               "print(any(v.id == sys.argv[3] for v in s.progression.visites)); s.close()")
    result = subprocess.run([sys.executable, "-c", program, str(dossier), pseudo, visite_id],
                            capture_output=True, text=True, check=True, timeout=60)
    return result.stdout.strip() == "True"


def test_a_copy_that_comes_while_another_process_saves_is_merged_at_the_next_sign_in_in_a_third(tmp_path, listings):
    dossier = tmp_path / "donnees"
    depot = Depot(dossier)
    zoe_id = sign_up(depot, "Zoé")
    sign_up(depot, "Karim")
    depot.sign_in("Zoé", None).close()  # searched: the record is current
    salle = OtherTerminal(dossier, "Karim")  # keeps the record current with its saves
    try:
        salle.save()
        listings.clear()
        depot.sign_in("Zoé", None).close()
        assert depot.apprenants_folder not in listings  # the other process kept it current
        visite = conflict_copy(depot, zoe_id)  # the sync tool, while Karim's terminal writes
        salle.save()
        salle.save()
        assert sign_in_elsewhere(dossier, "Zoé", visite.id)  # found and merged by a third process
        assert not copies_left(depot)
        salle.save()
        listings.clear()
        depot.sign_in("Zoé", None).close()  # this terminal sees it merged, without searching again
        assert depot.apprenants_folder not in listings
        assert merged(depot, zoe_id, visite)
    finally:
        salle.close()


def test_a_copy_left_for_another_learner_is_only_searched_at_their_sign_in(depot, listings):
    zoe_id, karim_id = sign_up(depot, "Zoé"), sign_up(depot, "Karim")
    sign_up(depot, "Nour")
    zoe_visite, karim_visite = conflict_copy(depot, zoe_id), conflict_copy(depot, karim_id, NEXTCLOUD)
    depot.sign_in("Zoé", None).close()  # merges Zoé's copy only: Karim's is left for him
    assert merged(depot, zoe_id, zoe_visite) and not merged(depot, karim_id, karim_visite)
    assert len(copies_left(depot)) == 1
    listings.clear()
    depot.sign_in("Nour", None).close()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder not in listings
    depot.sign_in("Karim", None).close()
    assert depot.apprenants_folder in listings
    assert merged(depot, karim_id, karim_visite) and not copies_left(depot)
    listings.clear()
    depot.sign_in("Karim", None).close()
    assert depot.apprenants_folder not in listings


def test_a_copy_written_by_a_newer_apprendre_stays_and_is_looked_at_again_at_each_of_its_sign_ins(depot, listings):
    zoe_id = sign_up(depot, "Zoé")
    sign_up(depot, "Karim")
    conflict_copy(depot, zoe_id, version=99)
    depot.sign_in("Zoé", None).close()
    assert len(copies_left(depot)) == 1  # never touched: this terminal must be updated
    listings.clear()
    depot.sign_in("Karim", None).close()
    assert depot.apprenants_folder not in listings
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings and len(copies_left(depot)) == 1


@pytest.mark.parametrize("damage", [b"", b"0", b"00000000000000000001 0000\n", b"garbage \x00\xff", None],
                         ids=["vide", "coupe", "dechire", "illisible", "efface"])
def test_an_unreadable_record_only_makes_the_folder_searched_again(damage, depot, listings):
    sign_up(depot, "Zoé")
    depot.sign_in("Zoé", None).close()
    record = depot.index.copies_file.read_bytes()
    if damage is None:
        depot.index.copies_file.unlink()
    else:  # two terminals writing it at once, a crash in the middle
        depot.index.copies_file.write_bytes(record[:len(record) // 2] if damage == b"0" else damage)
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder not in listings


def test_a_folder_whose_time_was_set_back_is_still_searched(depot):
    """rsync -a and restores put folders' times back: the change time can't be, and it is recorded too."""
    zoe_id = sign_up(depot, "Zoé")
    depot.sign_in("Zoé", None).close()
    before = depot.apprenants_folder.stat()
    visite = conflict_copy(depot, zoe_id)
    os.utime(depot.apprenants_folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    depot.sign_in("Zoé", None).close()
    assert merged(depot, zoe_id, visite)


def test_the_folder_is_searched_again_after_a_day_whatever_it_seems(depot, listings):
    sign_up(depot, "Zoé")
    depot.sign_in("Zoé", None).close()
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder not in listings
    later = depot.clock() + COMPARE_EVERY + 1
    depot.clock = lambda: later
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder not in listings


def test_the_full_comparison_of_the_index_does_not_count_as_a_search_for_copies(depot, listings):
    zoe_id = sign_up(depot, "Zoé")
    depot.sign_in("Zoé", None).close()
    visite = conflict_copy(depot, zoe_id)
    depot.refresh_index()  # at start, after a sync tool: the index complete again, the copy not merged
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings and merged(depot, zoe_id, visite)


def test_a_record_that_cannot_be_written_only_costs_a_search(depot, listings):
    zoe_id = sign_up(depot, "Zoé")
    depot.index.copies_file.mkdir()  # not a file: every write of it fails
    visite = conflict_copy(depot, zoe_id)
    depot.sign_in("Zoé", None).close()
    assert merged(depot, zoe_id, visite)
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings  # searched again, nothing wrongly trusted


def test_the_report_records_its_search_too(capsys, depot, listings):
    from apprendre.cli.main import main

    zoe_id = sign_up(depot, "Zoé")
    visite = conflict_copy(depot, zoe_id)
    assert main(["--donnees", str(depot.dossier), "fusionner"]) == 0
    capsys.readouterr()
    assert merged(depot, zoe_id, visite)
    listings.clear()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder not in listings


def test_apprenants_in_an_older_version_record_nothing_and_are_searched(tmp_path, listings):
    """A folder used by an older apprendre: no ``index/copies`` yet; the first sign-in searches."""
    depot = Depot(tmp_path / "donnees")
    apprenant = Apprenant(id="0123456789ab", pseudo="Zoé", cree_le=now())
    depot.path(apprenant.id).write_bytes(render(apprenant))
    visite = conflict_copy(depot, apprenant.id)
    assert not depot.index.copies_file.exists()
    depot.sign_in("Zoé", None).close()
    assert depot.apprenants_folder in listings and merged(depot, apprenant.id, visite)


class CoupurePendantLaFusion(BaseException):
    """The terminal switched off: nothing after this point runs."""


def test_a_copy_of_a_learner_new_here_cut_in_the_middle_of_its_merge_leaves_them_findable(tmp_path, monkeypatch):
    """The copy becomes the learner's file: indexed first, so that a cut between the two never leaves
    a file the index (known complete) does not know — « Je commence » would then give the pseudonym twice."""
    dossier = tmp_path / "donnees"
    elsewhere = Depot(tmp_path / "autre-mediatheque")
    zoe_id = sign_up(elsewhere, "Zoé")
    depot = Depot(dossier)
    (depot.apprenants_folder / SYNCTHING.format(id=zoe_id)).write_bytes(elsewhere.path(zoe_id).read_bytes())
    depot.refresh_index()  # at start: the index complete, the copy not merged
    real_write = depot._write

    def cut_after(*args: Any, **kwargs: Any) -> None:
        real_write(*args, **kwargs)
        raise CoupurePendantLaFusion()

    monkeypatch.setattr(depot, "_write", cut_after)
    from apprendre.storage.conflicts import merge_conflicts
    with pytest.raises(CoupurePendantLaFusion):
        merge_conflicts(depot)
    monkeypatch.undo()
    again = Depot(dossier)
    assert depot.path(zoe_id).exists() and again.find("zoe") == zoe_id
    with pytest.raises(PseudoPris):
        again.create("Zoé", None)


def test_merging_a_copy_keeps_the_index_known_complete(depot, listings):
    zoe_id = sign_up(depot, "Zoé")
    conflict_copy(depot, zoe_id)
    depot.refresh_index()
    depot.sign_in("Zoé", None).close()  # merges it
    listings.clear()
    depot.create("Karim", None).close()  # an unknown pseudonym: the index is trusted, nothing listed
    assert not {depot.apprenants_folder, depot.index.ids, depot.index.pseudos} & set(listings)
