"""katagrad: the ML research coding round, graded by code that never runs beside the candidate's."""

__version__ = "0.1.0"
