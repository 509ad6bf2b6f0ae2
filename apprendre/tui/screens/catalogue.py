"""The catalogue: every module with the learner's status, and the questions due for review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from apprendre.base.french import count
from apprendre.learning import next_steps as parcours
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.cartes import Carte, CartesModules

if TYPE_CHECKING:
    from apprendre.courses.library import Bibliotheque


class CatalogueScreen(LearnerScreen):
    BINDINGS = [
        Binding("escape", "back", show=False),
        Binding("v", "review", "À revoir"),
        Binding("d", "my_data", "Mes données"),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]
    """↑/↓ go from the buttons to the cards; within the cards, the list moves its own cursor."""

    def compose_body(self) -> ComposeResult:
        library = self.app.library
        with Horizontal(id="catalogue-haut"):
            yield Static("Choisissez un module", classes="titre-ecran")
            yield Button("À revoir", id="revoir", compact=True)
            yield Button("Mes données", id="donnees", compact=True)
        with Vertical(id="catalogue"):
            if self.app.apercu:
                with VerticalScroll(id="apercu-defilant"):
                    yield Static(plain(preview_text(library)), id="apercu",
                                 classes="alerte" if library.problemes else "discret")
            if library.cours:
                yield CartesModules(self.cards(), id="cartes")
            elif not self.app.apercu:
                yield Static("Aucun module n'est disponible. Prévenez un médiateur.", classes="alerte")

    def cards(self) -> list[Carte]:
        """Each module with the learner's status, their facts grouped by module once."""
        cours = self.app.library.cours
        library = self.app.library
        return [Carte(c, statut, ratio, origin(library, c.id))
                for c, (statut, ratio) in zip(cours, parcours.statuses(self.session.progression, cours))]

    def action_back(self) -> None:
        """The catalogue is home: Escape stays here (« J'ai terminé » signs out)."""

    def refresh_progress(self) -> None:
        """Statuses and the review count change as the learner works: recompute on return."""
        self.show_review_count()
        for liste in self.query(CartesModules):
            liste.update_cards(self.cards())

    def show_review_count(self) -> None:
        due = parcours.due_count(self.session.progression, self.app.library)
        button = self.query_one("#revoir", Button)
        button.label = f"À revoir ({due})" if due else "Rien à revoir"
        button.disabled = not due

    def on_mount(self) -> None:
        self.show_review_count()  # the cards were just composed with their status
        for liste in self.query(CartesModules):
            liste.focus()

    @on(CartesModules.Ouverte)
    def _open(self, event: CartesModules.Ouverte) -> None:
        self.app.open_module(event.cours)

    @on(Button.Pressed, "#revoir")
    def action_review(self) -> None:
        due = parcours.due_questions(self.session.progression, self.app.library)
        if not due:
            self.notify("Aucune question à revoir pour le moment.", title="À revoir")
            return
        self.app.open_quiz(due, titre="À revoir")

    @on(Button.Pressed, "#donnees")
    def action_my_data(self) -> None:
        self.app.open_my_data()


def origin(library: Bibliotheque, module_id: str) -> str:
    """Where a module of the catalogue comes from, when it is not simply the shipped library."""
    if module_id in library.remplaces:
        return "Module du lieu, à la place du module livré"
    if module_id in library.du_lieu:
        return "Module du lieu"
    if module_id in library.caches:
        return "Module livré (celui du lieu, au même nom, n'est pas montré)"
    return ""


def preview_text(library: Bibliotheque) -> str:
    """The banner of « apprendre apercu »: what the checker says of the module."""
    if not library.problemes:
        return "Aperçu : rien n'est enregistré. Le vérificateur ne trouve aucun problème."
    lines = [f"Aperçu : {count(len(library.problemes), 'problème')} à corriger :"]
    lines += [f"- {probleme}" for probleme in library.problemes]
    return "\n".join(lines)
