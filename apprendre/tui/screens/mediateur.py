"""The espace médiateur: learners, modules, activity report, retention — and quitting the app.

Every figure comes from ``apprendre.reports.follow_up`` and ``apprendre.reports.activity``, the same
computations as the command line, so the screen and the CSV always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)

from apprendre.base.french import count, os_reason, plural
from apprendre.reports import activity as rapport
from apprendre.reports import coop
from apprendre.reports import follow_up as suivi
from apprendre.tui.app_screen import AppScreen
from apprendre.tui.dialogs import Confirmation, write_attestation_and_tell
from apprendre.tui.widgets import plain
from apprendre.tui.widgets.pied import Pied

if TYPE_CHECKING:
    from apprendre.learning.learner import Apprenant

COLUMNS = (("pseudo", "Pseudo"), ("derniere_visite", "Dernière visite"), ("commences", "Commencés"),
           ("termines", "Terminés"), ("maitrises", "Maîtrisés"), ("score_moyen", "Score moyen"))


def period_fields(du: str, au: str, show: str) -> ComposeResult:
    """« Du … au … Afficher »: the period of a report (activity or La Coop)."""
    yield Label("Du")
    yield Input(id=du, placeholder="AAAA-MM-JJ")
    yield Label("au")
    yield Input(id=au, placeholder="AAAA-MM-JJ")
    yield Button("Afficher", id=show, compact=True)


class TableCliquable(DataTable[object]):
    """A table whose rows open with one click (and Entrée), as the screen says."""

    async def _on_click(self, event: events.Click) -> None:
        before = self.cursor_coordinate
        await super()._on_click(event)
        row = event.style.meta.get("row", -1)
        if row >= 0 and self.cursor_coordinate.row == row and self.cursor_coordinate != before:
            self.action_select_cursor()  # the first click only moved the cursor: open now


class EspaceMediateurScreen(AppScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Fermer l'espace médiateur"),
        Binding("f2", "app.toggle_contrast", "Contraste"),
    ]
    AUTO_FOCUS = "ContentTabs"
    """Arriving, the tabs have the focus (← → change tab, Tab goes into it), not « Fermer », the first
    button: an Entrée pressed once too often after the code must not close the space. (Not a field
    inside a tab: Textual brings back the tab of the focused widget when another one is chosen.)"""

    def __init__(self) -> None:
        super().__init__()
        self.sort_key, self.sort_descending = "pseudo", False
        self.suggested_csv: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="barre"):
            yield Static("apprendre", id="barre-nom")
            yield Static("Espace médiateur", id="barre-qui")
            yield Static("", id="barre-pseudo")
            yield Button("Fermer", id="fermer", compact=True)
            yield Button("Quitter l'application", id="quitter", compact=True, variant="error")
        with TabbedContent(id="onglets"):
            with TabPane("Apprenants", id="onglet-apprenants"):
                yield Input(id="recherche", placeholder="Chercher un pseudo…")
                yield TableCliquable(id="apprenants", cursor_type="row", zebra_stripes=True)
                yield Static("Entrée ou un clic sur une ligne : le parcours et les actions.", classes="discret")
            with TabPane("Modules", id="onglet-modules"):
                with Horizontal():
                    yield OptionList(id="modules")
                    with VerticalScroll(id="stats-module"):
                        yield Static("Choisissez un module.", id="stats", markup=False)
            with TabPane("Rapport", id="onglet-rapport"):
                with Horizontal(classes="periode"):
                    yield from period_fields("du", "au", "afficher")
                with VerticalScroll():
                    yield Static("", id="rapport", markup=False)
                with Horizontal(classes="periode"):
                    yield Input(id="fichier-csv")
                    yield Button("Exporter en CSV", id="exporter", compact=True, variant="primary")
            with TabPane("La Coop", id="onglet-coop"):
                with Horizontal(classes="periode"):
                    yield from period_fields("coop-du", "coop-au", "coop-afficher")
                    yield Button("Séance d'atelier", id="seance", compact=True)
                with VerticalScroll():
                    yield Static("", id="coop", markup=False)
                with Horizontal(classes="periode"):
                    yield Input(id="coop-csv")
                    yield Button("Exporter en CSV", id="coop-exporter", compact=True, variant="primary")
            with TabPane("Conservation", id="onglet-conservation"):
                with VerticalScroll():
                    yield Static("", id="inactifs", markup=False)
                yield Button("Effacer ces apprenants", id="purger", variant="error")
        yield Pied()

    def on_mount(self) -> None:
        today = date.today()
        self.query_one("#du", Input).value = today.replace(month=1, day=1).isoformat()
        self.query_one("#au", Input).value = today.isoformat()
        self.query_one("#coop-du", Input).value = today.replace(month=1, day=1).isoformat()
        self.query_one("#coop-au", Input).value = today.isoformat()
        table = self.query_one("#apprenants", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        modules = self.query_one("#modules", OptionList)
        modules.add_options([plain(cours.module.titre) for cours in self.app.library.cours])
        self.reload()
        warning = self._settings_warning()
        if warning:
            self.notify(warning, title="Réglages", severity="warning", timeout=20, markup=False)

    def _settings_warning(self) -> str | None:
        from apprendre.storage import StorageError

        try:
            return self.app.depot.reglages.avertissement
        except StorageError as error:
            return str(error)

    # --- Data -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every learner's file again (after an erasure, or when the screen opens)."""
        from apprendre.storage import StorageError
        from apprendre.storage.conflicts import merge_conflicts
        from apprendre.storage.summary_cache import load_resumes

        try:
            merge_conflicts(self.app.depot)  # what only a sync tool's conflict copy holds counts too
            self.apprenants = list(load_resumes(self.app.depot, pseudo=True))
        except StorageError as error:
            self.apprenants = []
            self.notify(str(error), title="Apprenants", severity="error", timeout=15, markup=False)
        self.rows = suivi.learners_table(self.apprenants, self.app.library)
        self.show_learners()
        self.show_report()
        self.show_coop()
        self.show_inactive()

    def show_learners(self) -> None:
        table = self.query_one("#apprenants", DataTable)
        table.clear()
        rows = suivi.search(self.rows, self.query_one("#recherche", Input).value)
        for row in suivi.sort_rows(rows, self.sort_key, self.sort_descending):
            table.add_row(Text(row.pseudo), _date(row.derniere_visite), str(row.commences),
                          str(row.termines), str(row.maitrises), _percent(row.score_moyen), key=row.id)

    @on(Input.Changed, "#recherche")
    def _search(self) -> None:
        self.show_learners()

    @on(DataTable.HeaderSelected)
    def _sort(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.sort_descending = not self.sort_descending if key == self.sort_key else False
        self.sort_key = key
        self.show_learners()

    @on(DataTable.RowSelected)
    def _open_learner(self, event: DataTable.RowSelected) -> None:
        from apprendre.storage import StorageError

        if event.row_key.value is None:  # every row is added with its learner's id as key
            return
        try:
            apprenant = self.app.depot.load(event.row_key.value)
        except StorageError as error:
            self.notify(str(error), title="Apprenant", severity="error", markup=False)
            return
        self.app.push_screen(ApprenantScreen(apprenant), self._after_learner)

    def _after_learner(self, changed: bool | None) -> None:
        if changed:
            self.reload()

    @on(OptionList.OptionHighlighted, "#modules")
    def _module_stats(self, event: OptionList.OptionHighlighted) -> None:
        cours = self.app.library.cours[event.option_index]
        stats = suivi.module_stats(self.apprenants, cours)
        self.query_one("#stats", Static).update(module_text(stats))

    # --- Report ---------------------------------------------------------------------------

    def period(self, du: str = "#du", au: str = "#au", out: str = "#rapport") -> tuple[date, date] | None:
        """The period typed in the ``du`` and ``au`` fields; if a date is wrong, says so in ``out``."""
        try:
            return (date.fromisoformat(self.query_one(du, Input).value.strip()),
                    date.fromisoformat(self.query_one(au, Input).value.strip()))
        except ValueError:
            self.query_one(out, Static).update("Écrivez les dates sous la forme AAAA-MM-JJ, par exemple 2026-01-31.")
            return None

    def suggest_csv(self, field: str, name: str) -> None:
        """Put the default CSV path in ``field``, never over a path the mediator typed."""
        path = self.query_one(field, Input)
        if not path.value or path.value == self.suggested_csv.get(field):
            self.suggested_csv[field] = path.value = str(Path.home() / name)

    def export_csv(self, field: str, write: Callable[[Path], None], title: str, done: str) -> None:
        path = Path(self.query_one(field, Input).value.strip()).expanduser()
        try:
            write(path)
        except OSError as error:
            self.notify(f"Le fichier « {path} » n'a pas pu être écrit ({os_reason(error)}).",
                        title=title, severity="error", markup=False)
            return
        self.notify(f"{done} : {path}", title=title, markup=False)

    @on(Button.Pressed, "#afficher")
    def show_report(self) -> None:
        period = self.period()
        if period is None:
            return
        self.report = rapport.build_report(self.apprenants, self.app.library, *period)
        self.query_one("#rapport", Static).update(rapport.render_table(self.report))
        self.suggest_csv("#fichier-csv", rapport.default_csv_name(*period))

    @on(Button.Pressed, "#exporter")
    def _export(self) -> None:
        self.export_csv("#fichier-csv", lambda path: rapport.write_csv(self.report, path),
                        "Rapport", "Rapport enregistré")

    # --- La Coop --------------------------------------------------------------------------

    @on(Button.Pressed, "#coop-afficher")
    def show_coop(self) -> None:
        from apprendre.storage.seances import load_seances

        period = self.period("#coop-du", "#coop-au", "#coop")
        if period is None:
            return
        seances = load_seances(self.app.donnees_folder)
        self.coop_report = coop.build_coop(self.apprenants, self.app.library, *period, seances)
        self.query_one("#coop", Static).update(coop.render_coop(self.coop_report))
        self.suggest_csv("#coop-csv", coop.default_coop_csv_name(*period))

    @on(Button.Pressed, "#coop-exporter")
    def _export_coop(self) -> None:
        self.export_csv("#coop-csv", lambda path: coop.write_coop_csv(self.coop_report, path),
                        "La Coop", "Rapport pour La Coop enregistré")

    @on(Button.Pressed, "#seance")
    def _mark_workshop(self) -> None:
        self.app.open_workshop_form(self.apprenants, self._after_workshop)

    def _after_workshop(self, saved: bool | None) -> None:
        if saved:
            self.show_coop()

    # --- Retention ------------------------------------------------------------------------

    def _retention_months(self) -> int:
        from apprendre.storage import StorageError
        from apprendre.storage.settings import Reglages

        try:
            return self.app.depot.reglages.conservation_mois
        except StorageError:  # the data folder can't be used: already said by reload()
            return Reglages().conservation_mois

    def show_inactive(self) -> None:
        months = self._retention_months()
        self.inactive = suivi.inactive(self.apprenants, months, library=self.app.library)
        if not self.inactive:
            text = f"Aucun apprenant sans visite depuis plus de {months} mois."
        else:
            text = "\n".join([f"Sans visite depuis plus de {months} mois :"] +
                             [f"- {row.pseudo} (dernière visite : {_date(row.derniere_visite)})"
                              for row in self.inactive])
        self.query_one("#inactifs", Static).update(text)
        self.query_one("#purger", Button).display = bool(self.inactive)

    @on(Button.Pressed, "#purger")
    @work
    async def _purge(self) -> None:
        number = len(self.inactive)
        question = (f"Effacer {count(number, 'apprenant')} et toutes leurs données ? "
                    "On ne pourra pas les retrouver.")
        from apprendre.storage import StorageError
        from apprendre.storage.settings import refuse_if_unreadable

        try:  # before asking: the retention period must be the site's own
            refuse_if_unreadable(self.app.depot.reglages, "Rien n'a été effacé : la durée de conservation "
                                                          "n'est peut-être pas celle que le site a choisie")
        except StorageError as error:
            self.notify(str(error), title="Conservation", severity="error", timeout=30, markup=False)
            return
        if not await self.app.push_screen_wait(Confirmation(question, oui="Oui, effacer")):
            return
        erase_and_tell(self, [row.id for row in self.inactive])
        self.reload()

    @on(Button.Pressed, "#fermer")
    def _close(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#quitter")
    def _quit(self) -> None:
        self.app.quit_now()


class ApprenantScreen(AppScreen[bool]):
    """One learner: their journey, « Réinitialiser le code », « Effacer ». Dismisses True if changed."""

    BINDINGS = [Binding("escape", "back", "Retour")]

    def __init__(self, apprenant: Apprenant) -> None:
        super().__init__()
        self.apprenant = apprenant

    def compose(self) -> ComposeResult:
        with Vertical(id="fiche-apprenant"):
            yield Static(plain(self.apprenant.pseudo), classes="titre-ecran")
            with VerticalScroll():
                lines = [str(line) for line in suivi.learner_journey(self.apprenant, self.app.library)]
                yield Static(plain("\n".join(lines) or "Aucune activité pour le moment."), id="parcours")
            with Horizontal(classes="boutons"):
                yield Button("Retour", id="retour", variant="primary")
                yield Button("Attestation", id="attestation")
                if self.apprenant.code:
                    yield Button("Réinitialiser le code", id="reinitialiser")
                yield Button("Effacer cet apprenant", id="effacer", variant="error")
        yield Pied()

    def action_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#retour")
    def _back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#attestation")
    @work
    async def _attestation(self) -> None:
        await write_attestation_and_tell(self, self.apprenant.id, choisir_dossier=True)

    @on(Button.Pressed, "#reinitialiser")
    @work
    async def _reset(self) -> None:
        question = ("Supprimer le code de cet apprenant ? Il pourra revenir avec son seul pseudo, "
                    "puis en choisir un nouveau en recréant son profil avec vous.")
        if not await self.app.push_screen_wait(Confirmation(question, oui="Oui, supprimer le code")):
            return
        from apprendre.storage import StorageError

        try:
            self.app.depot.reset_code(self.apprenant.id, None)
        except StorageError as error:
            self.notify(str(error), title="Apprenant", severity="error", timeout=15, markup=False)
            return
        self.notify("Le code est supprimé.", title="Apprenant")
        self.dismiss(True)

    @on(Button.Pressed, "#effacer")
    @work
    async def _erase(self) -> None:
        question = ("Effacer cet apprenant ? Son pseudo, son code et toute sa progression seront "
                    "supprimés, copies comprises. On ne pourra pas les retrouver.")
        if await self.app.push_screen_wait(Confirmation(question, oui="Oui, effacer")):
            erase_and_tell(self, [self.apprenant.id])
            self.dismiss(True)


def erase_and_tell(screen: AppScreen[Any], ids: list[str]) -> None:
    """Erase learners completely (every copy, their summary) and say how it went."""
    failures = screen.app.depot.erase_all(ids)
    erased = len(ids) - len(failures)
    if erased:
        screen.notify(f"{count(erased, 'apprenant')} {plural(erased, 'effacé')}.",
                      title="Effacement")
    for _, error in failures:
        screen.notify(str(error), title="Effacement", severity="error", timeout=15, markup=False)


def module_text(stats: suivi.StatsModule) -> str:
    lines = [f"Commencé par {stats.commences} · terminé par {stats.termines} · "
             f"maîtrisé par {stats.maitrises}", "", "Questions, les plus difficiles d'abord :"]
    lines += [f"- {_percent(q.part_juste)} de bonnes réponses ({count(q.reponses, 'réponse')}) : {q.enonce}"
              for q in stats.questions]
    if stats.elements_mal_classes:
        lines += ["", "Éléments les plus souvent mal classés :"]
        lines += [f"- {texte} : {fois} fois" for texte, fois in stats.elements_mal_classes.items()]
    return "\n".join(lines)


def _date(moment: datetime | None) -> str:
    return moment.strftime("%d/%m/%Y") if moment else "—"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)} %"
