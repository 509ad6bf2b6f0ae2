"""The shipped library passes ``apprendre verifier``: CI runs this, so a broken module can't land."""

from __future__ import annotations

from apprendre.cli import main as cli
from apprendre.courses.checker import check_library
from apprendre.storage.locations import shipped_cours


def test_shipped_library_has_modules_and_no_problem():
    rapport = check_library(shipped_cours())
    assert [str(problem) for problem in rapport.problemes] == []
    assert rapport.modules >= 1


def test_apprendre_verifier_on_the_shipped_library_passes(capsys):
    assert cli.main(["verifier", str(shipped_cours())]) == 0
    assert "aucun problème" in capsys.readouterr().out.strip().splitlines()[-1]


def test_every_shipped_module_names_its_la_coop_thematiques():
    from apprendre.courses.library import load_library

    for cours in load_library(shipped_cours()).cours:
        assert cours.module.thematiques, cours.id
