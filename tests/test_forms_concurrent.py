"""Reading forms of two questionnaires from several threads at once (issue 11, point 3).

The readers keep nothing between calls at module level: what depends on the questionnaire is
held by a reader object the caller owns (``WordFormReader``, ``ExcelFormReader``). Both
questionnaires have a question ``partners`` (a table) and ``evaluated`` (yes/no) with other
layouts, so a reader that used the other questionnaire's layout would read them wrongly.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_TYPES_ANSWERS, BUNDLED

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.layout import META_SHEET, ExcelLayout, mapping_entries
from pipeline.forms.excel.reader import ExcelFormReader, read_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.layout import WordLayout
from pipeline.forms.word.reader import WordFormReader, read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.round.roster import Project

BUNDLED_ANSWERS: dict[str, Any] = {
    "project_name": "Gemeinsam gegen Hass im Netz",
    "federal_state": "bb",
    "participants_per_year": 350,
    "evaluated": False,
    "partners": [
        {"organisation": "Landesjugendring Brandenburg", "role": "funding", "since": 2018},
    ],
}

# what each reader gives back for these answers (raw, before coercion: a Word table cell is the
# text a person typed, or the option picked in a choice column's dropdown; an Excel cell the
# value the cell holds), written out
WORD_ALL_TYPES = {
    "name": "Netzwerk für Vielfalt – Köln/Bonn",
    "count": "1234",
    "evaluated": True,
    "state": "sn",
    "colours": ["red", "blue", "other"],
    "colours_other": "violett",
    "partners": [
        {"org": "Jugendamt Köln", "kind": "green", "since": "2020", "joined": "01.02.2020"},
        {"org": "Schule am See", "since": "2021"},
    ],
}
EXCEL_ALL_TYPES = {
    **WORD_ALL_TYPES,
    "count": 1234,
    "partners": [
        {"org": "Jugendamt Köln", "kind": "green", "since": 2020, "joined": dt.date(2020, 2, 1)},
        {"org": "Schule am See", "since": 2021},
    ],
}
WORD_BUNDLED = {
    "project_name": "Gemeinsam gegen Hass im Netz",
    "federal_state": "bb",
    "participants_per_year": "350",
    "evaluated": False,
    "partners": [
        {"organisation": "Landesjugendring Brandenburg", "role": "funding", "since": "2018"}
    ],
}
EXCEL_BUNDLED = {
    **WORD_BUNDLED,
    "participants_per_year": 350,
    "partners": [
        {"organisation": "Landesjugendring Brandenburg", "role": "funding", "since": 2018}
    ],
}


def _project() -> Project:
    return Project("p01", "Projekt", "Träger e. V.", "info@example.org", "Kim Berg")


def _filled(tmp_path: Path, q: Questionnaire, fmt: str, answers: dict[str, Any]) -> bytes:
    ident = Identification(q.id, q.version, "p01", "00112233445566ff", "de")
    build, fill = (build_docx, fill_docx) if fmt == "docx" else (build_xlsx, fill_xlsx)
    blank = tmp_path / f"{q.id}-blank.{fmt}"
    blank.write_bytes(build(q, _project(), ident, "de", None, {}))
    filled = tmp_path / f"{q.id}-filled.{fmt}"
    fill(blank, answers, filled, q)
    return filled.read_bytes()


def _subset(values: dict[str, Any], keys: dict[str, Any]) -> dict[str, Any]:
    return {key: values.get(key) for key in keys}


def test_two_questionnaires_read_from_threads_at_once(
    tmp_path: Path, all_types: Questionnaire
) -> None:
    bundled = load_questionnaire(BUNDLED)
    cases = [
        (all_types, "docx", ALL_TYPES_ANSWERS, WORD_ALL_TYPES),
        (all_types, "xlsx", ALL_TYPES_ANSWERS, EXCEL_ALL_TYPES),
        (bundled, "docx", BUNDLED_ANSWERS, WORD_BUNDLED),
        (bundled, "xlsx", BUNDLED_ANSWERS, EXCEL_BUNDLED),
    ]
    files = [(q, fmt, _filled(tmp_path, q, fmt, answers), want) for q, fmt, answers, want in cases]
    readers = {
        (q.id, fmt): (WordFormReader(q) if fmt == "docx" else ExcelFormReader(q))
        for q, fmt, _, _ in files
    }
    start = threading.Barrier(len(files) * 2)

    def read(case: tuple[Questionnaire, str, bytes, dict], shared: bool) -> list[dict]:
        q, fmt, data, want = case
        start.wait()  # every thread reads at the same moment
        found = []
        for _ in range(6):
            if shared:  # one reader object per questionnaire, used by every thread
                content = readers[(q.id, fmt)].read(data)
            else:  # the plain function: a reader built per call
                content = (read_docx if fmt == "docx" else read_xlsx)(data, q)
            found.append(_subset(content.values(), want))
        return found

    jobs = [(case, shared) for case in files for shared in (True, False)]
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(pool.map(lambda job: read(*job), jobs))
    for ((_, _, _, want), _), found in zip(jobs, results, strict=True):
        assert found == [want] * 6


def test_the_excel_writer_writes_the_mapping_of_the_layout_model(
    tmp_path: Path, all_types: Questionnaire
) -> None:
    """The writer's metadata rows are the entries ExcelLayout describes, in the same order."""
    from openpyxl import load_workbook

    for q in (all_types, load_questionnaire(BUNDLED)):
        ident = Identification(q.id, q.version, "p01", "00112233445566ff", "de")
        path = tmp_path / f"{q.id}.xlsx"
        path.write_bytes(build_xlsx(q, _project(), ident, "de", None, {}))
        rows = list(load_workbook(path)[META_SHEET].iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row[0] == "question") + 1
        written = [(row[0], row[5], row[4] or "") for row in rows[start:]]
        assert written == list(ExcelLayout.of(q).entries)
    assert list(mapping_entries(all_types.question("colours"))) == [
        ("colours", "question", ""),
        ("colours", "option", "red"),
        ("colours", "option", "green"),
        ("colours", "option", "blue"),
        ("colours", "option", "other"),
        ("colours_other", "other", ""),
    ]


def test_word_layout_names_every_slot_once(all_types: Questionnaire) -> None:
    layout = WordLayout.of(all_types)
    assert [slot.key for slot in layout.by_question["colour"]] == [
        "colour=red",
        "colour=green",
        "colour=blue",
        "colour=other",
        "colour_other",
    ]
    assert [slot.key for slot in layout.by_question["state"]] == ["state"]  # a dropdown
    assert len(layout.bookmarks) == len(layout.slots)
    assert "partners[4].joined" in layout.keys and "partners[5].org" not in layout.keys


def test_damaged_bytes_raise_only_the_praxis_form_error(
    tmp_path: Path, all_types: Questionnaire
) -> None:
    """Damaged or foreign bytes raise FormError (under PraxisError) naming the file."""
    from pipeline.errors import FormError, PraxisError

    assert issubclass(FormError, PraxisError)
    word = _filled(tmp_path, all_types, "docx", ALL_TYPES_ANSWERS)
    excel = _filled(tmp_path, all_types, "xlsx", ALL_TYPES_ANSWERS)
    readers = {"docx": WordFormReader(all_types), "xlsx": ExcelFormReader(all_types)}
    damaged = {
        "docx": [b"", b"PK\x03\x04", word[:200], word[: len(word) // 2], excel, word[:-30]],
        "xlsx": [b"", b"PK\x03\x04", excel[:200], excel[: len(excel) // 2], word, excel[:-30]],
    }
    for fmt, samples in damaged.items():
        for data in samples:
            with pytest.raises(FormError, match=rf"antwort\.{fmt}"):
                readers[fmt].read(data, "de", f"antwort.{fmt}")
