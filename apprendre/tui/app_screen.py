"""Screens that know their App's type, so that ``self.app.library`` or ``self.app.open_quiz(…)``
are checked by mypy like any other call (Textual types ``Screen.app`` as a bare ``App``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from apprendre.tui.app import ApprendreApp

ResultType = TypeVar("ResultType")


class AppScreen(Screen[ResultType]):
    """A full screen of apprendre."""

    @property
    def app(self) -> ApprendreApp:  # type: ignore[override]
        return cast("ApprendreApp", super().app)


class AppModal(ModalScreen[ResultType]):
    """A dialog of apprendre, shown over another screen."""

    @property
    def app(self) -> ApprendreApp:  # type: ignore[override]
        return cast("ApprendreApp", super().app)
