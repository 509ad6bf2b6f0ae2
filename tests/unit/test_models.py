"""The course models: what they accept, what they refuse, and how they report it."""

from __future__ import annotations

import tomllib

import pytest
from conftest import EXEMPLE
from pydantic import ValidationError

from apprendre.courses.models import (
    CONTENU,
    CRCN_CODES,
    QUESTION_TYPES,
    Associer,
    Choix,
    ChoixUnique,
    Classer,
    Module,
    Quiz,
    known_keys,
)

BASE = {"id": "q", "enonce": "Énoncé", "explication": "Parce que."}


def example_quiz() -> dict:
    return tomllib.loads((EXEMPLE / "quiz.toml").read_text("utf-8"))


def errors(model, data) -> list[dict]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.errors()


def test_example_files_are_valid_and_use_every_question_type():
    quiz = Quiz.model_validate(example_quiz())
    assert tuple(question.type for question in quiz.questions) == QUESTION_TYPES
    assert quiz.seuil == 80
    module = Module.model_validate(tomllib.loads((EXEMPLE / "module.toml").read_text("utf-8")))
    assert module.lecons == ["01-la-souris.md", "02-cliquer.md"]


def test_models_are_frozen():
    choice = Choix(texte="Oui", juste=True)
    with pytest.raises(ValidationError):
        choice.juste = False


def test_crcn_has_the_sixteen_competences():
    assert len(CRCN_CODES) == 16
    assert {code.split(".")[0] for code in CRCN_CODES} == {"1", "2", "3", "4", "5"}


def test_content_problems_carry_their_place_below_the_model():
    data = {**BASE, "type": "classer", "categories": ["A", "B"],
            "elements": [{"texte": "x", "categorie": "A"}, {"texte": "y", "categorie": "C"},
                         {"texte": "z", "categorie": "D"}]}
    [error] = errors(Classer, data)
    assert error["type"] == CONTENU
    assert [place for place, _ in error["ctx"]["lieux"]] == [("elements", 1, "categorie"), ("elements", 2, "categorie")]


def test_no_answer_is_an_index():
    """Right answers are flags on choices, categories by name, steps in order: reordering is safe."""
    question = ChoixUnique.model_validate({**BASE, "type": "choix unique",
                                           "choix": [{"texte": "a"}, {"texte": "b", "juste": True}]})
    assert [choice.texte for choice in question.choix if choice.juste] == ["b"]
    assert "juste" in Choix.model_fields and "categorie" in known_keys()


@pytest.mark.parametrize(("categories", "items", "ok"), [
    (["A", "B"], 3, True), (["A", "B", "C", "D"], 12, True),
    (["A"], 3, False), (["A", "B", "C", "D", "E"], 3, False), (["A", "B"], 2, False), (["A", "B"], 13, False),
])
def test_classer_sorts_3_to_12_items_into_2_to_4_categories(categories, items, ok):
    data = {**BASE, "type": "classer", "categories": categories,
            "elements": [{"texte": f"élément {n}", "categorie": "A"} for n in range(items)]}
    if ok:
        assert len(Classer.model_validate(data).elements) == items
    else:
        assert errors(Classer, data)[0]["type"] in ("too_short", "too_long")


def test_same_texts_that_differ_only_by_case_or_spaces_are_duplicates():
    data = {**BASE, "type": "associer",
            "paires": [{"gauche": "Un clic", "droite": "Choisir"}, {"gauche": "un  clic", "droite": "Ouvrir"}]}
    [error] = errors(Associer, data)
    assert error["ctx"]["lieux"][0][0] == ("paires", 1, "gauche")


def test_duplicate_ids_are_reported_with_the_errors_of_broken_questions():
    data = example_quiz()
    data["questions"][1]["id"] = "role-souris"
    data["questions"][4]["elements"] = ["une seule étape"]
    found = {(error["type"], error["loc"]) for error in errors(Quiz, data)}
    assert found == {("too_short", ("questions", 4, "ordre", "elements")), (CONTENU, ("questions", 1, "id"))}


def test_duplicate_ids_alone():
    data = example_quiz()
    data["questions"][2]["id"] = "gestes"
    [error] = errors(Quiz, data)
    assert error["loc"] == ("questions", 5, "id")


def test_feedback_holds_on_one_line():
    [error] = errors(Choix, {"texte": "a", "retour": "une\nautre"})
    assert error["type"] == "une_ligne"


def test_module_lessons_and_codes():
    data = tomllib.loads((EXEMPLE / "module.toml").read_text("utf-8"))
    data["lecons"] = ["01-la-souris.md", "01-la-souris.md", "notes.txt", "../ailleurs.md"]
    data["competences"] = ["5.2", "0.1"]
    places = [(error["loc"], place) for error in errors(Module, data) for place, _ in error["ctx"]["lieux"]]
    assert places == [(("competences",), (1,)), (("lecons",), (2,)), (("lecons",), (3,)), (("lecons",), (1,))]


def test_known_keys_are_the_keys_of_the_format():
    assert {"titre", "resume", "lecons", "seuil", "questions", "enonce", "explication", "choix", "juste", "retour",
            "categories", "elements", "categorie", "paires", "gauche", "droite", "reponse"} <= known_keys()


def test_duplicate_ids_keep_every_other_kind_of_error():
    data = example_quiz()
    questions = data["questions"]
    questions[1]["id"] = "role-souris"
    questions[0]["choix"][1]["juste"] = True                 # contenu
    questions[3]["elements"][0]["retour"] = "deux\nlignes"   # une_ligne
    questions[1]["type"] = "QCM"                              # union_tag_invalid
    questions[2]["reponse"] = "oui"                           # bool_type
    questions[2]["bonus"] = 1                                 # extra_forbidden
    del questions[3]["enonce"]                                # missing
    questions[4]["elements"] = [str(n) for n in range(9)]     # too_long
    questions[5]["id"] = "Gestes"                             # string_pattern_mismatch
    data["seuil"] = 0                                         # greater_than_equal
    kinds = sorted(error["type"] for error in errors(Quiz, data))
    assert kinds == sorted([CONTENU, "une_ligne", "union_tag_invalid", "bool_type", "extra_forbidden", "missing",
                            "too_long", "string_pattern_mismatch", "greater_than_equal", CONTENU])
