"""The summary at the end of each learner's file (summary_line): written at every save, always the
summary of the facts before it, and ignored as soon as the file was touched by anything else."""

from __future__ import annotations

import tempfile
from datetime import timedelta
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
