"""Summaries read fast (resume_reader) and kept between reads (cache_resumes): same numbers, no stale ones."""

from __future__ import annotations

import os
import shutil
import string
from datetime import UTC, datetime, timedelta

import pytest
from faits import Learner, day
from hypothesis import given, settings
from hypothesis import strategies as st

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import (
    PageLue,
    Progression,
    QuizTermine,
    Reponse,
    Visite,
)
from apprendre.reports.summary import summarize
from apprendre.storage import Depot, learner_file, summary_file
from apprendre.storage import summary_cache as cache_resumes
from apprendre.storage import summary_reader as resume_reader
from apprendre.storage.learner_file import Illisible, parse, render
from apprendre.storage.summary_cache import load_resumes
from apprendre.storage.summary_file import FICHIER
from apprendre.storage.summary_line import split_summary
from apprendre.storage.summary_reader import read_resume

# --- Reading fast gives what parsing gives ------------------------------------------------------

_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
_ids = st.text(alphabet=string.ascii_lowercase + "-", min_size=1, max_size=8)
_moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                        timezones=st.just(UTC)) | st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)).map(
    lambda moment: moment.replace(microsecond=0))
_facts = st.lists(st.one_of(
    st.builds(PageLue, module=_ids, lecon=_texts, page=st.integers(1, 40), le=_moments),
    st.builds(Reponse, module=_ids, question=_ids, juste=st.booleans(),
              donnee=st.lists(_texts | st.builds(lambda a, b: f"{a} → {b}", _texts, _texts), max_size=3).map(tuple),
              tentative=_ids, le=_moments,
              points=st.none() | st.integers(0, 12), sur=st.none() | st.integers(1, 12)),
    st.builds(QuizTermine, module=_ids, tentative=_ids, le=_moments),
    st.builds(Visite, id=_ids, debut=_moments, fin=_moments),
), max_size=25)
_pseudos = st.sampled_from(["Zoé", 'Jean "Jo" Dupont', "a\\b", "李雷", "Ёжик 2", "sara\u200d", "🙂 Lou"])


@settings(max_examples=300, deadline=None)
@given(facts=_facts, pseudo=_pseudos, code=st.none() | st.just("scrypt$16384$8$1$c2Vs$aGFjaGU="), cree_le=_moments)
def test_reading_fast_gives_the_summary_of_the_parsed_file(facts, pseudo, code, cree_le):
    progression = Progression()
    for fait in facts:
        progression.add(fait)
    data = render(Apprenant(id="0123456789ab", pseudo=pseudo, code=code, cree_le=cree_le, progression=progression))
    assert read_resume(data, pseudo=True) == summarize(parse(data), pseudo=True)


def test_a_file_written_by_the_storage_is_read_without_parsing(monkeypatch):
    learner = Learner('Jean "Jo"').visit(day(0), 30).read_all_premier(day(0)).premier_quiz(3, day(0))
    data = render(learner.apprenant)
    expected = summarize(parse(data), pseudo=True)
    monkeypatch.setattr(resume_reader, "parse", None)  # the slow way would fail
    assert read_resume(data, pseudo=True) == expected


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("page = 1\n", "page   = 1 # première page\n"),
    lambda text: text.replace('module = "premier-module"\nlecon', "lecon", 1).replace(
        'lecon = "01-machines"\npage = 1\n', 'lecon = "01-machines"\npage = 1\nmodule = "premier-module"\n', 1),
    lambda text: text.replace("+00:00", "Z"),
    lambda text: text.replace("\n", "\r\n"),
    lambda text: text.replace('"premier-module"', "'premier-module'"),
    lambda text: "\ufeff" + text,
])
def test_a_file_edited_by_hand_is_read_the_sure_way(edit):
    learner = Learner("Zoé").visit(day(0), 30).read_all_premier(day(0)).premier_quiz(3, day(0))
    data = edit(render(learner.apprenant).decode("utf-8")).encode("utf-8")
    assert read_resume(data) == summarize(learner.apprenant)


@pytest.mark.parametrize("data", [
    b"", b"version = 1\n", b"\xff\xfe", b"version = 1\nid = 3\n",
    render(Learner("Zoé", apprenant_id="0123456789ab").read_all_premier(day(0)).apprenant).replace(b"page = 1",
                                                                                                  b"page = 0"),
], ids=["vide", "entete", "pas-utf8", "id-nombre", "page-0"])
def test_a_broken_file_is_illisible_either_way(data):
    with pytest.raises(Illisible):
        read_resume(data)


# --- The cache ----------------------------------------------------------------------------------

@pytest.fixture
def depot(depot):
    """The shared empty data folder, with three learners in it, their files written before the
    summary was written at their end (the cache is for those)."""
    for pseudo, minutes in (("Zoé", 30), ("Ali", 20), ("Rose", 10)):
        learner = Learner(pseudo).visit(day(0), minutes).read_all_premier(day(0)).premier_quiz(4, day(0)).save(depot)
        _without_summary(depot.path(learner.id))
    return depot


def _without_summary(path):
    body, summary = split_summary(path.read_bytes())
    assert summary is not None
    path.write_bytes(body)


def _by_id(resumes) -> dict:
    return {resume.id: resume for resume in resumes}


def _expected(depot) -> dict:
    return _by_id(summarize(apprenant) for apprenant in depot.apprenants())


def test_the_cache_gives_the_summaries_of_the_files_and_no_pseudonym(depot):
    assert _by_id(load_resumes(depot)) == _expected(depot)
    cache = (depot.dossier / FICHIER).read_text("utf-8")
    assert len(cache.splitlines()) == 4
    assert not any(pseudo in cache for pseudo in ("Zoé", "Ali", "Rose"))
    assert _by_id(load_resumes(depot)) == _expected(depot)


def test_unchanged_files_are_not_read_again(depot, monkeypatch):
    list(load_resumes(depot))
    monkeypatch.setattr(cache_resumes, "read_resume", None)
    assert _by_id(load_resumes(depot)) == _expected(depot)


def test_pseudonyms_come_from_the_files(depot):
    list(load_resumes(depot))
    assert sorted(resume.pseudo for resume in load_resumes(depot, pseudo=True)) == ["Ali", "Rose", "Zoé"]
    assert all(resume.pseudo is None for resume in load_resumes(depot))


def test_a_changed_file_is_read_again(depot):
    list(load_resumes(depot))
    session = depot.sign_in("Zoé", None)
    session.record(PageLue(module="deuxieme-module", lecon="01-seule", page=1, le=day(1)))
    session.close()
    resumes = _by_id(load_resumes(depot))
    assert resumes == _expected(depot)
    assert "deuxieme-module" in resumes[session.apprenant_id].modules


def test_a_file_replaced_by_one_of_the_same_size_and_date_is_read_again(depot):
    list(load_resumes(depot))
    zoe = depot.find("Zoé")
    path = depot.path(zoe)
    stat = path.stat()
    data = path.read_bytes().replace(b"page = 2", b"page = 3", 1)
    path.write_bytes(data)  # in place: same inode, same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns) == (
        stat.st_ino, stat.st_size, stat.st_mtime_ns)
    assert _by_id(load_resumes(depot)) == _expected(depot)


def test_new_and_vanished_files_are_noticed(depot):
    list(load_resumes(depot))
    new = Learner("Nouveau").visit(day(2), 5).save(depot)
    gone = depot.find("Ali")
    depot.erase(gone)
    resumes = _by_id(load_resumes(depot))
    assert new.id in resumes and gone not in resumes
    assert gone not in (depot.dossier / FICHIER).read_text("utf-8")


@pytest.mark.parametrize("content", ["", "pas du json\n", '{"format": 1, "empreinte": "autre"}\n["0123"]\n',
                                     "\xff\n"])
def test_a_broken_or_foreign_cache_is_rebuilt(depot, content):
    (depot.dossier / FICHIER).write_text(content, "latin-1")
    assert _by_id(load_resumes(depot)) == _expected(depot)
    assert len((depot.dossier / FICHIER).read_text("utf-8").splitlines()) == 4


def test_a_damaged_line_is_read_again_from_the_file(depot):
    list(load_resumes(depot))
    path = depot.dossier / FICHIER
    lines = path.read_text("utf-8").splitlines()
    lines[1] = lines[1][:16] + '"cassé"]'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert _by_id(load_resumes(depot)) == _expected(depot)


def test_a_cache_that_cannot_be_written_is_no_error(depot, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "refusé")

    monkeypatch.setattr(cache_resumes, "AtomicWriter", refuse)
    assert _by_id(load_resumes(depot)) == _expected(depot)
    assert not (depot.dossier / FICHIER).exists()


def test_a_broken_learner_file_goes_to_problems_and_is_set_aside(depot):
    (depot.apprenants_folder / "0123456789ab.toml").write_text("pas du toml", "utf-8")
    problemes = []
    assert len(list(load_resumes(depot, problemes=problemes))) == 3
    assert [apprenant_id for apprenant_id, _ in problemes] == ["0123456789ab"]
    assert list(depot.aside_folder.iterdir())


def test_erase_removes_the_files_and_the_cache_line(depot):
    list(load_resumes(depot))
    zoe = depot.find("Zoé")
    assert depot.erase_all([zoe]) == []
    assert depot.copies(zoe) == [] and zoe not in (depot.dossier / FICHIER).read_text("utf-8")
    assert len(list(load_resumes(depot))) == 2


def test_erasing_one_learner_from_a_fresh_store_leaves_no_summary_line(depot):
    """Whatever the caller (« Mes données », the espace médiateur, ``purger``), one erasure."""
    list(load_resumes(depot))
    zoe = depot.find("Zoé")
    Depot(depot.dossier).erase(zoe)
    assert zoe not in (depot.dossier / FICHIER).read_text("utf-8")


def test_erase_deletes_the_cache_if_it_cannot_be_rewritten(depot, monkeypatch):
    list(load_resumes(depot))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "refusé")

    monkeypatch.setattr(summary_file, "AtomicWriter", refuse)
    assert depot.erase_all([depot.find("Zoé")]) == []
    assert not (depot.dossier / FICHIER).exists()


def test_the_dates_of_a_summary_are_whole_seconds_since_1970():
    moment = datetime(2026, 3, 2, 12, 0, 0, 600_000, tzinfo=UTC)
    learner = Learner("Zoé", cree_le=moment).visit(moment, 1)
    resume = read_resume(render(learner.apprenant))
    start = int(moment.timestamp())
    assert resume.cree_le == start and resume.visites == [(start, int((moment + timedelta(minutes=1)).timestamp()))]


def test_without_questions_the_dates_are_the_same_and_the_answers_left_out(depot):
    list(load_resumes(depot))
    light = _by_id(load_resumes(depot, questions=False))
    for apprenant_id, full in _expected(depot).items():
        for name, suivi in full.modules.items():
            assert suivi.questions
            assert light[apprenant_id].modules[name].questions == {}
            suivi.questions, suivi.mal_places = {}, {}
        assert light[apprenant_id] == full


@pytest.mark.parametrize("pseudo", ["Zoé", 'Jean "Jo"', "a\\b", "李雷"])
@pytest.mark.parametrize("facts", [True, False])
def test_the_pseudonym_is_read_from_the_start_of_the_file(pseudo, facts):
    learner = Learner(pseudo)
    if facts:
        learner.visit(day(0), 5)
    data = render(learner.apprenant)
    assert resume_reader.read_pseudo(data[:4096]) == pseudo == learner_file.parse_pseudo(data[:4096])


def test_a_strange_start_of_file_gives_no_pseudonym():
    assert resume_reader.read_pseudo(b"\xff\xfe\n\n[[pages]]") is None
    assert resume_reader.read_pseudo(b'version = 1\nid = "0123456789ab"\npseudo = "\\u0007"\n'
                                     b"cree_le = 2026-01-01T00:00:00+00:00\n\n[[visites]]") is None


def test_a_restored_folder_is_read_from_the_cache(depot, tmp_path, monkeypatch):
    """A restore gives every file a new inode and new dates: the cache still knows their content."""
    expected = _by_id(load_resumes(depot))
    restored = tmp_path / "restaure"
    shutil.copytree(depot.dossier, restored, copy_function=shutil.copy)
    monkeypatch.setattr(cache_resumes, "read_resume", None)
    assert _by_id(load_resumes(Depot(restored))) == expected
