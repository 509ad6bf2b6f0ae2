"""Learners' accounts: creating one, signing in with a pseudonym and a code, « already open
on another terminal », resetting a code.

The files themselves (reading, saving, repairing, erasing) are ``LearnerStore``'s job
(``learner_store.py``); ``Depot`` is the store with accounts on top, the one object
the front ends use.
"""

from __future__ import annotations

import secrets

from apprendre.learning.learner import Apprenant
from apprendre.learning.progress import now
from apprendre.storage import presence
from apprendre.storage.codes import clean_code, hash_code, verify_code
from apprendre.storage.errors import (
    ApprenantInconnu,
    CodeFaux,
    CodeManquant,
    DejaOuvert,
    FichierAbime,
    PseudoPris,
    StorageError,
    disk_error,
)
from apprendre.storage.file_session import FileSession
from apprendre.storage.learner_file import HEAD_BYTES, read_pseudo
from apprendre.storage.learner_store import ID, MAIN_FILE, LearnerStore, _check_id
from apprendre.storage.pseudos import clean_pseudo, pseudo_key

__all__ = ["MAIN_FILE", "Depot"]


class Depot(LearnerStore):
    """The data folder as the app uses it: learners' files plus their accounts."""

    # --- Finding learners ---------------------------------------------------------------

    def find(self, pseudo: str) -> str | None:
        """The id of the learner with this pseudonym, or None. Reads no learner's file when indexed."""
        found = self._candidates(pseudo_key(pseudo))
        return found[0] if found else None

    def _candidates(self, key: str) -> list[str]:
        found = self._indexed(key)
        if not found and self.refresh_index():
            found = self._indexed(key)
        return found

    def refresh_index(self) -> bool:
        """Bring the index up to date with the files (new ones from a sync tool, vanished ones)."""
        with self._locked("index"):
            try:
                return self.index.refresh(self.ids(), self._key_of)
            except OSError as error:
                raise disk_error(error, "ouvrir") from None

    def _indexed(self, key: str) -> list[str]:
        return [i for i in self.index.find(key) if ID.match(i) and self.path(i).exists()]

    def _key_of(self, apprenant_id: str) -> str | None:
        """The pseudonym key of a learner, from the start of their file (whole file if need be)."""
        try:
            with open(self.path(apprenant_id), "rb") as file:
                pseudo = read_pseudo(file.read(HEAD_BYTES))
            return pseudo_key(pseudo or self.load(apprenant_id).pseudo)
        except (OSError, StorageError):
            return None

    # --- Creating, signing in -----------------------------------------------------------

    def create(self, pseudo: str, code: str | None, forcer: bool = False) -> FileSession:
        """A new learner (PseudoPris if the pseudonym is taken), signed in."""
        pseudo = clean_pseudo(pseudo)
        key = pseudo_key(pseudo)
        code = clean_code(code)
        hashed = hash_code(code) if code else None  # slow: before taking the lock
        with self._locked("index"):
            if self._candidates(key):
                raise PseudoPris()
            apprenant = Apprenant(id=self._new_id(), pseudo=pseudo, code=hashed, cree_le=now())
            try:
                self.index.add(key, apprenant.id)  # first: a crash then leaves a harmless stale entry
                with self._locked(apprenant.id):
                    self._write(apprenant, previous=None)
            except OSError as error:
                raise disk_error(error, "creer") from None
        return self._open(apprenant, forcer)

    def _new_id(self) -> str:
        while True:
            apprenant_id = secrets.token_hex(6)
            if not self.path(apprenant_id).exists() and apprenant_id not in self.index.indexed():
                return apprenant_id

    def sign_in(self, pseudo: str, code: str | None, forcer: bool = False) -> FileSession:
        """The learner with this pseudonym, if the code matches.

        DejaOuvert if the learner is open on another terminal: ``forcer=True``
        (the learner chose « reprendre ici ») opens it anyway; both terminals then
        merge into the same file and nothing is lost.
        """
        key = pseudo_key(pseudo)
        code = code.strip() if code else None
        error: StorageError = ApprenantInconnu()
        found: list[tuple[Apprenant, FichierAbime | None]] = []
        for apprenant_id in self._candidates(key):
            try:
                apprenant, warning = self._load(apprenant_id)
            except ApprenantInconnu:
                continue
            except FichierAbime as broken:
                error = broken
                continue
            if pseudo_key(apprenant.pseudo) == key:
                found.append((apprenant, warning))
        # Two profiles with one pseudonym (created offline on two terminals): the code decides.
        for apprenant, warning in sorted(found, key=lambda pair: pair[0].code is None):
            if apprenant.code and not code:
                error = CodeManquant()
            elif apprenant.code and not verify_code(code, apprenant.code):
                error = CodeFaux()
            else:
                return self._open(apprenant, forcer, warning)
        raise error

    def _open(self, apprenant: Apprenant, forcer: bool, warning: FichierAbime | None = None) -> FileSession:
        jeton = secrets.token_hex(8)
        marker = self._marker(apprenant.id)
        with self._locked(apprenant.id):
            other = presence.read(marker)
            if other is not None and not forcer and other.is_live(self._expiry()):
                raise DejaOuvert(other.poste, other.depuis)
            try:
                presence.write(marker, jeton)
            except OSError as error:
                raise disk_error(error, "ouvrir") from None
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

