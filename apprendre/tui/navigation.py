"""Going from one screen to another: the only place that knows every screen.

Screens never import each other: they ask the App (``self.app.open_module(cours)``),
which mixes this class in. Each screen is imported when first shown, so that
« Bienvenue » appears as fast as a bare app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from apprendre.courses.models import Cours, Lecon, Question
    from apprendre.learning.attempt import AnsweredQuestion


class Navigation(App[None]):
    """The journeys of DESIGN.md, one method per step."""

    # --- Bienvenue -------------------------------------------------------------------------

    def open_identification(self, mode: str) -> None:
        from apprendre.tui.screens.identification import IdentificationScreen

        self.push_screen(IdentificationScreen(mode))  # type: ignore[arg-type]

    def open_mediator_access(self) -> None:
        from apprendre.tui.screens.mediateur_acces import MediateurAccesScreen

        self.push_screen(MediateurAccesScreen())

    def open_mediator_space(self) -> None:
        """Replaces the code screen: « Retour » from the space goes back to Bienvenue."""
        from apprendre.tui.screens.mediateur import EspaceMediateurScreen

        self.switch_screen(EspaceMediateurScreen())

    def open_workshop_form(self, apprenants: Any, callback: Any) -> None:
        """« Marquer une séance d'atelier », from the espace médiateur; ``callback(saved)`` after."""
        from apprendre.tui.screens.seance import SeanceScreen

        self.push_screen(SeanceScreen(apprenants), callback)

    # --- The learner's journey -------------------------------------------------------------

    def open_catalogue(self) -> None:
        from apprendre.tui.screens.catalogue import CatalogueScreen

        self.push_screen(CatalogueScreen())

    def back_to_catalogue(self) -> None:
        """Pop every screen above the catalogue (the second screen of the stack)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def open_module(self, cours: Cours) -> None:
        from apprendre.tui.screens.module import ModuleScreen

        self.push_screen(ModuleScreen(cours))

    def open_lesson(self, cours: Cours, index: int, lecon: Lecon, page: int = 0) -> None:
        from apprendre.tui.screens.lecon import LeconScreen

        self.push_screen(LeconScreen(cours, index, lecon, page))

    def open_quiz(self, questions: list[tuple[Cours, Question]], titre: str, module: Cours | None = None,
                  *, replace: bool = False) -> None:
        """``replace``: the quiz takes the place of the current screen (the lesson's last page,
        « Recommencer »), so that « Retour » leads back to the module."""
        from apprendre.tui.screens.quiz import QuizScreen

        screen = QuizScreen(questions, titre=titre, module=module)
        self.switch_screen(screen) if replace else self.push_screen(screen)

    def open_module_quiz(self, cours: Cours, *, replace: bool = False) -> None:
        """A module's quiz, read now; a quiz file that broke since the catalogue was loaded is
        said in French (what to do, then the file, line and problem), and nothing opens."""
        from apprendre.base.files import FileError
        from apprendre.courses.library import QUIZ_BROKEN

        try:
            questions = cours.quiz.questions
        except FileError as error:
            self.notify(f"{QUIZ_BROKEN}\n{error.problemes[0]}", title="Quiz", severity="error", timeout=10,
                        markup=False)
            return
        self.open_quiz([(cours, q) for q in questions], titre=cours.module.titre, module=cours, replace=replace)

    def show_result(self, resultats: list[AnsweredQuestion], titre: str, module: Cours | None) -> None:
        from apprendre.tui.screens.resultat import ResultatScreen

        self.switch_screen(ResultatScreen(resultats, titre, module))

    def open_my_data(self) -> None:
        from apprendre.tui.screens.mes_donnees import MesDonneesScreen

        self.push_screen(MesDonneesScreen())

    def back_to_module_lesson(self, index: int = 0) -> Any:
        """From the result: back to the module screen below, and open one of its lessons."""
        from apprendre.tui.screens.module import ModuleScreen

        self.pop_screen()
        if isinstance(self.screen, ModuleScreen):
            self.screen.open_lesson(index)
