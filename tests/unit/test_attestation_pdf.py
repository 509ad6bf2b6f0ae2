"""The attestation's PDF prints every learner's name as typed, not only Latin-1 ones."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apprendre.reports.attestation import Attestation, ModuleSuivi, attestation_pdf


def mapped_characters(pdf: bytes) -> set[str]:
    """The characters the PDF's embedded font maps back to text (its ToUnicode tables)."""
    import zlib

    characters = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            text = stream
        for hex_code in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]{4,8})>", text):
            characters.add(chr(int(hex_code, 16)))
    return characters


@pytest.mark.parametrize("nom", ["Nguyễn Thị Hoa", "Łukasz Wróbel", "Ayşe Öztürk", "Наталья Иванова",
                                 "Cœur de Lœuvre"])
def test_a_name_outside_latin_1_is_printed_with_its_own_letters(nom):
    attestation = Attestation(lieu="Médiathèque de Lunel", nom=nom, le=date(2026, 11, 30),
                              modules=(ModuleSuivi("L’informatique, le numérique… et nous", date(2026, 11, 2),
                                                   None),),
                              competences=(("1.1", "Mener une recherche et une veille d'information"),))
    pdf = attestation_pdf(attestation)
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf, "the font is embedded: the PDF prints the same on any computer"
    letters = set(nom.replace(" ", "")) | set("’…")
    assert letters <= mapped_characters(pdf), letters - mapped_characters(pdf)


def test_without_a_site_name_the_attestation_reads_as_a_sentence():
    from apprendre.reports.attestation import attestation_text

    named = Attestation(lieu="Médiathèque de Lunel", nom="Zoé", le=date(2026, 11, 30), modules=(), competences=())
    unnamed = Attestation(lieu=None, nom="Zoé", le=date(2026, 11, 30), modules=(), competences=())
    assert "Fait le 30 novembre 2026, pour Médiathèque de Lunel." in attestation_text(named)
    text = attestation_text(unnamed)
    assert "Ce lieu de médiation numérique atteste que Zoé" in text
    assert "Fait le 30 novembre 2026." in text and "pour Ce lieu" not in text
