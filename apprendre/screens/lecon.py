"""The lesson reader: one page at a time, in one reused Markdown widget.

Pages are cut once when the lesson is loaded; turning a page only updates the
widget (pushing a screen per page is slow and keeps growing memory).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Markdown, Static

from apprendre.models import Cours, Lecon
from apprendre.progression import PageLue, now
from apprendre.screens.base import LearnerScreen
from apprendre.widgets import plain


class LeconScreen(LearnerScreen):
    BINDINGS = [
        Binding("right", "next_page", "Suivant"),
        Binding("left", "previous_page", "Précédent"),
    ]

    def __init__(self, cours: Cours, index: int, lecon: Lecon, page: int = 0) -> None:
        super().__init__()
        self.cours = cours
        self.index = index
        self.lecon = lecon
        self.page = min(page, len(lecon.pages) - 1)
        self.titled: str | None = None
        """The lesson whose title is shown (the title changes only with the lesson)."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="lecon-haut"):
            yield Static("", id="lecon-titre")
            yield Static("", id="lecon-page")
        with VerticalScroll(id="lecon-texte"):
            yield Markdown(id="lecon-markdown", open_links=False)
        with Horizontal(classes="boutons", id="lecon-boutons"):
            yield Button("◀ Précédent", id="precedent")
            yield Button("Suivant ▶", id="suivant", variant="primary")
            yield Button("Retour au module", id="retour-module")

    async def on_mount(self) -> None:
        await self.show_page()
        self.query_one("#suivant").focus()

    async def show_page(self) -> None:
        """Show page ``self.page``, touching only what changes (each change costs a refresh)."""
        page = self.lecon.pages[self.page]
        if self.titled != self.lecon.id:
            self.query_one("#lecon-titre", Static).update(plain(self.lecon.titre))
            self.titled = self.lecon.id
        self.query_one("#lecon-page", Static).update(f"Page {self.page + 1} sur {len(self.lecon.pages)}")
        await self.query_one("#lecon-markdown", Markdown).update(page.texte)
        self.query_one("#lecon-texte").scroll_home(animate=False)
        previous = self.query_one("#precedent", Button)
        if previous.disabled != (self.page == 0):
            previous.disabled = self.page == 0
        suivant = self.query_one("#suivant", Button)
        if str(suivant.label) != self._next_label():
            suivant.label = self._next_label()
        self.record(PageLue(module=self.cours.id, lecon=self.lecon.id, page=self.page + 1, le=now()))

    def _next_label(self) -> str:
        if self.page < len(self.lecon.pages) - 1:
            return "Suivant ▶"
        if self.index < len(self.cours.module.lecons) - 1:
            return "Leçon suivante ▶"
        return "Aller au quiz ▶"

    @on(Button.Pressed, "#suivant")
    async def action_next_page(self) -> None:
        if self.page < len(self.lecon.pages) - 1:
            self.page += 1
            await self.show_page()
        elif self.index < len(self.cours.module.lecons) - 1:
            await self._open_next_lesson()
        else:
            self._go_to_quiz()

    @on(Button.Pressed, "#precedent")
    async def action_previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            await self.show_page()

    @on(Button.Pressed, "#retour-module")
    def _back(self) -> None:
        self.action_back()

    async def _open_next_lesson(self) -> None:
        from apprendre.library import load_lecon
        from apprendre.problems import CourseFileError

        try:
            self.lecon = load_lecon(self.cours, self.index + 1)
        except CourseFileError as error:
            self.notify("La leçon suivante ne peut pas s'ouvrir. Prévenez un médiateur.\n"
                        + str(error.problemes[0]), title="Leçon", severity="error", timeout=10, markup=False)
            return
        self.index += 1
        self.page = 0
        await self.show_page()

    def _go_to_quiz(self) -> None:
        from apprendre.screens.quiz import QuizScreen

        questions = [(self.cours, q) for q in self.cours.quiz.questions]
        self.app.switch_screen(QuizScreen(questions, titre=self.cours.module.titre, module=self.cours))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        self.notify(f"Ce lien mène à : {event.href}\nLes leçons marchent sans internet : "
                    "il ne s'ouvre pas ici.", title="Lien", markup=False)
