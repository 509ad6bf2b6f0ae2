"""Small dialogs: a yes/no confirmation, and « Vous êtes toujours là ? »."""

from __future__ import annotations

import math

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from apprendre.base.french import count
from apprendre.tui.widgets import plain


class Confirmation(ModalScreen[bool]):
    """Asks a question; dismisses True for the confirming button, False otherwise."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, question: str, oui: str, non: str = "Annuler") -> None:
        super().__init__()
        self.question, self.oui, self.non = question, oui, non

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialogue"):
            yield Static(plain(self.question))
            with Horizontal(classes="boutons"):
                yield Button(self.non, id="non", variant="primary")
                yield Button(self.oui, id="oui", variant="error")

    @on(Button.Pressed, "#oui")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#non")
    def action_cancel(self) -> None:
        self.dismiss(False)


class InactiviteDialog(ModalScreen[bool]):
    """Shown after a while without activity: a visible countdown, then sign-out.

    Dismisses True when the learner shows they are still here (any key, any click), False when
    the App says time ran out: the App counts down, from its clock (see ``ApprendreApp._check_idle``).
    """

    BINDINGS = [Binding("escape", "stay", "Je suis là")]

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.remaining = max(1, round(seconds))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialogue"):
            yield Static("Vous êtes toujours là ?", classes="titre-ecran")
            yield Static(self._text(), id="compte-a-rebours")
            with Horizontal(classes="boutons"):
                yield Button("Je suis là", id="rester", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#rester").focus()

    def show_remaining(self, seconds: float) -> None:
        remaining = max(1, math.ceil(seconds))
        if remaining != self.remaining:
            self.remaining = remaining
            self.query_one("#compte-a-rebours", Static).update(self._text())

    def _text(self) -> str:
        return (f"Sans réponse, vous serez déconnecté dans {count(self.remaining, 'seconde')}. "
                "Tout est enregistré.")

    @on(Button.Pressed, "#rester")
    def action_stay(self) -> None:
        self.dismiss(True)

    def on_key(self, event: events.Key) -> None:
        """Any key means « je suis là », not only Entrée, Espace or Échap."""
        event.stop()
        self.action_stay()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_stay()
