"""The attestation de suivi: what a learner did here, on paper, for a job centre or a training.

It says the site's name (from the settings), the pseudonym or a name typed at
printing time (never stored), the modules finished and mastered with their
dates, and the CRCN competences those modules practise. It says plainly that it
is not a certification: Pix certifies digital competences.

``attestation_text`` is the plain text; ``attestation_pdf`` the same words as a
PDF made with fpdf2 (a kept, pure-Python library: nothing to install besides
pip, on Windows too). fpdf2's built-in fonts know only Latin-1, which would
print « Nguy?n » or « ?ukasz » for the names of many learners: the PDF embeds
DejaVu Sans (shipped in ``polices/``, free licence beside it), which covers
the Latin, Greek and Cyrillic alphabets; fpdf2 keeps only the glyphs used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from apprendre.base.french import long_date
from apprendre.courses.library import Bibliotheque
from apprendre.courses.models import CRCN_CODES
from apprendre.learning.learner import Apprenant
from apprendre.reports.summary import from_epoch, milestones, summarize

NOT_A_CERTIFICATION = ("Cette attestation dit ce que la personne a suivi ici. Ce n'est pas une certification : "
                       "les compétences numériques se certifient avec Pix (pix.fr), sur le référentiel CRCN.")


@dataclass(frozen=True)
class ModuleSuivi:
    titre: str
    termine_le: date | None
    maitrise_le: date | None


@dataclass(frozen=True)
class Attestation:
    lieu: str | None
    """The site's name from the settings; None while the mediator has not chosen it."""
    nom: str
    le: date
    modules: tuple[ModuleSuivi, ...]
    competences: tuple[tuple[str, str], ...]
    """(CRCN code, competence) of the modules finished or mastered."""


def build_attestation(apprenant: Apprenant, library: Bibliotheque, lieu: str | None, nom: str | None = None,
                      today: date | None = None) -> Attestation:
    """The attestation of a learner; ``nom`` (typed at printing time) replaces the pseudonym on it."""
    resume = summarize(apprenant)
    modules = []
    codes: set[str] = set()
    for cours in library.cours:
        finished, mastered = milestones(resume.modules.get(cours.id), cours)
        if finished is None and mastered is None:
            continue
        modules.append(ModuleSuivi(cours.module.titre, _day(finished), _day(mastered)))
        codes.update(cours.module.competences)
    competences = tuple((code, CRCN_CODES[code]) for code in sorted(codes) if code in CRCN_CODES)
    return Attestation(lieu=lieu, nom=(nom or "").strip() or apprenant.pseudo, le=today or date.today(),
                       modules=tuple(modules), competences=competences)


def _day(moment: int | None) -> date | None:
    return None if moment is None else from_epoch(moment).astimezone().date()


def _long(day: date) -> str:
    return long_date(datetime(day.year, day.month, day.day, 12).astimezone())


def attestation_lines(attestation: Attestation) -> list[tuple[str, str]]:
    """(kind, text) of each line: « titre », « texte », « section », « point », « note »."""
    lieu = attestation.lieu or "Ce lieu de médiation numérique"
    lines = [("titre", "Attestation de suivi"),
             ("texte", f"{lieu} atteste que {attestation.nom} a suivi des modules d'apprentissage "
                       "du numérique avec apprendre."),
             ("section", "Modules terminés")]
    if attestation.modules:
        for module in attestation.modules:
            done = [f"terminé le {_long(module.termine_le)}"] if module.termine_le else []
            if module.maitrise_le:
                done.append(f"maîtrisé le {_long(module.maitrise_le)}")
            lines.append(("point", f"{module.titre} : {', '.join(done)}"))
    else:
        lines.append(("texte", "Aucun module terminé pour l'instant."))
    if attestation.competences:
        lines.append(("section", "Compétences du CRCN travaillées"))
        lines += [("point", f"{code} {name}") for code, name in attestation.competences]
    lines += [("note", NOT_A_CERTIFICATION),
              ("texte", f"Fait le {_long(attestation.le)}" + (f", pour {attestation.lieu}." if attestation.lieu else ".")),
              ("texte", "Signature et cachet :")]
    return lines


def attestation_text(attestation: Attestation) -> str:
    out = []
    for kind, text in attestation_lines(attestation):
        if kind == "titre":
            out.append(text.upper())
        elif kind == "section":
            out += ["", text, ""]
        elif kind == "point":
            out.append(f"- {text}")
        else:
            out += ["", text]
    return "\n".join(out).strip() + "\n"


FONTS = Path(__file__).parent / "polices"
FONT = "DejaVuSans"


def attestation_pdf(attestation: Attestation) -> bytes:
    """The attestation as an A4 PDF."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font(FONT, style="", fname=FONTS / "DejaVuSans.ttf")
    pdf.add_font(FONT, style="B", fname=FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_title(f"Attestation de suivi – {attestation.nom}")
    pdf.set_creator("apprendre")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    # (style, size, line height); the note is small and grey rather than italic: one font file less.
    styles = {"titre": ("B", 20, 14), "section": ("B", 13, 9), "point": ("", 11, 6), "texte": ("", 11, 7),
              "note": ("", 10, 6)}
    for kind, text in attestation_lines(attestation):
        style, size, height = styles[kind]
        pdf.set_font(FONT, style=style, size=size)
        pdf.set_text_color(90 if kind == "note" else 0)
        if kind in ("section", "note", "texte"):
            pdf.ln(4)
        if kind == "point":
            text = f"–  {text}"
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="C" if kind == "titre" else "L")
        if kind == "titre":
            pdf.ln(6)
    return bytes(pdf.output())
