"""Marking a séance d'atelier: date, title, level, duration, modules worked on, who took part.

Only anonymous counts are kept (see ``storage.seances``): how many took part,
how many had come before, how many in each age band. The learners ticked here
are counted, never recorded.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from apprendre.courses.models import THEMATIQUES_COOP
from apprendre.learning.learner import NON_COMMUNIQUE
from apprendre.reports.activity import local_midnight
from apprendre.reports.coop import NIVEAUX, TRANCHES, Seance
from apprendre.reports.summary import Resume
from apprendre.tui.app_screen import AppScreen
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.pied import Pied


class SeanceScreen(AppScreen[bool]):
    """Dismisses True when a séance was saved."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, apprenants: list[Resume]) -> None:
        super().__init__()
        self.apprenants = sorted((a for a in apprenants if a.pseudo), key=lambda a: -(a.derniere_visite or 0))

    def compose(self) -> ComposeResult:
        today = date.today()
        start = local_midnight(today)
        with VerticalScroll(id="seance"):
            yield Static("Marquer une séance d'atelier", classes="titre-ecran")
            yield Static("Pour La Coop : seuls des nombres sont gardés, jamais qui était là.", classes="discret")
            with Horizontal(classes="periode"):
                yield Label("Date")
                yield Input(today.isoformat(), id="seance-date", placeholder="AAAA-MM-JJ")
                yield Label("Durée (min)")
                yield Input("90", id="seance-duree", restrict=r"[0-9]*", max_length=3)
            yield Label("Titre")
            yield Input(id="seance-titre", max_length=100, placeholder="par exemple : Premiers pas sur internet")
            yield Label("Niveau")
            yield Select([(niveau, niveau) for niveau in NIVEAUX], value=NIVEAUX[0], allow_blank=False,
                         id="seance-niveau", compact=True)
            yield Label("Modules travaillés (leurs thématiques de La Coop)")
            yield SelectionList[str](*[(plain(c.module.titre), c.id) for c in self.app.library.cours],
                                     id="seance-modules")
            yield Label("Apprenants présents (cochés : ceux venus aujourd'hui)")
            yield SelectionList[str](*[(plain(a.pseudo or ""), a.id, any(debut >= start for debut, _ in a.visites))
                                       for a in self.apprenants], id="seance-apprenants")
            with Horizontal(classes="periode"):
                yield Label("Autres participants, sans profil")
                yield Input("0", id="seance-autres", restrict=r"[0-9]*", max_length=3)
            yield Static("", id="seance-erreur", markup=False)
            with Horizontal(classes="boutons"):
                yield Button("Enregistrer la séance", id="seance-enregistrer", variant="primary")
                yield Button("Annuler", id="seance-annuler")
        yield Pied()

    def on_mount(self) -> None:
        self.query_one("#seance-titre").focus()

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#seance-annuler")
    def _cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#seance-enregistrer")
    def _save(self) -> None:
        from apprendre.storage import StorageError
        from apprendre.storage.seances import save_seance

        seance = self.seance()
        if seance is None:
            return
        try:
            save_seance(self.app.donnees_folder, seance)
        except StorageError as error:
            self.query_one("#seance-erreur", Static).update(str(error))
            return
        self.notify(f"Séance « {seance.titre} » du {seance.date.isoformat()} enregistrée : "
                    f"{seance.participants} participants.", title="La Coop", markup=False)
        self.dismiss(True)

    def seance(self) -> Seance | None:
        """The séance as typed, or None after saying what is missing."""
        error = self.query_one("#seance-erreur", Static)
        try:
            day = date.fromisoformat(self.query_one("#seance-date", Input).value.strip())
        except ValueError:
            error.update("Écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-03-12.")
            return None
        titre = " ".join(self.query_one("#seance-titre", Input).value.split())
        if not titre:
            error.update("Donnez un titre à la séance (celui que vous mettrez dans La Coop).")
            return None
        duree = int(self.query_one("#seance-duree", Input).value or 0)
        if not 1 <= duree <= 600:
            error.update("La durée s'écrit en minutes, de 1 à 600.")
            return None
        chosen = set(self.query_one("#seance-apprenants", SelectionList).selected)
        present = [a for a in self.apprenants if a.id in chosen]
        others = int(self.query_one("#seance-autres", Input).value or 0)
        if not present and not others:
            error.update("Cochez les apprenants présents, ou donnez le nombre d'autres participants.")
            return None
        before = local_midnight(day)
        bands = {band: 0 for band in TRANCHES}
        for apprenant in present:
            bands[apprenant.tranche_age or NON_COMMUNIQUE] += 1
        bands[NON_COMMUNIQUE] += others
        modules = set(self.query_one("#seance-modules", SelectionList).selected)
        themes = {t for c in self.app.library.cours if c.id in modules for t in c.module.thematiques}
        return Seance(
            date=day, titre=titre, niveau=str(self.query_one("#seance-niveau", Select).value), duree=duree,
            participants=len(present) + others,
            deja_accompagnes=sum(any(debut < before for debut, _ in a.visites) for a in present),
            thematiques=tuple(t for t in THEMATIQUES_COOP if t in themes),
            tranches=tuple((band, n) for band, n in bands.items() if n),
        )
