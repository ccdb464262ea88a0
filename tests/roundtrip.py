"""One declarative round trip: definition snippet + answers -> form -> filled -> read -> stored.

``round_trip(tmp, SNIPPET, answers, "docx")`` wraps the YAML of one or a few questions into a
minimal valid questionnaire, generates a round of one project from it (the real
``generate_round``), fills the project's form with the fillers (they find each answer by the
question's visible number and label, not through the reader's code), optionally opens and
saves it in headless LibreOffice (``client="libreoffice"``), drops it into the inbox and runs
the real ``ingest``: reading, coercion, skip logic, validation, store. It returns what the
store holds for the project: the answers, the problems ``(code, question)``, the outcome.

The snippet is a YAML list of questions, or a mapping with ``questions`` and optional
``choice_lists``; the questions sit in one section, numbered 1.1, 1.2, ...
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from pipeline.definition.loading import parse_definition
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import fill_docx
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

FORMATS = ("docx", "xlsx")
CLIENTS = ("direct", "libreoffice")
PROJECT = "p01"
ROSTER_CSV = (
    "project_id,project,organisation,contact,email,language\n"
    "p01,Hinsehen statt Wegklicken,Medienwerkstatt Nord e. V.,Jana Petersen,"
    "j.petersen@medienwerkstatt-nord.example,de\n"
)
FILLERS = {"docx": fill_docx, "xlsx": fill_xlsx}


@dataclass
class Returned:
    """What the store holds for the project after the round trip."""

    answers: dict[str, Any]
    problems: list[tuple[str, str]]
    outcome: str
    messages: list[str] = field(default_factory=list)

    def only(self, *keys: str) -> dict[str, Any]:
        """The stored answers of ``keys`` (those stored)."""
        return {k: self.answers[k] for k in keys if k in self.answers}


def definition(snippet: str, *, version: str = "1", languages: tuple[str, ...] = ("de", "en")):
    """The YAML text of a minimal valid questionnaire holding the snippet's questions."""
    body = YAML(typ="safe", pure=True).load(io.StringIO(snippet))
    parts = body if isinstance(body, dict) else {"questions": body}
    names = {"de": "Rundreise", "en": "Round trip"}
    doc: dict[str, Any] = {
        "id": "round-trip",
        "version": version,
        "languages": list(languages),
        "title": {lang: names.get(lang, "Round trip") for lang in languages},
        "return_to": {lang: "netzwerk@example.org" for lang in languages},
    }
    if parts.get("choice_lists"):
        doc["choice_lists"] = parts["choice_lists"]
    section = {"id": "main", "title": {lang: "Fragen" for lang in languages}}
    doc["sections"] = [{**section, "questions": parts["questions"]}]
    return json.dumps(doc, ensure_ascii=False, indent=1)  # JSON is YAML


def questionnaire(snippet: str, **kw: Any) -> Questionnaire:
    return parse_definition(definition(snippet, **kw), "round-trip.yaml")


def make_round(tmp: Path, snippet: str, fmt: str, *, lang: str = "de", **kw: Any) -> Path:
    """A generated round of one project (p01) from the snippet; the round folder."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "round-trip.yaml").write_text(definition(snippet, **kw), "utf-8")
    (tmp / "roster.csv").write_text(ROSTER_CSV.replace(",de\n", f",{lang}\n"), "utf-8")
    rd = tmp / "round"
    generate_round(
        tmp / "round-trip.yaml", tmp / "roster.csv", rd, lang=lang, formats=(fmt,), mail=False
    )
    return rd


def blank_form(rd: Path, fmt: str) -> Path:
    return rd / RoundDir(rd).load().projects[PROJECT].files[fmt]


def through(client: str, filled: Path, work: Path) -> Path:
    """The file as the project returns it: as filled, or opened and saved in LibreOffice."""
    if client == "direct":
        return filled
    if client != "libreoffice":
        raise ValueError(f"unknown client {client!r}")
    from pipeline.office import resave

    return resave(filled, work / "libreoffice")


def stored(rd: Path, lang: str = "en") -> Returned:
    """Ingest the inbox and return what the store holds for the project."""
    report = ingest(rd, lang=lang, jobs=1)
    with Store(store_path(RoundDir(rd))) as store:
        subs = [s for s in store.submissions() if s.project == PROJECT]
    if not subs:
        outcomes = [(r.file, r.outcome) for r in report.results]
        raise AssertionError(f"nothing stored for {PROJECT}: {outcomes}")
    sub = subs[0]
    return Returned(
        answers=dict(sub.answers),
        problems=[(i["code"], i["question"]) for i in sub.issues],
        outcome=sub.outcome,
        messages=[i["message"] for i in sub.issues],
    )


def round_trip(
    tmp: Path,
    snippet: str,
    answers: Mapping[str, Any],
    fmt: str,
    client: str = "direct",
    *,
    lang: str = "de",
    **kw: Any,
) -> Returned:
    """Generate, fill, (save through LibreOffice,) ingest; what the store holds."""
    rd = make_round(tmp, snippet, fmt, lang=lang, **kw)
    q = questionnaire(snippet, **kw)
    filled = tmp / f"filled.{fmt}"
    FILLERS[fmt](blank_form(rd, fmt), answers, filled, q)
    returned = through(client, filled, tmp)
    shutil.copy(returned, rd / "inbox" / f"{PROJECT}-returned.{fmt}")
    return stored(rd)
