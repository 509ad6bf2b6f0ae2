"""``apprendre nouveau-module "Titre"``: a module folder from the commented template."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from apprendre.cli.main import main
from apprendre.courses.checker import check_library
from apprendre.courses.library import load_cours
from apprendre.courses.models import QUESTION_TYPES
from apprendre.sharing.slug import slugify


def nouveau(library: Path, titre: str, *options: str) -> int:
    return main(["--cours", str(library), "nouveau-module", titre, *options])


def test_created_module_passes_the_checker_as_it_is(tmp_path, capsys):
    assert nouveau(tmp_path, "Écrire un e-mail") == 0
    folder = tmp_path / "ecrire-un-e-mail"
    assert f"Module créé : « {folder} »" in capsys.readouterr().out
    rapport = check_library(folder)
    assert rapport.problemes == []
    assert main(["--cours", str(tmp_path), "verifier"]) == 0


def test_template_has_one_lesson_of_two_pages_and_one_question_of_each_type(tmp_path):
    nouveau(tmp_path, "Ma souris")
    cours = load_cours(tmp_path / "ma-souris")
    assert cours.module.titre == "Ma souris"
    assert cours.pages_par_lecon == [2]
    assert sorted(question.type for question in cours.quiz.questions) == sorted(QUESTION_TYPES)


def test_every_key_of_the_template_is_explained_in_a_french_comment(tmp_path):
    nouveau(tmp_path, "Ma souris")
    text = (tmp_path / "ma-souris" / "module.toml").read_text("utf-8")
    keys = tomllib.loads(text).keys()
    lines = text.splitlines()
    for key in keys:
        line = next(number for number, line in enumerate(lines) if line.startswith(f"{key} ="))
        assert lines[line - 1].startswith("#"), f"la clé {key} n'a pas de commentaire au-dessus"


def test_title_with_quotes_and_backslashes_is_written_as_valid_toml(tmp_path):
    titre = 'Le « cloud » "nuage" \\ C:\\'
    assert nouveau(tmp_path, titre) == 0
    assert load_cours(tmp_path / "le-cloud-nuage-c").module.titre == titre


def test_existing_folder_is_never_overwritten(tmp_path, capsys):
    nouveau(tmp_path, "Ma souris")
    quiz = tmp_path / "ma-souris" / "quiz.toml"
    quiz.write_text("seuil = 50\n", "utf-8")
    assert nouveau(tmp_path, "Ma Souris !") == 1
    assert "existe déjà" in capsys.readouterr().err
    assert quiz.read_text("utf-8") == "seuil = 50\n"


def test_title_without_letters_is_a_usage_error(tmp_path, capsys):
    assert nouveau(tmp_path, " ?! ") == 2
    assert "au moins une lettre ou un chiffre" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_dossier_option_chooses_the_parent_folder(tmp_path):
    brouillons = tmp_path / "brouillons"
    brouillons.mkdir()
    assert nouveau(tmp_path / "cours", "Ma souris", "--dossier", str(brouillons)) == 0
    assert (brouillons / "ma-souris" / "module.toml").is_file()


def test_missing_parent_folder_is_a_usage_error(tmp_path, capsys):
    assert nouveau(tmp_path / "absent", "Ma souris") == 2
    assert "introuvable" in capsys.readouterr().err


@pytest.mark.parametrize(("titre", "slug"), [
    ("Écrire un e-mail", "ecrire-un-e-mail"),
    ("  L'œuvre   numérique  ", "l-oeuvre-numerique"),
    ("FranceConnect : 3 étapes", "franceconnect-3-etapes"),
    ("???", ""),
])
def test_slugify(titre, slug):
    assert slugify(titre) == slug


def test_long_titles_are_cut_at_a_word():
    slug = slugify("Apprendre à reconnaître les sites officiels des démarches administratives en ligne",
                   max_length=50)
    assert len(slug) <= 50 and not slug.endswith("-")
    assert slug == "apprendre-a-reconnaitre-les-sites-officiels-des"


def test_template_files_are_package_data():
    """The wheel ships ``apprendre/templates/module/`` (hatchling includes non-.py files of the package)."""
    template = resources.files("apprendre") / "templates" / "module"
    assert sorted(entry.name for entry in template.iterdir()) == [
        "01-premiere-lecon.md", "module.toml", "quiz.toml"]
