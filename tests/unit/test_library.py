"""Loading a library for the catalogue, lessons page by page, and the catalogue's cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXEMPLE

from apprendre.base.files import FileError
from apprendre.courses import library
from apprendre.courses.catalogue_cache import read_cache
from apprendre.courses.library import (
    load_cours,
    load_lecon,
    load_lecon_file,
    load_library,
    page_texts,
)
from apprendre.storage.locations import catalogue_cache


def test_good_modules_load_and_broken_ones_are_left_out_with_their_problems(cours_exemple):
    shutil.copytree(EXEMPLE, cours_exemple / "casse")
    (cours_exemple / "casse" / "quiz.toml").write_text("seuil = 80\n", "utf-8")
    loaded = load_library(cours_exemple)
    assert [cours.id for cours in loaded.cours] == ["exemple-de-module"]
    [problem] = loaded.problemes
    assert problem.fichier == cours_exemple / "casse" / "quiz.toml"
    assert problem.message.startswith("la clé « questions » manque")


def test_catalogue_order_is_ordre_then_title(cours_exemple):
    for name, ordre, titre in (("b", 5, "Zèbre"), ("a", 5, "abeille"), ("c", 1, "Chat")):
        shutil.copytree(EXEMPLE, cours_exemple / name)
        path = cours_exemple / name / "module.toml"
        text = path.read_text("utf-8").replace("ordre = 900", f"ordre = {ordre}")
        path.write_text(text.replace("Un exemple de module : la souris", titre), "utf-8")
    assert [cours.id for cours in load_library(cours_exemple).cours] == ["c", "a", "b", "exemple-de-module"]


def test_missing_library_is_a_problem_not_an_error(tmp_path):
    loaded = load_library(tmp_path / "absent")
    assert loaded.cours == [] and "introuvable" in loaded.problemes[0].message


def test_cours_knows_its_lessons_titles_and_pages():
    cours = load_cours(EXEMPLE)
    assert cours.id == "exemple-de-module"
    assert cours.titres_lecons == ["La souris", "Cliquer"]
    assert cours.pages_par_lecon == [3, 2]
    assert cours.lecon_ids == ["01-la-souris", "02-cliquer"]


def test_lesson_is_cut_into_pages_at_each_level_2_heading():
    lecon = load_lecon(load_cours(EXEMPLE), 0)
    assert (lecon.id, lecon.titre, lecon.duree) == ("01-la-souris", "La souris", 5)
    assert [(page.titre, page.ligne) for page in lecon.pages] == [
        ("La souris", 7), ("À quoi elle sert", 12), ("Ses deux boutons", 17)]
    assert lecon.pages[1].texte.startswith("## À quoi elle sert\n\nLa souris déplace")


def test_page_cutting_rules():
    body = "# Titre\n\n## Un\n\nTexte.\n\n```\n## pas une page\n```\n\n### Sous-titre\n\nSuite.\n##Collé\n## Deux\nFin."
    pages = page_texts(body)
    assert [(title, line) for title, _, line in pages] == [("Un", 3), ("Deux", 15)]
    assert "## pas une page" in pages[0][1] and "##Collé" in pages[0][1]


def test_text_before_the_first_heading_is_a_page():
    assert [title for title, _, _ in page_texts("Introduction.\n\n## Suite\n\nFin.")] == ["", "Suite"]
    assert [title for title, _, _ in page_texts("# Titre\n\nIntroduction.\n## Suite\nFin.")] == ["Titre", "Suite"]


def test_a_first_page_without_text_is_reported(tmp_path):
    (tmp_path / "a.md").write_text("## Vide\n\n## Pleine\n\nTexte.", "utf-8")
    with pytest.raises(FileError) as caught:
        load_lecon_file(tmp_path / "a.md")
    assert [(p.message[:18], p.ligne) for p in caught.value.problemes] == [("la page « Vide » n", 1)]


def test_lesson_title_comes_from_front_matter_then_heading_then_file_name(tmp_path):
    (tmp_path / "a.md").write_text('+++\ntitre = "Du fichier"\n+++\n# Du titre\n\nTexte.', "utf-8")
    (tmp_path / "b.md").write_text("# Du titre\n\nTexte.", "utf-8")
    (tmp_path / "c.md").write_text("Texte.", "utf-8")
    assert [load_lecon_file(tmp_path / name).titre for name in ("a.md", "b.md", "c.md")] == ["Du fichier", "Du titre", "c"]


@pytest.mark.parametrize(("text", "message", "line"), [
    ("+++\ntitre = \"x\"\n\nTexte", "l'en-tête n'est pas fermé : ajoutez une ligne « +++ »", 1),
    ("---\ntitre: La souris\n---\n\nTexte", "l'en-tête d'une leçon s'écrit entre deux lignes « +++ »", 1),
    ("+++\nauteur = \"x\"\n+++\nTexte", "la clé « auteur » est inconnue", 2),
])
def test_front_matter_problems(tmp_path, text, message, line):
    (tmp_path / "a.md").write_text(text, "utf-8")
    with pytest.raises(FileError) as caught:
        load_lecon_file(tmp_path / "a.md")
    [problem] = caught.value.problemes
    assert message in problem.message and problem.ligne == line


def test_windows_line_endings_and_byte_order_mark(tmp_path):
    (tmp_path / "a.md").write_bytes("\ufeff+++\r\ntitre = \"Été\"\r\n+++\r\n## Un\r\n\r\nTexte.\r\n".encode("utf-8"))
    lecon = load_lecon_file(tmp_path / "a.md")
    assert lecon.titre == "Été" and [(p.titre, p.ligne) for p in lecon.pages] == [("Un", 4)]


# --- The catalogue's cache -----------------------------------------------------------------

@pytest.fixture
def cache(cours_exemple) -> Path:
    return catalogue_cache(cours_exemple)


def test_cache_lives_in_the_cache_folder_given_by_the_environment(cache):
    assert cache.parent == Path(os.environ["APPRENDRE_CACHE"])


def test_unchanged_modules_come_from_the_cache(cours_exemple, cache, monkeypatch):
    first = load_library(cours_exemple, cache=cache)
    assert cache.is_file()

    def must_not_load(path):
        raise AssertionError(f"{path} aurait dû venir du cache")

    monkeypatch.setattr(library, "load_cours", must_not_load)
    again = load_library(cours_exemple, cache=cache)
    assert again.cours == first.cours and again.problemes == []


def test_a_changed_file_is_read_again(cours_exemple, cache):
    load_library(cours_exemple, cache=cache)
    lesson = cours_exemple / "exemple-de-module" / "02-cliquer.md"
    lesson.write_text(lesson.read_text("utf-8") + "\n## Un clic droit\n\nUn menu s'ouvre.\n", "utf-8")
    assert load_library(cours_exemple, cache=cache).cours[0].pages_par_lecon == [3, 3]
    lesson.write_bytes("é".encode("latin-1"))
    broken = load_library(cours_exemple, cache=cache)
    assert broken.cours == [] and "UTF-8" in broken.problemes[0].message


def test_a_moved_library_keeps_its_folder_right(cours_exemple, cache, tmp_path):
    load_library(cours_exemple, cache=cache)
    moved = shutil.copytree(cours_exemple, tmp_path / "ailleurs", copy_function=shutil.copy2)
    shutil.copy2(cache, catalogue_cache(moved))
    assert load_library(moved, cache=catalogue_cache(moved)).cours[0].dossier == moved / "exemple-de-module"


@pytest.mark.parametrize("content", [b"", b"pas un cache", b"\x80\x04\x95 tronque"])
def test_a_damaged_cache_is_ignored(cours_exemple, cache, content):
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    assert read_cache(cache) == {}
    assert [cours.id for cours in load_library(cours_exemple, cache=cache).cours] == ["exemple-de-module"]
    assert read_cache(cache).keys() == {"exemple-de-module"}


def test_a_cache_that_cannot_be_written_is_not_an_error(cours_exemple, tmp_path):
    blocked = tmp_path / "fichier"
    blocked.write_text("")
    assert len(load_library(cours_exemple, cache=blocked / "cache.bin").cours) == 1


def test_a_folder_the_system_refuses_to_list_is_a_problem(cours_exemple, monkeypatch):
    def refuse(folder):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(library, "signature", refuse)
    loaded = load_library(cours_exemple, cache=catalogue_cache(cours_exemple))
    assert loaded.cours == [] and "vous n'avez pas le droit" in loaded.problemes[0].message
    monkeypatch.setattr(Path, "iterdir", refuse)
    assert "vous n'avez pas le droit" in load_library(cours_exemple).problemes[0].message


# --- The quiz, read when its module is opened ------------------------------------------------

BROKEN_QUIZ = 'seuil = 80\n\n[[questions]]\nid = "q1"\ntype = "vrai ou faux"\nenonce = "Vrai ?"\nreponse = "oui"\n'


def test_the_catalogue_keeps_no_quiz_only_its_threshold_and_question_ids(cours_exemple, cache):
    quiz = load_cours(cours_exemple / "exemple-de-module").quiz
    for loaded in (load_library(cours_exemple), load_library(cours_exemple, cache=cache),
                   load_library(cours_exemple, cache=cache)):
        [cours] = loaded.cours
        assert cours._quiz is None
        assert cours.seuil == quiz.seuil and cours.ids_questions == [q.id for q in quiz.questions]
    [(_, cached)] = read_cache(cache).values()
    assert cached._quiz is None
    assert cours.quiz == quiz and cours.quiz is cours.quiz  # read once, when first asked for


def test_a_quiz_broken_after_the_catalogue_was_loaded_is_said_with_its_file_and_line(cours_exemple, cache):
    [cours] = load_library(cours_exemple, cache=cache).cours
    quiz_file = cours_exemple / "exemple-de-module" / "quiz.toml"
    quiz_file.write_text(BROKEN_QUIZ, "utf-8")
    with pytest.raises(FileError) as raised:
        _ = cours.quiz
    [problem] = [p for p in raised.value.problemes if p.ligne == 7]
    assert problem.fichier == quiz_file and "reponse" in str(problem)
    quiz_file.unlink()
    with pytest.raises(FileError, match="ce fichier manque"):
        _ = cours.quiz
    # the next start leaves the module out, its problems said, as before
    assert load_library(cours_exemple, cache=cache).cours == []


def test_only_the_last_quizzes_read_stay_in_memory(tmp_path):
    from apprendre.courses.models import QUIZ_KEPT

    for number in range(QUIZ_KEPT + 3):
        shutil.copytree(EXEMPLE, tmp_path / "cours" / f"module-{number:02d}")
    modules = load_library(tmp_path / "cours").cours
    for cours in modules:
        assert cours.quiz.questions
    assert [cours._quiz is not None for cours in modules] == [False] * 3 + [True] * QUIZ_KEPT
    assert modules[0].quiz.questions  # read again when asked for
