"""The quiz: one question per screen, « Valider » gives the feedback at once, where the eyes are.

The same keys for every question type (see ``widgets.questions``): ↑/↓, Espace
or a number, Entrée to validate, Entrée again to go on. After « Valider » the
verdict, the explanation and each missed item's feedback come right under the
question, and ↑/↓, PageUp/PageDown scroll them while the focus stays on
« Question suivante ».

Every answer is a fact saved as it is given, just after its verdict is painted
(a signed-in learner doesn't wait for the disk): leaving (Échap, « Arrêter le
quiz », Ctrl+Q — each asks first) loses nothing, and the module's quiz resumes
at the first question not answered (``learning.attempt.unfinished_attempt``).
Also serves « À revoir », with the due questions of several modules.
"""

from __future__ import annotations

import random
import uuid

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Static

from apprendre.courses.models import Cours, Question
from apprendre.courses.scoring import Correction
from apprendre.learning.attempt import AnsweredQuestion, unfinished_attempt
from apprendre.learning.progress import QuizTermine, Reponse, now
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.read_aloud import ReadAloud, read_aloud_button
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.questions import QuestionWidget, question_widget


class QuizScreen(ReadAloud, LearnerScreen):
    BINDINGS = [
        Binding("enter", "validate", "Valider", key_display="Entrée"),
        Binding("enter", "next_question", "Continuer", key_display="Entrée"),
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
        Binding("pageup", "scroll(-10)", show=False),
        Binding("pagedown", "scroll(10)", show=False),
        Binding("escape", "back", "Arrêter", key_display="Échap"),
        *ReadAloud.READ_ALOUD_BINDINGS,
    ]
    asks_before_leaving = True
    """Ctrl+Q asks first here (see ``ApprendreApp.action_quit``)."""
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without repainting the whole screen at each focus change (« Valider » moves
    the focus): the widgets that lose and take the focus repaint themselves with their new look."""

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
        self.resumed = False

    def compose_body(self) -> ComposeResult:
        if self.module is not None:
            reprise = unfinished_attempt(self.session.progression, self.module)
            if reprise is not None:
                self.tentative = reprise.tentative
                self.resultats = list(reprise.answered)
                self.index = reprise.next_index
                self.resumed = True
        with Horizontal(id="quiz-haut"):
            yield Static(plain(self.titre), id="quiz-titre")
            yield Static("", id="quiz-numero")
            yield read_aloud_button()
        yield Container(id="question")  # the question's widget (widgets/questions.py), mounted for each question
        with Horizontal(classes="boutons"):
            yield BoutonSuite("Valider", id="action", variant="primary")
            yield Button("Arrêter le quiz", id="arreter")

    async def on_mount(self) -> None:
        self.rng = random.Random(self.app.seed)
        await self.show_question()
        if self.resumed:
            self.notify(f"Vous reprenez à la question {self.index + 1} : vos réponses d'avant sont gardées.",
                        title="Quiz", markup=False)

    @property
    def widget(self) -> QuestionWidget:
        return self.query_one(QuestionWidget)

    async def show_question(self) -> None:
        self.stop_reading()
        cours, question = self.questions[self.index]
        self.query_one("#quiz-numero", Static).update(f"Question {self.index + 1} sur {len(self.questions)}")
        await self.query(QuestionWidget).remove()
        widget = question_widget(question, self.rng)
        await self.query_one("#question").mount(widget)
        self.validated = False
        self.refresh_bindings()
        self.query_one("#action", Button).label = "Valider"
        widget.focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Entrée validates, then goes on: the footer shows the one that applies."""
        if action == "validate":
            return not self.validated
        if action == "next_question":
            return self.validated
        return True

    @on(Button.Pressed, "#action")
    async def _action(self) -> None:
        """One button, where the learner's eyes already are: « Valider », then « Question suivante »."""
        if self.validated:
            await self.action_next_question()
        else:
            self.action_validate()

    def action_scroll(self, lines: int) -> None:
        self.widget.scroll_relative(y=lines, animate=False, immediate=True)

    def action_validate(self) -> None:
        if self.validated:
            return
        cours, question = self.questions[self.index]
        widget = self.widget
        correction = widget.correction()
        if correction is None:
            widget.show_feedback(widget.missing(), "attention")
            widget.reveal()
            widget.focus()
            return
        reponse = Reponse(module=cours.id, question=question.id, juste=correction.juste,
                          points=correction.points, sur=correction.sur,
                          donnee=correction.donnee, tentative=self.tentative, le=now())
        self.call_after_refresh(self.record, reponse)  # saved once the verdict is on screen
        self.resultats.append(AnsweredQuestion(cours, question, correction))
        with self.app.batch_update():
            widget.freeze(correction)  # the lines, the verdict and the explanation drawn at once, no layout
            widget.show_feedback(feedback_text(question, correction), "juste" if correction.juste else "faux",
                                 consigne="↑ ↓ ou Page préc./suiv. : faire défiler · Entrée : continuer")
            self.validated = True
            self.stop_reading()
            self.refresh_bindings()
            last = self.index == len(self.questions) - 1
            action = self.query_one("#action", Button)
            action.label = "Voir le résultat ▶" if last else "Question suivante ▶"
            action.focus()
            widget.scroll_home(animate=False, immediate=True)

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

    def action_back(self) -> None:
        """Échap or « Arrêter le quiz »: asks first; the answers given are kept either way."""
        from apprendre.tui.dialogs import Confirmation

        def answered(stop: bool | None) -> None:
            if stop:
                self.app.pop_screen()
            elif self.validated:
                self.query_one("#action").focus()
            else:
                self.widget.focus()

        self.app.push_screen(Confirmation(self.leaving_text(), oui="Arrêter le quiz",
                                          non="Continuer le quiz"), answered)

    def leaving_text(self) -> str:
        done = len(self.resultats)
        kept = "gardées pendant votre visite" if self.session.invite else "enregistrées"
        if self.module is None:
            return f"Arrêter la révision ? Vos réponses sont {kept}."
        if done == 0:
            return "Arrêter le quiz ? Vous pourrez le commencer plus tard."
        answers = "Votre réponse est gardée" if done == 1 else f"Vos {done} réponses sont gardées"
        return (f"Arrêter le quiz ? {answers} : « Continuer » reprendra "
                f"à la question {min(done + 1, len(self.questions))}.")

    def reading_lines(self) -> list[str]:
        """« Lire à voix haute »: the question and its items in the order shown, the item being
        sorted; once validated, the verdict and the explanation too."""
        from apprendre.courses.plain_text import question_lines

        _, question = self.questions[self.index]
        widget = self.widget
        shown = next((list(getattr(widget, name)) for name in ("choix", "elements", "order", "gauches")
                      if isinstance(getattr(widget, name, None), list)), None)
        droites = getattr(widget, "droites", None)
        lines = question_lines(question, self.index + 1, len(self.questions), shown=shown,
                               others=list(droites) if isinstance(droites, list) else None)
        if self.validated and self.resultats:
            lines += feedback_text(question, self.resultats[-1].correction).splitlines()
        elif isinstance(getattr(widget, "elements", None), list) and isinstance(getattr(widget, "cursor", None), int):
            lines.append(f"Élément {widget.cursor + 1} sur {len(widget.elements)}, à ranger maintenant : "
                         f"{widget.elements[widget.cursor]}")
        return lines

    def finish(self) -> None:
        if self.module is not None:
            self.record(QuizTermine(module=self.module.id, tentative=self.tentative, le=now()))
        self.app.show_result(self.resultats, self.titre, self.module)


class BoutonSuite(Button):
    """« Valider », then « Question suivante »: once validated it has the focus, and ↑/↓ scroll the feedback."""

    BINDINGS = [
        Binding("enter", "press", "Continuer", key_display="Entrée"),
        Binding("up", "screen.scroll(-1)", "Défiler", key_display="↑↓"),
        Binding("down", "screen.scroll(1)", show=False),
    ]


def feedback_text(question: Question, correction: Correction) -> str:
    """The verdict, the points for a question that has several, the explanation, then each miss."""
    if correction.juste:
        verdict = "✓ Bonne réponse !"
    elif correction.sur > 1:
        verdict = "✗ Pas tout à fait."
    else:
        verdict = "✗ Ce n'est pas ça."
    if correction.sur > 1:
        nouns = {"classer": ("élément bien rangé", "éléments bien rangés"),
                 "associer": ("paire juste", "paires justes"),
                 "ordre": ("étape à sa place", "étapes à leur place")}[question.type]
        verdict += f" {correction.points} {nouns[correction.points > 1]} sur {correction.sur}."
    lines = [verdict, f"Explication : {question.explication}"]
    lines += [f"✗ {retour}" for retour in correction.retours]
    return "\n".join(lines)
