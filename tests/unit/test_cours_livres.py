"""The shipped library meets its quality bar: complete, plain French, every module usable."""

from __future__ import annotations

import pytest

from apprendre.courses.library import load_lecon, load_library
from apprendre.courses.models import Classer
from apprendre.courses.readability import measure
from apprendre.storage.locations import shipped_cours

MAX_WORDS_PER_SENTENCE = 15
MIN_KANDEL_MOLES = 60
FLAGSHIP = "informatique-numerique-usages"

LIBRARY = load_library(shipped_cours())
LESSONS = [(cours, index) for cours in LIBRARY.cours for index in range(len(cours.module.lecons))]


def lesson_id(param) -> str:
    cours, index = param
    return f"{cours.id}/{cours.module.lecons[index]}"


def test_every_shipped_module_loads():
    assert LIBRARY.problemes == []
    assert len(LIBRARY.cours) >= 11


def test_flagship_comes_first_and_sorts_at_least_30_items():
    flagship = LIBRARY.cours[0]
    assert flagship.id == FLAGSHIP
    classer = [q for q in flagship.quiz.questions if isinstance(q, Classer)]
    assert len(classer) >= 3
    for question in classer:
        assert question.categories == ["Informatique", "Numérique", "Usages"]
    items = {element.texte for question in classer for element in question.elements}
    assert len(items) >= 30
    assert len({q.type for q in flagship.quiz.questions}) >= 3


def test_modules_cover_the_five_crcn_domains():
    domains = {code.split(".")[0] for cours in LIBRARY.cours for code in cours.module.competences}
    assert domains == {"1", "2", "3", "4", "5"}


@pytest.mark.parametrize("cours", LIBRARY.cours, ids=lambda cours: cours.id)
def test_module_metadata_and_quiz(cours):
    module = cours.module
    assert module.licence == "CC BY-SA 4.0"
    assert 2 <= len(module.lecons) <= 4
    assert len(cours.quiz.questions) >= 6
    assert len({q.type for q in cours.quiz.questions}) >= 2
    assert all(len(q.explication.split()) >= 4 for q in cours.quiz.questions)


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_id)
def test_lesson_is_plain_french_and_the_right_length(lesson):
    cours, index = lesson
    text = (cours.dossier / cours.module.lecons[index]).read_text("utf-8")
    lecon = load_lecon(cours, index)
    lisibilite = measure(text)
    assert 300 <= lisibilite.mots <= 700, f"{lisibilite.mots} mots"
    assert lisibilite.mots_par_phrase <= MAX_WORDS_PER_SENTENCE
    assert lisibilite.score >= MIN_KANDEL_MOLES
    assert len(lecon.pages) >= 2
