"""Small dialogs: a yes/no confirmation, « Vous êtes toujours là ? », the attestation's name and folder."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from apprendre.base.french import count
from apprendre.tui.app_screen import AppModal, AppScreen
from apprendre.tui.widgets import plain


class Confirmation(AppModal[bool]):
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


class InactiviteDialog(AppModal[bool]):
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


class AttestationDialog(AppModal["tuple[str, str] | None"]):
    """The name to print on an attestation (not stored) and, for a mediator, the folder to write it to.

    Dismisses (name, folder) — an empty name keeps the pseudonym — or None for « Annuler »."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, dossier: str, choisir_dossier: bool) -> None:
        super().__init__()
        self.dossier, self.choisir_dossier = dossier, choisir_dossier

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialogue", id="attestation"):
            yield Static("Attestation de suivi", classes="titre-ecran")
            yield Static("Elle dit les modules terminés et maîtrisés, avec leurs dates. "
                         "Ce n'est pas une certification (c'est Pix qui certifie).")
            yield Label("Nom à écrire dessus (facultatif, jamais enregistré ; sinon le pseudo)")
            yield Input(id="nom", max_length=80, placeholder="par exemple : Zoé Martin")
            if self.choisir_dossier:
                yield Label("Dossier où l'écrire (PDF et texte)")
                yield Input(self.dossier, id="dossier")
            with Horizontal(classes="boutons"):
                yield Button("Écrire l'attestation", id="ecrire", variant="primary")
                yield Button("Annuler", id="annuler")

    def on_mount(self) -> None:
        self.query_one("#nom").focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ecrire")
    def _write(self) -> None:
        folder = self.query_one("#dossier", Input).value.strip() if self.choisir_dossier else self.dossier
        self.dismiss((self.query_one("#nom", Input).value, folder or self.dossier))

    @on(Button.Pressed, "#annuler")
    def action_cancel(self) -> None:
        self.dismiss(None)


async def write_attestation_and_tell(screen: AppScreen[Any], apprenant_id: str, choisir_dossier: bool) -> None:
    """Ask the name to print (and the folder, for a mediator), write the PDF and the text, say where."""
    from apprendre.storage import StorageError
    from apprendre.storage.attestations import attestations_folder, write_attestation

    app = screen.app
    try:
        reglages = app.depot.reglages
        folder = attestations_folder(app.donnees_folder, reglages)
    except StorageError as error:
        screen.notify(str(error), title="Attestation", severity="error", markup=False)
        return
    answer = await app.push_screen_wait(AttestationDialog(str(folder), choisir_dossier))
    if answer is None:
        return
    nom, chosen = answer
    try:
        if choisir_dossier and chosen != str(folder):
            from apprendre.storage.settings import save_reglages

            reglages = reglages.model_copy(update={"dossier_attestations": chosen})
            save_reglages(app.donnees_folder, reglages)  # the mediator's choice, kept for next time
        pdf, _ = write_attestation(Path(chosen).expanduser(), app.depot.load(apprenant_id), app.library,
                                   reglages, nom)
    except StorageError as error:
        screen.notify(str(error), title="Attestation", severity="error", timeout=15, markup=False)
        return
    screen.notify(f"Attestation écrite : {pdf} (et la même en texte, .txt).", title="Attestation",
                  timeout=15, markup=False)
