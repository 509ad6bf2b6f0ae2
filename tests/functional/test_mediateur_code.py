"""The mediator's code: at least 8 characters, only a slow salted hash kept, a growing wait after mistakes."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from fake_clock import FakeClock

from apprendre.storage import StorageError
from apprendre.storage.mediator_code import (
    COUNTER,
    MAX_DELAY,
    CodeMediateurTropCourt,
    check_code,
    format_wait,
    has_code,
    lock_delay,
    set_code,
)
from apprendre.storage.settings import load_reglages, save_reglages

CODE = "bibliothèque 2026"


@pytest.fixture
def dossier(tmp_path):
    set_code(tmp_path, CODE)
    (tmp_path / COUNTER).parent.mkdir()
    return tmp_path


@pytest.mark.parametrize("code", ["", "court", "1234567", "        "])
def test_a_short_or_blank_code_is_refused_in_french(tmp_path, code):
    with pytest.raises(CodeMediateurTropCourt) as error:
        set_code(tmp_path, code)
    assert isinstance(error.value, StorageError)
    assert "au moins 8 caractères" in str(error.value)
    assert not has_code(tmp_path)


def test_only_a_salted_scrypt_hash_is_kept_and_other_settings_stay(tmp_path):
    save_reglages(tmp_path, load_reglages(tmp_path).model_copy(update={"conservation_mois": 6}))
    assert not has_code(tmp_path)
    set_code(tmp_path, CODE)
    text = (tmp_path / "reglages.toml").read_text("utf-8")
    stored = tomllib.loads(text)["code_mediateur"]
    assert CODE not in text and stored.startswith("scrypt$")
    assert has_code(tmp_path) and load_reglages(tmp_path).conservation_mois == 6
    set_code(tmp_path, CODE)
    assert tomllib.loads((tmp_path / "reglages.toml").read_text("utf-8"))["code_mediateur"] != stored  # new salt


def test_the_right_code_is_accepted(dossier):
    verdict = check_code(dossier, CODE)
    assert verdict.accepte and verdict.attente_secondes == 0


def test_without_a_code_nothing_is_accepted(tmp_path):
    verdict = check_code(tmp_path, "n'importe quoi")
    assert not verdict.accepte and "Aucun code médiateur" in verdict.message


def test_three_mistakes_are_free_then_the_wait_grows_up_to_fifteen_minutes(dossier):
    clock = FakeClock()
    waits = []
    for _ in range(10):
        verdict = check_code(dossier, "mauvais code", clock)
        assert not verdict.accepte
        waits.append(verdict.attente_secondes)
        clock.now += verdict.attente_secondes
    assert waits == [0, 0, 0, 30, 60, 120, 300, 600, 900, 900]
    assert [lock_delay(n) for n in range(1, 11)] == waits


def test_while_locked_even_the_right_code_is_refused_and_the_wait_is_told(dossier):
    clock = FakeClock()
    for _ in range(4):
        check_code(dossier, "mauvais code", clock)
    clock.now += 10
    verdict = check_code(dossier, CODE, clock)
    assert not verdict.accepte and verdict.attente_secondes == 20
    assert verdict.message == "Trop d'essais manqués. Réessayez dans 20 secondes."
    clock.now += 20
    assert check_code(dossier, CODE, clock).accepte


def test_the_right_code_clears_the_count(dossier):
    clock = FakeClock()
    for _ in range(3):
        check_code(dossier, "mauvais code", clock)
    assert (dossier / COUNTER).exists()
    assert check_code(dossier, CODE, clock).accepte
    assert not (dossier / COUNTER).exists()
    for _ in range(3):
        assert check_code(dossier, "mauvais code", clock).attente_secondes == 0


def test_the_count_is_kept_on_disk_across_processes(dossier):
    program = ("import sys; from apprendre.storage.mediator_code import check_code\n"
               "for _ in range(4): v = check_code(sys.argv[1], 'mauvais code')\n"
               "print(v.attente_secondes)")
    result = subprocess.run([sys.executable, "-c", program, str(dossier)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "30"
    verdict = check_code(dossier, CODE)  # this process: still locked
    assert not verdict.accepte and 0 < verdict.attente_secondes <= 30
    counter = tomllib.loads((dossier / COUNTER).read_text("utf-8"))
    assert counter["echecs"] == 4


def test_a_lock_far_in_the_future_waits_at_most_the_longest_delay(dossier):
    (dossier / COUNTER).write_text("echecs = 9\nbloque_jusqu_a = 2099-01-01T00:00:00+00:00\n", "utf-8")
    verdict = check_code(dossier, CODE)
    assert not verdict.accepte and verdict.attente_secondes == MAX_DELAY


@pytest.mark.parametrize("content", ["echecs = ", "echecs = -3\n", "\xff\xfe", 'echecs = "beaucoup"\n'])
def test_a_broken_count_file_is_a_clean_slate(dossier, content):
    (dossier / COUNTER).write_text(content, "latin-1")
    assert check_code(dossier, CODE).accepte


def test_setting_a_new_code_clears_the_count(dossier):
    clock = FakeClock()
    for _ in range(5):
        check_code(dossier, "mauvais code", clock)
    set_code(dossier, "un autre code")
    assert check_code(dossier, "un autre code", clock).accepte


@pytest.mark.parametrize("seconds, text", [(1, "1 seconde"), (45, "45 secondes"), (60, "1 minute"),
                                           (90, "1 minute 30"), (900, "15 minutes")])
def test_waits_are_told_in_french(seconds, text):
    assert format_wait(seconds) == text
