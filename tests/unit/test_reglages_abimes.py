"""A wrong key in reglages.toml: the good keys are kept, the wrong one is named with its line in
every command and in the espace médiateur, and nothing is erased on settings that were not read whole."""

from __future__ import annotations

import pytest
from test_purger import old_learner, run

from apprendre.storage.settings import load_reglages

TEXT = "# Médiathèque du centre\nconservation_mois = 36\ndelai_inactivite = \"cinq minutes\"\n"


def test_one_wrong_key_keeps_the_others(tmp_path):
    (tmp_path / "reglages.toml").write_text(TEXT, "utf-8")
    reglages = load_reglages(tmp_path)
    assert reglages.conservation_mois == 36 and reglages.delai_inactivite == 300
    assert reglages.problemes == ["ligne 3 : « delai_inactivite » doit être un nombre entier, sans guillemets"]


@pytest.mark.parametrize("text, where", [
    (TEXT, "ligne 3"),
    ("conservation_mois = \"36 mois\"\n", "ligne 1"),
    ("conservation_mois = 36\nx = " + "[" * 50_000 + "]" * 50_000 + "\n", "ligne 2"),
    ("conservation_mois = 36\ndelai_inactivite = [\n", "ligne 2"),
], ids=["autre-cle", "conservation-texte", "imbrication", "syntaxe"])
def test_purge_refuses_on_settings_not_read_whole_and_erases_nothing(text, where, capsys, depot):
    old = old_learner(depot, "Ancien")
    (depot.dossier / "reglages.toml").write_text(text, "utf-8")
    copies = depot.copies(old.id)
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert code == 1
    assert "Rien n'a été effacé" in out and where in out and "reglages.toml" in out
    assert "Traceback" not in out
    assert depot.copies(old.id) == copies and all(path.exists() for path in copies)
    assert (depot.dossier / "reglages.toml").read_text("utf-8") == text


def test_the_sites_retention_is_kept_when_another_key_is_wrong_and_fixed_purge_runs(capsys, depot):
    old = old_learner(depot, "Ancien")
    (depot.dossier / "reglages.toml").write_text(TEXT, "utf-8")
    assert run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")[0] == 1
    (depot.dossier / "reglages.toml").write_text(TEXT.replace('"cinq minutes"', "300"), "utf-8")
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert code == 0 and "36 mois" in out and "Attention" not in out
    assert not depot.copies(old.id)


@pytest.mark.parametrize("argv", [["rapport"], ["reglages"], ["fusionner"], ["purger"]])
def test_every_command_says_the_wrong_line(argv, capsys, depot):
    (depot.dossier / "reglages.toml").write_text(TEXT, "utf-8")
    code, out = run(capsys, "--donnees", str(depot.dossier), *argv)
    assert "Attention : Le fichier des réglages" in out and "ligne 3 : « delai_inactivite »" in out
    assert "Traceback" not in out


def test_a_syntax_error_on_one_line_keeps_the_lines_that_read_alone(tmp_path):
    (tmp_path / "reglages.toml").write_text('conservation_mois = 36\ncode_mediateur = "scrypt$1"\n'
                                            "delai_inactivite = 300\ndelai_inactivite = 600\n", "utf-8")
    reglages = load_reglages(tmp_path)
    assert (reglages.conservation_mois, reglages.code_mediateur, reglages.delai_inactivite) == (36, "scrypt$1", 300)
    assert reglages.problemes == ["ligne 4 : cette clé est déjà écrite plus haut dans la même section : "
                                  "gardez-en une seule"]
