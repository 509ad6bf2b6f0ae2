"""Moodle's GIFT quiz format, read and turned into our quiz format.

GIFT (https://docs.moodle.org/en/GIFT_format) writes one question per
paragraph: an optional ``::title::``, the statement, then the answers between
braces. This is our own parser. It never raises on bad input: a question it
cannot read, or whose type our format lacks, becomes a ``Remarque`` naming the
question and its line, and the other questions are still converted.

GIFT → our format:
- ``{=right ~wrong ~wrong}`` → choix unique;
- ``{~%50%a ~%50%b ~c}`` (no ``=``, positive weights are right) → choix multiple;
- ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` → vrai ou faux;
- ``{=a -> b =c -> d}`` → associer;
- ``#feedback`` after an answer → ``retour``; ``####general feedback`` → ``explication``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from apprendre.base.french import count
from apprendre.courses.models import Question
from apprendre.courses.problems import translate
from apprendre.sharing.slug import slugify

PLACEHOLDER = "Explication à écrire."
"""Written where the GIFT question has no general feedback: valid, but a visible to-do."""

_ESCAPABLE = "~=#{}:\\"
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:[.,]\d+)?)%")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6])\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"\*\*|__|`")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_MAX_CHOICES = 8
_VALIDATE = TypeAdapter(Question)


@dataclass(frozen=True)
class Remarque:
    """Something to tell the mediator about one GIFT question."""

    ligne: int
    question: str
    """The question's title, or the start of its statement."""
    message: str

    def __str__(self) -> str:
        label = f", « {self.question} »" if self.question else ""
        return f"ligne {self.ligne}{label} : {self.message}"


@dataclass
class Conversion:
    """What a GIFT text became: the converted questions and what to tell about the rest."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    ignorees: list[Remarque] = field(default_factory=list)
    """Questions left out, with the reason."""
    notes: list[Remarque] = field(default_factory=list)
    """Converted questions that lost something on the way (a category, a partial credit…)."""
    a_expliquer: list[Remarque] = field(default_factory=list)
    """Converted questions given the placeholder explanation."""

    def quiz_data(self, seuil: int = 80) -> dict[str, Any]:
        return {"seuil": seuil, "questions": self.questions}


class _Skip(Exception):
    """This question cannot be converted; the message says why, in French."""


@dataclass
class _Answer:
    marker: str
    """``=`` or ``~``."""
    text: str
    weight: float | None
    feedback: str


# --- Entry points ----------------------------------------------------------------------------

def parse_gift(text: str) -> Conversion:
    """Convert every question of a GIFT text; never raises."""
    conversion = Conversion()
    used_ids: set[str] = set()
    for line, block in split_blocks(text):
        block = _drop_category(block, line, conversion)
        if not block.strip():
            continue
        label = _label(block)
        try:
            title, fields, notes = _convert(block)
        except _Skip as skip:
            conversion.ignorees.append(Remarque(line, label, str(skip)))
            continue
        question = {"id": _unique_id(title or fields["enonce"], used_ids), **fields}
        problem = _invalid(question)
        if problem:
            conversion.ignorees.append(Remarque(line, label, problem))
            continue
        used_ids.add(question["id"])
        conversion.questions.append(question)
        conversion.notes.extend(Remarque(line, label, note) for note in notes)
        if question["explication"] == PLACEHOLDER:
            conversion.a_expliquer.append(Remarque(line, label, f"question « {question['id']} »"))
    return conversion


def quiz_toml(conversion: Conversion, source: str) -> str:
    """The converted quiz as a commented ``quiz.toml`` text."""
    header = (
        f"# Quiz converti depuis « {source} » (format GIFT de Moodle) par « apprendre importer-gift ».\n"
        f"# Relisez chaque question. Remplacez chaque « {PLACEHOLDER} » par une vraie explication,\n"
        "# montrée à l'apprenant après sa réponse.\n\n"
    )
    return header + tomli_w.dumps(conversion.quiz_data())


# --- Cutting the text into questions ---------------------------------------------------------

def split_blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs separated by blank lines, without ``//`` comment lines, with their first line."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current)))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _drop_category(block: str, line: int, conversion: Conversion) -> str:
    """Remove a ``$CATEGORY:`` line, with a note: our modules don't sort questions into categories."""
    first, _, rest = block.partition("\n")
    if not first.strip().startswith("$CATEGORY:"):
        return block
    name = first.strip().removeprefix("$CATEGORY:").strip()
    conversion.notes.append(Remarque(line, "", f"catégorie Moodle « {name} » ignorée : "
                                               "les questions d'un quiz ne sont pas rangées par catégorie"))
    return rest


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    """Index of ``target`` in ``text`` outside ``\\x`` escapes, or -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Cut ``text`` before each unescaped separator: ``[(separator, piece), …]``.

    The text before the first separator comes first, with ``""`` as separator.
    """
    pieces: list[tuple[str, str]] = []
    marker, start, index = "", 0, 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in separators:
            pieces.append((marker, text[start:index]))
            marker, start = text[index], index + 1
        index += 1
    pieces.append((marker, text[start:]))
    return pieces


# --- One question ----------------------------------------------------------------------------

def _convert(block: str) -> tuple[str, dict[str, Any], list[str]]:
    """One GIFT question → (its title, our question without id, notes); raises _Skip."""
    title, rest = _split_title(block)
    text_format, rest = _split_format(rest)
    opening = find_unescaped(rest, "{")
    if opening < 0:
        raise _Skip("pas de réponses entre accolades : c'est une description, sans question, "
                    "ou les accolades manquent")
    closing = find_unescaped(rest, "}", opening + 1)
    if closing < 0:
        raise _Skip("l'accolade « { » n'est pas refermée par « } »")
    enonce = clean(rest[:opening], text_format)
    answers, general = _split_general_feedback(rest[opening + 1:closing])
    kind = _kind(answers, rest[closing + 1:])
    if not enonce:
        raise _Skip("la question n'a pas d'énoncé")
    explication = clean(general, text_format)
    if kind == "vrai ou faux":
        fields, notes = _true_false(answers, text_format, explication)
    elif kind == "associer":
        fields, notes = _matching(answers, text_format)
    else:
        fields, notes = _choices(answers, text_format)
    question: dict[str, Any] = {
        "type": fields.pop("type", kind),
        "enonce": enonce,
        "explication": fields.pop("explication", explication) or PLACEHOLDER,
        **fields,
    }
    return clean(title, "plain"), question, notes


def _split_title(block: str) -> tuple[str, str]:
    stripped = block.lstrip()
    if not stripped.startswith("::"):
        return "", block
    end = find_unescaped(stripped, "::", 2)
    if end < 0:
        raise _Skip("le titre n'est pas fermé : il manque « :: » après le titre")
    return stripped[2:end], stripped[end + 2:]


def _split_format(text: str) -> tuple[str, str]:
    match = _FORMAT.match(text)
    if not match:
        return "moodle", text
    return match.group(1).lower(), text[match.end():]


def _split_general_feedback(answers: str) -> tuple[str, str]:
    index = find_unescaped(answers, "####")
    if index < 0:
        return answers, ""
    return answers[:index], answers[index + 4:]


def _kind(answers: str, after: str) -> str:
    """Our question type for this answer block (« choix » until the answers tell which one),
    or _Skip for the GIFT types we lack."""
    body = answers.strip()
    if not body:
        raise _Skip("question ouverte (réponse libre, « {} ») : notre format ne sait pas la corriger")
    if body.startswith("#"):
        raise _Skip("question numérique (« {#…} ») : notre format ne les a pas ; "
                    "réécrivez-la en choix unique")
    if after.strip():
        raise _Skip("question à trou (du texte suit les accolades) : notre format ne les a pas ; "
                    "réécrivez l'énoncé en entier, les réponses à la fin")
    head = split_unescaped(body, "#")[0][1].strip().upper()
    if head in _TRUE_FALSE:
        return "vrai ou faux"
    if find_unescaped(body, "~") >= 0:
        return "choix"
    if find_unescaped(body, "=") >= 0 and "->" in body:
        return "associer"
    raise _Skip("question à réponse courte (l'apprenant écrit sa réponse) : notre format ne les a pas ; "
                "ajoutez des réponses fausses avec « ~ » pour en faire un choix unique")


def _true_false(answers: str, text_format: str, explication: str) -> tuple[dict[str, Any], list[str]]:
    """``{T#wrong feedback#right feedback}``: Moodle shows the first after a wrong answer."""
    parts = [piece for _, piece in split_unescaped(answers.strip(), "#")]
    feedbacks = [clean(piece, text_format) for piece in parts[1:3]]
    fields: dict[str, Any] = {"reponse": _TRUE_FALSE[parts[0].strip().upper()]}
    notes = []
    if not explication:
        fields["explication"] = next((fb for fb in feedbacks if fb), "")
        if len(feedbacks) == 2 and all(feedbacks):
            notes.append(f"le retour après une bonne réponse « {feedbacks[1]} » est ignoré : "
                         "celui d'après une erreur devient l'explication")
    elif any(feedbacks):
        notes.append("les retours de la réponse sont ignorés : l'explication générale (####) est gardée")
    return fields, notes


def _choices(answers: str, text_format: str) -> tuple[dict[str, Any], list[str]]:
    items = _answers(answers, text_format)
    notes: list[str] = []
    if len(items) < 2 or len(items) > _MAX_CHOICES:
        raise _Skip(f"{count(len(items), 'réponse')} : notre format demande de 2 à {_MAX_CHOICES} choix")
    full = [item for item in items if item.marker == "="]
    if len(full) > 1:
        raise _Skip(f"{len(full)} réponses marquées « = » : un choix unique n'a qu'une réponse juste ; "
                    "gardez-en une, ou donnez des poids (~%50%) pour un choix multiple")
    if full:
        kind = "choix unique"
        right = [item.marker == "=" for item in items]
        partial = [item.text for item in items if item.marker == "~" and (item.weight or 0) > 0]
        if partial:
            notes.append("crédit partiel ignoré : « " + " », « ".join(partial) + " » compte comme fausse")
    else:
        kind = "choix multiple"
        right = [(item.weight or 0) > 0 for item in items]
        if not any(right):
            raise _Skip("aucune réponse juste : marquez-la avec « = », ou donnez-lui un poids positif (~%50%)")
    choix = []
    for item, juste in zip(items, right):
        choice: dict[str, Any] = {"texte": item.text}
        if juste:
            choice["juste"] = True
        if item.feedback:
            choice["retour"] = item.feedback
        choix.append(choice)
    return {"type": kind, "choix": choix}, notes


def _answers(answers: str, text_format: str) -> list[_Answer]:
    pieces = split_unescaped(answers, "~=")
    if pieces[0][1].strip():
        raise _Skip(f"texte inattendu avant la première réponse : « {clean(pieces[0][1], 'plain')} »")
    items = []
    for position, (marker, piece) in enumerate(pieces[1:], start=1):
        weight_match = _WEIGHT.match(piece)
        weight = float(weight_match.group(1).replace(",", ".")) if weight_match else None
        if weight_match:
            piece = piece[weight_match.end():]
        text, _, feedback = _split_feedback(piece)
        text = clean(text, text_format)
        if not text:
            raise _Skip(f"la réponse {position} est vide")
        items.append(_Answer(marker, text, weight, clean(feedback, text_format)))
    return items


def _split_feedback(piece: str) -> tuple[str, str, str]:
    index = find_unescaped(piece, "#")
    if index < 0:
        return piece, "", ""
    return piece[:index], "#", piece[index + 1:]


def _matching(answers: str, text_format: str) -> tuple[dict[str, Any], list[str]]:
    pieces = split_unescaped(answers, "=")
    if pieces[0][1].strip():
        raise _Skip(f"texte inattendu avant la première paire : « {clean(pieces[0][1], 'plain')} »")
    paires, notes = [], []
    for position, (_, piece) in enumerate(pieces[1:], start=1):
        text, _, feedback = _split_feedback(piece)
        if feedback.strip():
            notes.append(f"le retour de la paire {position} est ignoré : une paire n'a pas de retour")
        left, arrow, right = text.partition("->")
        if not arrow:
            raise _Skip(f"la paire {position} n'a pas de flèche « -> » entre ses deux côtés")
        gauche, droite = clean(left, text_format), clean(right, text_format)
        if not droite:
            raise _Skip(f"la paire {position} n'a rien à droite de « -> »")
        if not gauche:
            notes.append(f"réponse en trop « {droite} » ignorée : notre format n'a pas de leurre")
            continue
        paires.append({"gauche": gauche, "droite": droite})
    if len(paires) < 2 or len(paires) > _MAX_CHOICES:
        raise _Skip(f"{count(len(paires), 'paire')} : notre format demande de 2 à {_MAX_CHOICES} paires")
    return {"paires": paires}, notes


# --- Text ------------------------------------------------------------------------------------

def clean(text: str, text_format: str) -> str:
    """GIFT text → plain one-line text: escapes resolved, tags and Markdown marks removed."""
    text = _ESCAPE.sub(_unescape_one, text)
    if text_format != "plain":
        text = _BLOCK_TAG.sub(" ", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
    if text_format == "markdown":
        text = _MD_LINK.sub(r"\1", text)
        text = _MD_MARK.sub("", text)
    return " ".join(text.split())


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in _ESCAPABLE:
        return char
    if char == "n":
        return "\n"
    return match.group(0)


def _label(block: str) -> str:
    """How a question is named in messages: its title, or the start of its statement."""
    try:
        title, rest = _split_title(block)
    except _Skip:
        title, rest = "", block
    text_format, rest = _split_format(rest)
    label = clean(title, "plain") or clean(split_unescaped(rest, "{")[0][1], text_format)
    return label if len(label) <= 50 else label[:49].rstrip() + "…"


def _unique_id(text: str, used: set[str]) -> str:
    base = slugify(text, max_length=50) or "question"
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _invalid(question: dict[str, Any]) -> str | None:
    """Last safety net: a French reason if our models would refuse this question."""
    try:
        _VALIDATE.validate_python(question)
    except ValidationError as error:
        detail = error.errors()[0]
        loc = tuple(part for part in detail["loc"] if part != question["type"])
        return translate(detail, loc)
    return None
