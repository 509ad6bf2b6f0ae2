"""Learners' accounts: creating one, signing in with a pseudonym and a code, « already open
on another terminal », resetting a code.

The files themselves (reading, saving, repairing, erasing) are ``LearnerStore``'s job
(``learner_store.py``); ``Depot`` is the store with accounts on top, the one object
the front ends use.
"""

from __future__ import annotations

import os
import re
import secrets

from apprendre.base.atomic import HOST
from apprendre.base.files import open_regular
from apprendre.learning.learner import Apprenant, TrancheAge
from apprendre.learning.progress import now
from apprendre.storage import presence
from apprendre.storage.attempts import Attempts, Policy, format_wait
from apprendre.storage.codes import clean_code, hash_code, verify_code
from apprendre.storage.errors import (
    ApprenantInconnu,
    CodeAttente,
    CodeFaux,
    CodeManquant,
    DejaOuvert,
    FichierAbime,
    ProfilAbime,
    PseudoPris,
    StorageError,
    disk_error,
)
from apprendre.storage.file_session import FileSession
from apprendre.storage.learner_file import HEAD_BYTES
from apprendre.storage.learner_store import ID, MAIN_FILE, LearnerStore, _check_id
from apprendre.storage.pseudos import clean_pseudo, pseudo_key
from apprendre.storage.summary_reader import read_pseudo

__all__ = ["CODE_POLICY", "MAIN_FILE", "Depot"]

CODE_POLICY = Policy(free=3, delays=(10, 30, 60, 120), max_delay=300)
"""A learner's wrong codes in a row: 3 free, then a wait of 10 s, 30 s, 1 min, 2 min, then 5 min
each. 10,000 codes then take weeks to try, and nobody can lock a learner out for more than 5 min."""
_DAMAGED_ASIDE = re.compile(r"^([0-9a-f]{12})\..*abime")


class Depot(LearnerStore):
    """The data folder as the app uses it: learners' files plus their accounts."""

    # --- Finding learners ---------------------------------------------------------------

    def find(self, pseudo: str) -> str | None:
        """The id of the learner with this pseudonym, or None. Reads no learner's file when indexed."""
        found = self._candidates(pseudo_key(pseudo))
        return found[0] if found else None

    def _candidates(self, key: str) -> list[str]:
        """The learners indexed under ``key``; if none, the index is brought up to date first,
        unless no file came or went but through apprendre since it was last known complete (then
        it costs a few ``stat``, not a listing of every learner: « Je commence » stays as fast
        among 50,000 as among 10, with one terminal or several)."""
        found = self._indexed(key)
        if not found and not self._index_current() and self.refresh_index():
            found = self._indexed(key)
        return found

    def refresh_index(self, if_needed: bool = False) -> bool:
        """Bring the index up to date with the files (new ones from a sync tool, vanished ones);
        ``if_needed``: only if it is not known complete (``_index_current``: no listing then).

        A learner whose file and backup were both set aside as damaged stays
        indexed: the pseudonym stays theirs until a mediator recovers or erases them.
        """
        with self._locked("index"):
            try:
                if if_needed and self._index_current():
                    return False
                files = self._folders_state()[:4]  # before listing: a file coming meanwhile is seen next time
                compared = self.clock()
                changed = self.index.refresh(set(self.ids()) | self._damaged_ids(), self._key_of)
                self.index.record(files + self._folders_state()[4:], compared)
                return changed
            except OSError as error:
                raise disk_error(error, "ouvrir") from None

    def _damaged_ids(self) -> set[str]:
        """Learners with damaged copies in mis-de-cote/ and no file any more."""
        try:
            names = os.listdir(self.aside_folder)
        except OSError:
            return set()
        found = {m.group(1) for name in names if (m := _DAMAGED_ASIDE.match(name))}
        return {i for i in found if not self.path(i).exists()}

    def _damaged(self, key: str) -> list[str]:
        """The learners under this key whose file is gone but whose damaged copies are set aside."""
        stale = [i for i in self.index.find(key) if ID.match(i) and not self.path(i).exists()]
        return [i for i in stale if self._aside_copies(i)]

    def _aside_copies(self, apprenant_id: str) -> list[str]:
        try:
            return sorted((name for name in os.listdir(self.aside_folder)
                           if name.startswith(apprenant_id + ".") and _DAMAGED_ASIDE.match(name)), reverse=True)
        except OSError:
            return []

    def _indexed(self, key: str) -> list[str]:
        return [i for i in self.index.find(key) if ID.match(i) and self.path(i).exists()]

    def _key_of(self, apprenant_id: str) -> str | None:
        """The pseudonym key of a learner, from the start of their file (whole file if need be)."""
        try:
            with open_regular(self.path(apprenant_id)) as file:
                pseudo = read_pseudo(file.read(HEAD_BYTES))
            return pseudo_key(pseudo or self.load(apprenant_id).pseudo)
        except FileNotFoundError:
            pass
        except (OSError, StorageError):
            return None
        for name in self._aside_copies(apprenant_id):  # damaged: its start may still name it
            try:
                with open_regular(self.aside_folder / name) as file:
                    pseudo = read_pseudo(file.read(HEAD_BYTES))
            except OSError:
                continue
            if pseudo:
                return pseudo_key(pseudo)
        return None

    # --- Creating, signing in -----------------------------------------------------------

    def create(self, pseudo: str, code: str | None, forcer: bool = False,
               tranche_age: TrancheAge | None = None) -> FileSession:
        """A new learner (PseudoPris if the pseudonym is taken), signed in. ``tranche_age``: La Coop's
        age band, if the learner gave it (None: « Non communiqué »)."""
        pseudo = clean_pseudo(pseudo)
        key = pseudo_key(pseudo)
        code = clean_code(code)
        hashed = hash_code(code) if code else None  # slow: before taking the lock
        with self._locked("index"):
            if self._candidates(key):
                raise PseudoPris()
            if self._damaged(key):
                raise PseudoPris(ProfilAbime.message.replace("Le pseudo reste réservé à ce profil.",
                                                             "Choisissez un autre pseudo."))
            apprenant = Apprenant(id=self._new_id(), pseudo=pseudo, code=hashed, cree_le=now(),
                                  tranche_age=tranche_age)
            try:
                with self._keeping_index_complete():
                    self.index.add(key, apprenant.id)  # first: a crash then leaves a harmless stale entry
                    with self._locked(apprenant.id):
                        self._write(apprenant, previous=None)
            except OSError as error:
                raise disk_error(error, "creer") from None
        return self._open(apprenant, forcer)

    def _new_id(self) -> str:
        while True:
            apprenant_id = secrets.token_hex(6)
            if not self.path(apprenant_id).exists() and not self.index.has(apprenant_id):
                return apprenant_id

    def sign_in(self, pseudo: str, code: str | None, forcer: bool = False) -> FileSession:
        """The learner with this pseudonym, if the code matches.

        DejaOuvert if the learner is open on another terminal: ``forcer=True``
        (the learner chose « reprendre ici ») opens it anyway; both terminals then
        merge into the same file and nothing is lost.
        """
        from apprendre.storage.conflicts import merge_conflicts

        key = pseudo_key(pseudo)
        code = code.strip() if code else None
        error: StorageError = ApprenantInconnu()
        found: list[tuple[Apprenant, FichierAbime | None]] = []
        candidates = self._candidates(key)
        merge_conflicts(self, candidates, if_needed=True)  # what a sync tool's conflict copy holds is theirs too
        for apprenant_id in candidates:
            try:
                apprenant, warning = self._load(apprenant_id)
            except ApprenantInconnu:
                continue
            except FichierAbime as broken:
                error = broken
                continue
            if pseudo_key(apprenant.pseudo) == key:
                found.append((apprenant, warning))
        if not found and not isinstance(error, FichierAbime) and self._damaged(key):
            raise ProfilAbime()
        # Two profiles with one pseudonym (created offline on two terminals): the code decides.
        for apprenant, warning in sorted(found, key=lambda pair: pair[0].code is None):
            if apprenant.code and not code:
                error = CodeManquant()
            elif apprenant.code:
                refused = self._check_code(apprenant.id, code or "", apprenant.code)
                if refused is None:
                    return self._open(apprenant, forcer, warning)
                error = refused
            else:
                return self._open(apprenant, forcer, warning)
        raise error

    def _check_code(self, apprenant_id: str, code: str, stored: str) -> StorageError | None:
        """None if ``code`` is the learner's; else why not, with the wait before the next try."""
        attempts = Attempts(self.locks_folder / f"{apprenant_id}.essais", CODE_POLICY, self.clock)
        with attempts.locked():
            wait = attempts.wait()
            if wait:
                return CodeAttente(f"Trop de codes faux d'affilée pour ce profil. Par sécurité, attendez "
                                   f"{format_wait(wait)} avant de réessayer.", wait)
            if verify_code(code, stored):
                attempts.clear()
                return None
            delay = attempts.failed()
        if delay:
            return CodeAttente(f"Ce code ne correspond pas à ce pseudo. Par sécurité, attendez "
                               f"{format_wait(delay)} avant de réessayer.", delay)
        return CodeFaux()

    def _open(self, apprenant: Apprenant, forcer: bool, warning: FichierAbime | None = None) -> FileSession:
        jeton = secrets.token_hex(8)
        marker = self._marker(apprenant.id)
        with self._locked(apprenant.id):
            other = presence.read(marker)
            if other is not None and not forcer and other.is_live(self._expiry()):
                raise DejaOuvert(other.poste, other.depuis, meme_poste=other.poste == HOST)
            try:
                presence.write(marker, jeton)
            except OSError as error:
                raise disk_error(error, "ouvrir") from None
            self._separate_backup(apprenant.id)
        session = FileSession(self, apprenant, jeton, warning)
        try:
            session.save()  # the visit's start: « last visit » is right even if nothing follows
        except FichierAbime as broken:
            session.avertissement = broken
        except StorageError:
            self.release(apprenant.id, jeton)
            raise
        return session

    def _expiry(self) -> float:
        reglages = self.reglages
        return reglages.delai_inactivite + reglages.compte_a_rebours + 60

    def release(self, apprenant_id: str, jeton: str) -> None:
        """Remove the « open » marker if it is still the one of this session."""
        try:
            with self._locked(apprenant_id):
                presence.release(self._marker(apprenant_id), jeton)
        except (StorageError, OSError):
            pass  # an expired marker frees itself

    def reset_code(self, apprenant_id: str, code: str | None) -> None:
        """Give a learner a new code (None: no code any more)."""
        _check_id(apprenant_id)
        code = clean_code(code)
        hashed = hash_code(code) if code else None
        with self._locked(apprenant_id):
            disk, _ = self._read_repairing(apprenant_id)
            if disk is None:
                raise ApprenantInconnu()
            self._write(disk.model_copy(update={"code": hashed}), self._on_disk.get(apprenant_id))
            Attempts(self.locks_folder / f"{apprenant_id}.essais", CODE_POLICY).clear()

