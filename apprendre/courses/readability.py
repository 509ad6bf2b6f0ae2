"""How easy a lesson is to read: average sentence length and the Kandel–Moles score.

Kandel and Moles (1958) adapted Flesch's reading-ease formula to French:

    score = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

Higher is easier; 60 and above reads as plain French. Syllables are counted
as groups of vowels, minus the silent final « e » (a good approximation for
French, not a dictionary count). The thresholds are documented in
``docs/lisibilite.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_VOWEL_GROUP = re.compile(f"[{VOWELS}]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`>#|]")
_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+", re.MULTILINE)


@dataclass(frozen=True)
class Lisibilite:
    phrases: int
    mots: int
    syllabes: int

    @property
    def mots_par_phrase(self) -> float:
        return self.mots / self.phrases if self.phrases else 0.0

    @property
    def score(self) -> float:
        """Kandel–Moles reading ease (higher is easier)."""
        if not self.mots:
            return 100.0
        return 207 - 1.015 * self.mots_par_phrase - 73.6 * (self.syllabes / self.mots)


def plain_text(markdown: str) -> str:
    """The words a learner reads: links keep their text, markup and front matter go."""
    if markdown.startswith("+++"):
        parts = markdown.split("+++", 2)
        markdown = parts[2] if len(parts) == 3 else ""
    text = _LIST_MARK.sub("", markdown)
    return _MARKUP.sub(lambda m: m.group(1) or "", text)


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1 and re.search(f"[^{VOWELS}]es?$", word):
        count -= 1  # silent final e: « table », « tables »
    return max(count, 1)


def measure(markdown: str) -> Lisibilite:
    """Count the sentences, words and syllables of a lesson's text.

    Each line break ends a sentence too, so headings and list items count as
    short sentences, the way a reader takes them in.
    """
    text = plain_text(markdown)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = [w for s in sentences for w in _WORD.findall(s)]
    return Lisibilite(
        phrases=len(sentences),
        mots=len(words),
        syllabes=sum(syllables(w) for w in words),
    )


def sentences(markdown: str) -> list[tuple[int, str, int]]:
    """Each sentence of a lesson's text: (line in ``markdown``, from 1; the sentence; its words).

    Cut as ``measure`` cuts: at a sentence's end mark or a line break.
    """
    found = []
    for number, line in enumerate(plain_text(markdown).split("\n"), start=1):
        for sentence in _SENTENCE_END.split(line):
            words = len(_WORD.findall(sentence))
            if words:
                found.append((number, " ".join(sentence.split()), words))
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)
