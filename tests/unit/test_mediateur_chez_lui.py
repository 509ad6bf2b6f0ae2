"""Issue 14 without the app: the site's library, the checker's remarques, La Coop's labels."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from conftest import EXEMPLE, run_cli

from apprendre.courses.checker import check_library
from apprendre.courses.library import add_replacement, load_libraries
from apprendre.learning.learner import Apprenant
from apprendre.reports.summary import summarize
from apprendre.storage import learner_file
from apprendre.storage.locations import shipped_cours
from apprendre.storage.summary_reader import read_resume


def test_the_age_band_is_read_the_fast_way_and_the_slow_way_alike():
    apprenant = Apprenant(id="0123456789ab", pseudo="Zoé", code="scrypt$x", cree_le=datetime(2026, 3, 1, tzinfo=UTC),
                          tranche_age="40 - 59 ans")
    data = learner_file.render(apprenant)
    assert b'tranche_age = "40 - 59 ans"' in data
    assert learner_file.parse(data).tranche_age == "40 - 59 ans"
    assert read_resume(data) == summarize(apprenant)
    assert read_resume(data).tranche_age == "40 - 59 ans"


# --- The site's own library ------------------------------------------------------------------

def test_nouveau_module_writes_in_the_site_library_never_in_the_shipped_one(capsys, tmp_path):
    donnees = tmp_path / "donnees"
    code, out, _ = run_cli(capsys, "--donnees", str(donnees), "nouveau-module", "Mon atelier")
    assert code == 0 and (donnees / "cours" / "mon-atelier" / "module.toml").is_file()
    assert not (shipped_cours() / "mon-atelier").exists()
    code, out, _ = run_cli(capsys, "--donnees", str(donnees), "vérifier")
    assert code == 0 and "aucun problème ;" in out and "Remplacez" in out


def test_a_shipped_module_id_needs_remplacer(capsys, tmp_path):
    donnees = tmp_path / "donnees"
    code, _, err = run_cli(capsys, "--donnees", str(donnees), "nouveau-module", "Programmer")
    assert code == 1 and "--remplacer" in err
    code, _, _ = run_cli(capsys, "--donnees", str(donnees), "nouveau-module", "Programmer", "--remplacer")
    assert code == 0
    library = load_libraries(shipped_cours(), donnees / "cours")
    assert "programmer" in library.remplaces and library.find("programmer").dossier == donnees / "cours" / "programmer"


def test_the_catalogue_holds_both_libraries_and_says_which_is_shown(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXEMPLE, site / "exemple-de-module")
    shutil.copytree(EXEMPLE, site / "programmer")  # a shipped module's id, not replaced on purpose
    library = load_libraries(shipped_cours(), site)
    assert library.du_lieu == {"exemple-de-module"} and library.caches == {"programmer"}
    assert library.find("programmer").dossier == shipped_cours() / "programmer"
    add_replacement(site, "programmer")
    library = load_libraries(shipped_cours(), site)
    assert library.remplaces == {"programmer"} and library.find("programmer").dossier == site / "programmer"
    assert len(library.cours) == len(load_libraries(shipped_cours(), None).cours) + 1


# --- Remarques ---------------------------------------------------------------------------------

def test_the_untouched_template_gets_remarques_and_strict_fails(capsys, tmp_path):
    donnees = tmp_path / "donnees"
    run_cli(capsys, "--donnees", str(donnees), "nouveau-module", "Mon atelier")
    rapport = check_library(donnees / "cours")
    assert rapport.problemes == []
    quiz = donnees / "cours" / "mon-atelier" / "quiz.toml"
    template = [r for r in rapport.remarques if "Remplacez" in r.message]
    assert template and all(r.ligne for r in template)
    assert any(r.fichier == quiz and r.ligne == 17 for r in template)
    code, out, _ = run_cli(capsys, "--donnees", str(donnees), "verifier", "--strict")
    assert code == 1 and "problèmes à corriger" in out.splitlines()[-1]


def test_remarques_read_like_a_colleague(tmp_path):
    module = tmp_path / "cours" / "exemple-de-module"
    shutil.copytree(EXEMPLE, module)
    lesson = module / "01-la-souris.md"
    long_sentence = ("Quand vous posez la main sur la souris et que vous la faites glisser doucement sur la "
                     "table, la flèche bouge aussi.")
    lesson.write_text(lesson.read_text("utf-8") + f"\n{long_sentence}\nLe navigateur affiche la page.\n", "utf-8")
    quiz = module / "quiz.toml"
    text = quiz.read_text("utf-8")
    text = text.replace('retour = "C\'est une pièce de l\'ordinateur."', 'retour = ""')
    text = text.replace('texte = "Louise qui écrit à sa fille pour son anniversaire"', 'texte = "Écrire un mail à sa fille"')
    quiz.write_text(text, "utf-8")
    remarques = check_library(tmp_path / "cours", jargon=["navigateur"]).remarques
    messages = [(r.fichier.name, r.message) for r in remarques]
    assert ("01-la-souris.md",
            f"phrase de 22 mots (plus de 15) : « {long_sentence[:-1]} » ; coupez-la en deux") in messages
    assert any(name == "01-la-souris.md" and "« navigateur » arrive sans explication" in m for name, m in messages)
    assert any(name == "quiz.toml" and m.startswith("ce retour est vide") for name, m in messages)
    assert any(name == "quiz.toml" and "verbe à l'infinitif « écrire »" in m for name, m in messages)
    assert all(r.ligne for r in remarques if r.fichier.name == "quiz.toml")


def test_a_hard_lesson_and_a_question_without_explanation(tmp_path):
    module = tmp_path / "cours" / "exemple-de-module"
    shutil.copytree(EXEMPLE, module)
    hard = "L'informatisation administrative généralisée complexifie considérablement l'accessibilité. " * 30
    (module / "02-cliquer.md").write_text(f"# Cliquer\n\n## Une page\n\n{hard}\n", "utf-8")
    quiz = module / "quiz.toml"
    text = quiz.read_text("utf-8")
    first = text.index("explication = ")
    end = text.index("\n", first)
    quiz.write_text(text[:first] + 'explication = "Voilà."' + text[end:], "utf-8")
    messages = [r.message for r in check_library(tmp_path / "cours").remarques]
    assert any(m.startswith("cette leçon est difficile à lire : score de Kandel et Moles") for m in messages)
    assert any("n'a pas vraiment d'explication" in m for m in messages)


def test_thematiques_use_la_coop_exact_labels(tmp_path):
    module = tmp_path / "cours" / "exemple-de-module"
    shutil.copytree(EXEMPLE, module)
    fiche = module / "module.toml"
    fiche.write_text(fiche.read_text("utf-8").replace('["Prendre en main du matériel"]', '["Email", "Bureautique"]'),
                     "utf-8")
    problemes = [str(p) for p in check_library(tmp_path / "cours").problemes]
    assert problemes == [f"{fiche}, ligne 11, colonne 16 : « Email » n'est pas une thématique de La Coop de la "
                         "médiation numérique : vouliez-vous écrire « E-mail » ?"]


# --- The report for La Coop --------------------------------------------------------------------

def _coop_data(tmp_path):
    from faits import Learner

    from apprendre.courses.library import load_library

    site = tmp_path / "site"
    shutil.copytree(EXEMPLE, site / "exemple-de-module")
    library = load_library(site)
    mars, avril = datetime(2026, 3, 2, 12, tzinfo=UTC), datetime(2026, 4, 7, 12, tzinfo=UTC)
    zoe = (Learner("Zoé").visit(mars, 40).read("exemple-de-module", [("01-la-souris", 1), ("01-la-souris", 2)], mars)
           .visit(avril, 90).read("exemple-de-module", [("02-cliquer", 1)], avril))
    ali = Learner("Ali").visit(mars.replace(day=3), 20)
    apprenants = [zoe.apprenant.model_copy(update={"tranche_age": "60 - 69 ans"}), ali.apprenant]
    return apprenants, library


def test_coop_report_counts_per_month_and_thematique_with_la_coop_labels(tmp_path):
    from datetime import date

    from apprendre.reports.coop import Seance, build_coop, render_coop

    apprenants, library = _coop_data(tmp_path)
    seance = Seance(date(2026, 3, 12), "Premiers pas", "Débutant", 90, participants=6, deja_accompagnes=2,
                    thematiques=("Navigation sur internet",), tranches=(("60 - 69 ans", 1), ("Non communiqué", 5)))
    rapport = build_coop(apprenants, library, date(2026, 1, 1), date(2026, 12, 31), [seance])
    assert [mois.mois for mois in rapport.mois] == ["2026-03", "2026-04"]  # no empty month listed
    mars = rapport.mois[0]
    assert (mars.visites, mars.apprenants, mars.heures) == (2, 2, 1.0)
    assert mars.durees == [("Moins de 30 min", 1), ("30min à 1 h", 1), ("1 h à 2 h", 0), ("2 h et plus", 0)]
    assert [(t.libelle, t.visites, t.apprenants, t.heures) for t in mars.thematiques] == [
        ("Prendre en main du matériel", 1, 1, 0.7)]
    assert mars.sans_thematique == 1
    assert mars.tranches == [("60 - 69 ans", 1), ("Non communiqué", 1)]
    assert mars.seances == [seance]
    assert rapport.mois[1].durees[2] == ("1 h à 2 h", 1)
    text = render_coop(rapport)
    assert "Mars 2026" in text and "Accompagnement individuel" in text and "Atelier collectif" in text
    assert "Zoé" not in text and "Ali" not in text


def test_coop_csv_has_the_same_figures(tmp_path):
    import csv
    from datetime import date

    from apprendre.reports.coop import HEADERS, build_coop, rows, write_coop_csv

    apprenants, library = _coop_data(tmp_path)
    rapport = build_coop(apprenants, library, date(2026, 3, 1), date(2026, 3, 31))
    path = tmp_path / "coop.csv"
    write_coop_csv(rapport, path)
    lines = list(csv.reader(path.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[1] == HEADERS
    assert lines[2:] == [[str(v).replace(".", ",") for v in row] for row in rows(rapport)]
    assert ["2026-03", "Accompagnement individuel", "Thématique", "Prendre en main du matériel", "1", "1", "0,7"] in lines
    assert "Zoé" not in path.read_text("utf-8-sig")


def test_seances_are_kept_as_anonymous_counts(tmp_path):
    from datetime import date

    from apprendre.reports.coop import Seance
    from apprendre.storage.seances import load_seances, save_seance

    seance = Seance(date(2026, 3, 12), "Premiers pas", "Débutant", 90, participants=6, deja_accompagnes=2,
                    thematiques=("E-mail",), tranches=(("Non communiqué", 6),))
    path = save_seance(tmp_path, seance)
    assert load_seances(tmp_path) == [seance]
    assert "pseudo" not in path.read_text("utf-8")


def test_already_open_names_the_other_computer_but_never_this_one():
    from apprendre.storage import DejaOuvert

    assert "autre poste (« poste-2 »)" in str(DejaOuvert("poste-2"))
    assert "autre fenêtre de cet ordinateur" in str(DejaOuvert("vm", meme_poste=True))
    assert "vm" not in str(DejaOuvert("vm", meme_poste=True))


def test_mes_donnees_counts_distinct_pages_read():
    from faits import Learner

    from apprendre.learning.my_data import describe

    mars = datetime(2026, 3, 2, 12, tzinfo=UTC)
    learner = Learner("Zoé").read("la-souris", [("01", 1), ("01", 2)] * 3, mars)  # 6 views of 2 pages
    assert "- 2 pages lues, dans 1 module" in describe(learner.apprenant, [], EXEMPLE)


def test_verifier_says_when_a_site_module_is_hidden_by_a_shipped_one(capsys, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXEMPLE, site / "programmer")
    code, out, _ = run_cli(capsys, "--cours", str(site), "verifier")
    assert code == 0 and "un module livré porte déjà ce nom : le catalogue montre le module livré" in out
