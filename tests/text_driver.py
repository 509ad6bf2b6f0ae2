"""A learner at ``apprendre --texte``: a real process, driven through its standard input, read
through its standard output, prompt after prompt (every prompt ends with « : »)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from apprendre.courses.library import load_library
from apprendre.courses.models import Associer, ChoixMultiple, ChoixUnique, Classer, Ordre, Question, VraiFaux
from apprendre.storage.locations import LIVRES_ENV

NUMBERED = re.compile(r"^(\d+)\. (.*)$")
DRAWING = re.compile(r"[\u2190-\u21ff\u2500-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF]")
"""Arrows, box drawing, blocks, geometric shapes, dingbats (✓ ✗ ▶ ○ ★), emoji: none in the text mode."""


class TextLearner:
    def __init__(self, cours: Path, donnees: Path, *extra: str) -> None:
        # The course folder stands for the shipped library (otherwise --cours adds it to the shipped one).
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", LIVRES_ENV: str(cours)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apprendre", "--cours", str(cours), "--donnees", str(donnees), *extra, "--texte"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.transcript = ""
        self.screen = ""
        """What was written since the last answer."""
        self.library = load_library(cours)

    def read_prompt(self, timeout: float = 20) -> str:
        """Everything up to the next prompt (a line ending with « : » and no newline)."""
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        data = b""
        while not (data.endswith(b": ") and data.rstrip(b": ").split(b"\n")[-1]):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no prompt after {timeout} s; got:\n{data.decode(errors='replace')}")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError(f"the text mode ended; it said:\n{data.decode(errors='replace')}\n"
                                         f"{self.process.stderr.read().decode(errors='replace')}")
                data += chunk
        self.screen = data.decode()
        self.transcript += self.screen
        return self.screen

    def type(self, answer: str) -> str:
        """Type a line, and return what the app says up to its next prompt."""
        self.process.stdin.write((answer + "\n").encode())
        self.process.stdin.flush()
        self.read_prompt()
        self.screen = self.screen.split("\n", 1)[1]  # the answer, written back after the prompt
        return self.screen

    def type_last(self, answer: str) -> str:
        """Type the last line: the app then ends; returns what it said."""
        self.process.stdin.write((answer + "\n").encode())
        self.process.stdin.close()
        out = self.process.stdout.read().decode()
        self.transcript += out
        assert self.process.wait(timeout=20) == 0, self.process.stderr.read().decode()
        return out

    def option(self, label_start: str) -> str:
        """The number of the option last listed whose label starts so."""
        for line in reversed(self.transcript.splitlines()):
            found = NUMBERED.match(line)
            if found and found.group(2).startswith(label_start):
                return found.group(1)
        raise AssertionError(f"no option « {label_start} » in:\n{self.screen}")

    def choose(self, label_start: str) -> str:
        return self.type(self.option(label_start))

    # --- Answering a question, as a learner who knows (or not) the answer ----------------

    @property
    def question_text(self) -> str:
        """What was said since the current question's number."""
        return "Question " + self.transcript.rsplit("\nQuestion ", 1)[1]

    def question(self) -> Question:
        enonce = self.question_text.splitlines()[1]
        for cours in self.library.cours:
            for question in cours.quiz.questions:
                if question.enonce == enonce:
                    return question
        raise AssertionError(f"unknown question: {enonce}")

    def numbered_lines(self) -> dict[str, str]:
        """Text → number, for the numbered lines since the question's statement."""
        return {m.group(2): m.group(1) for line in self.question_text.splitlines() if (m := NUMBERED.match(line))}

    def answer(self, right: bool) -> str:
        """Answer the question on screen, right or wrong; returns the feedback."""
        question = self.question()
        numbers = self.numbered_lines()
        if isinstance(question, ChoixUnique):
            return self.type(numbers[next(c.texte for c in question.choix if c.juste == right)])
        if isinstance(question, ChoixMultiple):
            chosen = [c.texte for c in question.choix if c.juste] if right else [question.choix[-1].texte]
            return self.type(" ".join(numbers[texte] for texte in chosen))
        if isinstance(question, VraiFaux):
            return self.type("1" if question.reponse == right else "2")
        if isinstance(question, Classer):
            said = ""
            for rank in range(len(question.elements)):
                line = next(line for line in reversed(self.transcript.splitlines()) if line.startswith("Élément "))
                texte = line.split(" : ", 1)[1]
                categorie = next(e.categorie for e in question.elements if e.texte == texte)
                if not right and rank == 0:
                    categorie = next(c for c in question.categories if c != categorie)
                said = self.type(str(question.categories.index(categorie) + 1))
            return said
        if isinstance(question, Ordre):
            order = list(question.elements) if right else list(reversed(question.elements))
            return self.type(" ".join(numbers[texte] for texte in order))
        assert isinstance(question, Associer)
        said = ""
        rights = {m.group(2): m.group(1) for line in self.question_text.split("À droite :")[1].splitlines()
                  if (m := NUMBERED.match(line))}
        for _ in question.paires:
            gauche = self.transcript.splitlines()[-1].split("« ", 1)[1].split(" »", 1)[0]
            droite = next(p.droite for p in question.paires if p.gauche == gauche)
            if not right:
                droite = next(p.droite for p in question.paires if p.gauche != gauche)
            said = self.type(rights[droite])
        return said
