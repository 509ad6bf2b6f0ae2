"""The result of a quiz: score, mastery, and the questions to look at again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from apprendre.courses.models import Cours
from apprendre.learning.attempt import AnsweredQuestion, score_lines, total_points
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain


class ResultatScreen(LearnerScreen):
    BINDINGS = [
        Binding("r", "again", "Recommencer"),
        Binding("l", "lesson", "Revoir la leçon"),
        Binding("c", "catalogue", "Catalogue"),
    ]

    def __init__(self, resultats: list[AnsweredQuestion], titre: str, module: Cours | None) -> None:
        super().__init__()
        self.resultats = resultats
        self.titre = titre
        self.module = module

    def compose_body(self) -> ComposeResult:
        won, worth = total_points(self.resultats)
        percent = round(100 * won / worth) if worth else 0
        missed = [r for r in self.resultats if not r.correction.juste]
        with VerticalScroll(id="resultat"):
            yield Static(plain(self.titre), classes="titre-ecran")
            yield Static(f"{won} point{'s' if won > 1 else ''} sur {worth} ({percent} %)", id="score")
            yield Static(plain(" · ".join(score_lines(self.resultats)) + "."), id="detail-score")
            if self.module is not None:
                yield Static(self._mastery(self.module, percent), id="maitrise")
            if missed:
                yield Static("À revoir :", classes="sous-titre")
                for resultat in missed:
                    correction = resultat.correction
                    detail = (f" ({correction.points} sur {correction.sur})" if correction.sur > 1 else "")
                    lines = [f"• {resultat.question.enonce}{detail}"]
                    lines += [f"  ✗ {retour}" for retour in correction.retours]
                    lines.append(f"  {resultat.question.explication}")
                    yield Static(plain("\n".join(lines)), classes="manquee")
                yield Static("Ces questions reviendront dans « À revoir » dans quelques jours.",
                             classes="discret")
        with Horizontal(classes="boutons"):
            if self.module is not None:
                yield Button("Recommencer le quiz", id="recommencer")
                yield Button("Revoir la leçon", id="revoir-lecon")
            yield Button("Retour au catalogue", id="catalogue", variant="primary")

    def _mastery(self, module: Cours, percent: int) -> str:
        seuil = module.seuil
        if percent >= seuil:
            return f"Bravo ! Module maîtrisé (il fallait {seuil} % des points)."
        return (f"Pas encore maîtrisé : il faut {seuil} % des points. "
                "Vous pouvez relire la leçon et recommencer.")

    def on_mount(self) -> None:
        self.query_one("#catalogue").focus()

    @on(Button.Pressed, "#recommencer")
    def action_again(self) -> None:
        if self.module is None:
            return
        self.app.open_module_quiz(self.module, replace=True)

    @on(Button.Pressed, "#revoir-lecon")
    def action_lesson(self) -> None:
        if self.module is None:
            return
        self.app.back_to_module_lesson(0)

    @on(Button.Pressed, "#catalogue")
    def action_catalogue(self) -> None:
        self.app.back_to_catalogue()
