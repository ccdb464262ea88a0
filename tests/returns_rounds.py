"""Real rounds for the returns-stage tests: the all-types definition as a round folder,
its Excel forms filled as a person would and dropped into the inbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import ALL_TYPES_YAML

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.generate import generate_round
from pipeline.round.folder import RoundDir

ROSTER = (
    "project_id,project,organisation,email,contact\n"
    "p01,Netzwerk Eins,Verein Eins e.V.,eins@example.org,Anna Eins\n"
    "p02,Projekt Zwei,Zwei gGmbH,zwei@example.org,Bert Zwei\n"
    "p03,Initiative Drei,Drei e.V.,drei@example.org,\n"
)
DEADLINE = dt.date(2030, 1, 31)


def all_types_round(target: Path) -> Path:
    """A round of the all-types definition for the three projects of :data:`ROSTER`
    (Excel forms only, deadline 2030-01-31)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    definition = target.parent / "all-types.yaml"
    definition.write_text(ALL_TYPES_YAML, encoding="utf-8")
    roster = target.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    generate_round(definition, roster, target, formats=("xlsx",), deadline=DEADLINE, lang="en")
    return target


def fill_return(round_dir: Path, pid: str, answers: dict[str, Any], name: str = "") -> Path:
    """Fill ``pid``'s Excel form with ``answers`` and put it into the inbox."""
    rd = RoundDir(round_dir)
    record = rd.load()
    q = load_questionnaire(rd.definition)
    target = rd.inbox / (name or f"{pid}-returned.xlsx")
    fill_xlsx(round_dir / record.projects[pid].files["xlsx"], answers, target, q)
    return target
