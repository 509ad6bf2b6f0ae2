"""``apprendre reglages``: show the settings in French, change them, set the mediator's code."""

from __future__ import annotations

import tomllib

import pytest
from conftest import run_cli as run

from apprendre.storage.mediator_code import check_code
from apprendre.storage.settings import load_reglages


def typed(monkeypatch, *answers: str) -> list[str]:
    """Answers ``getpass`` will give, in order; returns the prompts it was shown."""
    prompts, remaining = [], list(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return remaining.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


def test_without_options_the_settings_are_shown_in_french(capsys, tmp_path):
    code, out, _ = run(capsys, "--donnees", str(tmp_path), "reglages")
    assert code == 0
    assert "- délai d'inactivité : 300 secondes" in out
    assert "- conservation : 12 mois sans visite" in out
    assert "- code médiateur : pas encore défini" in out
    assert not (tmp_path / "reglages.toml").exists()


def test_numbers_are_saved(capsys, tmp_path):
    code, out, _ = run(capsys, "--donnees", str(tmp_path), "reglages", "--conservation", "6",
                       "--delai-inactivite", "600")
    assert code == 0 and "Réglages enregistrés." in out and "- conservation : 6 mois" in out
    reglages = load_reglages(tmp_path)
    assert (reglages.conservation_mois, reglages.delai_inactivite) == (6, 600)


@pytest.mark.parametrize("argv, message", [
    (["--conservation", "0"], "la durée de conservation doit être entre 1 et 120 mois (et non 0)"),
    (["--conservation", "douze"], "« douze » : la durée de conservation s'écrit en nombre entier de mois"),
    (["--delai-inactivite", "10"], "le délai d'inactivité doit être entre 30 et 86400 secondes (et non 10)"),
])
def test_out_of_range_values_are_refused_in_french(capsys, tmp_path, argv, message):
    code, _, err = run(capsys, "--donnees", str(tmp_path), "reglages", *argv)
    assert code == 2 and message in err
    assert not (tmp_path / "reglages.toml").exists()


def test_the_mediator_code_is_typed_twice_and_only_its_hash_kept(capsys, tmp_path, monkeypatch):
    prompts = typed(monkeypatch, "médiathèque du centre", "médiathèque du centre")
    code, out, _ = run(capsys, "--donnees", str(tmp_path), "reglages", "--code-mediateur")
    assert code == 0 and len(prompts) == 2 and "au moins 8 caractères" in prompts[0]
    assert "Code médiateur enregistré" in out and "- code médiateur : défini" in out
    text = (tmp_path / "reglages.toml").read_text("utf-8")
    assert "médiathèque du centre" not in text
    assert tomllib.loads(text)["code_mediateur"] not in out
    assert check_code(tmp_path, "médiathèque du centre").accepte


def test_two_different_codes_change_nothing(capsys, tmp_path, monkeypatch):
    typed(monkeypatch, "premier code", "second code")
    code, _, err = run(capsys, "--donnees", str(tmp_path), "reglages", "--code-mediateur")
    assert code == 1 and "Les deux codes tapés sont différents" in err
    assert load_reglages(tmp_path).code_mediateur is None


def test_a_short_code_changes_nothing(capsys, tmp_path, monkeypatch):
    typed(monkeypatch, "court", "court")
    code, _, err = run(capsys, "--donnees", str(tmp_path), "reglages", "--code-mediateur")
    assert code == 1 and "au moins 8 caractères" in err and "Le code n'a pas été changé." in err
    assert load_reglages(tmp_path).code_mediateur is None


def test_no_keyboard_changes_nothing(capsys, tmp_path, monkeypatch):
    def no_keyboard(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_keyboard)
    code, _, err = run(capsys, "--donnees", str(tmp_path), "reglages", "--code-mediateur")
    assert code == 1 and "Le code n'a pas été changé." in err


def test_the_hash_is_never_shown(capsys, tmp_path, monkeypatch):
    typed(monkeypatch, "un code assez long", "un code assez long")
    run(capsys, "--donnees", str(tmp_path), "reglages", "--code-mediateur")
    stored = load_reglages(tmp_path).code_mediateur
    code, out, err = run(capsys, "--donnees", str(tmp_path), "reglages")
    assert code == 0 and stored not in out + err and "scrypt" not in out + err


def test_setting_the_very_key_in_error_fixes_the_file(capsys, tmp_path):
    (tmp_path / "reglages.toml").write_text("delai_inactivite = 600\nconservation_mois = 'beaucoup'\n", "utf-8")
    code, out, err = run(capsys, "--donnees", str(tmp_path), "reglages", "--conservation", "3")
    assert code == 0 and "ligne 2 : « conservation_mois » doit être un nombre entier" in err
    reglages = load_reglages(tmp_path)
    assert (reglages.conservation_mois, reglages.delai_inactivite, reglages.avertissement) == (3, 600, None)


def test_setting_another_key_while_one_is_wrong_is_refused_and_nothing_lost(capsys, tmp_path):
    text = "delai_inactivite = 600\nconservation_mois = '36 mois'\n"
    (tmp_path / "reglages.toml").write_text(text, "utf-8")
    code, out, err = run(capsys, "--donnees", str(tmp_path), "reglages", "--delai-inactivite", "900")
    assert code == 1 and "Les réglages n'ont pas été enregistrés" in err and "ligne 2" in err
    assert "Traceback" not in err
    assert (tmp_path / "reglages.toml").read_text("utf-8") == text
