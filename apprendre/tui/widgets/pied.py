"""The footer of every screen: the keys that work here, drawn as one line of text by one widget.

Textual's ``Footer`` is a container of one widget per key, thrown away and
built again (mounted, styled, laid out) whenever the screen's bindings *may*
have changed: at every focus change, three times when « Valider » moves the
focus — that was most of the press's time, and it painted a frame late.

``Pied`` keeps the same look (the key in bold and in the key colour, then its
description; a dimmed key when its action is disabled; the key under the mouse
highlighted) and the same mouse (pressing a key's place presses the key), but
a change of bindings only marks it stale and asks for a repaint of this one
line: the keys are read again when it is painted, in the same frame as the rest
of the screen. Nothing is mounted, nothing moves: the screen's layout is never
touched. (Not kept from Textual's footer, unused here: key groups, tooltips,
the command palette's key, the compact style.)

When the keys don't all fit (80 columns, a quiz question: seven keys), whole keys are left
out, never a key cut in the middle, the least needed first. Kept first: the screen's main
action — the key of the first key its class shows (« Entrée Valider », « → Suivant », « c Je
commence »: each screen lists its main action first) —, then Échap, then the keys of the
screen and of the widget in use, and last the keys every screen has (« f10 J'ai terminé »,
« f2 Contraste »), which the bar at the top of the screen also shows as buttons. The keys
kept stay in their usual order, in their usual places.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

MAIN, ESCAPE, OTHER, EVERYWHERE = range(4)
"""The ranks of the keys, from the most needed: the screen's main action, Échap, the screen's
and the widget's other keys, the keys of every screen."""


@dataclass(frozen=True)
class Touche:
    """One key shown: what to simulate on a click, what to write, and whether it is enabled."""

    key: str
    display: str
    description: str
    enabled: bool
    rank: int = OTHER
    """Which keys stay when not all fit: MAIN first, then ESCAPE, OTHER, EVERYWHERE."""

    @property
    def width(self) -> int:
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)


class Pied(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"pied--touche", "pied--description", "pied--survol"}
    """Styled in app.tcss: the key, its description, the key under the mouse."""

    def __init__(self) -> None:
        super().__init__()
        self._touches: tuple[Touche, ...] = ()
        self._stale = False
        self._hovered: int | None = None
        self._own: tuple[str | None, set[tuple[str, str]]] | None = None
        """The key of the screen's main action, and the keys its own class shows (read once)."""
        self._lines: dict[tuple[tuple[Touche, ...], int | None, int], Strip] = {}
        """Lines already painted: « Valider » and « Question suivante » go back and forth
        between two sets of keys."""

    # --- Which keys ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The bindings may have changed (focus, a ``refresh_bindings``): if the keys shown change,
        repaint this line, and read them again when painting it (a burst of changes, as
        « Valider » makes, ends in one paint of the last keys)."""
        if screen is not self.screen or self._stale:
            return
        self._stale = True
        if self.is_attached and self.app.app_focus and self._read_touches() == self._touches:
            self._stale = False
            return
        self.refresh()

    @property
    def touches(self) -> tuple[Touche, ...]:
        """The keys shown now, in the order of the screen's bindings (as Textual's ``Footer``)."""
        if self._stale and self.is_attached and self.app.app_focus:
            self._stale = False
            touches = self._read_touches()
            if touches != self._touches:
                self._touches = touches
                self._hovered = None
        return self._touches

    def _read_touches(self) -> tuple[Touche, ...]:
        app, screen = self.app, self.screen
        if self._own is None:
            own = [binding for binding in Binding.make_bindings(type(screen).__dict__.get("BINDINGS", ()))
                   if binding.show]
            self._own = (own[0].key if own else None), {(binding.key, binding.action) for binding in own}
        main_key, own_keys = self._own

        def rank(node: object, binding: Binding) -> int:
            if binding.key == main_key:
                return MAIN
            if binding.key == "escape":
                return ESCAPE
            if isinstance(node, App) or (node is screen and (binding.key, binding.action) not in own_keys):
                return EVERYWHERE  # the app's, or inherited by every screen of its kind
            return OTHER

        return tuple(Touche(binding.key, app.get_key_display(binding), binding.description, enabled,
                            rank(node, binding))
                     for node, binding, enabled, _ in screen.active_bindings.values() if binding.show)

    def shown(self, width: int | None = None) -> tuple[Touche, ...]:
        """The keys that fit in ``width`` columns (the footer's own width by default), in their order:
        whole keys only, the most needed kept (see the module's docstring)."""
        touches = self.touches
        room = self.size.width if width is None else width
        if sum(touche.width for touche in touches) <= room:
            return touches
        kept: set[int] = set()
        for index in sorted(range(len(touches)), key=lambda index: touches[index].rank):
            if touches[index].width <= room:
                kept.add(index)
                room -= touches[index].width
        return tuple(touche for index, touche in enumerate(touches) if index in kept)

    # --- Drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # another theme (F2)

    def render_line(self, y: int) -> Strip:
        """The one line, as segments: no text to lay out."""
        width = self.size.width
        if y:
            return Strip.blank(width, self.rich_style)
        key = (self.touches, self._hovered, width)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > 16:
                self._lines.clear()
            line = self._lines[key] = self._paint(width)
        return line

    def _paint(self, width: int) -> Strip:
        base = self.rich_style
        key_style = base + self.get_component_rich_style("pied--touche")
        description_style = base + self.get_component_rich_style("pied--description")
        hover = Style(bgcolor=self.get_component_rich_style("pied--survol").bgcolor)
        dim = Style(dim=True)
        segments = []
        for index, touche in enumerate(self.shown(width)):
            extra = (Style() if touche.enabled else dim) + (hover if index == self._hovered else Style())
            segments.append(Segment(f" {touche.display} ", key_style + extra))
            if touche.description:
                segments.append(Segment(f"{touche.description} ", description_style + extra))
        background = Style.from_color(bgcolor=base.bgcolor)  # as Textual's blank space, so a screenshot is unchanged
        return Strip(segments).extend_cell_length(width, background).crop(0, width)

    # --- The mouse ----------------------------------------------------------------------

    def touche_at(self, x: int) -> int | None:
        """The index, among the keys shown, of the key at column ``x``."""
        start = 0
        for index, touche in enumerate(self.shown()):
            if start <= x < start + touche.width:
                return index
            start += touche.width
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.touche_at(event.x)
        if index is None:
            return
        event.stop()
        touche = self.shown()[index]
        if touche.enabled:
            self.app.simulate_key(touche.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.touche_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.styles.pointer = "default" if index is None else "pointer"
            self.refresh()
