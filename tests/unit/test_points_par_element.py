"""Points per item: classer counts each item, associer each pair, ordre each step at its place.

The score, the mastery, the mediator's summaries and the learner's journey all add
the same points; files written before points existed stay readable and count as before.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from faits import LUNDI, Learner, day, library

from apprendre.courses.library import load_library
from apprendre.courses.models import Classer
from apprendre.courses.scoring import grade_associer, grade_classer, grade_ordre, regrade
from apprendre.learning.attempt import AnsweredQuestion, score_lines, total_points, unfinished_attempt
from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import Progression, QuizTermine, Reponse
from apprendre.reports.follow_up import learner_journey
from apprendre.reports.summary import best_score, statut, summarize
from apprendre.storage.learner_file import parse, render
from apprendre.storage.summary_line import split_summary
from apprendre.storage.summary_reader import read_resume

COURS = Path(__file__).resolve().parents[2] / "cours"


def flagship():
    return load_library(COURS).find("informatique-numerique-usages")


def one_wrong(question: Classer) -> dict[str, str]:
    """Every item in its family but the first, put in another one."""
    placed = {e.texte: e.categorie for e in question.elements}
    first = question.elements[0]
    placed[first.texte] = next(c for c in question.categories if c != first.categorie)
    return placed


def test_classer_counts_each_item():
    question = next(q for q in flagship().quiz.questions if isinstance(q, Classer))
    correction = grade_classer(question, one_wrong(question))
    assert (correction.juste, correction.points, correction.sur) == (False, len(question.elements) - 1,
                                                                     len(question.elements))
    assert len(correction.retours) == 1 and question.elements[0].texte in correction.retours[0]


def test_associer_counts_pairs_and_ordre_steps_at_their_place():
    cours = library().find("premier-module")
    ordre = next(q for q in cours.quiz.questions if q.type == "ordre")
    swapped = [ordre.elements[1], ordre.elements[0], *ordre.elements[2:]]
    assert (grade_ordre(ordre, swapped).points, grade_ordre(ordre, swapped).sur) == (1, 3)
    associer = next(q for q in cours.quiz.questions if q.type == "associer")
    assert grade_associer(associer, {"Clavier": "Écrire", "Souris": "Pointer"}).points == 2
    assert grade_associer(associer, {"Clavier": "Pointer", "Souris": "Écrire"}).points == 0


def test_flagship_learner_who_misses_one_item_per_classer_sees_the_items_and_a_score_to_match():
    cours = flagship()
    resultats = []
    for question in cours.quiz.questions:
        if isinstance(question, Classer):
            correction = grade_classer(question, one_wrong(question))
        else:  # every other question right
            correction = regrade(question, _right_donnee(question))
        resultats.append(AnsweredQuestion(cours, question, correction))
    classer = [q for q in cours.quiz.questions if isinstance(q, Classer)]
    items = sum(len(q.elements) for q in classer)
    assert f"{items - len(classer)} éléments sur {items} bien rangés" in score_lines(resultats)
    won, worth = total_points(resultats)
    assert worth - won == len(classer)
    assert won / worth * 100 >= cours.quiz.seuil  # mastered: three slips are progress, not a failure


def _right_donnee(question) -> tuple[str, ...]:
    kind = question.type
    if kind in ("choix unique", "choix multiple"):
        return tuple(c.texte for c in question.choix if c.juste)
    if kind == "vrai ou faux":
        return ("vrai" if question.reponse else "faux",)
    if kind == "ordre":
        return tuple(question.elements)
    return tuple(f"{p.gauche} → {p.droite}" for p in question.paires)


def _answers(learner: Learner, tentative: str, counts: dict[str, tuple[int, int]], finished: bool = True):
    for number, (question, (won, worth)) in enumerate(counts.items()):
        learner.progression.add(Reponse(module="premier-module", question=question, juste=won == worth,
                                        points=won, sur=worth, tentative=tentative,
                                        le=day(0, hours=number / 60)))
    if finished:
        learner.progression.add(QuizTermine(module="premier-module", tentative=tentative, le=day(0, hours=1)))
    return learner


def test_mastery_and_the_mediators_summary_use_the_same_points():
    counts = {"unique": (1, 1), "multiple": (1, 1), "vrai-faux": (1, 1), "classer": (2, 3),
              "ordre": (3, 3), "associer": (2, 2)}  # 10 points of 11: 91 %, one question missed
    learner = _answers(Learner("Zoé").read_all_premier(day(0)), "quiz-a", counts)
    cours = library().find("premier-module")
    progression = learner.progression
    assert progression.best_score("premier-module") == 10 / 11
    resume = summarize(learner.apprenant)
    assert best_score(resume.modules["premier-module"]) == 10 / 11
    assert statut(resume.modules["premier-module"], cours) == "maîtrisé"
    assert read_resume(render(learner.apprenant)) == resume
    assert progression.due(day(3)) == [("premier-module", "classer")]  # À revoir brings the classer back
    journey = [line.texte for line in learner_journey(learner.apprenant, library())]
    assert any("10 points sur 11 (91 %)" in line for line in journey)


def test_a_file_written_before_points_existed_reads_and_counts_as_before():
    old = (
        'version = 1\nid = "0123456789ab"\npseudo = "Zoé"\ncree_le = 2026-03-02T12:00:00+00:00\n\n'
        '[[reponses]]\nmodule = "premier-module"\nquestion = "classer"\njuste = false\n'
        'donnee = [\n    "Le processeur → Numérique",\n]\ntentative = "quiz-a"\nle = 2026-03-02T12:00:00+00:00\n\n'
        '[[reponses]]\nmodule = "premier-module"\nquestion = "unique"\njuste = true\n'
        'donnee = []\ntentative = "quiz-a"\nle = 2026-03-02T12:01:00+00:00\n\n'
        '[[quiz]]\nmodule = "premier-module"\ntentative = "quiz-a"\nle = 2026-03-02T12:02:00+00:00\n'
    ).encode()
    apprenant = parse(old)
    assert [r.compte for r in apprenant.progression.reponses] == [(0, 1), (1, 1)]
    assert apprenant.progression.best_score("premier-module") == 0.5
    assert read_resume(old) == summarize(apprenant)
    body, summary = split_summary(render(apprenant))
    assert body == old and summary is not None  # written back the same (and summed up): no key added to old answers


def test_new_answers_write_their_points():
    learner = _answers(Learner("Zoé"), "quiz-a", {"classer": (2, 3)})
    text = render(learner.apprenant).decode()
    assert text.startswith("version = 2\n")  # a terminal not yet updated says so, and leaves the file alone
    assert "juste = false\npoints = 2\nsur = 3\ndonnee = []" in text
    assert parse(text.encode()).progression.reponses[0].compte == (2, 3)


def test_an_unfinished_attempt_resumes_at_the_first_question_not_answered():
    cours = library().find("premier-module")
    counts = {"unique": (1, 1), "multiple": (0, 1), "vrai-faux": (1, 1), "classer": (2, 3)}
    learner = _answers(Learner("Zoé"), "quiz-a", counts, finished=False)
    reprise = unfinished_attempt(learner.progression, cours)
    assert reprise is not None and reprise.tentative == "quiz-a" and reprise.next_index == 4
    assert [r.correction.points for r in reprise.answered] == [1, 0, 1, 2]
    learner.progression.add(QuizTermine(module="premier-module", tentative="quiz-a", le=day(0, hours=2)))
    assert unfinished_attempt(learner.progression, cours) is None


def test_a_finished_attempt_after_an_abandoned_one_is_not_resumed():
    cours = library().find("premier-module")
    learner = _answers(Learner("Zoé"), "quiz-a", {"unique": (1, 1)}, finished=False)
    learner.progression.add(Reponse(module="premier-module", question="unique", juste=True, points=1, sur=1,
                                    tentative="quiz-b", le=LUNDI + timedelta(days=1)))
    learner.progression.add(QuizTermine(module="premier-module", tentative="quiz-b",
                                        le=LUNDI + timedelta(days=1, minutes=5)))
    assert unfinished_attempt(learner.progression, cours) is None


def test_a_guest_progress_resumes_the_same_way():
    cours = library().find("premier-module")
    progression = Progression()
    progression.add(Reponse(module="premier-module", question="unique", juste=False, points=0, sur=1,
                            donnee=("Le courriel",), tentative="quiz-g", le=LUNDI))
    reprise = unfinished_attempt(progression, cours)
    assert reprise is not None and reprise.next_index == 1
    assert reprise.answered[0].correction.retours == ["Le courriel est un usage."]


def test_regrade_gives_back_the_feedback_of_a_recorded_answer():
    cours = library().find("premier-module")
    classer = next(q for q in cours.quiz.questions if q.type == "classer")
    correction = regrade(classer, ("Le processeur → Informatique", "Le réseau 4G → Usages",
                                   "Prendre rendez-vous en ligne → Usages"))
    assert (correction.points, correction.sur) == (2, 3)
    assert correction.retours == ["« Le réseau 4G » va dans Numérique. Il relie les téléphones."]


def test_score_lines_name_each_kind_of_point():
    cours = library().find("premier-module")
    resultats = [AnsweredQuestion(cours, q, regrade(q, ())) for q in cours.quiz.questions]
    assert score_lines(resultats) == ["0 élément sur 3 bien rangé", "0 paire sur 2 bien associée",
                                      "0 étape sur 3 à sa place", "0 bonne réponse sur 3 aux autres questions"]


def test_apprenant_model_keeps_points_optional():
    apprenant = Apprenant(id="0123456789ab", pseudo="Zoé", cree_le=LUNDI)
    apprenant.progression.add(Reponse(module="m", question="q", juste=True, tentative="t", le=LUNDI))
    assert apprenant.progression.reponses[0].compte == (1, 1)
