"""The quiz: one question per screen, « Valider » gives the feedback at once.

Also serves « À revoir », with the due questions of several modules.
"""

from __future__ import annotations

import random
import uuid

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from apprendre.courses.models import Cours, Question
from apprendre.courses.scoring import Correction
from apprendre.learning.attempt import AnsweredQuestion
from apprendre.learning.progress import QuizTermine, Reponse, now
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.questions import QuestionWidget, question_widget


class QuizScreen(LearnerScreen):
    BINDINGS = [
        Binding("v", "validate", "Valider"),
        Binding("s", "next_question", "Suivant"),
    ]

    def __init__(self, questions: list[tuple[Cours, Question]], titre: str, module: Cours | None = None) -> None:
        """``module`` is the module whose quiz this is; None for « À revoir »."""
        super().__init__()
        self.questions = questions
        self.titre = titre
        self.module = module
        self.tentative = ("quiz-" if module else "revision-") + uuid.uuid4().hex[:12]
        self.index = 0
        self.validated = False
        self.resultats: list[AnsweredQuestion] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="quiz-haut"):
            yield Static(plain(self.titre), id="quiz-titre")
            yield Static("", id="quiz-numero")
        with VerticalScroll(id="quiz"):
            yield Static("", id="enonce")
            yield Static("", id="consigne", classes="discret")
            yield Static("", id="correction", markup=False)
        with Horizontal(classes="boutons"):
            yield Button("Valider", id="action", variant="primary")
            yield Button("Arrêter le quiz", id="arreter")

    async def on_mount(self) -> None:
        self.rng = random.Random(self.app.seed)
        await self.show_question()

    @property
    def widget(self) -> QuestionWidget:
        return self.query_one(QuestionWidget)

    async def show_question(self) -> None:
        cours, question = self.questions[self.index]
        self.query_one("#quiz-numero", Static).update(f"Question {self.index + 1} sur {len(self.questions)}")
        self.query_one("#enonce", Static).update(plain(question.enonce))
        await self.query(QuestionWidget).remove()
        widget = question_widget(question, self.rng)
        self.query_one("#consigne", Static).update(widget.HINT)
        await self.query_one("#quiz").mount(widget, after="#consigne")
        feedback = self.query_one("#correction", Static)
        feedback.update("")
        feedback.remove_class("-juste", "-faux")
        self.validated = False
        self.query_one("#action", Button).label = "Valider"
        self.query_one("#quiz").scroll_home(animate=False)
        focusable = widget.query("RadioSet, Checkbox, Button")
        (focusable.first() if focusable else self.query_one("#action")).focus()

    @on(Button.Pressed, "#action")
    async def _action(self) -> None:
        """One button, where the learner's eyes already are: « Valider », then « Question suivante »."""
        if self.validated:
            await self.action_next_question()
        else:
            self.action_validate()

    def action_validate(self) -> None:
        if self.validated:
            return
        cours, question = self.questions[self.index]
        correction = self.widget.correction()
        feedback = self.query_one("#correction", Static)
        if correction is None:
            feedback.update("Répondez d'abord à la question, puis validez.")
            feedback.scroll_visible(animate=False)
            return
        self.record(Reponse(module=cours.id, question=question.id, juste=correction.juste,
                            donnee=correction.donnee, tentative=self.tentative, le=now()))
        self.resultats.append(AnsweredQuestion(cours, question, correction))
        self.widget.freeze(correction)
        feedback.update(feedback_text(question, correction))
        feedback.set_class(correction.juste, "-juste")
        feedback.set_class(not correction.juste, "-faux")
        self.validated = True
        last = self.index == len(self.questions) - 1
        action = self.query_one("#action", Button)
        action.label = "Voir le résultat ▶" if last else "Question suivante ▶"
        action.focus()
        feedback.scroll_visible(animate=False)

    async def action_next_question(self) -> None:
        if not self.validated:
            return
        if self.index < len(self.questions) - 1:
            self.index += 1
            await self.show_question()
        else:
            self.finish()

    @on(Button.Pressed, "#arreter")
    def _stop(self) -> None:
        self.action_back()

    def finish(self) -> None:
        if self.module is not None:
            self.record(QuizTermine(module=self.module.id, tentative=self.tentative, le=now()))
        self.app.show_result(self.resultats, self.titre, self.module)


def feedback_text(question: Question, correction: Correction) -> str:
    lines = ["✓ Bonne réponse !" if correction.juste else "✗ Ce n'est pas tout à fait ça."]
    lines += correction.retours
    lines.append(f"Explication : {question.explication}")
    return "\n".join(lines)
