"""argparse in French: its few built-in sentences, translated.

argparse looks its sentences up through ``argparse._`` (gettext) each time it
prints one, so replacing that function is enough to translate usage lines,
help titles and error messages.
"""

from __future__ import annotations

import argparse

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments ",
    "options": "options ",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "ces arguments manquent : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix inconnu : %(value)r (possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "one of the arguments %s is required": "il faut l'un de ces arguments : %s",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}


def _translate(message: str) -> str:
    return _FRENCH.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]

TITLE_SPACE = " "
"""French typography puts a space before « : »; argparse writes « title: », so titles end with one."""


def title(text: str) -> str:
    """A help section title as argparse will print it: « commandes » → « commandes : »."""
    return text + TITLE_SPACE
