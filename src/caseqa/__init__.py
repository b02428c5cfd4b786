"""caseqa: cited, highlighted passages from business case studies, fully offline."""

from caseqa import offline

__version__ = "0.1.0"

offline.apply()
