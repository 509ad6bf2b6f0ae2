"""``apprendre purger``: learners inactive longer than the retention period are erased, every copy."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from faits import Learner

from apprendre.cli import main as cli
from apprendre.learning.progress import now
from apprendre.storage import Depot
from apprendre.storage.settings import load_reglages, save_reglages

LONG_AGO = datetime(2020, 1, 6, 12, tzinfo=UTC)


def old_learner(depot: Depot, pseudo: str, visited: bool = True) -> Learner:
    """A learner last seen in 2020, with a backup and a set-aside copy of their file."""
    learner = Learner(pseudo, cree_le=LONG_AGO)
    if visited:
        learner.visit(LONG_AGO, 30).read_all_premier(LONG_AGO)
    learner.save(depot)
    data = depot.path(learner.id).read_bytes()
    depot.backup_path(learner.id).write_bytes(data)
    (depot.aside_folder / f"{learner.id}.2021-01-01_10-00-00.abime.toml").write_bytes(data)
    return learner


def active_learner(depot: Depot, pseudo: str) -> Learner:
    return Learner(pseudo, cree_le=LONG_AGO).visit(now() - timedelta(days=30), 20).save(depot)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_purge_with_oui_erases_every_copy_and_keeps_active_learners(capsys, depot):
    old = old_learner(depot, "Ancien")
    never = old_learner(depot, "Jamais revenu", visited=False)
    kept = active_learner(depot, "Fidèle")
    assert len(depot.copies(old.id)) == 3
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert code == 0
    assert "2 apprenants sans visite depuis plus de 12 mois" in out
    assert "- Jamais revenu : aucune visite depuis la création du profil le 06/01/2020" in out
    assert "- Ancien : dernière visite le 06/01/2020" in out
    assert "Fidèle" not in out
    assert "2 apprenants effacés, avec toutes les copies de leurs fichiers." in out
    for learner in (old, never):
        assert depot.copies(learner.id) == []
        assert depot.find(learner.pseudo) is None
        assert learner.id not in depot.index.indexed()
    assert depot.find("Fidèle") == kept.id and depot.load(kept.id).pseudo == "Fidèle"


def test_purge_asks_and_erases_on_oui(capsys, depot, monkeypatch):
    old = old_learner(depot, "Ancien")
    monkeypatch.setattr("sys.stdin", io.StringIO("Oui\n"))
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger")
    assert code == 0 and "Tapez « oui » pour confirmer" in out
    assert depot.copies(old.id) == []


@pytest.mark.parametrize("answer", ["non\n", "\n", "ou\n"])
def test_purge_erases_nothing_unless_oui_is_typed(capsys, depot, monkeypatch, answer):
    old = old_learner(depot, "Ancien")
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger")
    assert code == 0 and "Rien n'a été effacé." in out
    assert len(depot.copies(old.id)) == 3


def test_purge_without_keyboard_nor_oui_refuses_clearly(capsys, depot, monkeypatch):
    old = old_learner(depot, "Ancien")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger")
    assert code == 1
    assert "rien n'a été effacé. Pour effacer sans question, relancez avec --oui." in out
    assert len(depot.copies(old.id)) == 3


def test_purge_follows_the_retention_period_of_the_settings(capsys, depot):
    recent = Learner("Récente", cree_le=LONG_AGO).visit(now() - timedelta(days=70), 20).save(depot)
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert "rien à effacer" in out and depot.copies(recent.id)
    save_reglages(depot.dossier, load_reglages(depot.dossier).model_copy(update={"conservation_mois": 2}))
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger", "--oui")
    assert code == 0 and "1 apprenant sans visite depuis plus de 2 mois" in out
    assert depot.copies(recent.id) == []


def test_nothing_to_purge(capsys, depot):
    active_learner(depot, "Fidèle")
    code, out = run(capsys, "--donnees", str(depot.dossier), "purger")
    assert code == 0
    assert out.strip() == "Aucun apprenant n'est inactif depuis plus de 12 mois : rien à effacer."


def test_purge_on_a_missing_folder_creates_nothing(capsys, tmp_path):
    code, out = run(capsys, "--donnees", str(tmp_path / "absent"), "purger", "--oui")
    assert code == 0 and "n'existe pas" in out and not (tmp_path / "absent").exists()
