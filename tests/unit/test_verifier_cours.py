"""The shipped library passes ``apprendre verifier``: CI runs this, so a broken module can't land."""

from __future__ import annotations

from apprendre.cli import main as cli
from apprendre.courses.checker import check_library
from apprendre.storage.locations import shipped_cours


def test_shipped_library_has_modules_and_no_problem():
    rapport = check_library(shipped_cours())
    assert [str(problem) for problem in rapport.problemes] == []
    assert rapport.modules >= 1


def test_apprendre_verifier_without_argument_passes(capsys):
    assert cli.main(["verifier"]) == 0
    assert capsys.readouterr().out.strip().endswith("aucun problème : tout est bon.")
