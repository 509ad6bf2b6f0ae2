"""A test learner: drives the app with the mouse alone or with the keyboard alone.

It reads the current question's widget only to know *which* answer is right
(as a learner would know it); every action goes through clicks or key presses.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, RadioSet, Static

from apprendre.tui.widgets.cartes import CartesModules
from apprendre.tui.widgets.questions import (
    AssocierWidget,
    ChoixMultipleWidget,
    ChoixUniqueWidget,
    ClasserWidget,
    LigneClasser,
    OrdreWidget,
    QuestionWidget,
    VraiFauxWidget,
)

FIXTURE_LIBRARY = Path(__file__).parent / "fixtures" / "bibliotheque"


def screen_text(app) -> str:
    """All the text the current screen shows, joined (what a learner can read)."""
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static) and widget.display:
            parts.append(str(widget.render()))
        elif isinstance(widget, CartesModules):
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

    async def wait_for(self, condition, pauses: int = 50) -> None:
        """Let the app work until ``condition()`` holds (a page turn awaits the Markdown update)."""
        for _ in range(pauses):
            if condition():
                return
            await self.pilot.pause(0.01)
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
            await self.press("v")
        else:
            await self.click("#action")

    async def next(self) -> None:
        if self.keyboard:
            await self.press("s")
        else:
            await self.click("#action")

    async def _radio(self, widget: QuestionWidget, index: int) -> None:
        radio = widget.query_one(RadioSet)
        if self.keyboard:
            await self.tab_to(radio)
            while radio._selected != index:
                await self.press("down")
            await self.press("enter")
        else:
            await self.click(list(radio.query("RadioButton"))[index])

    async def _choix_unique(self, widget: ChoixUniqueWidget, right: bool) -> None:
        index = next(i for i, c in enumerate(widget.choix) if c.juste == right)
        await self._radio(widget, index)

    async def _vrai_faux(self, widget: VraiFauxWidget, right: bool) -> None:
        says_true = widget.question.reponse == right
        await self._radio(widget, 0 if says_true else 1)

    async def _choix_multiple(self, widget: ChoixMultipleWidget, right: bool) -> None:
        boxes = list(widget.query(Checkbox))
        for choice, box in zip(widget.choix, boxes):
            if choice.juste == right:
                if self.keyboard:
                    await self.tab_to(box)
                    await self.press("space")
                else:
                    await self.click(box)

    async def _classer(self, widget: ClasserWidget, right: bool) -> None:
        rows = list(widget.query(LigneClasser))
        categories = widget.question.categories
        expected = {e.texte: e.categorie for e in widget.question.elements}
        if self.keyboard:
            await self.tab_to(rows[0].query(Button).first())
        for position, row in enumerate(rows):
            wanted = expected[row.texte]
            if not right and position == 0:
                wanted = next(c for c in categories if c != wanted)
            number = categories.index(wanted) + 1
            if self.keyboard:
                await self.press(str(number))  # the focus then moves to the next row
            else:
                await self.click(list(row.query(Button))[number - 1])

    async def _ordre(self, widget: OrdreWidget, right: bool) -> None:
        target = list(widget.question.elements)
        if not right:
            if widget.order != target:
                return  # the shuffled order is already wrong
            target = target[1:] + target[:1]
        for position, texte in enumerate(target):
            current = widget.order.index(texte)
            if current == position:
                continue
            row = list(widget.query(".ligne-ordre"))[current]
            up = row.query_one(".monter", Button)
            if self.keyboard:
                await self.tab_to(up)
                for _ in range(current - position):
                    await self.press("enter")  # the focus follows the line that moved
            else:
                for step in range(current - position):
                    moved = list(widget.query(".ligne-ordre"))[current - step]
                    await self.click(moved.query_one(".monter", Button))
        assert (widget.order == list(widget.question.elements)) == right

    async def _associer(self, widget: AssocierWidget, right: bool) -> None:
        pairs = {p.gauche: p.droite for p in widget.question.paires}
        if not right:
            first, second = widget.gauches[:2]
            pairs[first], pairs[second] = pairs[second], pairs[first]
        lefts = list(widget.query(".gauche"))
        rights = list(widget.query(".droite"))
        if self.keyboard:
            await self.tab_to(lefts[0])
            await self.press("enter")
            for gauche in widget.gauches:
                await self.press(str(widget.droites.index(pairs[gauche]) + 1))
        else:
            for gauche, left in zip(widget.gauches, lefts):
                await self.click(left)
                await self.click(rights[widget.droites.index(pairs[gauche])])
