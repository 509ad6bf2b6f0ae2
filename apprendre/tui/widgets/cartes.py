"""The catalogue's cards, drawn by one widget whatever the number of modules.

A widget per card (title, summary, status, progress bar: five widgets each)
made a catalogue of 500 modules take seconds to open and hundreds of MB. Here
one ``OptionList`` draws only the cards in view: each card is an option whose
text holds its title, summary and status line, with a bar on its left that
lights up on the card under the keyboard's cursor or the mouse, and a blank
line after it.

Keyboard: ↑/↓ go from card to card (the card stays in view), Début/Fin and
Page préc./suiv. jump, Entrée opens; ↑ on the first card goes back to the
buttons above. Mouse: a click opens the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from apprendre.courses.models import Cours

FAMILLES = {"informatique": "Informatique", "numérique": "Numérique", "usages": "Usages"}
STATUTS = {"pas commencé": "Pas commencé", "en cours": "En cours", "terminé": "Terminé",
           "maîtrisé": "Maîtrisé ★"}
BAR_WIDTH = 20
EDGE = "█"


@dataclass(frozen=True)
class Carte:
    """What a card shows: a module and the learner's status in it."""

    cours: Cours
    statut: str
    ratio: float
    origine: str = ""
    """Where it comes from when it is not simply the shipped library (« Module du lieu »…)."""


def _status_line(carte: Carte) -> str:
    module = carte.cours.module
    return (f"{module.duree} min · {FAMILLES.get(module.famille, module.famille)} · "
            f"{STATUTS.get(carte.statut, carte.statut)}{' · ' + carte.origine if carte.origine else ''}")


def _bar(carte: Carte) -> tuple[int, str] | None:
    """While the module is under way: the bar's lit cells, and the percentage after it."""
    if carte.statut != "en cours":
        return None
    return round(carte.ratio * BAR_WIDTH), f" {round(carte.ratio * 100)} %"


def card_lines(carte: Carte) -> list[str]:
    """The card's lines as plain text, before any wrapping (what ``card_text`` styles)."""
    status = _status_line(carte)
    if (bar := _bar(carte)) is not None:
        status += "  " + "━" * BAR_WIDTH + bar[1]
    return [carte.cours.module.titre, carte.cours.module.resume, status, " "]


def card_text(carte: Carte) -> Content:
    """Title, summary, status line (with a bar while the module is under way), then a blank line."""
    module = carte.cours.module
    title = Content(module.titre).stylize("bold")
    status = Content(_status_line(carte)).stylize("$text-muted")
    if (bar := _bar(carte)) is not None:
        done, percent = bar
        status += Content.assemble("  ", ("━" * done, "$primary"), ("━" * (BAR_WIDTH - done), "$panel-lighten-2"),
                                   percent)
    return Content("\n").join([title, Content(module.resume), status, Content(" ")])


class CarteVisuelle(Visual):
    """A card as the list draws it: its text is made only when the card is drawn, and its
    height, which the list needs for every card at once, is counted without laying the text
    out when no line is wider than the list (the common case)."""

    __slots__ = ("carte", "_content")

    def __init__(self, carte: Carte) -> None:
        self.carte = carte
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = card_text(self.carte)
        return self._content

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        lines = card_lines(self.carte)
        room = width - rules.get("line_pad", 0) * 2
        if all(cell_len(line) <= room for line in lines):
            return len(lines)
        return self.content.get_height(rules, width)


class CartesModules(OptionList):
    """Every module of the catalogue as a card; ``Ouverte`` when one is chosen."""

    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
    ]

    @dataclass
    class Ouverte(Message):
        cours: Cours

    def __init__(self, cartes: list[Carte], **kwargs: object) -> None:
        self.cartes = cartes
        super().__init__(*(Option(CarteVisuelle(carte), id=carte.cours.id) for carte in cartes),
                         **kwargs)  # type: ignore[arg-type]

    def update_cards(self, cartes: list[Carte]) -> None:
        """New statuses: only the cards that changed are drawn again."""
        for index, (before, after) in enumerate(zip(self.cartes, cartes)):
            if before != after:
                self.replace_option_prompt_at_index(index, CarteVisuelle(after))
        self.cartes = cartes

    # --- Keys and mouse ---------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.focus_previous()
        else:
            self.highlighted = self.highlighted - 1

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            self.highlighted = 0
        elif self.highlighted < self.option_count - 1:
            self.highlighted += 1

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Ouverte(self.cartes[event.option_index].cours))

    def _on_focus(self, event: events.Focus) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        self.scroll_to_highlight()

    def card_region(self, index: int) -> Region:
        """Where card ``index`` is in the list (its blank line after it left out)."""
        self._update_lines()
        return Region(0, self._index_to_line[index], self.scrollable_content_region.width,
                      self._heights[index] - 1)

    def card_offset(self, index: int) -> Offset:
        """Where to click to open card ``index`` (relative to this widget), once it is in view."""
        return Offset(3, self.card_region(index).y - round(self.scroll_offset.y))

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the card under the cursor in view (without its blank line, so the last one fits)."""
        if self.highlighted is None or not self.is_mounted:
            return
        self.scroll_to_region(self.card_region(self.highlighted), force=True, animate=False,
                              top=top, immediate=True)

    @property
    def text(self) -> str:
        """Every card's text, as a learner reads it."""
        return "\n".join(card_text(carte).plain for carte in self.cartes)

    # --- Drawing ----------------------------------------------------------------------------

    def _get_left_gutter_width(self) -> int:
        return len(EDGE)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, line = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return Strip.join([Strip([Segment(" " * len(EDGE), self._base_style())]), strip])
        if line == self._heights[index] - 1:  # the blank line between two cards
            blank = self._base_style()
            return Strip([Segment(" " * (len(EDGE) + strip.cell_length), blank)])
        lit = index == self._mouse_hovering_over or (self.has_focus and index == self.highlighted)
        edge_style = self.get_visual_style("carte--bord-actif" if lit else "carte--bord").rich_style
        edge = Segment(EDGE, edge_style + RichStyle.from_meta({"option": index}))
        return Strip.join([Strip([edge]), strip])

    def _base_style(self) -> RichStyle:
        return self.get_visual_style("option-list--option").rich_style

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"carte--bord", "carte--bord-actif"}
