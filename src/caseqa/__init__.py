"""caseqa: cited, highlighted passages from business case studies, fully offline."""

__version__ = "0.1.0"
