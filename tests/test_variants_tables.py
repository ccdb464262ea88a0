"""Variants of issue 10, point 6: rows a person adds to a Word form's table (Word: copy the last
row and paste it below, or "insert row below") are read and kept, and the table's row limit is
named; nothing typed into them is dropped.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

from conftest import BUNDLED, ROSTER
from lxml import etree

from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import set_text
from pipeline.forms.word.xml import node_text, safe_parser, w
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir


def _fill_with_added_rows(form: Path, target: Path, rows: list[tuple[Any, ...]]) -> None:
    """Add rows to the little table of question 6.2 by copying its last row, as Word does,
    and type ``rows`` into it."""
    with zipfile.ZipFile(form) as archive:
        parts = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data, safe_parser())
                row = next(
                    tr for tr in root.iter(w("tr")) if node_text(tr.find(w("tc"))).strip() == "6.2"
                )
                table = row.findall(w("tc"))[-1].find(f".//{w('tbl')}")
                body = table.findall(w("tr"))[1:]
                while len(body) < len(rows):
                    body.append(copy.deepcopy(body[-1]))
                    body[-2].addnext(body[-1])
                for values, tr in zip(rows, body, strict=False):
                    for value, tc in zip(values, tr.findall(w("tc"))[1:], strict=True):
                        set_text(next(tc.iter(w("sdt"))), str(value))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)


def test_rows_added_in_word_are_read_and_the_limit_named(tmp_path: Path) -> None:
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",), mail=False)
    form = rd / RoundDir(rd).load().projects["p01"].files["docx"]
    rows = [(f"Organisation {n}", "Kooperation", 2000 + n) for n in range(1, 13)]
    _fill_with_added_rows(form, rd / "inbox" / "p01.docx", rows)
    (result,) = ingest(rd, lang="en").results
    with Store(rd / "praxis.sqlite") as store:
        (sub,) = store.submissions()
    partners = sub.answers["partners"]
    assert [r["organisation"] for r in partners] == [f"Organisation {n}" for n in range(1, 13)]
    assert partners[-1] == {"organisation": "Organisation 12", "role": "cooperation", "since": 2012}
    (limit,) = [
        p.message for p in result.problems if p.question == "partners" and "10" in p.message
    ]
    assert limit.endswith("12 rows; at most 10 are possible.")


def test_a_row_with_bad_cells_still_names_its_missing_required_cell(tmp_path: Path) -> None:
    from test_trust_tables import fill_excel_table

    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    form = rd / RoundDir(rd).load().projects["p01"].files["xlsx"]
    rows = [("Jugendamt", "Kooperation", 2020), (None, "Quatsch", "seit 2022")]
    fill_excel_table(form, rd / "inbox" / "p01.xlsx", rows)
    (result,) = ingest(rd, lang="en").results
    flagged = [(p.location, p.message) for p in result.problems if p.question == "partners"]
    head = "Question 6.2 “Which organisations do you work with?”: row 2, "
    assert sorted(flagged) == [
        (
            "'6.2 Mit welchen Organisationen'!B7",
            f"{head}“Organisation”: please answer this question.",
        ),
        (
            "'6.2 Mit welchen Organisationen'!C7",
            f"{head}“Kind of cooperation”: “Quatsch” is not one of the options.",
        ),
        (
            "'6.2 Mit welchen Organisationen'!D7",
            f"{head}“Since (year)”: “seit 2022” is not a number.",
        ),
    ]
