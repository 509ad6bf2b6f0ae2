"""French messages for TOML syntax errors and pydantic errors, and where they are."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from apprendre.base.files import FileError, Probleme, parse_toml
from apprendre.base.positions import find_position, toml_positions
from apprendre.courses.models import QUESTION_TYPES, Module, Quiz
from apprendre.courses.problems import translate, validation_problems

FILE = Path("quiz.toml")


def syntax_problem(text: str, first_line: int = 1) -> Probleme:
    with pytest.raises(FileError) as caught:
        parse_toml(text, FILE, first_line=first_line)
    [problem] = caught.value.problemes
    return problem


@pytest.mark.parametrize(("text", "line", "column", "expected"), [
    ('titre = Bonjour\n', 1, 9, "un texte s'écrit entre guillemets droits"),
    ('titre = « Bonjour »\n', 1, 9, "utilisez des guillemets droits"),
    ('titre = “Bonjour”\n', 1, 9, "utilisez des guillemets droits"),
    ('juste = True\n', 1, 9, "écrivez true (vrai) ou false (faux), en minuscules"),
    ('juste = vrai\n', 1, 9, "écrivez true (vrai) ou false (faux)"),
    ('titre =\n', 1, 8, "la valeur manque après « = »"),
    ('a = 1\nénoncé = "x"\n', 2, 1, "écrivez « enonce » au lieu de « énoncé »"),
    ('a = 1\ncatégorie = "x"\n', 2, 4, "écrivez « categorie » au lieu de « catégorie »"),
    ('titre: "x"\n', 1, 6, "écrivez « = » entre le nom de la clé et sa valeur, pas « : »"),
    ('mon titre = "x"\n', 1, 5, "un nom de clé s'écrit sans espace"),
    ('titre = "Bonjour\nresume = "x"\n', 1, 17, "il manque le guillemet de fin"),
    ('a = 1\na = 2\n', 2, None, "cette clé est déjà écrite plus haut"),
    ('[questions]\nid = "a"\n[questions]\nid = "b"\n', 3, None, "écrivez [[questions]] avec deux paires de crochets"),
    ('[[questions]\n', 1, None, "il manque « ]] »"),
    ('duree = 1,5\n', 1, None, "un nombre sans virgule ni espace"),
    ('chemin = "C:\\dossier"\n', 1, None, "doit être doublée"),
    ('titre = "Bonjour \x01"\n', 1, None, "caractère invisible interdit"),
])
def test_toml_syntax_errors_say_what_to_change(text, line, column, expected):
    problem = syntax_problem(text)
    assert problem.ligne == line
    if column is not None:
        assert problem.colonne == column
    assert expected in problem.message


@pytest.mark.parametrize(("text", "line"), [
    ('a = 1\nlecons = ["a.md",\n  "b.md"\n', 2),                 # list never closed: where it opens
    ('a = 1\nlecons = ["a.md",\n  "b.md"\n\nb = 2\n', 2),
    ('a = 1\ntitre = """Bonjour\nresume = "x"\n', 2),             # multi-line text never closed
    ('a = 1\ntitre = "Bonjour', 2),
    ("a = 1\ntitre = 'Bonjour", 2),
])
def test_unclosed_values_point_where_they_open(text, line):
    problem = syntax_problem(text)
    assert problem.ligne == line
    assert problem.colonne is None


def test_front_matter_lines_are_lines_of_the_file():
    assert syntax_problem('titre = "x"\nduree = cinq\n', first_line=2).ligne == 3


def quiz_problems(text: str) -> list[Probleme]:
    with pytest.raises(ValidationError) as caught:
        Quiz.model_validate(tomli.loads(text))
    return validation_problems(caught.value, FILE, text, tags=QUESTION_TYPES)


QUESTION = '[[questions]]\nid = "q"\ntype = "vrai ou faux"\nenonce = "É"\nexplication = "X"\nreponse = true\n'


@pytest.mark.parametrize(("change", "expected"), [
    (('type = "vrai ou faux"', 'type = "QCM"'), "« type » ne peut pas valoir « QCM » : écrivez l'une de ces valeurs"),
    (('type = "vrai ou faux"\n', ""), "la clé « type » manque : ajoutez type = \"choix unique\""),
    (('type = "vrai ou faux"', 'type = "Vrai ou faux"'), "(vouliez-vous écrire « vrai ou faux » ?)"),
    (('id = "q"', 'id = "Question 1"'), "« id » ne doit contenir que des lettres minuscules sans accent"),
    (('enonce = "É"', 'enonce = ""'), "« enonce » ne doit pas être vide"),
    (('enonce = "É"', 'enonce = 3'), "« enonce » doit être un texte entre guillemets"),
    (('reponse = true', 'reponse = "vrai"'), "« reponse » doit valoir true (vrai) ou false (faux)"),
    (('reponse = true', 'reponse = true\nchoix = []'),
     "la clé « choix » ne va pas avec une question de type « vrai ou faux » : supprimez-la"),
    (('reponse = true', 'reponse = true\nbonus = 1'), "la clé « bonus » est inconnue : supprimez-la"),
])
def test_pydantic_errors_become_french_sentences(change, expected):
    text = QUESTION.replace(*change)
    [problem] = quiz_problems(text)
    assert expected in problem.message
    assert problem.message.startswith("question 1 (« ")


def test_limits_are_told_with_their_numbers():
    messages = [p.message for p in quiz_problems("seuil = 150\n" + QUESTION)]
    assert messages == ["« seuil » doit valoir au plus 100"]
    text = QUESTION.replace('type = "vrai ou faux"', 'type = "ordre"').replace("reponse = true", 'elements = ["a"]')
    assert [p.message for p in quiz_problems(text)] == [
        "question 1 (« q ») : « elements » doit contenir au moins 3 éléments (il y en a 1)"]


def test_multi_line_feedback_is_refused():
    text = QUESTION.replace('type = "vrai ou faux"', 'type = "choix unique"').replace(
        "reponse = true", '[[questions.choix]]\ntexte = "a"\njuste = true\n[[questions.choix]]\ntexte = "b"\n'
                          'retour = """deux\nlignes"""')
    [problem] = quiz_problems(text)
    assert problem.message == ("question 1 (« q »), choix 2 : « retour » doit tenir sur une seule ligne : "
                               "retirez les retours à la ligne")
    assert problem.ligne == 11


def test_problem_text_names_file_line_and_column():
    assert str(Probleme(FILE, "à corriger", 3, 7)) == "quiz.toml, ligne 3, colonne 7 : à corriger"
    assert str(Probleme(FILE, "à corriger", 3)) == "quiz.toml, ligne 3 : à corriger"
    assert str(Probleme(FILE, "à corriger")) == "quiz.toml : à corriger"


def test_translate_never_falls_back_to_english():
    detail = {"type": "some_new_pydantic_error", "msg": "Input should be fine", "loc": ("titre",)}
    message = translate(detail, ("titre",))
    assert "Input" not in message and "« titre »" in message


def test_module_problems_are_located_in_plain_lists():
    text = ('titre = "T"\nresume = "R"\nniveau = "débutant"\nduree = 5\nfamille = "usages"\n'
            'competences = ["1.1", "2.1", "1.1"]\nauteurs = ["A"]\nlicence = "L"\nversion = "1"\n'
            'lecons = [\n  "a.md",\n  "b/c.md",\n]\n')
    with pytest.raises(ValidationError) as caught:
        Module.model_validate(tomli.loads(text))
    found = {(p.ligne, p.colonne): p.message for p in validation_problems(caught.value, FILE, text)}
    assert found[(6, 30)] == "le code « 1.1 » est écrit deux fois : retirez l'un des deux"
    assert found[(12, 3)].startswith("« b/c.md » : écrivez seulement le nom du fichier, sans dossier")


# --- Positions -----------------------------------------------------------------------------

def test_positions_of_tables_keys_and_items():
    text = ('a = [1, 2,\n  "x]", {b = 1, c.d = [3]}]\n"k.q" = """x\n"""  # c\n[t.u]\nz = \'\'\'a\'\'\'\n'
            '[[q]]\nid = "1"\n[[q]]\nid = "2"\n  [[q.r]]\n  s = 1\n')
    positions = toml_positions(text)
    assert positions[("a",)] == (1, 1)
    assert positions[("a", 2)] == (2, 3)
    assert positions[("a", 3, "c", "d", 0)] == (2, 24)
    assert positions[("k.q",)] == (3, 1)
    assert positions[("t", "u", "z")] == (6, 1)
    assert positions[("q", 1, "id")] == (10, 1)
    assert positions[("q", 1, "r", 0, "s")] == (12, 3)
    assert find_position(positions, ("q", 1, "r", 0, "absent")) == (11, 3)
    assert find_position(positions, ("absent",)) is None


def test_positions_survive_text_that_is_not_toml():
    assert toml_positions("a = [1,\n[b")[("a", 0)] == (1, 6)
    assert toml_positions('a = "') == {("a",): (1, 1)}


KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-é .\"'\\\n", min_size=1, max_size=8)
SCALARS = st.one_of(st.booleans(), st.integers(), st.text(st.characters(exclude_characters="\r"), max_size=20))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)


def leaf_locs(data, loc=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield loc + (key,)
            yield from leaf_locs(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if not isinstance(value, dict):  # items that are tables are found through their keys
                yield loc + (index,)
            yield from leaf_locs(value, loc + (index,))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.booleans())
def test_every_key_and_item_of_any_toml_has_a_position(data, multiline):
    text = tomli_w.dumps(data, multiline_strings=multiline)
    assert tomli.loads(text) == data
    positions = toml_positions(text)
    lines = text.split("\n")
    for loc in leaf_locs(data):
        line, column = positions[loc]
        assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1
