"""The learner's journey of DESIGN.md, in plain lines: Bienvenue, pseudonym, catalogue,
module, lessons page by page, quiz, result, À revoir, « Mes données », « J'ai terminé ».

The same core as the Textual app (``Depot``, the session, ``next_steps``, ``scoring``,
the same facts saved as they come): the text mode is the proof that the core needs
no Textual. Every line is French, with no drawing character and nothing redrawn.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import TextIO

from apprendre.base.files import FileError
from apprendre.base.french import count
from apprendre.courses.library import QUIZ_BROKEN, Bibliotheque, load_lecon, load_libraries
from apprendre.courses.models import (
    Associer,
    ChoixMultiple,
    ChoixUnique,
    Classer,
    Cours,
    Ordre,
    Question,
    VraiFaux,
)
from apprendre.courses.plain_text import numbered, page_lines, question_lines
from apprendre.courses.scoring import (
    Correction,
    grade_associer,
    grade_choix,
    grade_classer,
    grade_ordre,
    grade_vrai_faux,
    shuffled,
)
from apprendre.learning import next_steps as parcours
from apprendre.learning.attempt import AnsweredQuestion, score_lines, total_points, unfinished_attempt
from apprendre.learning.my_data import GUEST_TEXT, describe
from apprendre.learning.progress import Fait, PageLue, QuizTermine, Reponse, now
from apprendre.learning.session import GuestSession
from apprendre.storage import DejaOuvert, Depot, FileSession, StorageError
from apprendre.storage.locations import catalogue_cache
from apprendre.text.console import Console, EndOfInput, Option, SignOut

Session = GuestSession | FileSession

FAMILLES = {"informatique": "Informatique", "numérique": "Numérique", "usages": "Usages"}
STATUTS = {"pas commencé": "pas commencé", "en cours": "en cours", "terminé": "terminé",
           "maîtrisé": "maîtrisé"}


class Back(Exception):
    """« retour » in the middle of a quiz: leave it."""


class ToCatalogue(Exception):
    """« Retour au catalogue » from a quiz's result, however deep the learner was."""


class TextJourney:
    def __init__(self, cours: Path, donnees: Path, stdin: TextIO, stdout: TextIO, *,
                 kiosque: bool = False, seed: int | None = None, site: Path | None = None,
                 idle_delays: tuple[float, float] | None = None) -> None:
        """``cours``: the shipped library; ``site``: the site's own, shown with it.
        ``idle_delays`` (idle seconds, countdown seconds) replaces the site's settings, for tests."""
        self.cours_folder = cours
        self.site_folder = site
        self.donnees_folder = donnees
        self.console = Console(stdin, stdout)
        self.kiosque = kiosque
        self.rng = random.Random(seed)
        self._forced_idle_delays = idle_delays
        self.session: Session | None = None
        self._library: Bibliotheque | None = None
        self._depot: Depot | None = None

    @property
    def library(self) -> Bibliotheque:
        if self._library is None:
            self._library = load_libraries(self.cours_folder, self.site_folder, cache=catalogue_cache)
        return self._library

    @property
    def depot(self) -> Depot:
        if self._depot is None:
            self._depot = Depot(self.donnees_folder)
        return self._depot

    @property
    def _session(self) -> Session:
        assert self.session is not None
        return self.session

    def say(self, *lines: str) -> None:
        self.console.say(*lines)

    # --- Bienvenue ------------------------------------------------------------------------

    def run(self) -> int:
        self.say("apprendre, en mode texte.",
                 "Des leçons courtes et des quiz pour comprendre le numérique, à votre rythme.",
                 "À chaque question, vous pouvez taper « aide ».")
        try:
            while True:
                self.say("", "Bienvenue !")
                options = [Option("Je commence : je choisis un pseudo.", "nouveau"),
                           Option("Je reviens : j'ai déjà un pseudo.", "retour"),
                           Option("Juste essayer : rien n'est enregistré.", "essayer")]
                if not self.kiosque:
                    options.append(Option("Quitter apprendre.", "quitter"))
                choice = self.console.choose(options, [
                    "« Je commence » crée votre profil : un pseudo, et un code à 4 chiffres si vous voulez.",
                    "« Je reviens » retrouve votre profil et votre progression.",
                    "« Juste essayer » ouvre les modules sans rien enregistrer.",
                ])
                if choice == "quitter":
                    self.say("Au revoir !")
                    return 0
                session = GuestSession() if choice == "essayer" else self.identify(choice)
                if session is not None:
                    self.visit(session)
        except EndOfInput:
            self.end_visit()
            return 0
        except KeyboardInterrupt:
            self.end_visit()
            self.say("", "Au revoir !")
            return 130

    def identify(self, mode: str) -> Session | None:
        new = mode == "nouveau"
        self.say("", "Je commence." if new else "Je reviens.",
                 "Choisissez un pseudo : un prénom, un surnom… Pas besoin de votre vrai nom." if new
                 else "Écrivez votre pseudo, puis votre code si vous en avez choisi un.")
        while True:
            pseudo = self.console.ask("Votre pseudo, puis Entrée (ou « retour ») :", [
                "Le pseudo est le nom que vous choisissez ici : un prénom, un surnom, 30 caractères au plus.",
                "Tapez « retour » pour revenir à l'accueil."])
            if pseudo.casefold() == "retour":
                return None
            if new:
                self.say("Un code à 4 chiffres empêche quelqu'un d'autre d'utiliser votre profil. Notez-le bien.")
            code = self.console.ask(
                "Votre code à 4 chiffres, ou Entrée seule pour ne pas en mettre :" if new
                else "Votre code, ou Entrée seule si vous n'en avez pas :",
                ["Le code a 4 chiffres. Il est facultatif.", "Si vous n'avez pas de code, tapez juste Entrée."],
                secret=True) or None
            if new and code and self.console.ask("Tapez le même code une deuxième fois :", [
                    "On tape le code deux fois pour être sûr de s'en souvenir."], secret=True) != code:
                self.say("Les deux codes ne sont pas les mêmes. On recommence : votre pseudo, puis votre code.")
                continue
            try:
                return self.depot.create(pseudo, code) if new else self.depot.sign_in(pseudo, code)
            except DejaOuvert as error:
                self.say(str(error))
                choice = self.console.choose([Option("Reprendre ici.", "reprendre"), Option("Retour.", "retour")],
                                             ["« Reprendre ici » ouvre votre profil sur ce poste ; rien ne sera perdu."])
                if choice == "reprendre":
                    try:
                        return self.depot.sign_in(pseudo, code, forcer=True)
                    except StorageError as again:
                        self.say(str(again))
                return None
            except StorageError as error:
                self.say(str(error), "Essayez encore, ou tapez « retour ».")

    # --- The visit ------------------------------------------------------------------------

    def visit(self, session: Session) -> None:
        self.session = session
        self.console.in_session = True
        self.console.idle = self._idle_delays()
        who = "Mode invité : rien n'est enregistré." if session.invite else f"Vous êtes : {session.pseudo}."
        self.say("", who, "Tapez « terminé » à tout moment pour finir votre visite.")
        if session.avertissement is not None:
            self.say(str(session.avertissement))
        try:
            self.catalogue()
        except SignOut as leaving:
            if leaving.idle:
                self.say("", "Vous avez été déconnecté après un moment sans activité.")
        self.end_visit()

    def _idle_delays(self) -> tuple[float, float]:
        """As in the application: the site's settings (« apprendre reglages »)."""
        if self._forced_idle_delays is not None:
            return self._forced_idle_delays
        from apprendre.storage.settings import load_reglages

        reglages = load_reglages(self.donnees_folder)
        return float(reglages.delai_inactivite), float(reglages.compte_a_rebours)

    def end_visit(self) -> None:
        """« J'ai terminé »: save, close, back to Bienvenue."""
        session, self.session = self.session, None
        self.console.in_session = False
        if session is None:
            return
        try:
            session.close()
        except StorageError as error:
            self.say(str(error))
        self.say("", "Votre visite est terminée. Tout est enregistré. À bientôt !" if not session.invite
                 else "Votre visite est terminée. À bientôt !")

    def record(self, fait: Fait) -> None:
        try:
            self._session.record(fait)
        except StorageError as error:
            self.say(str(error))

    # --- Catalogue --------------------------------------------------------------------------

    def catalogue(self) -> None:
        while True:
            library = self.library
            progression = self._session.progression
            due = parcours.due_count(progression, library)
            self.say("", f"Le catalogue : {count(len(library.cours), 'module')}.")
            if not library.cours:
                self.say("Aucun module n'est disponible. Prévenez un médiateur.")
            options = [Option(self._card(cours), cours.id) for cours in library.cours]
            options.append(Option(f"À revoir : {count(due, 'question')}." if due else "À revoir : rien pour le moment.",
                                  "revoir"))
            options += [Option("Mes données.", "donnees"), Option("J'ai terminé.", "termine")]
            choice = self.console.choose(options, [
                "Chaque ligne est un module : son titre, son résumé, sa durée, sa famille et où vous en êtes.",
                "« À revoir » repose les questions manquées les jours précédents.",
                "« Mes données » dit ce qu'apprendre garde sur vous.",
            ])
            if choice == "termine":
                return
            try:
                if self.open(choice):
                    return
            except ToCatalogue:
                pass

    def open(self, choice: str) -> bool:
        """What the catalogue opens; True when the visit is over (the profile was deleted)."""
        if choice == "revoir":
            due = parcours.due_questions(self._session.progression, self.library)
            if due:
                self.quiz(due, "À revoir", None)
            else:
                self.say("Aucune question à revoir pour le moment.")
        elif choice == "donnees":
            return self.my_data()
        elif (cours := self.library.find(choice)) is not None:
            self.module(cours)
        return False

    def _card(self, cours: Cours) -> str:
        module = cours.module
        statut = STATUTS[parcours.status(self._session.progression, cours)]
        done = ""
        if statut == "en cours":
            done = f", fait à {round(parcours.progress_ratio(self._session.progression, cours) * 100)} %"
        return (f"{module.titre}. {module.resume} {module.duree} minutes, famille {FAMILLES[module.famille]}, "
                f"{statut}{done}.")

    # --- Module -------------------------------------------------------------------------------

    def module(self, cours: Cours) -> None:
        module = cours.module
        self.say("", f"Module : {module.titre}.", module.resume,
                 f"Environ {module.duree} minutes, {count(len(module.lecons), 'leçon')}, "
                 f"un quiz de {count(len(cours.ids_questions), 'question')}.")
        while True:
            progression = self._session.progression
            step = parcours.next_step(progression, cours)
            best = progression.best_score(cours.id)
            if step.lecon is None:
                continuer = "Continuer : le quiz."
            elif not progression.pages_read(cours.id) and best is None:
                continuer = "Commencer : leçon 1."
            else:
                continuer = f"Continuer : leçon {step.lecon + 1}, page {step.page + 1}."
            options = [Option(continuer, "continuer")]
            for index, (done, titre) in enumerate(zip(parcours.lessons_read(progression, cours), cours.titres_lecons)):
                options.append(Option(f"Leçon {index + 1} : {titre} ({'lue' if done else 'pas encore lue'}).",
                                      f"lecon-{index}"))
            score = ("pas encore fait" if best is None
                     else f"meilleur score {round(best * 100)} %, maîtrise à {cours.seuil} %")
            options += [Option(f"Le quiz : {score}.", "quiz"), Option("Retour au catalogue.", "retour")]
            choice = self.console.choose(options, ["« Continuer » reprend là où vous en étiez."],
                                         enter="continuer", back="retour")
            if choice == "retour":
                return
            if choice == "quiz" or (choice == "continuer" and step.lecon is None):
                self.module_quiz(cours)
            elif choice == "continuer":
                self.lesson(cours, step.lecon or 0, step.page)
            else:
                self.lesson(cours, int(choice.removeprefix("lecon-")))

    def module_quiz(self, cours: Cours) -> None:
        while True:
            try:
                questions = cours.quiz.questions  # read now: the file may have changed since the start
            except FileError as error:
                self.say(QUIZ_BROKEN, str(error.problemes[0]))
                return
            if self.quiz([(cours, q) for q in questions], cours.module.titre, cours) != "recommencer":
                return

    # --- Lesson -------------------------------------------------------------------------------

    def lesson(self, cours: Cours, index: int, page: int = 0) -> None:
        while True:
            try:
                lecon = load_lecon(cours, index)
            except FileError as error:
                self.say("Cette leçon ne peut pas s'ouvrir. Prévenez un médiateur.", str(error.problemes[0]))
                return
            page = min(page, len(lecon.pages) - 1)
            lessons = len(cours.module.lecons)
            self.say("", f"Leçon {index + 1} sur {lessons}.")
            while True:
                texte = lecon.pages[page].texte
                self.say(*page_lines(lecon.titre, page + 1, len(lecon.pages), texte), "")
                self.record(PageLue(module=cours.id, lecon=lecon.id, page=page + 1, le=now()))
                last_page = page == len(lecon.pages) - 1
                if not last_page:
                    options = [Option("Page suivante.", "suivant")]
                elif index < lessons - 1:
                    options = [Option("Leçon suivante.", "suivant")]
                else:
                    options = [Option("Aller au quiz.", "suivant")]
                if page > 0:
                    options.append(Option("Page précédente.", "precedent"))
                options += [Option("Relire cette page.", "relire"), Option("Retour au module.", "retour")]
                choice = self.console.choose(options, ["Les leçons se lisent page par page."],
                                             enter="suivant", back="retour")
                if choice == "retour":
                    return
                if choice == "precedent":
                    page -= 1
                elif choice == "suivant" and not last_page:
                    page += 1
                elif choice == "suivant":
                    break
            if index < lessons - 1:
                index, page = index + 1, 0
                continue
            self.module_quiz(cours)
            return

    # --- Quiz ----------------------------------------------------------------------------------

    def quiz(self, questions: list[tuple[Cours, Question]], titre: str, module: Cours | None) -> str:
        """Every question, then the result; returns what the learner chose after it."""
        tentative = ("quiz-" if module else "revision-") + uuid.uuid4().hex[:12]
        self.say("", f"Quiz : {titre}. {count(len(questions), 'question')}.",
                 "Tapez « retour » à une question pour arrêter le quiz : vos réponses sont gardées.")
        resultats: list[AnsweredQuestion] = []
        reprise = unfinished_attempt(self._session.progression, module) if module is not None else None
        if reprise is not None:  # a quiz left before its end resumes, as in the application
            tentative, resultats = reprise.tentative, list(reprise.answered)
            self.say(f"Vous reprenez à la question {reprise.next_index + 1} : vos réponses d'avant sont gardées.")
        for numero, (cours, question) in enumerate(questions[len(resultats):], start=len(resultats) + 1):
            self.say("")
            try:
                correction = self.ask_question(question, numero, len(questions))
            except Back:
                self.say("Quiz arrêté.")
                return "arrete"
            self.record(Reponse(module=cours.id, question=question.id, juste=correction.juste,
                                points=correction.points, sur=correction.sur,
                                donnee=correction.donnee, tentative=tentative, le=now()))
            resultats.append(AnsweredQuestion(cours, question, correction))
            self.say(*feedback_lines(question, correction))
            self.console.pause("voir le résultat" if numero == len(questions) else "la question suivante")
        if module is not None:
            self.record(QuizTermine(module=module.id, tentative=tentative, le=now()))
        return self.result(resultats, titre, module)

    def ask_question(self, question: Question, numero: int, total: int) -> Correction:
        help_lines = ["Tapez « retour » pour arrêter le quiz."]
        if isinstance(question, (ChoixUnique, ChoixMultiple)):
            choix = [c.texte for c in shuffled(list(question.choix), self.rng)]
            self.say(*question_lines(question, numero, total, shown=choix))
            if isinstance(question, ChoixUnique):
                picked = self._numbers(f"Votre réponse : un numéro de 1 à {len(choix)}, puis Entrée :",
                                       help_lines, len(choix), exactly=1)
            else:
                picked = self._numbers("Vos réponses : les numéros séparés par des espaces, par exemple 1 3, "
                                       "puis Entrée :", help_lines, len(choix))
            return grade_choix(question, {choix[n - 1] for n in picked})
        if isinstance(question, VraiFaux):
            self.say(*question_lines(question, numero, total))
            picked = self._numbers("Votre réponse : 1 pour vrai, 2 pour faux, puis Entrée :", help_lines, 2, exactly=1)
            return grade_vrai_faux(question, picked[0] == 1)
        if isinstance(question, Classer):
            elements = [e.texte for e in shuffled(list(question.elements), self.rng)]
            self.say(*question_lines(question, numero, total, shown=elements))
            placed = {}
            families = ", ".join(f"{n} pour {c}" for n, c in enumerate(question.categories, start=1))
            for rank, texte in enumerate(elements, start=1):
                self.say(f"Élément {rank} sur {len(elements)} : {texte}")
                picked = self._numbers(f"Sa famille : {families}. Tapez le numéro, puis Entrée :", [
                    "Demandez-vous qui ou quoi est à l'œuvre : une machine ou un programme, un réseau ou des "
                    "données, ou une personne qui fait quelque chose.", *help_lines],
                    len(question.categories), exactly=1)
                placed[texte] = question.categories[picked[0] - 1]
            return grade_classer(question, placed)
        if isinstance(question, Ordre):
            order = shuffled(list(question.elements), self.rng, avoid_same=True)
            self.say(*question_lines(question, numero, total, shown=order))
            example = " ".join(str(n) for n in range(len(order), 0, -1))
            picked = self._numbers(f"Tapez les numéros dans le bon ordre, séparés par des espaces, par exemple "
                                   f"{example}, puis Entrée :", help_lines, len(order), exactly=len(order))
            return grade_ordre(question, [order[n - 1] for n in picked])
        assert isinstance(question, Associer)
        gauches = shuffled([p.gauche for p in question.paires], self.rng)
        droites = shuffled([p.droite for p in question.paires], self.rng)
        self.say(*question_lines(question, numero, total, shown=gauches, others=droites))
        pairs = {}
        for texte in gauches:
            picked = self._numbers(f"« {texte} » va avec quel numéro de droite ? Tapez un numéro de 1 à "
                                   f"{len(droites)}, puis Entrée :", [*numbered(droites), *help_lines],
                                   len(droites), exactly=1)
            pairs[texte] = droites[picked[0] - 1]
        return grade_associer(question, pairs)

    def _numbers(self, prompt: str, help_lines: list[str], highest: int, exactly: int | None = None) -> list[int]:
        picked = self.console.numbers(prompt, help_lines, highest, exactly=exactly)
        if picked is None:
            raise Back()
        return picked

    # --- Result --------------------------------------------------------------------------------

    def result(self, resultats: list[AnsweredQuestion], titre: str, module: Cours | None) -> str:
        self.say("", *result_lines(resultats, titre, module))
        options = []
        if module is not None:
            options += [Option("Recommencer le quiz.", "recommencer"), Option("Revoir la leçon.", "lecon")]
        options.append(Option("Retour au catalogue.", "catalogue"))
        choice = self.console.choose(options, enter="catalogue")
        if choice == "catalogue":
            raise ToCatalogue()
        if choice == "lecon" and module is not None:
            self.lesson(module, 0)
        return choice

    # --- Mes données ------------------------------------------------------------------------------

    def my_data(self) -> bool:
        """« Mes données »; True when the profile was deleted (the visit is over)."""
        session = self._session
        self.say("", "Mes données.")
        if session.invite:
            self.say(GUEST_TEXT)
            self.console.choose([Option("Retour au catalogue.", "retour")], enter="retour", back="retour")
            return False
        assert isinstance(session, FileSession)
        file_session = session
        try:
            self.say(*describe(self.depot.load(file_session.apprenant_id),
                               self.depot.copies(file_session.apprenant_id), self.depot.dossier).splitlines())
        except (StorageError, OSError) as error:
            self.say(f"Vos données ne peuvent pas être lues pour l'instant. {error}")
        choice = self.console.choose([Option("Retour au catalogue.", "retour"),
                                      Option("Supprimer mon profil.", "supprimer")], enter="retour", back="retour")
        if choice == "retour":
            return False
        self.say("Supprimer votre profil ? Votre pseudo, votre code et toute votre progression seront "
                 "effacés de cet ordinateur. On ne pourra pas les retrouver.")
        answer = self.console.ask("Tapez « oui » pour tout supprimer, ou Entrée seule pour annuler :",
                                  ["Seul le mot « oui » supprime votre profil."])
        if answer.casefold() != "oui":
            self.say("Rien n'est supprimé.")
            return False
        apprenant_id = file_session.apprenant_id
        self.end_visit()
        failures = self.depot.erase_all([apprenant_id])
        self.say(str(failures[0][1]) if failures else "Votre profil est supprimé. Au revoir !")
        return True


def feedback_lines(question: Question, correction: Correction) -> list[str]:
    """What the quiz says after an answer (the Textual quiz shows the same, with its marks)."""
    lines = ["Bonne réponse !" if correction.juste else "Ce n'est pas tout à fait ça."]
    lines += correction.retours
    lines.append(f"Explication : {question.explication}")
    return lines


def result_lines(resultats: list[AnsweredQuestion], titre: str, module: Cours | None) -> list[str]:
    won, worth = total_points(resultats)
    percent = round(100 * won / worth) if worth else 0
    lines = [f"Résultat : {titre}.", f"{count(won, 'point')} sur {worth} ({percent} %).",
             " ; ".join(score_lines(resultats)) + "."]
    if module is not None:
        seuil = module.seuil
        lines.append(f"Bravo ! Module maîtrisé (il fallait {seuil} % des points)." if percent >= seuil else
                     f"Pas encore maîtrisé : il faut {seuil} % des points. "
                     "Vous pouvez relire la leçon et recommencer.")
    missed = [r for r in resultats if not r.correction.juste]
    if missed:
        lines.append("À revoir :")
        for resultat in missed:
            lines += [f"- {resultat.question.enonce}", f"  {resultat.question.explication}"]
        lines.append("Ces questions reviendront dans « À revoir » dans quelques jours.")
    return lines

