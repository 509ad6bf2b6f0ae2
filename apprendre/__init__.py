"""apprendre : leçons et quiz hors ligne d'éducation populaire au numérique."""

__version__ = "0.1.0"
