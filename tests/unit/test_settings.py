"""reglages.toml: defaults, hand edits, a broken file named and kept, atomic saves."""

from __future__ import annotations

import errno

import pytest

from apprendre.base import atomic
from apprendre.storage import DisqueError
from apprendre.storage.codes import hash_code, verify_code
from apprendre.storage.settings import Reglages, load_reglages, save_reglages


def test_defaults_without_a_file(tmp_path):
    reglages = load_reglages(tmp_path)
    assert (reglages.delai_inactivite, reglages.compte_a_rebours, reglages.conservation_mois) == (300, 60, 12)
    assert reglages.code_mediateur is None and reglages.avertissement is None
    assert list(tmp_path.iterdir()) == []


def test_a_mediator_s_hand_edit_is_read(tmp_path):
    (tmp_path / "reglages.toml").write_text("# Médiathèque du centre\ndelai_inactivite = 600\n"
                                            "compte_a_rebours = 30\n", "utf-8")
    reglages = load_reglages(tmp_path)
    assert (reglages.delai_inactivite, reglages.compte_a_rebours, reglages.conservation_mois) == (600, 30, 12)
    assert reglages.avertissement is None


def test_saved_settings_are_read_back_with_the_mediator_code_hash(tmp_path):
    reglages = Reglages(delai_inactivite=120, code_mediateur=hash_code("987654"))
    save_reglages(tmp_path, reglages)
    again = load_reglages(tmp_path)
    assert again == reglages and verify_code("987654", again.code_mediateur)
    assert [p.name for p in tmp_path.iterdir()] == ["reglages.toml"]  # no temporary file left


@pytest.mark.parametrize("content, words", [
    (b"delai_inactivite = 300\ncompte_a_rebours = [\n", "ligne"),
    (b"delai_inactivite = \"cinq minutes\"\n", "ligne 1 : « delai_inactivite » doit être un nombre entier"),
    (b"compte_a_rebours = 60\ndelai_inactivite = 1\n", "ligne 2 : « delai_inactivite » doit valoir au moins 30"),
    (b"delai = 300\n", "la clé « delai » est inconnue (clés possibles : delai_inactivite"),
    (b"delai_inactivite = 300\xff\n", "UTF-8"),
])
def test_a_broken_file_stays_in_place_is_named_and_the_defaults_replace_only_the_wrong_keys(content, words,
                                                                                           tmp_path):
    (tmp_path / "reglages.toml").write_bytes(content)
    reglages = load_reglages(tmp_path)
    assert reglages.delai_inactivite == 300 and reglages.compte_a_rebours == 60
    assert words in reglages.avertissement and "Prévenez un médiateur" in reglages.avertissement
    assert (tmp_path / "reglages.toml").read_bytes() == content  # untouched: the warning stays until fixed
    assert not (tmp_path / "mis-de-cote").exists()


def test_saving_on_a_full_disk_says_so_and_keeps_the_old_file(tmp_path, monkeypatch):
    save_reglages(tmp_path, Reglages(delai_inactivite=120))

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(DisqueError, match="Le disque est plein"):
        patch.setattr(atomic, "_write_all", full)
        save_reglages(tmp_path, Reglages(delai_inactivite=900))
    assert load_reglages(tmp_path).delai_inactivite == 120


def test_the_depot_uses_the_settings_for_the_open_marker_expiry(tmp_path):
    from apprendre.storage import Depot

    save_reglages(tmp_path, Reglages(delai_inactivite=60, compte_a_rebours=10))
    assert Depot(tmp_path)._expiry() == 60 + 10 + 60
