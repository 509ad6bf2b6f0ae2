"""Smoke test: every shipped module, every lesson page and every question opens in the app."""

from __future__ import annotations

from apprendre.courses.library import load_lecon
from apprendre.learning.session import GuestSession
from apprendre.storage.locations import shipped_cours
from apprendre.tui.app import ApprendreApp
from apprendre.tui.screens.lecon import LeconScreen
from apprendre.tui.screens.quiz import QuizScreen


async def test_every_shipped_page_and_question_opens(tmp_path):
    app = ApprendreApp(cours=shipped_cours(), donnees=tmp_path / "donnees")
    pages_seen = questions_seen = 0
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session(GuestSession())
        await pilot.pause()
        assert app.library.problemes == []
        for cours in app.library.cours:
            for index in range(len(cours.module.lecons)):
                lecon = load_lecon(cours, index)
                screen = LeconScreen(cours, index, lecon)
                await app.push_screen(screen)
                await pilot.pause()
                for page in range(len(lecon.pages)):
                    assert str(screen.query_one("#lecon-page").render()) == f"Page {page + 1} sur {len(lecon.pages)}"
                    assert screen.shown_page.text.strip(), (cours.id, lecon.id, page)
                    pages_seen += 1
                    if page < len(lecon.pages) - 1:
                        await screen.action_next_page()
                app.pop_screen()
            quiz = QuizScreen([(cours, q) for q in cours.quiz.questions], titre=cours.module.titre, module=cours)
            await app.push_screen(quiz)
            await pilot.pause()
            for number in range(len(cours.quiz.questions)):
                quiz.index = number
                await quiz.show_question()
                assert quiz.query("QuestionWidget")
                questions_seen += 1
            app.pop_screen()
            await pilot.pause()
    assert pages_seen >= 100 and questions_seen >= 90
    assert app.session is None or app.session.invite
