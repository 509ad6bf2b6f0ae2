"""Does an item's phrasing give its family away? A naive sorter that reads only surface cues.

The classer questions on the three families (Informatique / Numérique / Usages) teach
something only if the deciding question finds the answer — *who or what is at work
here?* — and not the grammar or a telltale word. This sorter reads only those cues:
an item that starts with an infinitive is a usage, a telltale word (« fichier »,
« réseau »…) names its family, otherwise it bets on the family with the most items in
the question. What it gets right by a cue (not by the bet) is a phrasing to rework.
``apprendre verifier`` uses it for its remarques; a test holds the shipped library
under a ceiling with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from apprendre.base.french import strip_accents
from apprendre.courses.models import Classer

FAMILLES = ["Informatique", "Numérique", "Usages"]

PAS_DES_VERBES = {
    "votre", "notre", "autre", "autres", "entre", "contre", "premier", "dernier", "chaque", "hier",
    "cher", "leur", "quatre", "centre", "livre", "lettre", "titre", "filtre", "chiffre", "nombre",
    "ordre", "numéro", "courrier", "dossier", "fichier", "clavier", "papier", "quartier", "métier",
    "loisir", "plaisir", "avenir", "souvenir", "air", "mer", "fer", "hiver", "vidéo",
}
"""First words that end like an infinitive (-er, -ir, -re) but are not verbs."""
_PAS_DES_VERBES = {strip_accents(word) for word in PAS_DES_VERBES}
AVANT_LE_VERBE = {"se", "s", "ne", "pas"}
"""« Se connecter », « S'inscrire », « Ne pas cliquer »: the verb comes after these."""

INDICES = {
    "Informatique": [
        "processeur", "programme", "logiciel", "fichier", "mémoire", "disque", "clavier", "écran",
        "puce", "ordinateur", "machine", "code", "souris", "imprimante", "batterie", "clé usb",
        "système d'exploitation", "application", "appli", "matériel", "navigateur", "dossier",
        "tableur", "traitement de texte", "pdf", "jpg",
    ],
    "Numérique": [
        "réseau", "internet", "données", "plateforme", "serveur", "centre de données", "centres de données",
        "wi-fi", "wifi", "4g", "5g", "câble", "cloud", "nuage", "en ligne", "site", "fibre", "box",
        "publicité", "rgpd", "algorithme", "électricité", "environnement", "planète", "société",
        "fournisseur d'accès", "hébergeur", "fracture",
    ],
}
"""Telltale words, as a beginner would catch them: the start of a word, plurals included."""
_INDICES = [(famille, mot, re.compile(r"(?<![\w-])" + re.escape(mot)))
            for famille, liste in INDICES.items() for mot in liste]

VERBE = "verbe à l'infinitif"
MOT_INDICE = "mot-indice"
PARI = "famille la plus nombreuse"


@dataclass(frozen=True)
class Devine:
    """What the naive sorter says of one item."""

    famille: str
    raison: str
    """VERBE, MOT_INDICE or PARI."""
    indice: str = ""
    """The telltale word or first verb it read, if any."""


def mots(texte: str) -> list[str]:
    return re.findall(r"[\w-]+", texte.lower().replace("’", "'"))


def premier_infinitif(texte: str) -> str | None:
    """« Écrire à sa fille », « Se connecter », « Le fait de payer… »: the first verb-looking word."""
    liste = mots(texte)
    if liste[:3] in (["le", "fait", "de"], ["le", "fait", "d"]):
        liste = liste[3:]
    while liste and liste[0] in AVANT_LE_VERBE:
        liste = liste[1:]
    if not liste:
        return None
    premier = strip_accents(liste[0])
    if premier not in _PAS_DES_VERBES and len(premier) > 3 and premier.endswith(("er", "ir", "re")):
        return liste[0]
    return None


def commence_par_un_infinitif(texte: str) -> bool:
    return premier_infinitif(texte) is not None


def indice(texte: str) -> tuple[str, str] | None:
    """(family, word) of the first telltale word in the text, if there is one."""
    bas = texte.lower().replace("’", "'")
    trouves = [(found.start(), famille, mot) for famille, mot, pattern in _INDICES
               if (found := pattern.search(bas))]
    if not trouves:
        return None
    _, famille, mot = min(trouves)
    return famille, mot


def devine(texte: str, la_plus_nombreuse: str) -> Devine:
    verbe = premier_infinitif(texte)
    if verbe:
        return Devine("Usages", VERBE, verbe)
    found = indice(texte)
    if found:
        return Devine(found[0], MOT_INDICE, found[1])
    return Devine(la_plus_nombreuse, PARI)


def sur_les_trois_familles(question: object) -> bool:
    return isinstance(question, Classer) and sorted(question.categories) == FAMILLES


def la_plus_nombreuse(question: Classer) -> str:
    """The family with the most items; on a tie, the one listed first (the sorter knows no better)."""
    compte = Counter(element.categorie for element in question.elements)
    return max(FAMILLES, key=lambda famille: (compte[famille], -FAMILLES.index(famille)))


def tri_naif(question: Classer) -> list[tuple[int, Devine, bool]]:
    """Each item of a question on the three families: (index, the guess, whether it is right)."""
    pari = la_plus_nombreuse(question)
    resultats = []
    for index, element in enumerate(question.elements):
        guess = devine(element.texte, pari)
        resultats.append((index, guess, guess.famille == element.categorie))
    return resultats
