"""Activity that only a sync tool's conflict copy holds: the purge, the report and « Je reviens »
see the union of a learner's copies. And a learner file that is hostile (nested too deep, not a
file at all) in a shared folder is set aside or skipped: the report goes on for everyone else."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from faits import Learner
from test_purger import LONG_AGO, old_learner, run

from apprendre.learning.progress import now
from apprendre.storage import Depot
from apprendre.storage.learner_file import render

SYNCTHING = "{id}.sync-conflict-20260105-101010-ABCDEFG.toml"
NEXTCLOUD = "{id} (conflicted copy 2026-01-05 101010).toml"


def yesterday_copy(depot: Depot, learner: Learner, name: str) -> None:
    """A conflict copy of ``learner``'s file holding a visit of yesterday that the file lacks."""
    copy = Learner(learner.pseudo, cree_le=learner.cree_le, apprenant_id=learner.id)
    copy.progression = learner.progression.model_copy(deep=True)
    copy.visit(now() - timedelta(days=1), 25).read("premier-module", [("01-machines", 1)], now() - timedelta(days=1))
    (depot.apprenants_folder / name.format(id=learner.id)).write_bytes(render(copy.apprenant))


@pytest.mark.parametrize("name", [SYNCTHING, NEXTCLOUD], ids=["syncthing", "nextcloud"])
def test_the_purge_keeps_a_learner_whose_conflict_copy_came_yesterday(name, capsys, depot):
    learner = old_learner(depot, "Venue hier")
    gone = old_learner(depot, "Partie")
    yesterday_copy(depot, learner, name)
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert code == 0 and "Venue hier" not in out and "Partie" in out
    kept = depot.load(learner.id)
    assert any(visite.debut > now() - timedelta(days=2) for visite in kept.progression.visites)
    assert not depot.copies(gone.id)
    assert [p for p in depot.aside_folder.iterdir() if "fusionnee" in p.name]  # the copy is kept aside


def test_the_report_counts_what_only_a_conflict_copy_holds(capsys, depot):
    learner = Learner("Zoé", cree_le=LONG_AGO).save(depot)
    yesterday_copy(depot, learner, SYNCTHING)
    today = now().date()
    code, out = run(capsys, "--donnees", str(depot.dossier), "rapport", "--du", str(today - timedelta(days=3)),
                    "--au", str(today))
    assert code == 0
    assert "Sessions" in out and "1 " in out
    assert depot.load(learner.id).progression.visites


def test_je_reviens_opens_the_union_of_the_copies(depot):
    session = depot.create("Zoé", None)
    session.close()
    learner = Learner("Zoé", cree_le=LONG_AGO, apprenant_id=session.apprenant_id)
    learner.progression = depot.load(session.apprenant_id).progression
    yesterday_copy(depot, learner, NEXTCLOUD)
    again = depot.sign_in("Zoé", None)
    assert again.progression.pages
    again.close()


# --- Hostile learner files in a shared folder ---------------------------------------------------

def test_a_learner_file_nested_too_deep_is_set_aside_and_the_report_goes_on(capsys, depot):
    Learner("Zoé").visit(now() - timedelta(days=1), 20).save(depot)
    hostile = depot.path("0123456789ab")
    hostile.write_bytes(b'version = 1\npseudo = "X"\nx = ' + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    code, out = run(capsys, "--donnees", str(depot.dossier), "rapport")
    assert code == 0 and "Traceback" not in out
    assert "1 fichier d'apprenant illisible" in out and "mis-de-cote" in out
    assert not hostile.exists()
    assert [p.name for p in depot.aside_folder.iterdir() if p.name.startswith("0123456789ab")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tubes nommés ici")
def test_a_named_pipe_among_the_learners_never_blocks_the_report(depot):
    import subprocess
    import sys

    Learner("Zoé").visit(now() - timedelta(days=1), 20).save(depot)
    os.mkfifo(depot.path("0123456789ab"))
    result = subprocess.run([sys.executable, "-m", "apprendre", "--donnees", str(depot.dossier), "rapport"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr
