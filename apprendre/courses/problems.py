"""Problems found in course files, told in plain French with file, line and column.

The TOML parser and pydantic speak English; nothing they say reaches a mediator
as is. This module turns their errors into French sentences that say what to
change, and finds the line of the file each one is about.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from apprendre.base.files import FORMAT_DOC, FileError, Probleme, parse_toml
from apprendre.base.french import strip_accents
from apprendre.base.positions import Loc, find_position, toml_positions

# --- Translating pydantic ------------------------------------------------------------------

def validation_problems(
    error: ValidationError, path: Path, text: str, first_line: int = 1, tags: tuple[str, ...] = ()
) -> list[Probleme]:
    """French Problemes for a pydantic error, each located in ``text``.

    ``tags`` are discriminator values that pydantic inserts in locations
    (the question types) and that are not keys of the file.
    """
    positions = toml_positions(text)
    data = _data_for(text)
    problems = []
    for detail in error.errors():
        tag = next((part for part in detail["loc"] if part in tags), None)
        loc = tuple(part for part in detail["loc"] if part not in tags)
        for place, message in _messages(detail, loc, tag):
            where = describe_loc(place, data)
            line, column = _position(positions, place, data)
            problems.append(Probleme(path, f"{where}{message}",
                                     ligne=None if line is None else line + first_line - 1, colonne=column))
    return problems


def _messages(detail: Any, loc: Loc, tag: str | None) -> list[tuple[Loc, str]]:
    from apprendre.courses.models import (
        CONTENU,  # local import: models imports nothing from here
    )

    if detail["type"] == CONTENU:
        return [(loc + tuple(below), message) for below, message in detail["ctx"]["lieux"]]
    if detail["type"] == "union_tag_invalid":
        return [(loc + ("type",), translate(detail, loc, tag))]
    return [(loc, translate(detail, loc, tag))]


def _position(positions: dict[Loc, tuple[int, int]], loc: Loc, data: Any) -> tuple[int | None, int | None]:
    """Line, and column for an item of a plain list (several may share a line)."""
    found = find_position(positions, loc)
    if found is None:
        return None, None
    plain_item = (bool(loc) and isinstance(loc[-1], int) and positions.get(loc) == found
                  and not isinstance(_value_at(data, loc), dict))
    return found[0], found[1] if plain_item else None


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _data_for(text: str) -> dict[str, Any]:
    try:
        return parse_toml(text, Path("?"))
    except FileError:
        return {}


_SINGULAR = {"questions": "question", "choix": "choix", "elements": "élément", "paires": "paire",
             "lecons": "leçon", "competences": "compétence", "categories": "catégorie", "auteurs": "auteur"}


def describe_loc(loc: Loc, data: dict[str, Any]) -> str:
    """Where in the file, for a reader: ``question 3 (« cpu »), choix 2 : ``.

    Only tables are named (a question, a choice): an item of a plain list is
    quoted by the message itself.
    """
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(loc[:-1]):
        following = loc[index + 1]
        if isinstance(part, int):
            continue
        node = node.get(part, {}) if isinstance(node, dict) else {}
        if not isinstance(following, int):
            continue
        item = node[following] if isinstance(node, list) and following < len(node) else None
        node = item
        if not isinstance(item, dict):
            continue
        label = f"{_SINGULAR.get(part, part)} {following + 1}"
        if isinstance(item.get("id"), str):
            label += f" (« {item['id']} »)"
        parts.append(label)
    return ", ".join(parts) + " : " if parts else ""


def _key_name(loc: Loc) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "?"


_EXAMPLES = {
    "titre": 'titre = "…"', "resume": 'resume = "…"', "niveau": 'niveau = "débutant"', "duree": "duree = 10",
    "famille": 'famille = "usages"', "competences": 'competences = ["1.1"]', "auteurs": 'auteurs = ["…"]',
    "licence": 'licence = "CC BY-SA 4.0"', "version": 'version = "1.0.0"', "lecons": 'lecons = ["01-….md"]',
    "questions": "une question qui commence par [[questions]]", "reponse": "reponse = true",
    "choix": "des choix, chacun sous une ligne [[questions.choix]]",
    "elements": "des éléments (voir l'exemple de la documentation)",
    "paires": "des paires, chacune sous une ligne [[questions.paires]]",
    "categories": 'categories = ["…", "…"]', "juste": "juste = true",
}

_SIMPLE = {
    "string_type": "« {key} » doit être un texte entre guillemets",
    "string_too_short": "« {key} » ne doit pas être vide : écrivez un texte entre les guillemets",
    "string_too_long": "« {key} » est trop long : {max_length} caractères au plus",
    "une_ligne": "« {key} » doit tenir sur une seule ligne : retirez les retours à la ligne",
    "int_type": "« {key} » doit être un nombre entier, écrit sans guillemets ni virgule (par exemple 10)",
    "int_parsing": "« {key} » doit être un nombre entier, écrit sans guillemets ni virgule (par exemple 10)",
    "int_from_float": "« {key} » doit être un nombre entier, écrit sans virgule (par exemple 10)",
    "bool_type": "« {key} » doit valoir true (vrai) ou false (faux), sans guillemets",
    "bool_parsing": "« {key} » doit valoir true (vrai) ou false (faux), sans guillemets",
    "list_type": "« {key} » doit être une liste entre crochets, par exemple [\"a\", \"b\"]",
    "dict_type": "« {key} » doit être une section, pas une simple valeur",
    "model_type": "« {key} » doit être une section, pas une simple valeur",
    "model_attributes_type": "« {key} » doit être une section, pas une simple valeur",
    "too_short": "« {key} » doit contenir au moins {min_length} éléments (il y en a {actual_length})",
    "too_long": "« {key} » doit contenir au plus {max_length} éléments (il y en a {actual_length})",
    "greater_than_equal": "« {key} » doit valoir au moins {ge}",
    "less_than_equal": "« {key} » doit valoir au plus {le}",
    "string_pattern_mismatch": "« {key} » ne doit contenir que des lettres minuscules sans accent, des chiffres "
                               "et des tirets, par exemple « mot-de-passe-1 »",
}


def translate(detail: Any, loc: Loc, tag: str | None = None) -> str:
    """A French sentence for one pydantic error, saying what to change."""
    from apprendre.courses.models import CONTENU

    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    key = _key_name(loc)
    if kind == CONTENU:
        return " ; ".join(message for _, message in ctx["lieux"])
    if kind == "missing":
        example = _EXAMPLES.get(key, f'{key} = "…"')
        return f"la clé « {key} » manque : ajoutez {example}"
    if kind == "extra_forbidden":
        return _unknown_key(key, tag)
    if kind == "union_tag_invalid":
        return _bad_choice("type", ctx.get("tag"), ctx.get("expected_tags", ""))
    if kind == "union_tag_not_found":
        return "la clé « type » manque : ajoutez type = \"choix unique\" (ou un autre type de question)"
    if kind == "literal_error":
        return _bad_choice(key, detail.get("input"), ctx.get("expected", ""))
    template = _SIMPLE.get(kind)
    if template is None:
        return f"valeur incorrecte pour « {key} » : comparez avec l'exemple de {FORMAT_DOC}"
    return template.format(key=key, **{name: value for name, value in ctx.items() if name != "key"})


def _bad_choice(key: str, value: Any, expected: str) -> str:
    values = re.findall(r"'([^']*)'", expected)
    message = f"« {key} » ne peut pas valoir {_show(value)} : écrivez l'une de ces valeurs : " + ", ".join(
        f"« {v} »" for v in values)
    close = _suggest(value, values) if isinstance(value, str) else None
    return f"{message} (vouliez-vous écrire « {close} » ?)" if close else message


def _unknown_key(key: str, tag: str | None) -> str:
    from apprendre.courses.models import (
        known_keys,  # local import: models imports nothing from here
    )

    if key in known_keys() and tag:
        return f"la clé « {key} » ne va pas avec une question de type « {tag} » : supprimez-la, ou corrigez le type"
    if key in known_keys():
        return f"la clé « {key} » ne va pas dans cette section : supprimez-la, ou déplacez-la à sa place"
    message = f"la clé « {key} » est inconnue"
    close = _suggest(key, known_keys())
    if close:
        return f"{message} : vouliez-vous écrire « {close} » ?"
    return f"{message} : supprimez-la ou corrigez son nom (les clés possibles sont dans {FORMAT_DOC})"


def _suggest(word: str, candidates: Any) -> str | None:
    """The candidate the mediator most likely meant: same letters but accents and case, or close."""
    candidates = sorted(candidates)
    plain = strip_accents(word).casefold().replace("_", " ").replace("-", " ")
    for candidate in candidates:
        if strip_accents(candidate).casefold().replace("-", " ") == plain:
            return str(candidate)
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return close[0] if close else None


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"« {value} »"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
