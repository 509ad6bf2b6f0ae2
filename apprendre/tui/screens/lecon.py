"""The lesson reader: one page at a time, in one reused screen.

When a lesson opens, each of its pages is rendered once into its own Markdown
widget, all hidden but the current one: turning a page only swaps which one is
shown, much cheaper than rendering Markdown again (and pushing a screen per page
is slower still and keeps growing memory). Hidden widgets still cost a little at
each refresh, so a lesson longer than ``PREPARED_PAGES_MAX`` pages re-renders one
widget instead.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Markdown, Static

from apprendre.courses.models import Cours, Lecon
from apprendre.learning.progress import PageLue, now
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain

PREPARED_PAGES_MAX = 6
"""Lessons up to this many pages are rendered once when opened (shipped lessons have 3 to 6).
Each hidden page adds about 8 ms to every refresh (measured), so longer lessons re-render one widget."""


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
        self.prepared = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="lecon-haut"):
            yield Static("", id="lecon-titre")
            yield Static("", id="lecon-page")
        yield VerticalScroll(id="lecon-texte")
        with Horizontal(classes="boutons", id="lecon-boutons"):
            yield Button("◀ Précédent", id="precedent")
            yield Button("Suivant ▶", id="suivant", variant="primary")
            yield Button("Retour au module", id="retour-module")

    async def on_mount(self) -> None:
        await self.prepare_lesson()
        self.query_one("#suivant").focus()

    @property
    def shown_page(self) -> Markdown:
        """The Markdown widget the learner is reading."""
        return next(widget for widget in self.query(".page").results(Markdown) if widget.display)

    async def prepare_lesson(self) -> None:
        """Render the lesson's pages once (or only the current one, for a very long lesson)."""
        self.query_one("#lecon-titre", Static).update(plain(self.lecon.titre))
        container = self.query_one("#lecon-texte")
        await container.remove_children()
        self.prepared = len(self.lecon.pages) <= PREPARED_PAGES_MAX
        texts = [page.texte for page in self.lecon.pages] if self.prepared else [self.lecon.pages[self.page].texte]
        widgets = [Markdown(text, open_links=False, classes="page") for text in texts]
        for index, widget in enumerate(widgets):
            widget.display = not self.prepared or index == self.page
        await container.mount_all(widgets)
        self.show_chrome()

    async def show_page(self) -> None:
        """Show page ``self.page``, touching only what changes (each change costs a refresh)."""
        if self.prepared:
            self.shown_page.display = False
            self.query(".page")[self.page].display = True
        else:
            await self.shown_page.update(self.lecon.pages[self.page].texte)
        self.show_chrome()

    def show_chrome(self) -> None:
        """Everything around the text: page number, buttons; then the page counts as read."""
        self.query_one("#lecon-page", Static).update(f"Page {self.page + 1} sur {len(self.lecon.pages)}")
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
        from apprendre.base.files import FileError
        from apprendre.courses.library import load_lecon

        try:
            self.lecon = load_lecon(self.cours, self.index + 1)
        except FileError as error:
            self.notify("La leçon suivante ne peut pas s'ouvrir. Prévenez un médiateur.\n"
                        + str(error.problemes[0]), title="Leçon", severity="error", timeout=10, markup=False)
            return
        self.index += 1
        self.page = 0
        await self.prepare_lesson()

    def _go_to_quiz(self) -> None:
        questions = [(self.cours, q) for q in self.cours.quiz.questions]
        self.app.open_quiz(questions, titre=self.cours.module.titre, module=self.cours, replace=True)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        self.notify(f"Ce lien mène à : {event.href}\nLes leçons marchent sans internet : "
                    "il ne s'ouvre pas ici.", title="Lien", markup=False)
