"""``python -m caseqa`` runs the command line."""

from caseqa.app.cli import main_entry

main_entry()
