"""Every question type through both forms and both clients, with the stored values as literals.

Each case is a definition snippet, the answers a person gives (raw text where people type
text: ``01.03.2019`` for a date, ``1.234,5`` for a number) and what the store must hold.
The direct client runs one round trip per type and format; LibreOffice one form per format
holding every type (one soffice run each).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from roundtrip import FORMATS, Returned, questionnaire, round_trip

from pipeline.errors import PraxisError

LEVELS = """
  levels:
    - {value: universal, label: {de: universell, en: universal}}
    - {value: selective, label: {de: selektiv, en: selective}}
    - {value: indicated, label: {de: indiziert, en: indicated}}
"""
STATES = """
  states:
    - {value: be, label: {de: Berlin, en: Berlin}}
    - {value: by, label: {de: Bayern, en: Bavaria}}
    - {value: hb, label: {de: Bremen, en: Bremen}}
    - {value: hh, label: {de: Hamburg, en: Hamburg}}
    - {value: he, label: {de: Hessen, en: Hesse}}
    - {value: ni, label: {de: Niedersachsen, en: Lower Saxony}}
    - {value: nw, label: {de: Nordrhein-Westfalen, en: North Rhine-Westphalia}}
    - {value: sn, label: {de: Sachsen, en: Saxony}}
    - {value: th, label: {de: Thüringen, en: Thuringia}}
"""
CHANNELS = """
  channels:
    - {value: instagram, label: {de: Instagram, en: Instagram}}
    - {value: discord, label: {de: Discord, en: Discord}}
    - {value: games, label: {de: Online-Spiele, en: Online games}}
"""
ROLES = """
  roles:
    - {value: cooperation, label: {de: Kooperation, en: Cooperation}}
    - {value: research, label: {de: Forschung, en: Research}}
"""

QUESTIONS = {
    "text": "- {id: title, type: text, max_length: 80, label: {de: Titel, en: Title}}",
    "long_text": "- {id: summary, type: long_text, label: {de: Zusammenfassung, en: Summary}}",
    "integer": "- {id: staff, type: integer, min: 0, label: {de: Mitarbeitende, en: Staff}}",
    "decimal": "- {id: budget, type: decimal, label: {de: Budget in Euro, en: Budget in euros}}",
    "date": "- {id: founded, type: date, label: {de: Gegründet am, en: Founded on}}",
    "yes_no": "- {id: evaluated, type: yes_no, label: {de: Evaluiert?, en: Evaluated?}}",
    "select_one": "- {id: level, type: select_one, choices: levels, label: {de: Ebene, en: Level}}",
    "dropdown": (
        "- {id: state, type: select_one, choices: states, label: {de: Bundesland, en: State}}"
    ),
    "select_multiple": (
        "- {id: channels, type: select_multiple, choices: channels, other: true,"
        " label: {de: Kanäle, en: Channels}}"
    ),
    "email": "- {id: mail, type: email, label: {de: E-Mail, en: E-mail}}",
    "url": "- {id: site, type: url, label: {de: Website, en: Website}}",
    "scale": (
        "- {id: rating, type: scale, min: 1, max: 5,"
        " low: {de: trifft gar nicht zu, en: does not apply at all},"
        " high: {de: trifft voll zu, en: fully applies},"
        " label: {de: Das Angebot erreicht die Zielgruppe, en: The offer reaches its audience}}"
    ),
    "table": """
- id: partners
  type: table
  max_rows: 3
  label: {de: Partner, en: Partners}
  columns:
    - {id: org, type: text, label: {de: Organisation, en: Organisation}}
    - {id: role, type: select_one, choices: roles, label: {de: Rolle, en: Role}}
    - {id: since, type: integer, label: {de: Seit, en: Since}}
    - {id: joined, type: date, label: {de: Beitritt, en: Joined}}
""",
}
LISTS = "".join((LEVELS, STATES, CHANNELS, ROLES))

# type: (answers as a person gives them, what the store holds)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "text": (
        {"title": "Hinsehen – „statt“ Wegklicken"},
        {"title": "Hinsehen – „statt“ Wegklicken"},
    ),
    "long_text": (
        {"summary": "Erste Zeile.\nZweite Zeile mit äöüß."},
        {"summary": "Erste Zeile.\nZweite Zeile mit äöüß."},
    ),
    "integer": ({"staff": "1.234"}, {"staff": 1234}),
    "decimal": ({"budget": "1.234,5"}, {"budget": 1234.5}),
    "date": ({"founded": "01.03.2019"}, {"founded": "2019-03-01"}),
    "yes_no": ({"evaluated": True}, {"evaluated": True}),
    "select_one": ({"level": "selective"}, {"level": "selective"}),
    "dropdown": ({"state": "sn"}, {"state": "sn"}),
    "select_multiple": (
        {"channels": ["instagram", "games", "other"], "channels_other": "Twitch"},
        {"channels": ["instagram", "games", "other"], "channels_other": "Twitch"},
    ),
    "email": ({"mail": "kontakt@example.org"}, {"mail": "kontakt@example.org"}),
    "url": (
        {"site": "https://www.example.org/projekt"},
        {"site": "https://www.example.org/projekt"},
    ),
    "scale": ({"rating": 4}, {"rating": 4}),
    "table": (
        {
            "partners": [
                {"org": "Jugendamt Köln", "role": "cooperation", "since": 2020},
                {"org": "Uni Hamburg", "role": "research", "joined": "15.04.2022"},
            ]
        },
        {
            "partners": [
                {"org": "Jugendamt Köln", "role": "cooperation", "since": 2020},
                {"org": "Uni Hamburg", "role": "research", "joined": "2022-04-15"},
            ]
        },
    ),
}


def snippet(*types: str) -> str:
    return "choice_lists:" + LISTS + "questions:\n" + "\n".join(QUESTIONS[x] for x in types)


def supported(qtype: str) -> bool:
    """Whether the definition knows the type (``scale`` arrives with issue 11's type table)."""
    try:
        questionnaire(snippet(qtype))
    except PraxisError:
        return False
    return True


TYPES = [x for x in CASES if supported(x)]


def needs(qtype: str) -> None:
    if qtype not in TYPES:
        pytest.skip(f"the definition has no type {qtype!r} yet")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("qtype", list(CASES))
def test_every_type_direct(tmp_path: Path, qtype: str, fmt: str) -> None:
    needs(qtype)
    answers, want = CASES[qtype]
    got = round_trip(tmp_path, snippet(qtype), answers, fmt)
    assert got.answers == want
    assert got.problems == []
    assert got.outcome == "accepted"


def test_the_literals_are_what_a_person_reads() -> None:
    """A few stored values spelled out once more, so a case table typo cannot hide them."""
    assert CASES["date"][1] == {"founded": "2019-03-01"}
    assert CASES["decimal"][1] == {"budget": 1234.5}
    assert CASES["table"][1]["partners"][1]["joined"] == "2022-04-15"


# --- through LibreOffice: one form per format holding every type ------------------------


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Returned]:
    from conftest import soffice_or_skip

    soffice_or_skip()
    answers = {k: v for x in TYPES for k, v in CASES[x][0].items()}
    return {
        fmt: round_trip(
            tmp_path_factory.mktemp(f"lo-{fmt}"), snippet(*TYPES), answers, fmt, "libreoffice"
        )
        for fmt in FORMATS
    }


@pytest.mark.office
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("qtype", list(CASES))
def test_every_type_through_libreoffice(saved: dict[str, Returned], qtype: str, fmt: str) -> None:
    needs(qtype)
    _, want = CASES[qtype]
    assert saved[fmt].only(*want) == want


@pytest.mark.office
@pytest.mark.parametrize("fmt", FORMATS)
def test_libreoffice_form_holds_nothing_else(saved: dict[str, Returned], fmt: str) -> None:
    everything = {k: v for x in TYPES for k, v in CASES[x][1].items()}
    assert saved[fmt].answers == everything
    # LibreOffice drops the controls' tags: the Word reader says once it used the bookmarks
    if fmt == "docx":
        assert saved[fmt].problems == [("form-fallback", "")]
        assert saved[fmt].outcome == "accepted_with_warnings"
    else:
        assert saved[fmt].problems == []
        assert saved[fmt].outcome == "accepted"
