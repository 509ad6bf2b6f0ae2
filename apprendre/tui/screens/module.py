"""A module: its summary, its lessons (ticked when read), its quiz, and « Continuer »."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from apprendre.base.files import FileError
from apprendre.base.french import count
from apprendre.courses.library import QUIZ_BROKEN
from apprendre.courses.models import Cours
from apprendre.learning import next_steps as parcours
from apprendre.learning.attempt import unfinished_attempt
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain


class ModuleScreen(LearnerScreen):
    BINDINGS = [
        Binding("c", "continue", "Continuer"),
        Binding("q", "quiz", "Quiz"),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def __init__(self, cours: Cours) -> None:
        super().__init__()
        self.cours = cours
        self.quiz_problem = self._read_quiz()

    def _read_quiz(self) -> str | None:
        """The quiz is read when its module opens: a file broken since the start is said here."""
        try:
            _ = self.cours.quiz
        except FileError as error:
            return f"{QUIZ_BROKEN}\n{error.problemes[0]}"
        return None

    def compose_body(self) -> ComposeResult:
        module = self.cours.module
        with VerticalScroll(id="module"):
            yield Static(plain(module.titre), classes="titre-ecran")
            yield Static(plain(module.resume))
            yield Static(f"Environ {module.duree} minutes · {count(len(module.lecons), 'leçon')} · "
                         f"un quiz de {count(len(self.cours.ids_questions), 'question')}", classes="discret")
            yield Button("Continuer", id="continuer", variant="primary")
            yield Static("Les leçons", classes="sous-titre")
            for index, titre in enumerate(self.cours.titres_lecons):
                yield Button(plain(titre), id=f"lecon-{index}", classes="ligne-lecon lecon")
            yield Static("Le quiz", classes="sous-titre")
            yield Button("○ Faire le quiz", id="quiz", classes="ligne-lecon", disabled=bool(self.quiz_problem))
            if self.quiz_problem:
                yield Static(plain(self.quiz_problem), id="quiz-probleme", classes="alerte")
            yield Static("", id="meilleur-score")
            with Horizontal(classes="boutons"):
                yield Button("Retour au catalogue", id="retour")

    def on_mount(self) -> None:
        self.refresh_progress()
        self.query_one("#continuer").focus()

    def refresh_progress(self) -> None:
        progression = self.session.progression
        for index, (done, titre) in enumerate(zip(parcours.lessons_read(progression, self.cours),
                                                 self.cours.titres_lecons)):
            mark = "✓" if done else "○"
            self.query_one(f"#lecon-{index}", Button).label = plain(f"{mark} {index + 1}. {titre}")
        best = progression.best_score(self.cours.id)
        text = ("Pas encore fait." if best is None else
                f"Meilleur score : {round(best * 100)} % (maîtrise à {self.cours.seuil} %).")
        self.query_one("#meilleur-score", Static).update(text)
        reprise = None if self.quiz_problem else unfinished_attempt(progression, self.cours)
        total = len(self.cours.quiz.questions) if reprise else 0
        if reprise is not None:
            quiz_label = f"◐ Reprendre le quiz (question {reprise.next_index + 1} sur {total})"
        else:
            quiz_label = "○ Faire le quiz" if best is None else "✓ Refaire le quiz"
        self.query_one("#quiz", Button).label = quiz_label
        step = parcours.next_step(progression, self.cours)
        label = "Commencer" if not progression.pages_read(self.cours.id) and best is None else "Continuer"
        if reprise is not None:
            label = f"Continuer : le quiz, question {reprise.next_index + 1} sur {total}"
        elif step.lecon is None:
            label = "Continuer : le quiz"
        self.query_one("#continuer", Button).label = label

    @on(Button.Pressed, "#continuer")
    def action_continue(self) -> None:
        """The first page not read; the quiz once every page is read, or when one was left unfinished."""
        progression = self.session.progression
        step = parcours.next_step(progression, self.cours)
        if step.lecon is None or (not self.quiz_problem and unfinished_attempt(progression, self.cours)):
            self.action_quiz()
        else:
            self.open_lesson(step.lecon, step.page)

    @on(Button.Pressed, ".lecon")
    def _lesson_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:  # every lesson's button has one: « lecon-<index> »
            self.open_lesson(int(event.button.id.removeprefix("lecon-")))

    @on(Button.Pressed, "#quiz")
    def action_quiz(self) -> None:
        self.app.open_module_quiz(self.cours)

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.action_back()

    def open_lesson(self, index: int, page: int = 0) -> None:
        from apprendre.courses.library import load_lecon

        try:
            lecon = load_lecon(self.cours, index)
        except FileError as error:
            self.notify("Cette leçon ne peut pas s'ouvrir. Prévenez un médiateur.\n"
                        + str(error.problemes[0]), title="Leçon", severity="error", timeout=10, markup=False)
            return
        self.app.open_lesson(self.cours, index, lecon, page)
