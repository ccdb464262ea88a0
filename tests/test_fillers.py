"""The fillers' answer for a rating scale, on hand-built rows (the type arrives separately).

A scale is a row of checkboxes in Word (each box alone in its cell, the points numbered beside
or above the boxes, the ends labelled) and a dropdown in Excel whose entries read like
``1 – trifft gar nicht zu``, ``2``, ... The filler ticks the box whose visible number is the
point, and picks the dropdown entry that starts with it, as a person would.
"""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.definition.questionnaire import Question, Text
from pipeline.errors import FormError
from pipeline.forms.excel.filler import dropdown
from pipeline.forms.word.filler import _Row
from pipeline.forms.word.writer import cell, row, table, text_para
from pipeline.forms.word.xml import CHECKED, UNCHECKED, el, w, w14

RATING = Question(
    id="rating",
    type="scale",
    label=Text.of({"de": "Das Angebot erreicht die Zielgruppe", "en": "It reaches them"}),
    min=1,
    max=5,
    number="2.3",
)


def box() -> Any:
    glyph = el("t")
    glyph.text = UNCHECKED
    state = el("w14:checkbox", None, el("w14:checked", {"w14:val": "0"}))
    return el("sdt", None, el("sdtPr", None, state), el("sdtContent", None, el("r", None, glyph)))


def box_cell() -> Any:
    return cell([el("p", None, box())], 420)


def words(text: str) -> Any:
    return cell([text_para(text)], 900)


def question_row(*answer_rows: Any) -> Any:
    answer = cell([table(list(answer_rows), [420] * 7, borders=False)], 5000)
    label = cell([text_para(RATING.label.get("de"))], 3000)
    return row([cell([text_para("2.3")], 700), label, answer])


def ticked(tr: Any) -> list[int]:
    """The 1-based places of the ticked boxes, left to right."""
    boxes = [s for s in tr.iter(w("sdt")) if s.find(f".//{w14('checkbox')}") is not None]
    states = [b.find(f".//{w14('checked')}").get(w14("val")) for b in boxes]
    glyphs = ["".join(b.itertext()) for b in boxes]
    assert all((s == "1") == (g == CHECKED) for s, g in zip(states, glyphs, strict=True))
    return [i for i, s in enumerate(states, start=1) if s == "1"]


LAYOUTS = {
    # the points numbered in a row above the boxes, the ends labelled beside them
    "numbers-above": lambda: question_row(
        row([words(""), *(words(str(n)) for n in range(1, 6)), words("")]),
        row([words("trifft gar nicht zu"), *(box_cell() for _ in range(5)), words("voll")]),
    ),
    # each box followed by its number
    "numbers-beside": lambda: question_row(
        row([c for n in range(1, 6) for c in (box_cell(), words(str(n)))]),
    ),
    # the numbers below the boxes
    "numbers-below": lambda: question_row(
        row([box_cell() for _ in range(5)]),
        row([words(f"{n} – trifft voll zu" if n == 5 else str(n)) for n in range(1, 6)]),
    ),
    # no numbers at all, only the ends: the boxes read left to right
    "ends-only": lambda: question_row(
        row([words("trifft gar nicht zu"), *(box_cell() for _ in range(5)), words("voll")]),
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_word_scale_ticks_the_box_of_the_point(layout: str) -> None:
    tr = LAYOUTS[layout]()
    _Row(RATING, tr, "de", "f.docx").fill(4, None)
    assert ticked(tr) == [4]
    _Row(RATING, tr, "de", "f.docx").fill(1, None)
    assert ticked(tr) == [1]


def test_word_scale_point_without_a_box_is_refused() -> None:
    tr = LAYOUTS["numbers-above"]()
    with pytest.raises(FormError, match=r"2\.3 Das Angebot erreicht die Zielgruppe: the checkbox"):
        _Row(RATING, tr, "de", "f.docx").fill(7, None)


def test_excel_scale_picks_the_entry_starting_with_the_point() -> None:
    from pipeline.forms.excel.filler import _Sheet

    wb = Workbook()
    ws = wb.active
    ws.title = "Fragebogen"
    ws.append(["Nr.", "Frage", "Hinweis", "Antwort"])
    ws.append(["2.3", RATING.label.get("de"), "", None])
    entries = ["1 – trifft gar nicht zu", "2", "3", "4", "5 – trifft voll zu"]
    lists = wb.create_sheet("Listen")
    for n, entry in enumerate(entries, start=1):
        lists.cell(n, 1, entry)
    dv = DataValidation(type="list", formula1="Listen!$A$1:$A$5")
    ws.add_data_validation(dv)
    dv.add("D2")
    assert dropdown(wb, ws["D2"]) == entries

    class _Q:
        languages = ("de",)

        @staticmethod
        def answerable() -> list[Question]:
            return [RATING]

    sheet = _Sheet(wb, _Q(), "f.xlsx")  # type: ignore[arg-type]
    sheet.fill(RATING, 5, None)
    assert ws["D2"].value == "5 – trifft voll zu"
    sheet.fill(RATING, 2, None)
    assert ws["D2"].value == "2"
    with pytest.raises(FormError, match="offers no entry for 6"):
        sheet.fill(RATING, 6, None)


def test_word_scale_follows_the_printed_numbers_not_the_order() -> None:
    tr = question_row(row([c for n in range(5, 0, -1) for c in (box_cell(), words(str(n)))]))
    _Row(RATING, tr, "de", "f.docx").fill(4, None)
    assert ticked(tr) == [2]  # the second box from the left is labelled 4
