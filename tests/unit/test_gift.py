"""``apprendre importer-gift``: Moodle's GIFT quizzes turned into our quiz format."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apprendre.cli.main import main
from apprendre.courses.models import Quiz
from apprendre.sharing.gift import PLACEHOLDER, parse_gift, quiz_toml

MOODLE_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "references" / "gift" / "moodle-examples.gift.txt"


def only(text: str) -> dict:
    conversion = parse_gift(text)
    assert conversion.ignorees == [], conversion.ignorees
    assert len(conversion.questions) == 1
    return conversion.questions[0]


# --- Supported question types ----------------------------------------------------------------

def test_single_choice_with_feedback_per_answer():
    question = only("::Souris::À quoi sert la souris ? {\n"
                    "=À déplacer le pointeur#Oui.\n"
                    "~À écrire#Non : c'est le clavier.\n"
                    "~À allumer l'écran\n"
                    "####La souris déplace le pointeur.}")
    assert question == {
        "id": "souris", "type": "choix unique", "enonce": "À quoi sert la souris ?",
        "explication": "La souris déplace le pointeur.",
        "choix": [{"texte": "À déplacer le pointeur", "juste": True, "retour": "Oui."},
                  {"texte": "À écrire", "retour": "Non : c'est le clavier."},
                  {"texte": "À allumer l'écran"}],
    }


def test_weights_without_equal_sign_make_a_multiple_choice():
    question = only("Que trouve-t-on sur une souris ? {~%50%Un bouton gauche ~%50%Un bouton droit "
                    "~%-50%Un écran ~Un clavier}")
    assert question["type"] == "choix multiple"
    assert [choice.get("juste", False) for choice in question["choix"]] == [True, True, False, False]


def test_partial_credit_in_a_single_choice_counts_as_wrong_with_a_note():
    conversion = parse_gift("Difficile. {~faux ~%50%à moitié =juste}")
    assert conversion.questions[0]["type"] == "choix unique"
    assert [choice.get("juste", False) for choice in conversion.questions[0]["choix"]] == [False, False, True]
    assert "crédit partiel ignoré : « à moitié »" in conversion.notes[0].message


@pytest.mark.parametrize(("answer", "expected"), [("T", True), ("TRUE", True), ("F", False), ("false", False)])
def test_true_false(answer, expected):
    question = only(f"Le processeur calcule. {{{answer}}}")
    assert (question["type"], question["reponse"]) == ("vrai ou faux", expected)


def test_true_false_feedback_becomes_the_explanation():
    question = only("Le wifi est un logiciel.{FALSE#Non : c'est une façon de relier les machines.}")
    assert question["explication"] == "Non : c'est une façon de relier les machines."


def test_matching_becomes_associer():
    question = only("Associez. {\n =Clic -> Choisir\n =Double clic -> Ouvrir\n =Clic droit -> Menu\n"
                    " ####Chaque geste a son rôle.}")
    assert question["type"] == "associer"
    assert question["paires"][1] == {"gauche": "Double clic", "droite": "Ouvrir"}
    assert question["explication"] == "Chaque geste a son rôle."


def test_matching_distractors_are_left_out_with_a_note():
    conversion = parse_gift("Associez. {=a -> 1 =b -> 2 = -> 3}")
    assert len(conversion.questions[0]["paires"]) == 2
    assert "réponse en trop « 3 » ignorée" in conversion.notes[0].message


# --- Text ------------------------------------------------------------------------------------

def test_escapes_are_resolved():
    question = only(r"Que vaut \{ \} \: \# \= \~ \\ ? {=\= 5 ~\~ 4}")
    assert question["enonce"] == "Que vaut { } : # = ~ \\ ?"
    assert [choice["texte"] for choice in question["choix"]] == ["= 5", "~ 4"]


def test_html_is_stripped_to_plain_text():
    question = only("[html]<p>Le <b>processeur</b> est-il&nbsp;une&nbsp;pièce ?</p><br>{T}")
    assert question["enonce"] == "Le processeur est-il une pièce ?"


def test_markdown_marks_are_removed():
    question = only("[markdown]Qui est **enterré** dans [la tombe](http://x) ? {=personne ~Grant}")
    assert question["enonce"] == "Qui est enterré dans la tombe ?"


def test_comments_and_multiline_questions():
    conversion = parse_gift("// un commentaire\nUne question\n// au milieu\nsur deux lignes ? {T}\n")
    assert conversion.questions[0]["enonce"] == "Une question sur deux lignes ?"


def test_category_is_ignored_with_a_note():
    conversion = parse_gift("$CATEGORY: $course$/Numérique\n\nLe cloud est un ordinateur. {T}")
    assert len(conversion.questions) == 1
    assert "catégorie Moodle « $course$/Numérique » ignorée" in conversion.notes[0].message


def test_question_ids_are_unique_slugs():
    conversion = parse_gift("::Même titre::A ? {T}\n\n::Même titre::B ? {F}\n\nÉcrire un e-mail ? {T}")
    assert [question["id"] for question in conversion.questions] == [
        "meme-titre", "meme-titre-2", "ecrire-un-e-mail"]


# --- Placeholder explanation -----------------------------------------------------------------

def test_question_without_explanation_gets_the_placeholder_and_is_listed():
    conversion = parse_gift("\n\n::Souris::À quoi sert la souris ? {=pointer ~écrire}")
    assert conversion.questions[0]["explication"] == PLACEHOLDER
    assert [(remarque.ligne, remarque.question) for remarque in conversion.a_expliquer] == [(3, "Souris")]


# --- What our format lacks: a clear message, never a crash -----------------------------------

@pytest.mark.parametrize(("gift", "reason"), [
    ("Qui est enterré ? {=personne =nul}", "réponse courte"),
    ("Né en ? {#1822:5}", "question numérique"),
    ("Racontez votre journée. {}", "question ouverte"),
    ("Grant est {~enterré =inhumé} dans sa tombe.", "question à trou"),
    ("Un simple texte de présentation.", "description"),
    ("Question ? {=a ~b", "n'est pas refermée"),
    ("::Titre sans fin Question ? {T}", "titre n'est pas fermé"),
    ("Question ? {=a =b ~c}", "2 réponses marquées « = »"),
    ("Question ? {~a ~b}", "aucune réponse juste"),
    ("Question ? {=seule}", "réponse courte"),
    ("Question ? {=" + " ~".join("abcdefghi") + "}", "9 réponses"),
    ("{=a ~b}", "pas d'énoncé"),
    ("Question ? {=a ~}", "la réponse 2 est vide"),
])
def test_unsupported_questions_are_skipped_with_line_and_reason(gift, reason):
    conversion = parse_gift("// en-tête\n\n" + gift)
    assert conversion.questions == []
    [remarque] = conversion.ignorees
    assert remarque.ligne == 3
    assert reason in remarque.message


def test_other_questions_are_still_converted_after_a_bad_one():
    conversion = parse_gift("Né en ? {#1822}\n\n::Bonne::Le clavier sert à écrire. {T}")
    assert [question["id"] for question in conversion.questions] == ["bonne"]
    assert str(conversion.ignorees[0]).startswith("ligne 1, « Né en ? » : question numérique")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("~=#{}:\\->%$[]/ \nTFab1é<p>")) | st.characters(), max_size=300))
def test_parser_never_raises_and_only_returns_valid_questions(text):
    conversion = parse_gift(text)
    if conversion.questions:
        Quiz.model_validate(tomllib.loads(quiz_toml(conversion, "x.gift")))


# --- Moodle's own examples -------------------------------------------------------------------

def test_moodle_examples_file():
    if not MOODLE_EXAMPLES.is_file():
        pytest.skip(f"le fichier d'exemples de Moodle est absent ({MOODLE_EXAMPLES})")
    conversion = parse_gift(MOODLE_EXAMPLES.read_text("utf-8"))
    kinds = {question["type"] for question in conversion.questions}
    assert kinds == {"choix unique", "choix multiple", "vrai ou faux", "associer"}
    assert len(conversion.questions) == 19
    assert len(conversion.ignorees) == 24
    reasons = " ".join(remarque.message for remarque in conversion.ignorees)
    for kind in ("réponse courte", "question numérique", "question à trou"):
        assert kind in reasons
    control = next(q for q in conversion.questions if q["id"] == "gift-control-characters")
    assert [choice["texte"] for choice in control["choix"]] == ["~", "=", "#", "{", "}", "\\"]
    Quiz.model_validate(tomllib.loads(quiz_toml(conversion, MOODLE_EXAMPLES.name)))


# --- The command -----------------------------------------------------------------------------

GIFT = """// Un petit quiz
::Clavier::Le clavier sert à écrire. {T####Oui : on tape les lettres au clavier.}

::Souris::À quoi sert la souris ? {=Déplacer le pointeur ~Écrire}

Né en ? {#1822}
"""


def test_command_writes_a_valid_quiz_and_prints_a_summary(tmp_path, capsys):
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, "utf-8")
    assert main(["--cours", str(tmp_path), "importer-gift", str(source)]) == 0
    output = capsys.readouterr().out
    assert output.startswith("2 questions converties, 1 ignorée :\n- ligne 6, « Né en ? » : question numérique")
    assert "1 question sans explication" in output and "ligne 4, « Souris »" in output
    written = (tmp_path / "quiz.toml").read_text("utf-8")
    assert written.startswith("# Quiz converti depuis « quiz.gift »")
    quiz = Quiz.model_validate(tomllib.loads(written))
    assert [question.id for question in quiz.questions] == ["clavier", "souris"]


def test_command_never_overwrites_the_output_silently(tmp_path, capsys):
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, "utf-8")
    output = tmp_path / "sortie.toml"
    output.write_text("ancien", "utf-8")
    assert main(["importer-gift", str(source), "--sortie", str(output)]) == 1
    assert "--remplacer" in capsys.readouterr().err
    assert output.read_text("utf-8") == "ancien"
    assert main(["importer-gift", str(source), "--sortie", str(output), "--remplacer"]) == 0
    assert "[[questions]]" in output.read_text("utf-8")


def test_command_writes_nothing_when_no_question_converts(tmp_path, capsys):
    source = tmp_path / "quiz.gift"
    source.write_text("Né en ? {#1822}\n", "utf-8")
    assert main(["importer-gift", str(source)]) == 1
    assert "Aucune question n'a pu être convertie" in capsys.readouterr().err
    assert not (tmp_path / "quiz.toml").exists()


def test_command_reports_a_file_not_in_utf8(tmp_path, capsys):
    source = tmp_path / "quiz.gift"
    source.write_bytes("Le clavier sert à écrire. {T}".encode("cp1252"))
    assert main(["importer-gift", str(source)]) == 1
    assert "UTF-8" in capsys.readouterr().err


def test_command_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["importer-gift", str(tmp_path / "absent.gift")]) == 2
    assert "introuvable" in capsys.readouterr().err


_PIECES = ["mot", "é", " ", "Oui", "\\=", "\\{", "\\}", "\\#", "\\~", "\\:", "<b>", "&amp;", "%"] * 4 + \
    ["~", "=", "#", "{", "}", "->", "::", "\\"]
"""Mostly words and escapes, sometimes a bare GIFT sign where it doesn't belong."""
_WORDS = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
_ANSWER = st.tuples(st.sampled_from(["=", "~", "~%50%", "~%-50%", "=%50%", "~%33.3%"]), _WORDS,
                    st.one_of(st.just(""), _WORDS.map(lambda text: "#" + text)))
_BLOCK = st.one_of(
    st.lists(_ANSWER, max_size=10).map(lambda answers: " ".join(m + t + f for m, t, f in answers)),
    st.lists(st.tuples(_WORDS, _WORDS), max_size=10).map(
        lambda pairs: " ".join(f"={left} -> {right}" for left, right in pairs)),
    st.sampled_from(["T", "F", "TRUE", "FALSE#non#oui", "#1822", ""]),
)
_QUESTION = st.builds(
    lambda title, stem, block, general, after: f"{title}{stem}{{{block}{general}}}{after}",
    st.one_of(st.just(""), _WORDS.map(lambda text: f"::{text}::")), _WORDS, _BLOCK,
    st.one_of(st.just(""), _WORDS.map(lambda text: "####" + text)), st.sampled_from(["", "", "", "", ".", " fin"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_QUESTION, min_size=1, max_size=5))
def test_gift_like_questions_convert_or_get_a_reason(questions):
    conversion = parse_gift("\n\n".join(questions))
    assert len(conversion.questions) + len(conversion.ignorees) >= 1
    assert all(remarque.message for remarque in conversion.ignorees)
    if conversion.questions:
        Quiz.model_validate(tomllib.loads(quiz_toml(conversion, "x.gift")))
