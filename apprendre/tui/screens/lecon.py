"""The lesson reader: one page at a time, in one reused screen.

The page is one widget (``PageLecon``) holding the rendered text: turning a page
updates that widget, the page number and the buttons, and nothing else, so it
costs the same in a lesson of 3 pages or of 200 (Textual's ``Markdown`` builds a
widget per paragraph, over several frames).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Button, Static

from apprendre.courses.models import Cours, Lecon
from apprendre.learning.progress import PageLue, now
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.read_aloud import ReadAloud, read_aloud_button
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.page import PageLecon

PREPARE_AFTER = 0.05
"""Seconds after a page is shown before the next ones are laid out: the terminal draws first (on a
shared machine, the app's work right after a frame delays the terminal that must show it)."""


class LeconScreen(ReadAloud, LearnerScreen):
    BINDINGS = [
        Binding("right", "next_page", "Suivant"),
        Binding("left", "previous_page", "Précédent"),
        *ReadAloud.READ_ALOUD_BINDINGS,
    ]

    def __init__(self, cours: Cours, index: int, lecon: Lecon, page: int = 0) -> None:
        super().__init__()
        self.cours = cours
        self.index = index
        self.lecon = lecon
        self.page = min(page, len(lecon.pages) - 1)
        self._preparing: Timer | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="lecon-haut"):
            yield Static("", id="lecon-titre")
            yield Static("", id="lecon-page")
            yield read_aloud_button()
        yield PageLecon(self.lecon.pages[self.page].texte, id="lecon-texte")
        with Horizontal(classes="boutons", id="lecon-boutons"):
            yield Button("◀ Précédent", id="precedent")
            yield Button("Suivant ▶", id="suivant", variant="primary")
            yield Button("Retour au module", id="retour-module")

    def on_mount(self) -> None:
        self.prepare_lesson()
        self.query_one("#suivant").focus()

    @property
    def shown_page(self) -> PageLecon:
        """The page the learner is reading."""
        return self.query_one(PageLecon)

    def prepare_lesson(self) -> None:
        """A lesson opens (or the next one): its title, then its page."""
        self.query_one("#lecon-titre", Static).update(plain(self.lecon.titre))
        # The page number is as wide on every page of the lesson (« Page 9 sur 60 », « Page 10 sur
        # 60 », right-aligned): turning a page never lays the screen out again.
        pages = len(self.lecon.pages)
        self.query_one("#lecon-page", Static).styles.width = len(f"Page {pages} sur {pages}")
        self.show_page()

    def show_page(self) -> None:
        """Show page ``self.page``, touching only what changes (each change costs a refresh)."""
        self.stop_reading()
        self.shown_page.show(self.lecon.pages[self.page].texte)
        self.show_chrome()

    def show_chrome(self) -> None:
        """Everything around the text: page number, buttons; then the page counts as read."""
        pages = len(self.lecon.pages)
        self.query_one("#lecon-page", Static).update(f"Page {self.page + 1} sur {pages}", layout=False)
        previous = self.query_one("#precedent", Button)
        if previous.disabled != (self.page == 0):
            previous.disabled = self.page == 0
        suivant = self.query_one("#suivant", Button)
        if str(suivant.label) != self._next_label():
            suivant.label = self._next_label()
        self.call_after_refresh(self._shown, self.page)

    def _shown(self, page: int) -> None:
        """The page is on screen: it counts as read (the learner reads while the disk works); a
        moment later, once the terminal has drawn it, the pages before and after it are laid out,
        so that turning to them only draws them."""
        self.record(PageLue(module=self.cours.id, lecon=self.lecon.id, page=page + 1, le=now()))
        if self._preparing is not None:
            self._preparing.stop()
        self._preparing = self.set_timer(PREPARE_AFTER, self._prepare_around)

    def _prepare_around(self) -> None:
        self._preparing = None
        pages = self.lecon.pages
        for shown in self.query(PageLecon):  # none if the learner has left meanwhile
            shown.prepare(*(pages[n].texte for n in (self.page + 1, self.page - 1) if 0 <= n < len(pages)))

    def reading_lines(self) -> list[str]:
        """« Lire à voix haute »: the page the learner is on, as the text mode says it."""
        from apprendre.courses.plain_text import page_lines

        return page_lines(self.lecon.titre, self.page + 1, len(self.lecon.pages), self.lecon.pages[self.page].texte)

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
            self.show_page()
        elif self.index < len(self.cours.module.lecons) - 1:
            await self._open_next_lesson()
        else:
            self._go_to_quiz()

    @on(Button.Pressed, "#precedent")
    async def action_previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.show_page()

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
        self.prepare_lesson()

    def _go_to_quiz(self) -> None:
        self.app.open_module_quiz(self.cours, replace=True)

    @on(PageLecon.LinkClicked)
    def _link(self, event: PageLecon.LinkClicked) -> None:
        self.notify(f"Ce lien mène à : {event.href}\nLes leçons marchent sans internet : "
                    "il ne s'ouvre pas ici.", title="Lien", markup=False)
