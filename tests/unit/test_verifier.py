"""``apprendre verifier``: each check, on a small broken copy of the example module.

Every test breaks one thing and asserts the file, the line (and column where it
is known) and a French message that says what to change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apprendre.base.files import Probleme
from apprendre.courses.checker import check_library

ENGLISH = re.compile(r"\b(input|should|required|expected|invalid|field|line|column|error|unterminated|"
                     r"unclosed|extra|value|type=)\b", re.IGNORECASE)


@pytest.fixture
def module(cours_exemple: Path) -> Path:
    return cours_exemple / "exemple-de-module"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} doit apparaître une fois dans {path.name}"
    path.write_text(text.replace(old, new), "utf-8")


def line_of(path: Path, needle: str, start: int = 1) -> int:
    """The number of the first line at or after ``start`` that contains ``needle``."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if n >= start and needle in line)


def problems(library: Path) -> list[Probleme]:
    found = check_library(library).problemes
    for problem in found:
        assert not ENGLISH.search(problem.message), problem.message
    return found


def only_problem(library: Path) -> Probleme:
    found = problems(library)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def test_example_module_passes(cours_exemple):
    rapport = check_library(cours_exemple)
    assert rapport.problemes == []
    assert rapport.summary() == "1 module vérifié, aucun problème : tout est bon."


def test_toml_syntax_error_gives_file_line_and_column(cours_exemple, module):
    replace(module / "quiz.toml", "seuil = 80", "seuil = quatre-vingts")
    problem = only_problem(cours_exemple)
    assert (problem.fichier, problem.ligne, problem.colonne) == (module / "quiz.toml", 5, 9)
    assert "un nombre en chiffres" in problem.message


def test_unclosed_list_at_end_of_file_points_where_it_opens(cours_exemple, module):
    replace(module / "module.toml", '"02-cliquer.md"]', '"02-cliquer.md"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(module / "module.toml", "lecons =")
    assert "il manque « ] »" in problem.message or "« ] »" in problem.message


def test_unknown_key_suggests_the_right_one(cours_exemple, module):
    replace(module / "quiz.toml", 'explication = "La souris déplace', 'explications = "La souris déplace')
    found = problems(cours_exemple)
    line = line_of(module / "quiz.toml", "explications =")
    unknown = next(p for p in found if "inconnue" in p.message)
    assert unknown.ligne == line
    assert unknown.message == ("question 1 (« role-souris ») : la clé « explications » est inconnue : "
                               "vouliez-vous écrire « explication » ?")


def test_missing_key_of_a_question_points_at_the_question(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'explication = "Oui : deux appuis rapides sur le bouton de gauche ouvrent un fichier ou un dossier."\n', "")
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, 'id = "double-clic"') - 1  # its [[questions]] line
    assert problem.message == ("question 3 (« double-clic ») : la clé « explication » manque : "
                               'ajoutez explication = "…"')


def test_missing_key_of_the_module(cours_exemple, module):
    replace(module / "module.toml", 'licence = "CC BY-SA 4.0"\n', "")
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "module.toml"
    assert problem.message == 'la clé « licence » manque : ajoutez licence = "CC BY-SA 4.0"'


def test_wrong_type(cours_exemple, module):
    replace(module / "module.toml", "duree = 10 ", 'duree = "10 minutes" ')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(module / "module.toml", "duree =")
    assert problem.message.startswith("« duree » doit être un nombre entier")


def test_unknown_value_suggests_the_accented_one(cours_exemple, module):
    replace(module / "module.toml", 'niveau = "débutant"', 'niveau = "debutant"')
    problem = only_problem(cours_exemple)
    assert "(vouliez-vous écrire « débutant » ?)" in problem.message


def test_single_choice_without_a_right_answer(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'texte = "À déplacer le pointeur sur l\'écran"\n  juste = true', 'texte = "À déplacer le pointeur sur l\'écran"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, "[[questions.choix]]")  # the question's first choice
    assert "aucun choix n'est juste : ajoutez juste = true" in problem.message


def test_single_choice_with_two_right_answers_points_at_the_second(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'texte = "À écrire des lettres"', 'texte = "À écrire des lettres"\n  juste = true')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, "juste = true", start=line_of(quiz, "À écrire des lettres"))
    assert problem.message.startswith("question 1 (« role-souris »), choix 2 : plusieurs choix sont justes")
    assert 'type = "choix multiple"' in problem.message


def test_multiple_choice_without_a_right_answer(cours_exemple, module):
    quiz = module / "quiz.toml"
    text = quiz.read_text("utf-8")
    start = text.index('id = "boutons"')
    quiz.write_text(text[:start] + text[start:].replace("  juste = true\n", "", 2), "utf-8")
    assert "aucun choix n'est juste" in only_problem(cours_exemple).message


def test_classer_item_with_unknown_category_points_at_its_line(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'categorie = "Numérique"', 'categorie = "Numerique"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, 'categorie = "Numerique"')
    assert problem.message == (
        "question 4 (« familles »), élément 2 : la catégorie « Numerique » n'est pas dans la liste "
        "categories (« Informatique », « Numérique », « Usages ») : vouliez-vous écrire « Numérique » ?")


def test_missing_lesson_file_points_at_its_name_in_module_toml(cours_exemple, module):
    (module / "02-cliquer.md").unlink()
    problem = only_problem(cours_exemple)
    line = line_of(module / "module.toml", "lecons =")
    assert (problem.fichier, problem.ligne) == (module / "module.toml", line)
    text = (module / "module.toml").read_text("utf-8").splitlines()[line - 1]
    assert problem.colonne == text.index('"02-cliquer.md"') + 1
    assert problem.message.startswith("la leçon « 02-cliquer.md » est introuvable dans le dossier du module")


def test_lesson_that_is_not_markdown(cours_exemple, module):
    (module / "02-cliquer.md").rename(module / "02-cliquer.txt")
    replace(module / "module.toml", '"02-cliquer.md"', '"02-cliquer.txt"')
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "module.toml"
    assert "« 02-cliquer.txt » n'est pas un fichier de leçon" in problem.message
    assert "« .md »" in problem.message


def test_broken_local_image(cours_exemple, module):
    lesson = module / "02-cliquer.md"
    replace(lesson, "C'est un clic.", "![Une main sur la souris](images/main.png)\nC'est un clic.")
    problem = only_problem(cours_exemple)
    assert (problem.fichier, problem.ligne) == (lesson, line_of(lesson, "![Une main"))
    assert problem.message.startswith("l'image « images/main.png » est introuvable")


def test_existing_and_remote_images_pass(cours_exemple, module):
    (module / "images").mkdir()
    (module / "images" / "main.png").write_bytes(b"\x89PNG")
    (module / "images" / "clic droit.png").write_bytes(b"\x89PNG")
    (module / "images" / "pièce.png").write_bytes(b"\x89PNG")
    replace(module / "02-cliquer.md", "C'est un clic.",
            "![Une main](images/main.png) ![Ailleurs](https://exemple.fr/x.png)\n\n```\n![pas une image](x.png)\n```\n"
            "![Clic droit](<images/clic droit.png>) ![Une pièce](images/pièce.png)\n\nC'est un clic.")
    assert problems(cours_exemple) == []


def test_image_outside_the_module(cours_exemple, module):
    (cours_exemple / "ailleurs.png").write_bytes(b"\x89PNG")
    replace(module / "02-cliquer.md", "C'est un clic.", "![Ailleurs](../ailleurs.png)\nC'est un clic.")
    assert "doit être dans le dossier du module" in only_problem(cours_exemple).message


def test_empty_lesson(cours_exemple, module):
    (module / "02-cliquer.md").write_text("# Cliquer\n\n", "utf-8")
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "02-cliquer.md"
    assert problem.message == "cette leçon est vide : écrivez au moins un paragraphe"


def test_page_without_text(cours_exemple, module):
    lesson = module / "02-cliquer.md"
    lesson.write_text(lesson.read_text("utf-8") + "\n## Un triple clic\n\n", "utf-8")
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(lesson, "## Un triple clic")
    assert problem.message.startswith("la page « Un triple clic » n'a pas de texte sous son titre")


def test_duplicate_question_ids(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'id = "boutons"', 'id = "role-souris"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, 'id = "role-souris"', start=line_of(quiz, 'id = "role-souris"') + 1)
    assert "l'identifiant « role-souris » est déjà celui d'une autre question" in problem.message


def test_duplicate_ids_reported_with_the_other_problems_of_the_quiz(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'id = "boutons"', 'id = "role-souris"')
    replace(quiz, 'reponse = true', 'reponse = "oui"')
    messages = [p.message for p in problems(cours_exemple)]
    assert len(messages) == 2
    assert any("déjà celui d'une autre question" in m for m in messages)
    assert any("« reponse » doit valoir true (vrai) ou false (faux)" in m for m in messages)


def test_unknown_crcn_code(cours_exemple, module):
    replace(module / "module.toml", 'competences = ["5.2"]', 'competences = ["5.2", "6.1"]')
    problem = only_problem(cours_exemple)
    line = line_of(module / "module.toml", "competences =")
    assert (problem.ligne, problem.colonne) == (line, len('competences = ["5.2", ') + 1)
    assert problem.message.startswith("« 6.1 » n'est pas un code du CRCN : les codes vont de 1.1 à 5.2")


@pytest.mark.parametrize("name", ["quiz.toml", "01-la-souris.md"])
def test_file_not_in_utf8(cours_exemple, module, name):
    path = module / name
    path.write_bytes(path.read_text("utf-8").encode("latin-1"))
    problem = only_problem(cours_exemple)
    first_accent = next(n for n, line in enumerate(path.read_bytes().split(b"\n"), start=1) if not line.isascii())
    assert (problem.fichier, problem.ligne) == (path, first_accent)
    assert "n'est pas enregistré en UTF-8" in problem.message


def test_order_question_with_twice_the_same_step(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, '  "Faire un double clic",\n', '  "Faire un double clic",\n  "poser la main sur la souris",\n')
    problem = only_problem(cours_exemple)
    assert (problem.ligne, problem.colonne) == (line_of(quiz, '"poser la main sur la souris"'), 3)
    assert "est écrit deux fois dans les étapes" in problem.message


def test_match_question_with_twice_the_same_right_item(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'droite = "Ouvrir"', 'droite = "Choisir"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, 'droite = "Choisir"', start=line_of(quiz, 'gauche = "Un double clic"'))
    assert problem.message.startswith("question 6 (« gestes »), paire 2 : « Choisir » est écrit deux fois à droite")


def test_choices_with_the_same_text(cours_exemple, module):
    quiz = module / "quiz.toml"
    replace(quiz, 'texte = "À allumer l\'écran"', 'texte = "À écrire des lettres"')
    problem = only_problem(cours_exemple)
    assert problem.ligne == line_of(quiz, 'texte = "À écrire des lettres"', start=line_of(quiz, "retour = ") + 1)
    assert "est écrit deux fois dans choix" in problem.message


def test_module_without_quiz(cours_exemple, module):
    (module / "quiz.toml").unlink()
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "quiz.toml"
    assert problem.message.startswith("ce fichier manque : chaque module a un quiz")


def test_folder_without_module_toml(cours_exemple):
    (cours_exemple / "brouillon").mkdir()
    problem = only_problem(cours_exemple)
    assert problem.fichier == cours_exemple / "brouillon"
    assert "n'a pas de fichier module.toml" in problem.message
    assert "« _ »" in problem.message


def test_underscore_and_hidden_folders_are_not_modules(cours_exemple):
    (cours_exemple / "_brouillon").mkdir()
    (cours_exemple / ".git").mkdir()
    assert problems(cours_exemple) == []


def test_bad_folder_name(cours_exemple, module):
    module.rename(cours_exemple / "Mon Module")
    problem = only_problem(cours_exemple)
    assert "le nom du dossier ne doit contenir que des lettres minuscules" in problem.message


def test_markdown_file_missing_from_the_list(cours_exemple, module):
    (module / "03-double-clic.md").write_text("# Double clic\n\nDeux fois.\n", "utf-8")
    (module / "_notes.md").write_text("Notes du médiateur\n", "utf-8")
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "03-double-clic.md"
    assert "n'est pas dans la liste lecons de module.toml" in problem.message


def test_front_matter_problem_has_the_line_of_the_file(cours_exemple, module):
    lesson = module / "01-la-souris.md"
    replace(lesson, "duree = 5", 'duree = "cinq"')
    problem = only_problem(cours_exemple)
    assert (problem.fichier, problem.ligne) == (lesson, line_of(lesson, "duree ="))


def test_front_matter_syntax_error_has_the_line_of_the_file(cours_exemple, module):
    lesson = module / "01-la-souris.md"
    replace(lesson, 'titre = "La souris"', 'titre = "La souris')
    problem = only_problem(cours_exemple)
    assert (problem.fichier, problem.ligne) == (lesson, line_of(lesson, "titre ="))
    assert "il manque le guillemet de fin" in problem.message


def test_every_problem_of_every_module_at_once(cours_exemple, module):
    second = cours_exemple / "deuxieme-module"
    second.mkdir()
    for path in module.iterdir():
        (second / path.name).write_bytes(path.read_bytes())
    replace(module / "quiz.toml", "seuil = 80", "seuil = 180")
    replace(module / "module.toml", 'competences = ["5.2"]', 'competences = ["9.9"]')
    (module / "02-cliquer.md").write_text("", "utf-8")
    replace(second / "quiz.toml", 'categorie = "Usages"', 'categorie = "Usage"')
    (second / "01-la-souris.md").write_bytes("é".encode("latin-1"))
    rapport = check_library(cours_exemple)
    assert {(p.fichier.parent.name, p.fichier.name) for p in rapport.problemes} == {
        ("exemple-de-module", "quiz.toml"), ("exemple-de-module", "module.toml"),
        ("exemple-de-module", "02-cliquer.md"), ("deuxieme-module", "quiz.toml"),
        ("deuxieme-module", "01-la-souris.md")}
    assert rapport.summary() == "2 modules vérifiés, 5 problèmes à corriger."


def test_a_single_module_folder_can_be_checked(module):
    assert check_library(module).modules == 1


def test_missing_or_empty_library(tmp_path):
    assert "il est introuvable" in check_library(tmp_path / "absent").problemes[0].message
    (tmp_path / "fichier").write_text("")
    assert "c'est un fichier, pas un dossier" in check_library(tmp_path / "fichier").problemes[0].message
    rapport = check_library(tmp_path)
    assert rapport.problemes[0].message.startswith("aucun module dans ce dossier")


def test_files_the_system_refuses_to_read_are_problems(cours_exemple, module, monkeypatch):
    import os

    real = os.open

    def refuse(path, *args, **kwargs):
        if Path(path).name == "02-cliquer.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # as root, chmod can't stop a read
    problem = only_problem(cours_exemple)
    assert problem.fichier == module / "02-cliquer.md"
    assert "vous n'avez pas le droit de l'ouvrir" in problem.message
