"""Shared fixtures: a small definition with every question type, built inline, and answers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pipeline.definition.loading import parse_definition
from pipeline.definition.questionnaire import Questionnaire
from pipeline.round.roster import Project

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questionnaires" / "promising-practices.yaml"
ROSTER = ROOT / "questionnaires" / "examples" / "roster.csv"

ALL_TYPES_YAML = """
id: all-types
version: "1"
languages: [de, en]
title: {de: Alle Typen, en: All types}
network: {de: Testnetzwerk, en: Test network}
return_to: {de: test@example.org, en: test@example.org}
choice_lists:
  colours:
    - {value: red, label: {de: rot, en: red}}
    - {value: green, label: {de: grün, en: green}}
    - {value: blue, label: {de: blau, en: blue}}
  states:
    - {value: be, label: {de: Berlin, en: Berlin}}
    - {value: by, label: {de: Bayern, en: Bavaria}}
    - {value: hh, label: {de: Hamburg, en: Hamburg}}
    - {value: he, label: {de: Hessen, en: Hesse}}
    - {value: ni, label: {de: Niedersachsen, en: Lower Saxony}}
    - {value: nw, label: {de: Nordrhein-Westfalen, en: North Rhine-Westphalia}}
    - {value: sn, label: {de: Sachsen, en: Saxony}}
    - {value: th, label: {de: Thüringen, en: Thuringia}}
    - {value: sh, label: {de: Schleswig-Holstein, en: Schleswig-Holstein}}
sections:
  - id: basics
    title: {de: Grunddaten, en: Basics}
    questions:
      - id: name
        type: text
        max_length: 80
        required: true
        prefill: project
        label: {de: Name, en: Name}
      - id: story
        type: long_text
        max_words: 50
        label: {de: Geschichte, en: Story}
        hint: {de: max. 50 Wörter, en: max. 50 words}
      - id: count
        type: integer
        min: 0
        unit: {de: Personen, en: people}
        label: {de: Anzahl, en: Count}
      - id: share
        type: decimal
        label: {de: Anteil, en: Share}
      - id: started
        type: date
        label: {de: Beginn, en: Start}
      - id: info
        type: note
        label: {de: Ein Hinweis ohne Antwort., en: A note without an answer.}
  - id: choices
    title: {de: Auswahl, en: Choices}
    questions:
      - id: evaluated
        type: yes_no
        label: {de: Evaluiert?, en: Evaluated?}
      - id: details
        type: long_text
        when: {question: evaluated, equals: true}
        label: {de: Details zur Evaluation, en: Evaluation details}
      - id: colour
        type: select_one
        choices: colours
        other: true
        label: {de: Farbe, en: Colour}
      - id: state
        type: select_one
        choices: states
        prefill: state
        label: {de: Bundesland, en: State}
      - id: colours
        type: select_multiple
        choices: colours
        other: true
        label: {de: Farben, en: Colours}
  - id: contact
    title: {de: Kontakt, en: Contact}
    questions:
      - id: mail
        type: email
        prefill: email
        label: {de: E-Mail, en: E-mail}
      - id: site
        type: url
        label: {de: Website, en: Website}
      - id: partners
        type: table
        max_rows: 4
        label: {de: Partner, en: Partners}
        columns:
          - {id: org, type: text, required: true, label: {de: Organisation, en: Organisation}}
          - {id: kind, type: select_one, choices: colours, label: {de: Art, en: Kind}}
          - {id: since, type: integer, label: {de: Seit, en: Since}}
          - {id: joined, type: date, label: {de: Beitritt, en: Joined}}
"""

ALL_TYPES_ANSWERS: dict[str, Any] = {
    "name": "Netzwerk für Vielfalt – Köln/Bonn",
    "story": "Wir arbeiten seit 2019 mit Jugendlichen.\nZweite Zeile mit Umlauten: äöüß.",
    "count": 1234,
    "share": 2.5,
    "started": "2023-10-12",
    "evaluated": True,
    "details": "Externe Evaluation durch die Hochschule.",
    "colour": "other",
    "colour_other": "türkis",
    "state": "sn",
    "colours": ["red", "blue", "other"],
    "colours_other": "violett",
    "mail": "kontakt@example.org",
    "site": "https://www.example.org/projekt",
    "partners": [
        {"org": "Jugendamt Köln", "kind": "green", "since": 2020, "joined": "2020-02-01"},
        {"org": "Schule am See", "since": 2021},
    ],
}


@pytest.fixture
def all_types() -> Questionnaire:
    """A small definition with every question type, built inline."""
    return parse_definition(ALL_TYPES_YAML, "all-types.yaml")


@pytest.fixture
def all_types_answers() -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in ALL_TYPES_ANSWERS.items()}


@pytest.fixture
def project() -> Project:
    columns = {
        "project_id": "p07",
        "project": "Faktencheck Jugend",
        "organisation": "Medienkompetenz Thüringen e. V.",
        "email": "s.wagner@example.org",
        "contact": "Sophie Wagner",
        "state": "Thüringen",
        "language": "de",
    }
    return Project(
        id="p07",
        name=columns["project"],
        organisation=columns["organisation"],
        email=columns["email"],
        contact=columns["contact"],
        language="de",
        columns=columns,
    )


def soffice_or_skip() -> str:
    """LibreOffice's soffice; in CI (CI=true) a missing one fails the test instead of skipping."""
    from pipeline.office import find_soffice

    found = find_soffice()
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI but was not found")
    pytest.skip("LibreOffice (soffice) is not installed")
    raise AssertionError  # unreachable


@pytest.fixture
def soffice() -> str:
    return soffice_or_skip()


def copy_to(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
"""A complete return of the bundled questionnaire (p01's)."""


def form_of(rd: Path, pid: str, fmt: str = "xlsx") -> Path:
    """The blank form (``docx`` or ``xlsx``) the round made for project ``pid``."""
    from pipeline.round.folder import RoundDir

    return rd / RoundDir(rd).load().projects[pid].files[fmt]


def fill_return(
    rd: Path, q: Questionnaire, pid: str, answers: dict[str, Any], target: Path
) -> Path:
    """Fill project ``pid``'s form (the format of ``target``) as a person would, as ``target``."""
    from pipeline.forms.excel.filler import fill_xlsx
    from pipeline.forms.word.filler import fill_docx

    fmt = target.suffix.lstrip(".").lower()
    fill = fill_docx if fmt == "docx" else fill_xlsx
    fill(form_of(rd, pid, fmt), answers, target, q)
    return target


MASTER_DATA = {
    "project_name": "name",
    "organisation": "organisation",
    "contact_name": "contact",
    "contact_email": "email",
}
"""The pre-filled master-data questions of the bundled questionnaire -> roster fields."""


def own_master_data(pid: str, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` with p01's master data (tests/data/complete_answers.json is p01's return)
    replaced by project ``pid``'s own from the example roster, as a project that leaves its
    pre-filled data alone returns it: another project's data is warned about (issue 10.8).
    A value a test set on purpose (not p01's) stays."""
    from pipeline.round.roster import read_roster

    p01 = COMPLETE
    project = next(p for p in read_roster(ROSTER) if p.id == pid)
    own = {key: getattr(project, name) for key, name in MASTER_DATA.items()}
    return {k: own[k] if k in own and v == p01.get(k) else v for k, v in answers.items()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A round of the bundled questionnaire and example roster, Word and Excel forms."""
    from pipeline.forms.generate import generate_round

    rd = tmp_path_factory.mktemp("generated") / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx", "xlsx"))
    return rd


@pytest.fixture
def rd(generated, tmp_path) -> Path:
    """A fresh copy of :func:`generated` for one test."""
    target = tmp_path / "round"
    shutil.copytree(generated, target)
    return target


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    """The bundled questionnaire."""
    from pipeline.definition.loading import load_questionnaire

    return load_questionnaire(BUNDLED)


# --- the environment failing: unchangeable files, small full disks (root only) ---------------


def is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``path`` cannot be replaced or removed, as a file open in Word on Windows (as root,
    which ignores permissions: the immutable attribute; skipped elsewhere)."""
    if not is_root() or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to make a file unchangeable")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextmanager
def tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (``8m``) mounted at ``mount`` (root only; skipped where it cannot
    be mounted), unmounted afterwards."""
    mount.mkdir()
    if not is_root() or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    tried = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if tried.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {tried.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A disk of 8 MB of its own."""
    with tmpfs(tmp_path / "disk", "8m") as mount:
        yield mount


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A disk of 1 MB of its own."""
    with tmpfs(tmp_path / "disk", "1m") as mount:
        yield mount


def fill_up(folder: Path) -> Path:
    """Write zeros into ``folder`` until its disk is full; the file written (delete it to
    free the space again)."""
    filler = folder / "filler.bin"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == 28
    return filler
