"""The summary at the end of each learner's file (summary_line): written at every save, always the
summary of the facts before it, and ignored as soon as the file was touched by anything else."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from faits import Learner, day
from hypothesis import given, settings
from hypothesis import strategies as st

from apprendre.learning.progress import PageLue, QuizTermine, Reponse
from apprendre.reports.summary import summarize
from apprendre.storage import Depot
from apprendre.storage import summary_reader as resume_reader
from apprendre.storage.learner_file import parse, render
from apprendre.storage.summary_line import MARK, read_summary, split_summary
from apprendre.storage.summary_reader import read_resume

_modules = st.sampled_from(["premier-module", "deuxieme-module", "retire"])
_minutes = st.integers(-90, 600)
"""Minutes after the start: mostly later than what is written (a save adds at the end), sometimes
before (then the save merges the whole file)."""
_steps = st.lists(st.one_of(
    st.tuples(st.just("page"), _modules, st.sampled_from(["l1", "l2"]), st.integers(1, 4), _minutes),
    st.tuples(st.just("reponse"), _modules, st.sampled_from(["q1", "q2", "classer"]), st.booleans(),
              st.sampled_from(["t1", "t2", "t3"]), _minutes, st.none() | st.integers(0, 3)),
    st.tuples(st.just("quiz"), _modules, st.sampled_from(["t1", "t2", "t3"]), _minutes),
    st.just(("revient",)),
), min_size=1, max_size=30)


def _fact(step: tuple, start) -> PageLue | Reponse | QuizTermine:  # type: ignore[no-untyped-def]
    kind, module, *rest = step
    if kind == "page":
        lecon, page, minutes = rest
        return PageLue(module=module, lecon=lecon, page=page, le=start + timedelta(minutes=minutes))
    if kind == "reponse":
        question, juste, tentative, minutes, points = rest
        donnee = ("Le processeur → Numérique",) if question == "classer" else ()
        return Reponse(module=module, question=question, juste=juste, donnee=donnee, tentative=tentative,
                       le=start + timedelta(minutes=minutes), points=points,
                       sur=None if points is None else 3)
    tentative, minutes = rest
    return QuizTermine(module=module, tentative=tentative, le=start + timedelta(minutes=minutes))


@settings(max_examples=60, deadline=None)
@given(steps=_steps)
def test_every_save_ends_the_file_with_the_summary_of_its_facts(steps):
    """Saves that add facts at the end (the summary tallies only them), saves that merge, a learner
    who comes back on another terminal (nothing known of the file): the file is always exactly what
    writing its facts whole gives, and its summary the summary of its facts."""
    with tempfile.TemporaryDirectory() as folder:
        depot = Depot(Path(folder))
        session = depot.create("Zoé", None)
        start = day(0)
        for step in steps:
            if step == ("revient",):
                session.close()
                depot = Depot(Path(folder))
                session = depot.sign_in("Zoé", None)
                continue
            session.record(_fact(step, start))
            data = depot.path(session.apprenant_id).read_bytes()
            apprenant = parse(data)
            assert data == render(apprenant)
            assert read_summary(data) == summarize(apprenant)
        session.close()


def test_the_summary_is_the_last_line_a_comment_that_older_versions_skip(depot):
    session = depot.create("Zoé", None)
    session.record(PageLue(module="premier-module", lecon="01-machines", page=1, le=day(0)))
    data = depot.path(session.apprenant_id).read_bytes()
    body, summary = split_summary(data)
    last = data.decode("ascii", "replace").splitlines()[-1]
    assert last.startswith("# resume 1 ") and summary is not None and last.endswith(summary.decode("ascii"))
    assert data == body + b"\n" + last.encode("ascii") + b"\n"
    assert "Zoé" not in last
    assert parse(body) == parse(data)  # TOML: a comment


@pytest.mark.parametrize("edit", [
    lambda data: data.replace(b"page = 2", b"page = 3", 1),  # same length: only the content tells
    lambda data: data.replace(b"juste = true", b"juste = false", 1),
    lambda data: data.replace(b"\n", b"\r\n"),
    lambda data: b"\xef\xbb\xbf" + data,
    lambda data: data.replace(b"# resume 1 ", b"# resume 9 "),
    lambda data: data.replace(b"\n\n[[quiz]]", b"\n\n[[quiz]]\nmodule = \"deuxieme-module\"\ntentative = "
                              b"\"x\"\nle = 2026-03-02T12:00:00+00:00\n\n[[quiz]]", 1),
], ids=["meme-longueur", "juste", "crlf", "bom", "autre-format", "quiz-ajoute"])
def test_a_file_touched_by_anything_else_is_summed_up_from_its_facts(edit):
    learner = Learner("Zoé").visit(day(0), 30).read_all_premier(day(0)).premier_quiz(3, day(0))
    data = edit(render(learner.apprenant))
    assert read_summary(data) is None
    assert read_resume(data) == summarize(parse(data))


def test_a_file_written_before_summaries_existed_is_read_from_its_facts(monkeypatch):
    learner = Learner("Zoé").visit(day(0), 30).read_all_premier(day(0)).premier_quiz(3, day(0))
    old, _ = split_summary(render(learner.apprenant))
    assert MARK not in old
    assert read_summary(old) is None
    assert read_resume(old, pseudo=True) == summarize(learner.apprenant, pseudo=True)


def test_a_file_with_its_summary_is_read_without_its_facts(monkeypatch):
    learner = Learner('Jean "Jo"').visit(day(0), 30).read_all_premier(day(0)).premier_quiz(3, day(0))
    data = render(learner.apprenant)
    expected = summarize(learner.apprenant, pseudo=True)
    monkeypatch.setattr(resume_reader, "_read", None)
    monkeypatch.setattr(resume_reader, "parse", None)
    assert read_resume(data, pseudo=True) == expected


# --- The reports from the summaries are the reports from the facts ----------------------------------

def _varied_folder(depot: Depot) -> None:
    """Learners of every kind: saved by sessions (summary kept up to date save after save),
    written whole, written before summaries existed, edited by hand after their last save, with
    an age band, with facts of a module no longer in the library, with no facts at all."""
    from faits import LUNDI

    zoe = depot.create("Zoé", None, tranche_age="25 - 39 ans")
    for minutes in range(0, 60, 7):
        zoe.record(PageLue(module="premier-module", lecon="01-machines", page=minutes % 2 + 1,
                           le=LUNDI + timedelta(days=minutes // 10, minutes=minutes)))
    for question, juste in (("unique", True), ("classer", False), ("vrai-faux", True)):
        zoe.record(Reponse(module="premier-module", question=question, juste=juste, tentative="t1",
                           donnee=("Le processeur → Numérique",) if question == "classer" else (),
                           le=day(6), points=int(juste), sur=1))
    zoe.record(QuizTermine(module="premier-module", tentative="t1", le=day(6, 1)))
    zoe.record(PageLue(module="premier-module", lecon="01-machines", page=1, le=day(-3)))  # merged: earlier
    zoe.close()
    Learner("Ali", cree_le=day(1)).visit(day(1), 20).read_all_premier(day(1)).premier_quiz(6, day(2)).save(depot)
    ancien = Learner("Ancien", cree_le=day(-40)).visit(day(-40), 50).read_all_premier(day(-40)).premier_quiz(
        2, day(-39)).read("deuxieme-module", [("01-seule", 1)], day(3)).save(depot)
    body, _ = split_summary(depot.path(ancien.id).read_bytes())
    depot.path(ancien.id).write_bytes(body)  # written before summaries existed
    edite = Learner("Édité", cree_le=day(2)).visit(day(2), 15).read_all_premier(day(2)).save(depot)
    path = depot.path(edite.id)
    path.write_bytes(path.read_bytes().replace(b"page = 2", b"page = 1", 1))  # by hand, summary left
    Learner("Retiré").visit(day(4), 5).read("module-retire", [("l", 1)], day(4)).premier_quiz(1, day(4)).save(depot)
    depot.create("Vide", None).close()


def _reports(resumes) -> tuple[str, str]:
    from faits import library

    from apprendre.reports.activity import build_report, render_table
    from apprendre.reports.coop import build_coop, render_coop

    resumes = list(resumes)
    du, au = day(-60).date(), max(day(60).date(), date.today())  # the sessions are today
    return (render_table(build_report(resumes, library(), du, au)),
            render_coop(build_coop(resumes, library(), du, au)))


def _tables(resumes) -> tuple[list, list]:
    from faits import library

    from apprendre.reports.follow_up import learners_table, modules_overview

    resumes = list(resumes)
    return sorted(learners_table(resumes, library()), key=lambda row: row.id), modules_overview(resumes, library())


def _same_as_the_facts(depot: Depot) -> None:
    from apprendre.storage.summary_cache import load_resumes

    problemes: list = []
    assert _reports(load_resumes(depot, questions=False, problemes=problemes)) == _reports(depot.apprenants())
    assert _tables(load_resumes(depot, pseudo=True)) == _tables(depot.apprenants())
    assert not problemes


def test_the_reports_from_the_summaries_are_the_reports_from_the_facts(depot, tmp_path, monkeypatch):
    """The activity report, La Coop's, the learners table and the modules' statistics: the same from
    the summaries as from every fact, before and after a restore, and after an erasure."""
    from apprendre.storage import summary_cache

    _varied_folder(depot)
    expected = _reports(depot.apprenants())
    assert re.search(r"Nouveaux apprenants +6\n", expected[0]) and "25 - 39 ans : 1" in expected[1]
    read_from_facts = []
    real = summary_cache._from_facts
    monkeypatch.setattr(summary_cache, "_from_facts", lambda depot, apprenant_id, *rest: (
        read_from_facts.append(apprenant_id), real(depot, apprenant_id, *rest))[1])
    _same_as_the_facts(depot)
    assert sorted(read_from_facts) == sorted([depot.find("Ancien"), depot.find("Édité")])  # then cached
    read_from_facts.clear()
    _same_as_the_facts(depot)  # now from the cache, for the files without their own summary
    assert read_from_facts == []

    restored = Depot(tmp_path / "restaure")  # new inodes and dates, and no index: nothing but the files
    for path in depot.apprenants_folder.iterdir():
        shutil.copy(path, restored.apprenants_folder / path.name)
    _same_as_the_facts(restored)
    assert _reports(restored.apprenants()) == expected

    zoe = restored.find("Zoé")
    restored.erase(zoe)
    _same_as_the_facts(restored)
    assert _reports(restored.apprenants()) != expected


def test_a_broken_file_is_set_aside_and_its_backup_counted_as_the_facts_would(depot):
    from apprendre.storage.summary_cache import load_resumes

    _varied_folder(depot)
    zoe = depot.find("Zoé")
    depot.path(zoe).write_bytes(b"version = 2\nid = cass")
    problemes: list = []
    from_summaries = _reports(load_resumes(depot, questions=False, problemes=problemes))
    assert not problemes  # repaired from the backup
    assert [path.name.startswith(zoe) for path in depot.aside_folder.iterdir()] == [True]
    assert from_summaries == _reports(depot.apprenants())
    _same_as_the_facts(depot)
