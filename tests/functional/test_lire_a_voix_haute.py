"""« Lire à voix haute »: what is sent to the voice, the same key stops it, the screen never waits,
no voice is said once; and the computer's own voice (espeak-ng) really speaks a page."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from learner_driver import FIXTURE_LIBRARY, screen_text
from textual.widgets import Button

from apprendre.base.voice import VOICE_ENV, find_command
from apprendre.courses.library import load_lecon, load_library
from apprendre.courses.plain_text import page_lines, spoken
from apprendre.tui.app import ApprendreApp

FAKE_VOICE = """\
import sys, time
text = sys.stdin.buffer.read()
with open(sys.argv[1], "ab") as out:
    out.write(text + b"\\n----\\n")
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the computer's voice: it writes what it is given to a file, then « speaks » 3 s."""
    script = tmp_path / "voix.py"
    script.write_text(FAKE_VOICE)
    out = tmp_path / "dit.txt"
    monkeypatch.setenv(VOICE_ENV, shlex.join([sys.executable, str(script), str(out), "3"]))
    return out


def readings(out: Path) -> list[str]:
    return [block.strip("\n") for block in out.read_text("utf-8").split("\n----\n") if block.strip()] if out.exists() else []


async def wait_until(pilot, condition, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.05)


async def _open_first_lesson(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("e")  # Juste essayer
    await pilot.pause()
    await pilot.press("enter")  # the first module
    await pilot.pause()
    await pilot.press("c")  # Commencer
    await wait_until(pilot, lambda: "Page 1 sur 2" in screen_text(pilot.app))


async def test_la_page_est_lue_et_la_meme_touche_arrete(said: Path, tmp_path: Path) -> None:
    app = ApprendreApp(FIXTURE_LIBRARY, tmp_path / "donnees", seed=1)
    cours = load_library(FIXTURE_LIBRARY).find("premier-module")
    lecon = load_lecon(cours, 0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first_lesson(pilot)
        button = app.screen.query_one("#lire", Button)
        assert str(button.label) == "Lire à voix haute"
        await pilot.press("l")
        await wait_until(pilot, lambda: readings(said))
        assert readings(said) == [spoken(page_lines(lecon.titre, 1, 2, lecon.pages[0].texte))]
        assert readings(said)[0] == ("Les machines.\nPage 1 sur 2.\nPremière page.\n"
                                     "L'ordinateur est une machine. Un lien ne s'ouvre pas.")
        assert str(button.label) == "Arrêter la lecture" and app.voice.speaking
        await pilot.press("l")  # the same key stops
        await pilot.pause()
        assert not app.voice.speaking and str(button.label) == "Lire à voix haute"
        # the mouse alone: the button; and the screen never waits for the voice
        await pilot.click("#lire")
        await wait_until(pilot, lambda: len(readings(said)) == 2 and app.voice.speaking)
        started = time.monotonic()
        await pilot.press("right")
        await wait_until(pilot, lambda: "Page 2 sur 2" in screen_text(app), seconds=2)
        assert time.monotonic() - started < 2
        assert not app.voice.speaking, "another page: the reading of the previous one stops"
        assert str(app.screen.query_one("#lire", Button).label) == "Lire à voix haute"
        await pilot.press("l")
        await wait_until(pilot, lambda: len(readings(said)) == 3)
        assert readings(said)[2].startswith("Les machines.\nPage 2 sur 2.\nDeuxième page.\nLe clavier sert à écrire.")
        # the reading ends by itself: the button says « Lire à voix haute » again
        await wait_until(pilot, lambda: str(app.screen.query_one("#lire", Button).label) == "Lire à voix haute",
                         seconds=10)


async def test_sans_voix_le_bouton_le_dit_une_fois(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VOICE_ENV, "aucune")
    app = ApprendreApp(FIXTURE_LIBRARY, tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first_lesson(pilot)
        for _ in range(3):
            await pilot.press("l")
            await pilot.pause()
        told = [n.message for n in app._notifications if "pas de voix française" in n.message]
        assert len(told) == 1
        assert "espeak-ng" in told[0] or "Paramètres" in told[0] or "Réglages Système" in told[0]
        assert str(app.screen.query_one("#lire", Button).label) == "Pas de voix"


@pytest.mark.skipif(shutil.which("espeak-ng") is None,
                    reason="espeak-ng n'est pas installé : .ci/run l'installe (apt-get install espeak-ng)")
def test_espeak_ng_dit_une_page_dans_un_fichier_wav(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VOICE_ENV, raising=False)
    command = find_command("linux")
    assert command is not None and Path(command[0]).name in ("espeak-ng", "espeak")
    assert command[1:3] == ["-v", "fr"]
    cours = load_library(FIXTURE_LIBRARY).find("premier-module")
    lecon = load_lecon(cours, 0)
    text = spoken(page_lines(lecon.titre, 1, 2, lecon.pages[0].texte))
    wav = tmp_path / "page.wav"
    subprocess.run([*command, "-w", str(wav)], input=text.encode("utf-8"), check=True, timeout=60)
    with wave.open(str(wav)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
        frames = sound.readframes(sound.getnframes())
    assert seconds > 2, "a page of two sentences lasts more than two seconds"
    assert any(frames[i] not in (0, 255) for i in range(0, len(frames), 97)), "only silence"


def _items(question) -> list[str]:  # type: ignore[no-untyped-def]
    if question.type in ("choix unique", "choix multiple"):
        return [c.texte for c in question.choix]
    if question.type == "vrai ou faux":
        return ["Vrai", "Faux"]
    if question.type == "classer":
        return [*question.categories, *(e.texte for e in question.elements)]
    if question.type == "ordre":
        return list(question.elements)
    return [text for p in question.paires for text in (p.gauche, p.droite)]


async def test_chaque_type_de_question_est_lu_comme_a_l_ecran(said: Path, tmp_path: Path) -> None:
    from learner_driver import LearnerDriver

    from apprendre.tui.screens.quiz import QuizScreen

    app = ApprendreApp(FIXTURE_LIBRARY, tmp_path / "donnees", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        learner = LearnerDriver(pilot, keyboard=True)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")
        await learner.wait_for(lambda: app.screen.query("QuestionWidget"))
        seen = {}
        while isinstance(app.screen, QuizScreen):
            screen = app.screen
            question = learner.question.question
            before = len(readings(said))
            await pilot.press("l")
            await wait_until(pilot, lambda: len(readings(said)) == before + 1)
            text = seen[question.type] = readings(said)[-1]
            assert text.startswith(f"Question {screen.index + 1} sur 6.\n{question.enonce}"), text
            for item in _items(question):
                assert item in text, (question.type, item)
            widget = learner.question
            if question.type in ("choix unique", "choix multiple"):
                assert f"1 : {widget.choix[0]}." in text, "the choices in the order of the screen"
            assert not any(mark in text for mark in ("✓", "✗", "→", "▶", "●", "○", "☐", "☑", "«", "»", "**"))
            await pilot.press("l")  # the same key stops
            await pilot.pause()
            assert not app.voice.speaking
            await learner.answer(True)
            await learner.validate()
            before = len(readings(said))
            await pilot.press("l")
            await wait_until(pilot, lambda: len(readings(said)) == before + 1)
            assert "Bonne réponse !" in readings(said)[-1] and f"Explication : {question.explication}" in readings(said)[-1]
            index = screen.index
            await learner.next()
            await learner.wait_for(lambda: app.screen is not screen or screen.index != index)
            assert not app.voice.speaking, "another question: the reading stops"
            await learner.wait_for(lambda: app.screen.query("QuestionWidget, #score"))
        assert set(seen) == {"choix unique", "choix multiple", "vrai ou faux", "classer", "ordre", "associer"}
        assert "Élément 1 sur 3, à ranger maintenant :" in seen["classer"]
