"""« Bienvenue »: the first screen, for everyone. No learner's name is ever listed here."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from apprendre.tui.app_screen import AppScreen
from apprendre.tui.widgets.pied import Pied


class BienvenueScreen(AppScreen[None]):
    BINDINGS = [
        Binding("c", "commencer", "Je commence"),
        Binding("r", "revenir", "Je reviens"),
        Binding("e", "essayer", "Juste essayer"),
        Binding("m", "mediateur", "Espace médiateur"),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="bienvenue"):
            yield Static("apprendre", id="nom-appli")
            yield Static("Des leçons courtes et des quiz pour comprendre le numérique, "
                         "à votre rythme.", id="phrase")
            with Center():
                yield Button("Je commence", id="commencer", variant="primary", classes="grand")
            with Center():
                yield Button("Je reviens", id="revenir", variant="primary", classes="grand")
            with Center():
                yield Button("Juste essayer", id="essayer", classes="grand")
            yield Static("« Juste essayer » : rien n'est enregistré.", id="aide-invite")
        with Horizontal(id="bas-bienvenue"):
            yield Button("Espace médiateur", id="mediateur", compact=True)
        yield Pied()

    @on(Button.Pressed, "#commencer")
    def action_commencer(self) -> None:
        self._identify("nouveau")

    @on(Button.Pressed, "#revenir")
    def action_revenir(self) -> None:
        self._identify("retour")

    @on(Button.Pressed, "#essayer")
    def action_essayer(self) -> None:
        from apprendre.learning.session import GuestSession

        self.app.start_session(GuestSession())

    @on(Button.Pressed, "#mediateur")
    def action_mediateur(self) -> None:
        self.app.open_mediator_access()

    def _identify(self, mode: str) -> None:
        self.app.open_identification(mode)
