"""The catalogue: every module with the learner's status, and the questions due for review."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, ProgressBar, Static

from apprendre.courses.models import Cours
from apprendre.learning import next_steps as parcours
from apprendre.tui.learner_screen import LearnerScreen
from apprendre.tui.widgets import plain

FAMILLES = {"informatique": "Informatique", "numérique": "Numérique", "usages": "Usages"}
STATUTS = {"pas commencé": "Pas commencé", "en cours": "En cours", "terminé": "Terminé",
           "maîtrisé": "Maîtrisé ★"}


class CarteModule(Widget, can_focus=True):
    """One module in the catalogue: click it, or focus it and press Entrée."""

    BINDINGS = [Binding("enter", "open", "Ouvrir", show=False)]

    @dataclass
    class Ouverte(Message):
        cours: Cours

    def __init__(self, cours: Cours, statut: str, ratio: float) -> None:
        super().__init__(classes="carte")
        self.cours = cours
        self.statut = statut
        self.ratio = ratio

    def compose(self) -> ComposeResult:
        module = self.cours.module
        yield Static(plain(module.titre), classes="carte-titre")
        yield Static(plain(module.resume), classes="carte-resume")
        with Horizontal(classes="carte-infos"):
            yield Static(f"{module.duree} min · {FAMILLES[module.famille]} · {STATUTS[self.statut]}",
                         classes="carte-statut")
            if self.statut == "en cours":
                yield ProgressBar(total=100, show_eta=False, show_percentage=True)

    def on_mount(self) -> None:
        for bar in self.query(ProgressBar):
            bar.progress = round(self.ratio * 100)

    def on_click(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        self.post_message(self.Ouverte(self.cours))


class CatalogueScreen(LearnerScreen):
    BINDINGS = [
        Binding("escape", "back", show=False),
        Binding("v", "review", "À revoir"),
        Binding("d", "my_data", "Mes données"),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        library = self.app.library
        with Horizontal(id="catalogue-haut"):
            yield Static("Choisissez un module", classes="titre-ecran")
            yield Button("À revoir", id="revoir", compact=True)
            yield Button("Mes données", id="donnees", compact=True)
        with VerticalScroll(id="catalogue"):
            if self.app.apercu:
                yield Static(plain(preview_text(library)), id="apercu",
                             classes="alerte" if library.problemes else "discret")
            progression = self.session.progression
            for cours in library.cours:
                yield CarteModule(cours, parcours.status(progression, cours),
                                  parcours.progress_ratio(progression, cours))
            if not library.cours and not self.app.apercu:
                yield Static("Aucun module n'est disponible. Prévenez un médiateur.", classes="alerte")

    def action_back(self) -> None:
        """The catalogue is home: Escape stays here (« J'ai terminé » signs out)."""

    def refresh_progress(self) -> None:
        """Statuses and the review count change as the learner works: recompute on return."""
        self.show_review_count()
        progression = self.session.progression
        for carte in self.query(CarteModule):
            statut = parcours.status(progression, carte.cours)
            ratio = parcours.progress_ratio(progression, carte.cours)
            if (statut, ratio) != (carte.statut, carte.ratio):
                carte.statut, carte.ratio = statut, ratio
                carte.refresh(recompose=True)

    def show_review_count(self) -> None:
        due = len(parcours.due_questions(self.session.progression, self.app.library))
        button = self.query_one("#revoir", Button)
        button.label = f"À revoir ({due})" if due else "Rien à revoir"
        button.disabled = not due

    def on_mount(self) -> None:
        self.show_review_count()  # the cards were just composed with their status
        cartes = self.query(CarteModule)
        if cartes:
            cartes.first().focus()

    @on(CarteModule.Ouverte)
    def _open(self, event: CarteModule.Ouverte) -> None:
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


def preview_text(library) -> str:
    """The banner of « apprendre apercu »: what the checker says of the module."""
    if not library.problemes:
        return "Aperçu : rien n'est enregistré. Le vérificateur ne trouve aucun problème."
    lines = [f"Aperçu : {len(library.problemes)} problème(s) à corriger :"]
    lines += [f"- {probleme}" for probleme in library.problemes]
    return "\n".join(lines)
