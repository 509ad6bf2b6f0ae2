"""A test learner: drives the app with the mouse alone or with the keyboard alone.

It reads the current question's widget only to know *which* answer is right
(as a learner would know it); every action goes through clicks or key presses.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Static

from apprendre.tui.widgets.cartes import CartesModules
from apprendre.tui.widgets.page import PageLecon
from apprendre.tui.widgets.questions import (
    AssocierWidget,
    ChoixMultipleWidget,
    ChoixUniqueWidget,
    ClasserWidget,
    OrdreWidget,
    QuestionWidget,
    Target,
    VraiFauxWidget,
)

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "bibliotheque"


def screen_text(app) -> str:
    """All the text the current screen shows, joined (what a learner can read)."""
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static) and widget.display:
            parts.append(str(widget.render()))
        elif isinstance(widget, (CartesModules, PageLecon, QuestionWidget)):
            parts.append(widget.text)
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
    return "\n".join(parts)


class LearnerDriver:
    def __init__(self, pilot: Pilot, keyboard: bool) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.keyboard = keyboard

    # --- Low-level actions ---------------------------------------------------------------

    async def find(self, target: Widget | str) -> Widget:
        """The widget, once the screen that holds it is composed."""
        if isinstance(target, Widget):
            return target
        await self.wait_for(lambda: self.app.screen.query(target))
        return self.app.screen.query_one(target)

    async def click_card(self, index: int) -> None:
        """Click the catalogue's card ``index``, scrolled into view first, as a person scrolls."""
        cards = await self.find("CartesModules")
        cards.scroll_to_region(cards.card_region(index), animate=False, immediate=True)
        await self.pilot.pause()
        assert await self.pilot.click(cards, offset=cards.card_offset(index)), "the click hit nothing"
        await self.pilot.pause()

    async def click(self, target: Widget | str) -> None:
        widget = await self.find(target)
        widget.scroll_visible(animate=False, immediate=True)
        await self.pilot.pause()
        # A button ignores clicks during its 0.2 s « pressed » effect: a person is never that fast.
        await self.wait_for(lambda: not widget.has_class("-active"))
        assert await self.pilot.click(widget), f"the click on {widget!r} hit nothing"
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def wait_for(self, condition, seconds: float = 15) -> None:
        """Let the app work until ``condition()`` holds (a page turn awaits the Markdown update).

        The limit is in seconds of real time, generous on purpose: on a loaded CI machine a
        sign-up (scrypt, a durable write, the catalogue) can take far longer than on a laptop.
        It only bounds a failure: a passing test returns as soon as the condition holds.
        """
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            await self.pilot.pause(0.01)
        if condition():
            return
        raise AssertionError(f"the screen never reached the expected state: {self.app.screen!r} {[str(n.message) for n in self.app._notifications]}")

    async def tab_to(self, widget: Widget) -> None:
        """Press Tab until ``widget`` has the focus, as a keyboard user does."""
        for _ in range(60):
            if self.app.focused is widget:
                return
            await self.press("tab")
        raise AssertionError(f"Tab never reached {widget!r}")

    async def activate(self, target: Widget | str) -> None:
        """A button: clicked with the mouse, or reached with Tab and pressed with Entrée."""
        widget = await self.find(target)
        if self.keyboard:
            await self.tab_to(widget)
            await self.press("enter")
        else:
            await self.click(widget)

    # --- Answering ---------------------------------------------------------------------------
    # One scheme for every type: ↑/↓ move, Espace or a number chooses, Entrée validates and goes on.
    # ``right=False`` answers *partly* wrong where a question has several points (one item, one
    # pair, one step wrong) and wrong for the others.

    @property
    def question(self) -> QuestionWidget:
        return self.app.screen.query_one(QuestionWidget)

    async def answer(self, right: bool) -> None:
        widget = self.question
        handlers = {
            ChoixUniqueWidget: self._choix_unique, VraiFauxWidget: self._vrai_faux,
            ChoixMultipleWidget: self._choix_multiple, ClasserWidget: self._classer,
            OrdreWidget: self._ordre, AssocierWidget: self._associer,
        }
        await handlers[type(widget)](widget, right)

    async def validate(self) -> None:
        if self.keyboard:
            await self._enter_on_action()
        else:
            await self.click("#action")

    async def next(self) -> None:
        if self.keyboard:
            await self._enter_on_action()
        else:
            await self.click("#action")

    async def _enter_on_action(self) -> None:
        """Entrée, once « Valider » / « Question suivante » is out of its 0.2 s « pressed » effect:
        the button ignores a second press during it (a double Entrée must not skip a verdict), and a
        person is never that fast — but a test on a loaded machine can be."""
        button = await self.find("#action")
        await self.wait_for(lambda: not button.has_class("-active"))
        await self.press("enter")

    async def click_on(self, widget: QuestionWidget, target: Target) -> None:
        """A click on a line of the question (or a family's button, an item on the right), scrolled
        into view first, as a person scrolls."""
        widget.bring_into_view(target)
        await self.pilot.pause()
        offset = widget.offset_of(target)
        assert offset is not None, f"{target} is not in view"
        assert await self.pilot.click(widget, offset=offset), f"the click on {target} hit nothing"
        await self.pilot.pause()

    async def _move_cursor(self, widget: QuestionWidget, index: int) -> None:
        """↑/↓ until the cursor is on line ``index``."""
        while widget.cursor != index:
            await self.press("down" if widget.cursor < index else "up")

    async def _pick(self, widget: QuestionWidget, index: int) -> None:
        """One line chosen: with ↑/↓ then Espace, or a click."""
        if self.keyboard:
            await self._move_cursor(widget, index)
            await self.press("space")
        else:
            await self.click_on(widget, ("ligne", index))

    async def _choix_unique(self, widget: ChoixUniqueWidget, right: bool) -> None:
        wanted = {c.texte for c in widget.question.choix if c.juste == right}
        index = next(i for i, texte in enumerate(widget.choix) if texte in wanted)
        if self.keyboard:
            await self.press(str(index + 1))  # the number chooses too
        else:
            await self.click_on(widget, ("ligne", index))

    async def _vrai_faux(self, widget: VraiFauxWidget, right: bool) -> None:
        says_true = widget.question.reponse == right
        await self._pick(widget, 0 if says_true else 1)

    async def _choix_multiple(self, widget: ChoixMultipleWidget, right: bool) -> None:
        rights = {c.texte for c in widget.question.choix if c.juste}
        for index, texte in enumerate(widget.choix):
            if texte in rights:
                await self._pick(widget, index)
        if not right:  # every right answer, and one wrong one too
            await self._pick(widget, next(i for i, t in enumerate(widget.choix) if t not in rights))

    async def _classer(self, widget: ClasserWidget, right: bool) -> None:
        """Each item in turn, as the widget shows them: its family's number, or a click on its button."""
        categories = widget.categories
        expected = {e.texte: e.categorie for e in widget.question.elements}
        for step in range(len(widget.elements)):
            index = widget.cursor
            wanted = expected[widget.elements[index]]
            if not right and step == 0:
                wanted = next(c for c in categories if c != wanted)
            number = categories.index(wanted) + 1
            if self.keyboard:
                await self.press(str(number))  # the next item left comes up
            else:
                await self.click_on(widget, ("famille", number - 1))
        assert len(widget.placed) == len(widget.elements)

    async def _ordre(self, widget: OrdreWidget, right: bool) -> None:
        """Take a line and put it at its place: Espace, ↑/↓, Espace — or a click on it, then on its place."""
        target = list(widget.question.elements)
        if not right:
            first, second = target[0], target[1]
            target[0], target[1] = second, first  # two steps swapped, the others at their place
        for position, texte in enumerate(target):
            current = widget.order.index(texte)
            if current == position:
                continue
            if self.keyboard:
                await self._move_cursor(widget, current)
                await self.press("space")
                for _ in range(current - position):
                    await self.press("up")
                await self.press("space")
            else:
                await self.click_on(widget, ("ligne", current))
                await self.click_on(widget, ("ligne", position))
        assert widget.order == target

    async def _associer(self, widget: AssocierWidget, right: bool) -> None:
        pairs = {p.gauche: p.droite for p in widget.question.paires}
        if not right:
            first, second = widget.gauches[:2]
            pairs[first], pairs[second] = pairs[second], pairs[first]
        for index, gauche in enumerate(widget.gauches):
            number = widget.droites.index(pairs[gauche]) + 1
            if self.keyboard:
                await self._move_cursor(widget, index)
                await self.press(str(number))
            else:
                await self.click_on(widget, ("ligne", index))
                await self.click_on(widget, ("droite", number - 1))
        assert len(widget.pairs) == len(widget.gauches)
