"""« Je commence » and « Je reviens »: a pseudonym and an optional 4-digit code.

A new code is typed twice. « Code oublié ? » says who can help. The pseudonym
field takes anything typed or pasted, and says the limit as soon as it is passed
(a field that silently refused a long paste then said the name was empty).
One press of Entrée or of the button signs in once: a second quick press
neither counts a second wrong code nor reaches the next screen.
"""

from __future__ import annotations

import time
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from apprendre.learning.learner import NON_COMMUNIQUE, TRANCHES_AGE, TrancheAge
from apprendre.tui.app_screen import AppScreen
from apprendre.tui.widgets.pied import Pied

Mode = Literal["nouveau", "retour"]

TEXTS = {
    "nouveau": ("Je commence", "Choisissez un pseudo : un prénom, un surnom… "
                "Pas besoin de votre vrai nom.", "Créer mon profil"),
    "retour": ("Je reviens", "Écrivez votre pseudo, et votre code si vous en avez choisi un.",
               "Continuer"),
}


REPEAT_SECONDS = 1.0
"""The same attempt again within this time is a double press, not a new try."""
FORGOTTEN = ("Code oublié ? Un médiateur peut supprimer le code de votre profil depuis l'espace "
             "médiateur : vous reviendrez alors avec votre seul pseudo, sans rien perdre. "
             "Demandez-lui.")


class IdentificationScreen(AppScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode
        self._done = False
        self._last: tuple[str, str, bool, float] | None = None

    def compose(self) -> ComposeResult:
        title, help_text, action = TEXTS[self.mode]
        with Vertical(id="identification"):
            yield Static(title, classes="titre-ecran")
            yield Static(help_text)
            yield Label("Pseudo")
            yield Input(id="pseudo", placeholder="par exemple : Zoé")
            if self.mode == "nouveau":
                yield Label("Code à 4 chiffres (facultatif), tapé deux fois")
                with Horizontal(id="codes"):
                    yield Input(id="code", max_length=4, restrict=r"[0-9]*", password=True,
                                placeholder="4 chiffres, ou rien")
                    yield Input(id="confirmation", max_length=4, restrict=r"[0-9]*", password=True,
                                placeholder="le même code")
                yield Static("Le code empêche quelqu'un d'autre d'utiliser votre profil. "
                             "Notez-le bien.", classes="discret")
                yield Label("Votre âge (facultatif, pour des totaux anonymes)")
                yield Select([(NON_COMMUNIQUE, NON_COMMUNIQUE)] + [(band, band) for band in TRANCHES_AGE],
                             value=NON_COMMUNIQUE, allow_blank=False, id="tranche-age", compact=True)
            else:
                yield Label("Code (si vous en avez un)")
                yield Input(id="code", max_length=4, restrict=r"[0-9]*", password=True,
                            placeholder="4 chiffres, ou rien")
            yield Static("", id="erreur", markup=False)
            with Horizontal(classes="boutons"):
                yield Button(action, id="valider", variant="primary")
                yield Button("Reprendre ici", id="reprendre", variant="warning")
                if self.mode == "retour":
                    yield Button("Code oublié ?", id="oublie")
                yield Button("Retour", id="retour")
        yield Pied()

    @on(Input.Changed, "#pseudo")
    def _pseudo_changed(self, event: Input.Changed) -> None:
        from apprendre.storage.pseudos import LONGUEUR_MAX

        length = len(event.value.strip())
        if length > LONGUEUR_MAX:
            self._say(f"Ce pseudo est trop long ({length} caractères) : {LONGUEUR_MAX} caractères au plus.")
        elif self._said_too_long:
            self._say("")

    @property
    def _said_too_long(self) -> bool:
        return "trop long" in str(self.query_one("#erreur", Static).render())

    def _say(self, message: str) -> None:
        self.query_one("#erreur", Static).update(message)

    @on(Button.Pressed, "#oublie")
    def _forgotten(self) -> None:
        self._say(FORGOTTEN)

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.app.pop_screen()

    @on(Input.Submitted, "#pseudo")
    def _next_field(self) -> None:
        if not self.query_one("#pseudo", Input).value.strip():
            self._say("Écrivez d'abord votre pseudo.")
            return
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    def _code_typed(self) -> None:
        if self.mode == "nouveau" and self.query_one("#code", Input).value:
            self.query_one("#confirmation", Input).focus()
        else:
            self._sign_in(forcer=False)

    def on_mount(self) -> None:
        self.query_one("#reprendre").display = False

    @on(Input.Submitted, "#confirmation")
    @on(Button.Pressed, "#valider")
    def _submit(self) -> None:
        self._sign_in(forcer=False)

    @on(Button.Pressed, "#reprendre")
    def _take_over(self) -> None:
        """The learner is still open on another terminal (left without « J'ai terminé »):
        continue here; both terminals merge their facts, so nothing is lost."""
        self._sign_in(forcer=True)

    def _age_band(self) -> TrancheAge | None:
        """The age band chosen, or None for « Non communiqué »."""
        value = self.query_one("#tranche-age", Select).value
        return next((band for band in TRANCHES_AGE if band == value), None)

    def _sign_in(self, forcer: bool) -> None:
        from apprendre.storage import CodeFaux, DejaOuvert, StorageError

        pseudo = self.query_one("#pseudo", Input).value
        code = self.query_one("#code", Input).value or None
        attempt = (pseudo, code or "", forcer, time.monotonic())
        if self._done or (self._last is not None and self._last[:3] == attempt[:3]
                          and attempt[3] - self._last[3] < REPEAT_SECONDS):
            return  # a double press: the first one is being answered
        if not pseudo.strip():
            self._say("Écrivez d'abord votre pseudo.")
            self.query_one("#pseudo", Input).focus()
            return
        if self.mode == "nouveau" and code and code != self.query_one("#confirmation", Input).value:
            self._say("Les deux codes ne sont pas les mêmes. Tapez votre code dans les deux cases.")
            for field in ("#code", "#confirmation"):
                self.query_one(field, Input).value = ""
            self.query_one("#code", Input).focus()
            return
        # Only an attempt that reaches the accounts counts for the double-press guard: a learner
        # who fixes the confirmation within a second must not be ignored as a repeat.
        self._last = attempt
        try:
            depot = self.app.depot
            if self.mode == "nouveau":
                session = depot.create(pseudo, code, tranche_age=self._age_band())
            else:
                session = depot.sign_in(pseudo, code, forcer=forcer)
        except StorageError as error:
            self._say(str(error))
            self.query_one("#reprendre").display = isinstance(error, DejaOuvert)
            if isinstance(error, CodeFaux):
                self.query_one("#code", Input).value = ""
                self.query_one("#code", Input).focus()
                self._last = (pseudo, "", forcer, attempt[3])  # a second quick press is still the same one
            return
        self._done = True
        self.app.pop_screen()
        self.app.start_session(session)
        if session.avertissement is not None:
            self.app.notify(str(session.avertissement), title="Votre progression", severity="warning",
                            timeout=15, markup=False)
