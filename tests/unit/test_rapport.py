"""The activity report (apprendre.reports.activity, ``apprendre rapport``): numbers, period, table, CSV."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import UTC, date, datetime

import pytest
from conftest import run_cli as run
from faits import FIXTURE_LIBRARY, Learner, day, library

from apprendre.cli.rapport import period
from apprendre.reports.activity import (
    build_report,
    default_csv_name,
    render_table,
    write_csv,
)
from apprendre.storage import Depot

MARS = (date(2026, 3, 1), date(2026, 3, 31))
PSEUDOS = ("Zoé", "Ali", "Rose", "Ancienne")


def learners() -> list[Learner]:
    """Four learners around March 2026 (day(0) is Monday 2 March, noon)."""
    zoe = (Learner("Zoé", cree_le=datetime(2026, 2, 20, tzinfo=UTC))
           .visit(datetime(2026, 2, 25, 12, tzinfo=UTC), 30)       # before the period
           .visit(day(0), 40).read_all_premier(day(0))
           .visit(day(7), 90).premier_quiz(6, day(7)))                      # finished and mastered in week 11
    ali = (Learner("Ali", cree_le=day(1)).visit(day(1), 20)
           .read("premier-module", [("01-machines", 1), ("01-machines", 2)], day(1)).premier_quiz(3, day(1)))
    rose = Learner("Rose", cree_le=datetime(2026, 1, 10, tzinfo=UTC)).visit(
        datetime(2026, 4, 2, 12, tzinfo=UTC), 15)                  # after the period
    ancienne = (Learner("Ancienne", cree_le=datetime(2026, 1, 5, tzinfo=UTC))
                .read_all_premier(datetime(2026, 1, 5, 12, tzinfo=UTC))
                .premier_quiz(4, datetime(2026, 1, 6, 12, tzinfo=UTC))   # finished in January
                .visit(day(14), 10).read("premier-module", [("02-reseaux", 2)], day(14)))
    return [zoe, ali, rose, ancienne]


@pytest.fixture(scope="module")
def rapport():
    return build_report([learner.apprenant for learner in learners()], library(), *MARS)


def test_totals_of_the_period(rapport):
    totaux = rapport.totaux
    assert (totaux.sessions, totaux.apprenants, totaux.nouveaux) == (4, 3, 1)
    assert totaux.heures == 2.7  # 40 + 90 + 20 + 10 minutes
    assert (totaux.pages, totaux.quiz, totaux.termines, totaux.maitrises) == (4 + 2 + 1, 2, 1, 1)


def test_per_module(rapport):
    rows = {row.id: row for row in rapport.modules}
    premier = rows["premier-module"]
    assert (premier.apprenants, premier.pages, premier.quiz, premier.termines, premier.maitrises) == (3, 7, 2, 1, 1)
    assert premier.titre == "Premier module : les trois familles"
    assert [row.id for row in rapport.modules] == ["premier-module"]  # the other one saw no activity


def test_per_week_only_the_weeks_with_activity(rapport):
    """Weeks run from Monday; a week without any activity is not listed (issue 14)."""
    weeks = [(w.semaine, w.lundi) for w in rapport.semaines]
    assert weeks == [("2026-W10", date(2026, 3, 2)), ("2026-W11", date(2026, 3, 9)),
                     ("2026-W12", date(2026, 3, 16))]
    by_week = {w.semaine: w.chiffres for w in rapport.semaines}
    assert (by_week["2026-W10"].sessions, by_week["2026-W10"].apprenants, by_week["2026-W10"].nouveaux) == (2, 2, 1)
    assert (by_week["2026-W10"].pages, by_week["2026-W10"].quiz, by_week["2026-W10"].heures) == (6, 1, 1.0)
    assert (by_week["2026-W11"].sessions, by_week["2026-W11"].termines, by_week["2026-W11"].maitrises) == (1, 1, 1)
    assert by_week["2026-W11"].heures == 1.5
    assert (by_week["2026-W12"].sessions, by_week["2026-W12"].pages) == (1, 1)
    assert sum(w.sessions for w in by_week.values()) == rapport.totaux.sessions


def test_sessions_per_duration_with_la_coop_labels(rapport):
    assert rapport.durees == [("Moins de 30 min", 2), ("30min à 1 h", 1), ("1 h à 2 h", 1), ("2 h et plus", 0)]


def test_the_period_includes_its_last_day_in_local_time():
    late = datetime(2026, 3, 31, 23, 30).astimezone()
    after = datetime(2026, 4, 1, 0, 30).astimezone()
    early = datetime(2026, 3, 1, 0, 10).astimezone()
    learner = Learner("Zoé").visit(late, 10).visit(after, 10).visit(early, 10)
    rapport = build_report([learner.apprenant], library(), *MARS)
    assert rapport.totaux.sessions == 2
    assert rapport.semaines[0].chiffres.sessions == 1  # Sunday 1 March is in the week of Monday 23 February


def test_a_module_finished_before_the_period_is_not_counted_again():
    learner = Learner("Zoé").read_all_premier(day(0)).premier_quiz(6, day(0)).premier_quiz(6, day(40))
    rapport = build_report([learner.apprenant], library(), date(2026, 4, 1), date(2026, 4, 30))
    assert (rapport.totaux.quiz, rapport.totaux.termines, rapport.totaux.maitrises) == (1, 0, 0)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        build_report([], library(), date(2026, 3, 2), date(2026, 3, 1))


def test_an_empty_period_gives_zeros():
    rapport = build_report([], library(), date(2026, 3, 4), date(2026, 3, 4))
    assert rapport.totaux.sessions == 0 and rapport.totaux.heures == 0.0
    assert rapport.semaines == [] and rapport.modules == []


# --- The table and the CSV ----------------------------------------------------------------------

def test_the_table_is_french_and_fits_80_columns(rapport):
    table = render_table(rapport)
    assert table.startswith("Rapport d'activité d'apprendre, du 2026-03-01 au 2026-03-31\n")
    for heading in ("Pour la période", "Par module", "Par semaine", "Sessions par durée"):
        assert f"\n{heading}\n" in table
    assert "Temps passé (heures)      2,7" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_no_pseudonym_in_the_table_nor_in_the_csv(rapport, tmp_path):
    path = tmp_path / "rapport.csv"
    write_csv(rapport, path)
    for text in (render_table(rapport), path.read_text("utf-8-sig")):
        assert not any(pseudo in text for pseudo in PSEUDOS)


def _csv_sections(path) -> dict[str, list[list[str]]]:
    """Section title → rows (header first), read as a spreadsheet would."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    sections, current = {}, None
    for row in rows[1:]:
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


def test_the_csv_reads_back_with_semicolons_decimal_commas_and_iso_dates(rapport, tmp_path):
    path = tmp_path / "rapport.csv"
    write_csv(rapport, path)
    assert b"\r\n" in path.read_bytes()
    sections = _csv_sections(path)
    assert list(sections) == ["Pour la période", "Par module", "Par semaine", "Sessions par durée"]
    totals = dict(sections["Pour la période"][1:])
    assert totals["Sessions"] == "4" and totals["Temps passé (heures)"] == "2,7"
    weeks = sections["Par semaine"]
    assert weeks[0][:2] == ["Semaine", "Lundi"]
    assert weeks[1][:2] == ["2026-W10", "2026-03-02"]
    assert sections["Par module"][1] == ["Premier module : les trois familles", "3", "7", "2", "1", "1"]
    assert sections["Sessions par durée"][1] == ["Moins de 30 min", "2"]


def test_table_and_csv_show_the_same_numbers(rapport, tmp_path):
    path = tmp_path / "rapport.csv"
    write_csv(rapport, path)
    sections = _csv_sections(path)
    table = render_table(rapport).splitlines()
    start = table.index("Pour la période") + 2
    on_screen = {line[:-8].strip(): line[-8:].strip() for line in table[start:start + 8]}
    assert on_screen == dict(sections["Pour la période"][1:])
    start = table.index("Par semaine") + 2
    for line, row in zip(table[start:], sections["Par semaine"][1:]):
        assert line.split() == row[1:]


def test_a_module_title_that_looks_like_a_formula_is_quoted(tmp_path):
    bib = library()
    cours = bib.cours[0]
    bib.cours[0] = cours.model_copy(update={"module": cours.module.model_copy(update={"titre": "=1+1"})})
    path = tmp_path / "rapport.csv"
    write_csv(build_report([learner.apprenant for learner in learners()], bib, *MARS), path)
    assert _csv_sections(path)["Par module"][1][0] == "'=1+1"


def test_default_csv_name_carries_the_dates():
    assert default_csv_name(*MARS) == "rapport-apprendre-2026-03-01-au-2026-03-31.csv"


# --- The command --------------------------------------------------------------------------------

@pytest.fixture
def donnees(tmp_path):
    depot = Depot(tmp_path / "donnees")
    for learner in learners():
        learner.save(depot)
    return tmp_path / "donnees"




def test_command_prints_the_table_and_writes_the_csv(capsys, donnees, tmp_path):
    path = tmp_path / "mars.csv"
    code, out, err = run(capsys, "--cours", str(FIXTURE_LIBRARY), "--donnees", str(donnees), "rapport",
                         "--du", "2026-03-01", "--au", "2026-03-31", "--csv", str(path))
    assert code == 0
    assert out.startswith(render_table(build_report([l.apprenant for l in learners()], library(), *MARS)))
    assert f"Rapport enregistré dans « {path} »" in out
    assert dict(_csv_sections(path)["Pour la période"][1:])["Sessions"] == "4"
    assert "1 problème dans les cours" in err  # the fixture library has a broken module


def test_command_csv_without_name_uses_the_dated_default(capsys, donnees, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--donnees", str(donnees), "--cours", str(FIXTURE_LIBRARY), "rapport",
                       "--du", "2026-03-01", "--au", "2026-03-31", "--csv")
    assert code == 0 and (tmp_path / "rapport-apprendre-2026-03-01-au-2026-03-31.csv").is_file()


def test_command_default_period_is_the_year_so_far(capsys, donnees):
    code, out, _ = run(capsys, "--donnees", str(donnees), "rapport")
    today = date.today()
    assert code == 0 and "Période par défaut : depuis le 1er janvier" in out
    assert f"du {today.year}-01-01 au {today.isoformat()}" in out


def test_default_period():
    today = date(2026, 5, 9)
    assert period(None, None, today) == (date(2026, 1, 1), today)
    assert period(None, date(2025, 6, 30), today) == (date(2025, 1, 1), date(2025, 6, 30))
    assert period(date(2026, 4, 1), None, today) == (date(2026, 4, 1), today)


@pytest.mark.parametrize("argv, message", [
    (["--du", "2026-13-01"], "« 2026-13-01 » n'est pas une date : écrivez-la AAAA-MM-JJ"),
    (["--du", "01/03/2026"], "n'est pas une date"),
    (["--du", "2026-03-31", "--au", "2026-03-01"], "la période finit (2026-03-01) avant de commencer (2026-03-31)"),
])
def test_command_bad_dates_are_usage_errors_in_french(capsys, donnees, argv, message):
    code, _, err = run(capsys, "--donnees", str(donnees), "rapport", *argv)
    assert code == 2 and message in err


def test_command_without_data_folder(capsys, tmp_path):
    code, out, _ = run(capsys, "--donnees", str(tmp_path / "absent"), "rapport")
    assert code == 1 and "n'existe pas" in out
    assert not (tmp_path / "absent").exists()


def test_command_unwritable_csv_is_a_french_error(capsys, donnees, tmp_path):
    code, _, err = run(capsys, "--donnees", str(donnees), "rapport", "--csv", str(tmp_path / "absent" / "r.csv"))
    assert code == 1 and "n'a pas pu être écrit" in err


def test_command_counts_a_broken_learner_file_out_and_says_so(capsys, donnees):
    (donnees / "apprenants" / "0123456789ab.toml").write_text("pas du toml", "utf-8")
    code, _, err = run(capsys, "--donnees", str(donnees), "--cours", str(FIXTURE_LIBRARY), "rapport",
                       "--du", "2026-03-01", "--au", "2026-03-31")
    assert code == 0 and "1 fichier d'apprenant illisible, non compté" in err
    assert os.listdir(donnees / "mis-de-cote")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pas de tube nommé sous Windows")
def test_command_says_which_learner_file_is_not_a_regular_file(capsys, donnees):
    """A named pipe in place of a learner's file: the report doesn't wait on it, doesn't count it,
    and says which file it is and what was done with it (nothing: left as it is)."""
    pipe = donnees / "apprenants" / "0123456789ab.toml"
    os.mkfifo(pipe)
    code, out, err = run(capsys, "--donnees", str(donnees), "--cours", str(FIXTURE_LIBRARY), "rapport",
                         "--du", "2026-03-01", "--au", "2026-03-31")
    assert code == 0, err
    assert f"« {pipe} » n'est pas un fichier ordinaire" in err, err
    assert "il n'a été ni ouvert ni compté, et il est laissé tel quel" in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)  # left where it was


def test_command_lists_a_few_strange_files_then_counts_the_others(capsys, donnees):
    for n in range(12):
        (donnees / "apprenants" / f"00000000{n:04x}.toml").mkdir()
    code, _, err = run(capsys, "--donnees", str(donnees), "--cours", str(FIXTURE_LIBRARY), "rapport")
    assert code == 0
    assert err.count("n'est pas un fichier ordinaire") == 10
    assert "2 autres fichiers du dossier" in err
