"""One widget per question type. Each works with the mouse alone and with the keyboard alone.

Every widget shows its items in a new random order, gives its answer as a
``Correction`` (or None while the learner hasn't answered), and can be frozen
once validated to show what was right.
"""

from __future__ import annotations

import random

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widget import Widget
from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Static

from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Ordre,
    Question,
    VraiFaux,
)
from apprendre.courses.scoring import (
    Correction,
    grade_associer,
    grade_choix,
    grade_classer,
    grade_ordre,
    grade_vrai_faux,
    shuffled,
)
from apprendre.tui.widgets import plain


class QuestionWidget(Vertical):
    """Base: ``correction()`` grades the current answer; ``freeze()`` locks the widget."""

    HINT = ""
    """What to do, in one line, shown under the question."""

    def __init__(self, question: Question, rng: random.Random) -> None:
        super().__init__(classes="question")
        self.question = question
        self.rng = rng

    def correction(self) -> Correction | None:
        raise NotImplementedError

    def freeze(self, correction: Correction) -> None:
        self.disabled = True  # every button, radio and checkbox inside follows


class ChoixUniqueWidget(QuestionWidget):
    HINT = "Choisissez une réponse (flèches puis Entrée, ou un clic)."

    def compose(self) -> ComposeResult:
        self.choix = shuffled(self.question.choix, self.rng)
        with RadioSet():
            for choice in self.choix:
                yield RadioButton(plain(choice.texte))

    def correction(self) -> Correction | None:
        index = self.query_one(RadioSet).pressed_index
        if index < 0:
            return None
        return grade_choix(self.question, {self.choix[index].texte})


class ChoixMultipleWidget(QuestionWidget):
    HINT = "Cochez toutes les bonnes réponses (Espace ou un clic), puis validez."

    def compose(self) -> ComposeResult:
        self.choix = shuffled(self.question.choix, self.rng)
        for choice in self.choix:
            yield Checkbox(plain(choice.texte))

    def correction(self) -> Correction | None:
        chosen = {c.texte for c, box in zip(self.choix, self.query(Checkbox)) if box.value}
        return grade_choix(self.question, chosen) if chosen else None


class VraiFauxWidget(QuestionWidget):
    HINT = "Vrai ou faux ? Choisissez (flèches puis Entrée, ou un clic)."

    def compose(self) -> ComposeResult:
        with RadioSet():
            yield RadioButton("Vrai")
            yield RadioButton("Faux")

    def correction(self) -> Correction | None:
        index = self.query_one(RadioSet).pressed_index
        return None if index < 0 else grade_vrai_faux(self.question, index == 0)


class LigneClasser(Horizontal):
    """One item to sort, with a button per category; keys 1 to 4 choose too."""

    def __init__(self, texte: str, categories: list[str]) -> None:
        super().__init__(classes="ligne-classer")
        self.texte = texte
        self.categories = categories
        self.choisie: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(plain(self.texte), classes="element")
        for number, categorie in enumerate(self.categories, start=1):
            yield Button(plain(f"{number} {categorie}"), compact=True, classes="categorie")

    def choose(self, categorie: str) -> None:
        self.choisie = categorie
        for button, name in zip(self.query(Button), self.categories):
            button.set_class(name == categorie, "-choisi")

    @on(Button.Pressed, ".categorie")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.choose(self.categories[list(self.query(Button)).index(event.button)])

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit():
            number = int(event.character)
            if 1 <= number <= len(self.categories):
                event.stop()
                self.choose(self.categories[number - 1])
                self._focus_row(1)
        elif event.key in ("up", "down"):
            event.stop()
            self._focus_row(-1 if event.key == "up" else 1)

    def _focus_row(self, step: int) -> None:
        """Arrow keys and number keys move to the row above or below, on its chosen button."""
        rows = list(self.parent.query(LigneClasser))
        target = rows.index(self) + step
        if 0 <= target < len(rows):
            row = rows[target]
            buttons = list(row.query(Button))
            index = row.categories.index(row.choisie) if row.choisie else 0
            buttons[index].focus()


class ClasserWidget(QuestionWidget):
    HINT = "Pour chaque élément, choisissez sa famille : un clic, ou les touches 1, 2, 3…"

    def compose(self) -> ComposeResult:
        categories = list(self.question.categories)
        for element in shuffled(self.question.elements, self.rng):
            yield LigneClasser(element.texte, categories)

    def correction(self) -> Correction | None:
        rows = list(self.query(LigneClasser))
        if any(row.choisie is None for row in rows):
            return None
        return grade_classer(self.question, {row.texte: row.choisie for row in rows})

    def freeze(self, correction: Correction) -> None:
        super().freeze(correction)
        right = {e.texte: e.categorie for e in self.question.elements}
        for row in self.query(LigneClasser):
            ok = right[row.texte] == row.choisie
            row.add_class("-juste" if ok else "-faux")
            row.query_one(".element", Static).update(plain(f"{'✓' if ok else '✗'} {row.texte}"))


class OrdreWidget(QuestionWidget):
    HINT = "Remettez dans l'ordre : ▲ et ▼ déplacent une ligne (ou Maj+flèches)."

    def compose(self) -> ComposeResult:
        self.order = shuffled(list(self.question.elements), self.rng, avoid_same=True)
        for _ in range(len(self.order)):
            with Horizontal(classes="ligne-ordre"):
                yield Static("", classes="element")
                yield Button("▲", compact=True, classes="monter", tooltip="Monter")
                yield Button("▼", compact=True, classes="descendre", tooltip="Descendre")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        for rank, (label, texte) in enumerate(zip(self.query(".element"), self.order), start=1):
            label.update(plain(f"{rank}. {texte}"))

    def _move(self, row: int, step: int) -> None:
        target = row + step
        if 0 <= target < len(self.order):
            self.order[row], self.order[target] = self.order[target], self.order[row]
            self._show()
            kind = ".monter" if step < 0 else ".descendre"
            self.query(".ligne-ordre")[target].query_one(kind).focus()

    def _row_of(self, widget: Widget) -> int:
        return list(self.query(".ligne-ordre")).index(widget.parent)

    @on(Button.Pressed, ".monter")
    def _up(self, event: Button.Pressed) -> None:
        self._move(self._row_of(event.button), -1)

    @on(Button.Pressed, ".descendre")
    def _down(self, event: Button.Pressed) -> None:
        self._move(self._row_of(event.button), 1)

    def on_key(self, event: Key) -> None:
        focused = self.screen.focused
        if event.key in ("shift+up", "shift+down") and focused is not None and focused.parent in self.query(".ligne-ordre"):
            event.stop()
            self._move(self._row_of(focused), -1 if event.key == "shift+up" else 1)

    def correction(self) -> Correction | None:
        return grade_ordre(self.question, list(self.order))


class AssocierWidget(QuestionWidget):
    HINT = "Choisissez un élément à gauche, puis celui qui va avec à droite (ou son numéro)."

    def compose(self) -> ComposeResult:
        self.gauches = shuffled([p.gauche for p in self.question.paires], self.rng)
        self.droites = shuffled([p.droite for p in self.question.paires], self.rng)
        self.pairs: dict[str, str] = {}
        self.selected: str | None = None
        with Horizontal(classes="associer"):
            with Vertical(classes="colonne"):
                for texte in self.gauches:
                    yield Button(plain(texte), classes="gauche")
            with Vertical(classes="colonne"):
                for number, texte in enumerate(self.droites, start=1):
                    yield Button(plain(f"{number}. {texte}"), classes="droite")

    def _show(self) -> None:
        for button, texte in zip(self.query(".gauche"), self.gauches):
            linked = self.pairs.get(texte)
            number = f" → {self.droites.index(linked) + 1}" if linked else ""
            button.label = plain(f"{texte}{number}")
            button.set_class(texte == self.selected, "-choisi")

    @on(Button.Pressed, ".gauche")
    def _left(self, event: Button.Pressed) -> None:
        self.selected = self.gauches[list(self.query(".gauche")).index(event.button)]
        self._show()

    @on(Button.Pressed, ".droite")
    def _right(self, event: Button.Pressed) -> None:
        self._link(list(self.query(".droite")).index(event.button))

    def on_key(self, event: Key) -> None:
        if self.selected and event.character and event.character.isdigit():
            number = int(event.character)
            if 1 <= number <= len(self.droites):
                event.stop()
                self._link(number - 1)

    def _link(self, index: int) -> None:
        if self.selected is None:
            self.notify("Choisissez d'abord un élément à gauche.", title="Associer")
            return
        droite = self.droites[index]
        self.pairs = {g: d for g, d in self.pairs.items() if d != droite}
        self.pairs[self.selected] = droite
        unpaired = [g for g in self.gauches if g not in self.pairs]
        self.selected = unpaired[0] if unpaired else None
        self._show()
        if self.selected:
            self.query(".gauche")[self.gauches.index(self.selected)].focus()

    def correction(self) -> Correction | None:
        if len(self.pairs) < len(self.gauches):
            return None
        return grade_associer(self.question, self.pairs)


WIDGETS: dict[type, type[QuestionWidget]] = {
    ChoixUnique: ChoixUniqueWidget,
    ChoixMultiple: ChoixMultipleWidget,
    VraiFaux: VraiFauxWidget,
    Classer: ClasserWidget,
    Ordre: OrdreWidget,
    Associer: AssocierWidget,
}


def question_widget(question: Question, rng: random.Random) -> QuestionWidget:
    return WIDGETS[type(question)](question, rng)
