"""Following learners (apprendre.reports.follow_up, apprendre.reports.summary): the tables of the espace médiateur."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from faits import LUNDI, Learner, day, library
from hypothesis import given, settings
from hypothesis import strategies as st

from apprendre.learning import next_steps as parcours
from apprendre.learning.progress import PageLue, Progression, QuizTermine, Reponse
from apprendre.reports.follow_up import (
    inactive,
    learner_journey,
    learners_table,
    module_stats,
    modules_overview,
    months_before,
    search,
    sort_rows,
)
from apprendre.reports.summary import finished_at, mastered_at, statut, summarize


@pytest.fixture(scope="module")
def bib():
    return library()


def premier(bib):
    return bib.find("premier-module")


def test_learners_table_counts_modules_scores_and_last_visit(bib):
    zoe = (Learner("Zoé").visit(day(0), 40).read_all_premier(day(0)).premier_quiz(6, day(0, 1))
           .read("deuxieme-module", [("01-seule", 1)], day(1)).visit(day(1), 10))
    ali = Learner("Ali").visit(day(2), 30).read_all_premier(day(2)).premier_quiz(3, day(2, 1))
    rose = Learner("Rose")
    rows = {row.pseudo: row for row in learners_table([zoe.apprenant, ali.apprenant, rose.apprenant], bib)}

    assert (rows["Zoé"].commences, rows["Zoé"].termines, rows["Zoé"].maitrises) == (2, 1, 1)
    assert rows["Zoé"].score_moyen == 1.0
    assert rows["Zoé"].derniere_visite == day(1) + timedelta(minutes=10)
    assert (rows["Ali"].commences, rows["Ali"].termines, rows["Ali"].maitrises) == (1, 1, 0)
    assert rows["Ali"].score_moyen == 0.5
    assert (rows["Rose"].commences, rows["Rose"].derniere_visite, rows["Rose"].score_moyen) == (0, None, None)
    assert rows["Rose"].id == rose.id


def test_average_score_is_the_mean_of_the_best_score_of_each_module(bib):
    learner = (Learner("Zoé").premier_quiz(2, day(0)).premier_quiz(5, day(1))
               .quiz("deuxieme-module", {"q1": True, "q2": False}, day(2)))
    [row] = learners_table([learner.apprenant], bib)
    assert row.score_moyen == pytest.approx((5 / 6 + 1 / 2) / 2)


def test_an_unfinished_attempt_starts_a_module_but_gives_no_score(bib):
    learner = Learner("Zoé").quiz("premier-module", {"unique": True}, day(0), finished=False)
    [row] = learners_table([learner.apprenant], bib)
    assert (row.commences, row.termines, row.score_moyen) == (1, 0, None)


def test_a_removed_module_is_not_counted(bib):
    learner = Learner("Zoé").read("module-retire", [("lecon", 1)], day(0))
    [row] = learners_table([learner.apprenant], bib)
    assert row.commences == 0


def test_a_resume_gives_the_same_rows_as_the_learner_it_comes_from(bib):
    learner = Learner("Zoé").visit(day(0), 40).read_all_premier(day(0)).premier_quiz(4, day(0, 1))
    assert learners_table([summarize(learner.apprenant, pseudo=True)], bib) == learners_table([learner.apprenant], bib)


# --- The digest counts like Progression.status --------------------------------------------------

_moments = st.integers(min_value=0, max_value=20).map(lambda minutes: LUNDI + timedelta(minutes=minutes))
_pages = st.builds(PageLue, module=st.sampled_from(["premier-module", "autre"]),
                   lecon=st.sampled_from(["01-machines", "02-reseaux", "vieille"]),
                   page=st.integers(1, 3), le=_moments)
_reponses = st.builds(Reponse, module=st.sampled_from(["premier-module", "autre"]),
                      question=st.sampled_from(["unique", "classer"]), juste=st.booleans(),
                      donnee=st.just(()), tentative=st.sampled_from(["t1", "t2", "t3"]), le=_moments)
_quiz = st.builds(QuizTermine, module=st.sampled_from(["premier-module", "autre"]),
                  tentative=st.sampled_from(["t1", "t2", "t4"]), le=_moments)


@settings(max_examples=300, deadline=None)
@given(pages=st.lists(_pages, max_size=8), reponses=st.lists(_reponses, max_size=8), quiz=st.lists(_quiz, max_size=3),
       seuil=st.sampled_from([1, 50, 80, 100]))
def test_status_from_the_digest_is_the_status_from_the_facts(bib, pages, reponses, quiz, seuil):
    cours = premier(bib).model_copy(update={"seuil": seuil})
    progression = Progression(pages=pages, reponses=reponses, quiz=quiz)
    learner = Learner("Zoé")
    learner.progression = progression
    suivi = summarize(learner.apprenant).modules.get(cours.id)
    assert statut(suivi, cours) == parcours.status(progression, cours)
    finished, mastered = finished_at(suivi, cours), mastered_at(suivi, cours)
    assert (finished is not None) == (parcours.status(progression, cours) in ("terminé", "maîtrisé"))
    assert (mastered is not None) == (parcours.status(progression, cours) == "maîtrisé")
    if finished is not None:  # the status was already reached then, and not a second before
        at = datetime.fromtimestamp(finished, UTC)
        before = _facts_until(progression, at - timedelta(seconds=1))
        assert parcours.status(_facts_until(progression, at), cours) in ("terminé", "maîtrisé")
        assert parcours.status(before, cours) not in ("terminé", "maîtrisé")


def _facts_until(progression: Progression, moment: datetime) -> Progression:
    """The facts known at ``moment`` (an answer counts once its attempt is finished)."""
    return Progression(pages=[p for p in progression.pages if p.le <= moment],
                       reponses=progression.reponses,
                       quiz=[q for q in progression.quiz if q.le <= moment])


def test_finished_when_the_last_page_is_read_after_the_quiz(bib):
    learner = Learner("Zoé").read("premier-module", [("01-machines", 1)], day(0)).premier_quiz(3, day(0, 1))
    learner.read("premier-module", [("01-machines", 2), ("02-reseaux", 1), ("02-reseaux", 2)], day(3))
    suivi = summarize(learner.apprenant).modules["premier-module"]
    assert datetime.fromtimestamp(finished_at(suivi, premier(bib)), UTC) == day(3) + timedelta(minutes=2)
    assert mastered_at(suivi, premier(bib)) is None


# --- Sorting and searching ----------------------------------------------------------------------

def _rows(bib):
    learners = [Learner("Zoé").visit(day(3), 5).premier_quiz(6, day(3)),
                Learner("élodie").visit(day(1), 5).premier_quiz(3, day(1)),
                Learner("Ali"),
                Learner("ZOE 2").visit(day(2), 5)]
    return learners_table([learner.apprenant for learner in learners], bib)


def test_sort_by_pseudo_ignores_case_and_accents(bib):
    assert [r.pseudo for r in sort_rows(_rows(bib), "pseudo")] == ["Ali", "élodie", "Zoé", "ZOE 2"]
    assert [r.pseudo for r in sort_rows(_rows(bib), "pseudo", descending=True)] == ["ZOE 2", "Zoé", "élodie", "Ali"]


@pytest.mark.parametrize("descending", [False, True])
def test_sort_puts_empty_values_last_either_way(bib, descending):
    by_visit = [r.pseudo for r in sort_rows(_rows(bib), "derniere_visite", descending)]
    assert by_visit == (["Zoé", "ZOE 2", "élodie", "Ali"] if descending else ["élodie", "ZOE 2", "Zoé", "Ali"])
    by_score = [r.pseudo for r in sort_rows(_rows(bib), "score_moyen", descending)]
    assert by_score[:2] == (["Zoé", "élodie"] if descending else ["élodie", "Zoé"])
    assert set(by_score[2:]) == {"Ali", "ZOE 2"}


def test_sort_on_an_unknown_column_is_refused(bib):
    with pytest.raises(ValueError):
        sort_rows(_rows(bib), "code")


@pytest.mark.parametrize("text, found", [
    ("zoe", {"Zoé", "ZOE 2"}), ("ZOÉ", {"Zoé", "ZOE 2"}), ("Zoe\u0301", {"Zoé", "ZOE 2"}),
    ("ELO", {"élodie"}), ("  ", {"Zoé", "ZOE 2", "élodie", "Ali"}), ("", {"Zoé", "ZOE 2", "élodie", "Ali"}),
    ("personne", set()),
])
def test_search_ignores_case_and_accents(bib, text, found):
    assert {row.pseudo for row in search(_rows(bib), text)} == found


# --- Per module ---------------------------------------------------------------------------------

def test_module_stats_counts_learners_and_puts_the_hardest_questions_first(bib):
    learners = [
        Learner("A").read_all_premier(day(0)).premier_quiz(6, day(0)),
        Learner("B").read_all_premier(day(0)).premier_quiz(2, day(0)),
        Learner("C").read("premier-module", [("01-machines", 1)], day(0)),
        Learner("D").read("deuxieme-module", [("01-seule", 1)], day(0)),
    ]
    stats = module_stats([learner.apprenant for learner in learners], premier(bib))
    assert (stats.commences, stats.termines, stats.maitrises) == (3, 2, 1)
    assert stats.titre == "Premier module : les trois familles"
    shares = {q.id: (q.reponses, q.justes) for q in stats.questions}
    assert shares == {"unique": (2, 2), "multiple": (2, 2), "vrai-faux": (2, 1), "classer": (2, 1),
                      "ordre": (2, 1), "associer": (2, 1)}
    parts = [q.part_juste for q in stats.questions]
    assert parts == sorted(parts) and parts[0] == 0.5
    assert stats.questions[0].enonce


def test_questions_nobody_answered_come_last(bib):
    learner = Learner("A").quiz("premier-module", {"unique": True, "classer": False}, day(0))
    stats = module_stats([learner.apprenant], premier(bib))
    assert [q.id for q in stats.questions[:2]] == ["classer", "unique"]
    assert all(q.part_juste is None and q.reponses == 0 for q in stats.questions[2:])


def test_misplaced_items_of_classer_most_often_first(bib):
    wrong = ("Le processeur → Informatique", "Le réseau 4G → Informatique", "Prendre rendez-vous en ligne → Numérique")
    wrong2 = ("Le processeur → Informatique", "Le réseau 4G → Usages", "Prendre rendez-vous en ligne → Usages")
    learners = [Learner("A").quiz("premier-module", {"classer": wrong}, day(0)),
                Learner("B").quiz("premier-module", {"classer": wrong2}, day(0)),
                Learner("C").quiz("premier-module", {"classer": True, "associer": ("Clavier → Pointer",)}, day(0))]
    stats = module_stats([learner.apprenant for learner in learners], premier(bib))
    assert stats.elements_mal_classes == {"Le réseau 4G": 2, "Prendre rendez-vous en ligne": 1}
    assert list(stats.elements_mal_classes) == ["Le réseau 4G", "Prendre rendez-vous en ligne"]


def test_overview_gives_every_module_in_one_pass(bib):
    learners = [Learner("A").read_all_premier(day(0)).premier_quiz(6, day(0)),
                Learner("B").quiz("deuxieme-module", {"q1": True, "q2": True}, day(0))]
    overview = modules_overview([learner.apprenant for learner in learners], bib)
    assert [(s.id, s.commences, s.maitrises) for s in overview] == [("premier-module", 1, 1),
                                                                   ("deuxieme-module", 1, 1)]


# --- A learner's journey ------------------------------------------------------------------------

def test_journey_tells_visits_pages_and_quizzes_newest_first(bib):
    learner = (Learner("Zoé").visit(day(0), 35).read("premier-module", [("01-machines", 1), ("01-machines", 2)], day(0))
               .visit(day(1), 90).premier_quiz(4, day(1)))
    lines = learner_journey(learner.apprenant, bib)
    texts = [line.texte for line in lines]
    assert texts == [
        "quiz module « Premier module : les trois familles » : 4 points sur 6 (67 %)",
        "visite de 1 h 30",
        "2 pages lues de la leçon « Les machines » (module « Premier module : les trois familles »)",
        "visite de 35 min",
    ]
    assert [line.le for line in lines] == sorted((line.le for line in lines), reverse=True)
    assert str(lines[-1]).startswith(f"{day(0).astimezone():%d/%m/%Y} à ")


def test_journey_names_a_removed_module(bib):
    learner = Learner("Zoé").read("ancien", [("intro", 1)], day(0))
    [line] = learner_journey(learner.apprenant, bib)
    assert line.texte == "1 page lue de la leçon « intro » (module « ancien », retiré depuis)"


# --- Retention ----------------------------------------------------------------------------------

def test_inactive_learners_are_those_not_seen_for_longer_than_the_period(bib):
    when = datetime(2026, 3, 15, 12, tzinfo=UTC)
    old = Learner("Ancien", cree_le=datetime(2024, 1, 1, tzinfo=UTC)).visit(
        datetime(2025, 3, 14, 12, tzinfo=UTC), 10)
    recent = Learner("Récent", cree_le=datetime(2024, 1, 1, tzinfo=UTC)).visit(
        datetime(2025, 3, 16, 12, tzinfo=UTC), 10)
    never = Learner("Jamais revenu", cree_le=datetime(2024, 6, 1, tzinfo=UTC))
    new = Learner("Nouveau", cree_le=datetime(2026, 3, 1, tzinfo=UTC))
    rows = inactive([old.apprenant, recent.apprenant, never.apprenant, new.apprenant], 12, when, bib)
    assert [row.pseudo for row in rows] == ["Jamais revenu", "Ancien"]
    assert rows[0].derniere_visite is None and rows[0].cree_le == datetime(2024, 6, 1, tzinfo=UTC)
    assert [row.pseudo for row in inactive([old.apprenant, recent.apprenant], 1, when)] == ["Ancien", "Récent"]


def test_months_before_keeps_the_day_or_takes_the_month_end():
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2024, 3, 31, tzinfo=UTC), 1) == datetime(2024, 2, 29, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 12) == datetime(2025, 1, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(2024, 12, 15, tzinfo=UTC)


def test_the_review_count_reads_no_quiz_and_matches_the_questions_to_review(tmp_path):
    import shutil

    from apprendre.courses.library import load_library
    from apprendre.courses.models import Cours

    shutil.copytree(library().dossier, tmp_path / "cours")
    bib = load_library(tmp_path / "cours")
    moment = datetime.now(UTC) - timedelta(days=3)
    progression = Progression()
    for cours in bib.cours:
        for question in cours.ids_questions[:2]:
            progression.add(Reponse(module=cours.id, question=question, juste=False, tentative="t", le=moment))
    progression.add(Reponse(module="premier-module", question="disparue", juste=False, tentative="t", le=moment))
    progression.add(Reponse(module="module-parti", question="q1", juste=False, tentative="t", le=moment))
    assert parcours.due_count(progression, bib) == 4
    assert all(cours._quiz is None for cours in bib.cours)
    assert sorted((c.id, q.id) for c, q in parcours.due_questions(progression, bib)) == sorted(
        (c.id, q) for c in bib.cours for q in c.ids_questions[:2])
    broken: Cours = bib.find("deuxieme-module")
    broken._quiz = None
    (broken.dossier / "quiz.toml").write_text("seuil = 80\nquestions = 3\n", "utf-8")
    assert {c.id for c, _ in parcours.due_questions(progression, bib)} == {"premier-module"}
