"""Fixtures shared by every test. Keep this file small: fixtures used by one file live in it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from apprendre.cli import main as cli
from apprendre.storage import Depot
from apprendre.storage.locations import CACHE_ENV, COURS_ENV, DONNEES_ENV, LIVRES_ENV

ROOT = Path(__file__).resolve().parent.parent
EXEMPLE = ROOT / "docs" / "exemple" / "exemple-de-module"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data or cache folder, nor follows the developer's settings."""
    base = tmp_path_factory.mktemp("utilisateur")
    monkeypatch.setenv(DONNEES_ENV, str(base / "donnees"))
    monkeypatch.setenv(CACHE_ENV, str(base / "cache"))
    monkeypatch.delenv(COURS_ENV, raising=False)
    monkeypatch.delenv(LIVRES_ENV, raising=False)


@pytest.fixture
def cours_exemple(tmp_path: Path) -> Path:
    """A course library in tmp_path holding a copy of the example module, ready to break."""
    library = tmp_path / "cours"
    shutil.copytree(EXEMPLE, library / "exemple-de-module")
    return library


@pytest.fixture
def depot(tmp_path: Path) -> Depot:
    """An empty data folder in tmp_path."""
    return Depot(tmp_path / "donnees")


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders listed (``os.scandir``, ``os.listdir``) while the test runs: what must not grow
    with the number of learners lists nothing."""
    listed: list[Path] = []
    real_scandir, real_listdir = os.scandir, os.listdir

    def scandir(path: Any = ".") -> Any:
        listed.append(Path(path))
        return real_scandir(path)

    def listdir(path: Any = ".") -> Any:
        listed.append(Path(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    return listed


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``apprendre ARGV…`` in this process: (exit code, standard output, standard error)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
