"""The ``apprendre`` command: French help, version, sub-commands, exit codes, folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXEMPLE, ROOT
from conftest import run_cli as run

from apprendre import __version__
from apprendre.cli import lancer
from apprendre.cli import main as cli
from apprendre.storage import locations


def test_help_is_in_french(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("utilisation : apprendre")
    words = " ".join(out.split())
    assert "affiche cette aide et s'arrête" in words and "Sans commande, l'application démarre." in words
    for name, summary in cli.COMMANDS.items():
        assert f"{name} {summary}" in words or f"{name} ({cli.ACCENTED[name][0]}) {summary}" in words
    assert "options :" in out and "commandes :" in out  # French typography: a space before « : »
    assert "show this help" not in out and "usage:" not in out


def test_sub_command_help_is_in_french(capsys):
    code, out, _ = run(capsys, "verifier", "--help")
    assert code == 0 and "utilisation : apprendre verifier [-h] [--strict] [DOSSIER]" in out
    assert "arguments :" in out and "options :" in out


def test_accented_spellings_are_the_same_commands(capsys):
    for spelling in ("vérifier", "aperçu", "réglages"):
        code, out, _ = run(capsys, spelling, "--help")
        assert code == 0 and "utilisation : apprendre" in out


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"apprendre {__version__}"


def test_usage_error_exits_2_in_french(capsys):
    code, _, err = run(capsys, "--inconnue")
    assert code == 2
    assert "apprendre : erreur : arguments inconnus : --inconnue" in err


def test_unknown_command_exits_2(capsys):
    code, _, err = run(capsys, "verfier")
    assert code == 2 and "choix inconnu" in err


def test_without_sub_command_the_app_starts(monkeypatch, capsys):
    started = []
    monkeypatch.setattr(lancer, "run", lambda args: started.append(args.cours) or 0)
    assert run(capsys, "--cours", "ailleurs")[0] == 0
    assert started == ["ailleurs"]


def test_verifier_all_good(capsys, cours_exemple):
    code, out, _ = run(capsys, "verifier", str(cours_exemple))
    assert code == 0
    assert out == "1 module vérifié, aucun problème : tout est bon.\n"


def test_verifier_lists_problems_then_summary(capsys, cours_exemple):
    quiz = cours_exemple / "exemple-de-module" / "quiz.toml"
    quiz.write_text(quiz.read_text("utf-8").replace("seuil = 80", "seuil = 0"), "utf-8")
    code, out, _ = run(capsys, "verifier", str(cours_exemple))
    assert code == 1
    assert out.splitlines() == [f"- {quiz}, ligne 5 : « seuil » doit valoir au moins 1",
                                "1 module vérifié, 1 problème à corriger."]


def test_verifier_on_a_missing_folder_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, "verifier", str(tmp_path / "absent"))
    assert code == 2 and out == ""
    assert "le dossier" in err and "est introuvable" in err


def test_verifier_without_folder_checks_the_library_the_app_uses(capsys, cours_exemple, monkeypatch):
    monkeypatch.setenv(locations.COURS_ENV, str(cours_exemple))
    assert run(capsys, "verifier")[1].startswith("1 module vérifié")
    assert run(capsys, "--cours", str(EXEMPLE.parent), "verifier")[0] == 0


def test_course_folder_precedence(monkeypatch, tmp_path):
    """The site's own library: in the data folder unless chosen; never the shipped one."""
    assert locations.cours_folder() == locations.donnees_folder() / "cours"
    assert locations.cours_folder(donnees=str(tmp_path)) == tmp_path / "cours"
    monkeypatch.setenv(locations.COURS_ENV, str(tmp_path))
    assert locations.cours_folder() == tmp_path
    assert locations.cours_folder("option") == Path("option")


def test_shipped_library_is_found_in_a_checkout():
    assert locations.shipped_cours() == ROOT / "cours"


def test_shipped_library_is_found_in_an_installed_package(tmp_path, monkeypatch):
    """The wheel carries the library as ``apprendre/cours`` (see pyproject.toml)."""
    (tmp_path / "apprendre" / "cours").mkdir(parents=True)
    monkeypatch.setattr(locations, "PACKAGE", tmp_path / "apprendre")
    assert locations.shipped_cours() == tmp_path / "apprendre" / "cours"


def test_data_folder_comes_from_the_environment_in_tests(tmp_path, monkeypatch):
    assert locations.donnees_folder().name == "donnees"
    assert locations.donnees_folder(str(tmp_path)) == tmp_path


def test_the_command_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "apprendre", "verifier", str(EXEMPLE)],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "1 module vérifié, aucun problème : tout est bon.\n")


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_each_sub_command_has_a_french_help_line(name):
    assert cli.COMMANDS[name][0].isupper() and cli.COMMANDS[name].endswith(".")
