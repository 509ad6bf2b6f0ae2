"""The two themes: a calm readable one (default) and a high-contrast one.

``$survol`` is the background of the line under the mouse (and the colour of the thin rules between
columns): Textual's ``$boost`` is almost transparent, and ``$panel`` is nearly black on black in the
high-contrast theme."""

from textual.theme import Theme

LISIBLE = Theme(
    name="lisible",
    primary="#1f5fa8",
    secondary="#7a4fa0",
    accent="#b35900",
    success="#2e7d32",
    warning="#a15c00",
    error="#c62828",
    foreground="#1b1b1b",
    background="#f6f4ef",
    surface="#ffffff",
    panel="#e6e1d6",
    dark=False,
    variables={"survol": "#dcd5c6"},
)

CONTRASTE = Theme(
    name="contraste",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    success="#00ff00",
    warning="#ffaa00",
    error="#ff5555",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
    variables={"button-color-foreground": "#000000", "footer-key-foreground": "#ffff00",
               "survol": "#3a3a3a"},
)

THEMES = (LISIBLE, CONTRASTE)
