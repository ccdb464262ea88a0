"""The bundled example: the promising-practices questionnaire, the example roster, demo answers.

In a source checkout (or an editable install) they are read from ``questionnaires/``; an
installed wheel carries the same files as the package data ``pipeline/bundled/``.
"""

from __future__ import annotations

from pathlib import Path

QUESTIONNAIRE = "promising-practices.yaml"
ROSTER = "examples/roster.csv"
DEMO_ANSWERS = Path(__file__).resolve().parent / "data" / "demo_answers.yaml"


def bundled_dir() -> Path:
    """The folder holding the bundled questionnaire and example roster."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "questionnaires", here / "bundled"):
        if (candidate / QUESTIONNAIRE).is_file():
            return candidate
    raise FileNotFoundError("the bundled questionnaire is missing from this installation")


def bundled_questionnaire() -> Path:
    return bundled_dir() / QUESTIONNAIRE


def example_roster() -> Path:
    return bundled_dir() / ROSTER
