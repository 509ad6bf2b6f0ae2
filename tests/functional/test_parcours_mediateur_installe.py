"""The README's mediator path, on apprendre installed from its wheel (not editable), from any folder.

The wheel is built from this checkout (``pip wheel --no-deps``) and installed with
``--no-deps`` into a fresh venv in a temporary folder; its dependencies come from
this test environment's site-packages through a ``.pth`` line (a path only: the
editable install's hook is not run, so ``apprendre`` is the wheel's). Each step of
the path is a test; a step runs the steps before it if this process has not yet
(pytest-xdist may send them to different workers). About a minute in all.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PSEUDO = "Zoé"


def once(step: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A step of the path runs once per process; its result is kept on the Parcours."""

    @functools.wraps(step)
    def run(self: Parcours) -> Any:
        if step.__name__ not in self.done:
            self.done[step.__name__] = step(self)
        return self.done[step.__name__]

    return run


class Parcours:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.work = base / "un-dossier-quelconque"
        self.work.mkdir(parents=True)
        self.donnees = base / "mediatheque-a"
        self.autre = base / "mediatheque-b"
        self.venv = base / "venv"
        self.done: dict[str, Any] = {}

    # --- Running the installed app ---------------------------------------------------------

    def env(self, donnees: Path) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("APPRENDRE_")}
        env.update(APPRENDRE_DONNEES=str(donnees), APPRENDRE_CACHE=str(self.base / "cache"),
                   PYTHONIOENCODING="utf-8")
        return env

    def apprendre(self, donnees: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "apprendre"), *args], cwd=self.work, env=self.env(donnees),
                              capture_output=True, text=True, timeout=120)

    def python(self, donnees: Path, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "python"), "-c", textwrap.dedent(code)], cwd=self.work,
                              env=self.env(donnees), capture_output=True, text=True, timeout=120)

    # --- The steps, each once ----------------------------------------------------------------

    @once
    def install(self) -> Path:
        wheels = self.base / "roues"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                       check=True, capture_output=True, timeout=300)
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True, timeout=120)
        [wheel] = wheels.glob("apprendre-*.whl")
        subprocess.run([str(self.venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel)], check=True,
                       capture_output=True, timeout=300)
        site = next((self.venv / "lib").glob("python3*/site-packages"))
        (site / "dependances-des-tests.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
        return site

    @once
    def create(self) -> subprocess.CompletedProcess[str]:
        self.install()
        return self.apprendre(self.donnees, "nouveau-module", "Mon atelier")

    @once
    def check(self) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
        self.create()
        return self.apprendre(self.donnees, "vérifier"), self.apprendre(self.donnees, "verifier", "--strict")

    @once
    def preview(self) -> subprocess.CompletedProcess[str]:
        self.check()
        return self.python(self.donnees, """
            import asyncio, sys
            from apprendre.tui import app as tui

            async def drive(self):
                async with self.run_test(size=(80, 24)) as pilot:
                    await pilot.pause(0.5)
                    from textual.widgets import Static
                    print("\\n".join(str(w.render()) for w in self.screen.query(Static)))
                    for carte in self.screen.query("#cartes"):
                        print("\\n".join(c.cours.module.titre for c in carte.cartes))
                    print("dossier :", self.cours_folder)

            tui.ApprendreApp.run = lambda self: asyncio.run(drive(self))
            from apprendre.cli.main import main
            sys.exit(main(["aperçu", "mon-atelier"]))
        """)

    @once
    def export(self) -> tuple[subprocess.CompletedProcess[str], Path]:
        self.preview()
        paquets = self.base / "paquets"
        paquets.mkdir()
        return self.apprendre(self.donnees, "exporter", "mon-atelier", str(paquets)), paquets

    @once
    def import_elsewhere(self) -> subprocess.CompletedProcess[str]:
        _, paquets = self.export()
        [paquet] = paquets.iterdir()
        return self.apprendre(self.autre, "importer", str(paquet))

    @once
    def report(self) -> tuple[subprocess.CompletedProcess[str], Path]:
        self.import_elsewhere()
        made = self.python(self.autre, f"""
            from datetime import timedelta
            from apprendre.courses.library import load_library
            from apprendre.learning.progress import PageLue, QuizTermine, Reponse, Visite, now
            from apprendre.storage import Depot
            from apprendre.storage.locations import cours_folder

            cours = load_library(cours_folder()).find("mon-atelier")
            moment = now() - timedelta(hours=1)
            session = Depot(cours_folder().parent).create({PSEUDO!r}, None, tranche_age="60 - 69 ans")
            for lecon, pages in zip(cours.lecon_ids, cours.pages_par_lecon):
                for page in range(1, pages + 1):
                    session.record(PageLue(module=cours.id, lecon=lecon, page=page, le=moment))
            for question in cours.quiz.questions:
                session.record(Reponse(module=cours.id, question=question.id, juste=True, tentative="t", le=moment))
            session.record(QuizTermine(module=cours.id, tentative="t", le=moment))
            session.record(Visite(id="atelier", debut=moment, fin=moment + timedelta(minutes=45)))
            session.close()
        """)
        assert made.returncode == 0, made.stderr
        csv = self.base / "la-coop.csv"
        return self.apprendre(self.autre, "rapport", "--coop", "--csv", str(csv)), csv

    @once
    def attestation(self) -> tuple[subprocess.CompletedProcess[str], Path]:
        self.report()
        settings = self.apprendre(self.autre, "réglages", "--nom-du-lieu", "Médiathèque de Lunel")
        assert settings.returncode == 0, settings.stderr
        folder = self.base / "attestations"
        return self.apprendre(self.autre, "attestation", PSEUDO, "--nom", "Zoé Martin", "--dossier", str(folder)), folder


@pytest.fixture(scope="module")
def parcours(tmp_path_factory: pytest.TempPathFactory) -> Parcours:
    return Parcours(tmp_path_factory.mktemp("parcours-mediateur"))


def test_1_create_writes_in_the_site_library_not_in_the_installed_package(parcours):
    result = parcours.create()
    assert result.returncode == 0, result.stderr
    module = parcours.donnees / "cours" / "mon-atelier"
    assert (module / "module.toml").is_file()
    site = parcours.install()
    assert not (site / "apprendre" / "cours" / "mon-atelier").exists()
    assert (site / "apprendre" / "cours" / "programmer").is_dir()  # the shipped library is in the wheel
    assert "apprendre apercu mon-atelier" in result.stdout


def test_2_check_gives_remarques_with_file_and_line_and_strict_refuses(parcours):
    checked, strict = parcours.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    quiz = parcours.donnees / "cours" / "mon-atelier" / "quiz.toml"
    assert f"- {quiz}, ligne 17 : le texte du modèle est resté (« Remplacez… ») : écrivez le vôtre" in checked.stdout
    assert checked.stdout.splitlines()[-1].startswith("1 module vérifié, aucun problème ; ")
    assert strict.returncode == 1 and "problèmes à corriger" in strict.stdout.splitlines()[-1]


def test_3_preview_opens_the_module_by_its_name_from_any_folder(parcours):
    result = parcours.preview()
    assert result.returncode == 0, result.stderr
    assert "Aperçu : rien n'est enregistré." in result.stdout
    assert "Mon atelier" in result.stdout
    assert f"dossier : {parcours.donnees / 'cours' / 'mon-atelier'}" in result.stdout


def test_4_export_writes_one_package(parcours):
    result, paquets = parcours.export()
    assert result.returncode == 0, result.stderr
    assert [p.name for p in paquets.iterdir()] == ["mon-atelier-1.0.0.apprendre.zip"]


def test_5_import_on_a_second_data_folder(parcours):
    result = parcours.import_elsewhere()
    assert result.returncode == 0, result.stderr
    assert (parcours.autre / "cours" / "mon-atelier" / "quiz.toml").is_file()
    again = parcours.apprendre(parcours.autre, "importer", str(next((parcours.base / "paquets").iterdir())))
    assert again.returncode == 1  # never replaced without --remplacer


def test_6_report_for_la_coop(parcours):
    result, csv = parcours.report()
    assert result.returncode == 0, result.stderr
    assert "Rapport pour La Coop de la médiation numérique" in result.stdout
    assert "Accompagnement individuel : 2 visites, 1 apprenant" in result.stdout  # sign-in's visit and ours
    assert "Culture numérique" in result.stdout and "60 - 69 ans : 1" in result.stdout
    assert PSEUDO not in result.stdout
    text = csv.read_text("utf-8-sig")
    assert "Culture numérique" in text and PSEUDO not in text


def test_7_attestation_pdf_and_text(parcours):
    result, folder = parcours.attestation()
    assert result.returncode == 0, result.stderr
    [pdf] = folder.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf.with_suffix(".txt").read_text("utf-8")
    assert "Médiathèque de Lunel atteste que Zoé Martin" in text
    assert "Mon atelier : terminé le" in text and "maîtrisé le" in text
    assert "2.4 S'insérer dans le monde numérique" in text
    assert "Ce n'est pas une certification" in text and "Pix" in text
