"""Fill a generated Word form the way a person would (for tests, demos and examples).

The filler finds every answer place as a person reading the printed form does, and never
through the reader's code (slots, tags, bookmarks): the table row whose first cell shows the
question's number and whose question text starts with its label; in that row's answer cell
the text, date or dropdown control, or the checkbox beside the option's visible label (for a
rating scale the box under or beside the point's number); for a table question the little
table below the question, its columns by their headings and its rows by their numbers. So a
location bug in the reader is not hidden by the same bug in the filler.

Text goes into the content controls (the placeholder is replaced), checkboxes are ticked
(``w14:checked`` and the shown glyph), dropdown items chosen by their shown label, date
controls set. Values are as in the answers JSON; a raw string for a number or date field is
written as it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.word.blocks import text_runs
from pipeline.forms.word.widgets import widget
from pipeline.forms.word.xml import (
    CHECKED,
    UNCHECKED,
    custom_properties,
    open_zip,
    read_part,
    w,
    w14,
)
from pipeline.locale.formatting import format_number
from pipeline.locale.texts import t

DOCUMENT = "word/document.xml"
_STRFTIME = {"dd": "%d", "MM": "%m", "yyyy": "%Y"}
_TYPED_DATE = {"de": "%d.%m.%Y"}  # how a person types a date into a text field; else ISO
W_TC, W_TR, W_TBL, W_SDT = w("tc"), w("tr"), w("tbl"), w("sdt")


# --- setting one control ------------------------------------------------------------------


def _first_run_props(sdt: Any) -> Any | None:
    props = sdt.find(f"{w('sdtContent')}//{w('rPr')}")
    if props is None:
        return None
    props = copy.deepcopy(props)
    for colour in props.findall(w("color")):
        props.remove(colour)
    return props


def set_text(sdt: Any, text: str) -> None:
    """Replace the control's content (or placeholder) by ``text``."""
    props = sdt.find(w("sdtPr"))
    for flag in props.findall(w("showingPlcHdr")):
        props.remove(flag)
    content = sdt.find(w("sdtContent"))
    run_props = _first_run_props(sdt)
    for child in list(content):
        content.remove(child)
    content.extend(text_runs(text, run_props))


def set_check(sdt: Any, checked: bool) -> None:
    """Tick or untick a checkbox control: the state and the shown glyph."""
    state = sdt.find(f"{w('sdtPr')}/{w14('checkbox')}/{w14('checked')}")
    if state is not None:
        state.set(w14("val"), "1" if checked else "0")
    texts = list(sdt.find(w("sdtContent")).iter(w("t")))
    if texts:
        texts[0].text = CHECKED if checked else UNCHECKED
        for extra in texts[1:]:
            extra.text = ""


def set_dropdown(sdt: Any, label: str) -> bool:
    """Choose the item that shows ``label``; False when the list offers no such item."""
    items = sdt.find(f"{w('sdtPr')}/{w('dropDownList')}")
    for item in items.iter(w("listItem")) if items is not None else ():
        if _same(item.get(w("displayText")) or item.get(w("value")) or "", label):
            items.set(w("lastValue"), item.get(w("value")) or label)
            set_text(sdt, item.get(w("displayText")) or label)
            return True
    return False


def set_date(sdt: Any, value: Any) -> None:
    """An ISO date sets ``w:fullDate`` and the shown text; any other text is written as is."""
    date_props = sdt.find(f"{w('sdtPr')}/{w('date')}")
    try:
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        date = None
    if date is None or date_props is None:
        if date_props is not None:
            date_props.attrib.pop(w("fullDate"), None)
        set_text(sdt, str(value))
        return
    date_props.set(w("fullDate"), f"{date.isoformat()}T00:00:00Z")
    fmt = date_props.find(w("dateFormat"))
    pattern = fmt.get(w("val")) if fmt is not None else "yyyy-MM-dd"
    for word, code in _STRFTIME.items():
        pattern = pattern.replace(word, code)
    set_text(sdt, date.strftime(pattern))


# --- what a person sees and types ------------------------------------------------------------


def _text(node: Any) -> str:
    """The visible text of ``node``, whitespace collapsed."""
    return " ".join("".join(x.text or "" for x in node.iter(w("t"))).split())


def _same(shown: str, label: str) -> bool:
    return " ".join(shown.split()) == " ".join(label.split())


def typed(f: Field, value: Any, lang: str) -> str | None:
    """The text a person types into a text field of ``f`` for ``value``; None: nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return t("form.yes" if value else "form.no", lang)
    if isinstance(value, int | float):
        return format_number(value, lang, group_from=None)
    if f.type == "date":
        try:
            date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return date.strftime(_TYPED_DATE.get(lang, "%Y-%m-%d"))
    if f.type == "select_one" and isinstance(value, str) and f.choice(value):
        return f.choice(value).label.get(lang)  # type: ignore[union-attr]
    return str(value)


def option_label(f: Field, option: Any, lang: str) -> str | None:
    """The label printed beside the checkbox (or shown in the dropdown) of ``option``."""
    if f.type == "yes_no":
        return t("form.yes" if option else "form.no", lang) if isinstance(option, bool) else None
    if option == OTHER and not f.choice(OTHER):
        return t("word.other", lang)
    choice = f.choice(option) if isinstance(option, str) else None
    return choice.label.get(lang) if choice else None


def _chosen(f: Field, value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


# --- the form as a person reads it -----------------------------------------------------------


def _cells(tr: Any) -> list[Any]:
    return tr.findall(W_TC)


def _is_box(sdt: Any) -> bool:
    return sdt.find(f"{w('sdtPr')}/{w14('checkbox')}") is not None


def _controls(node: Any) -> list[Any]:
    """The outermost content controls inside ``node``, in reading order."""
    return [s for s in node.iter(W_SDT) if _ancestor(s.getparent(), W_SDT, node) is None]


def _ancestor(node: Any, tag: str, stop: Any) -> Any | None:
    while node is not None and node is not stop:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def _position(tc: Any) -> int:
    """The grid column where ``tc`` starts (cells spanning columns counted as such)."""
    start = 0
    for cell in _cells(tc.getparent()):
        if cell is tc:
            return start
        span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
        start += int(span.get(w("val"))) if span is not None else 1
    return start


def _cell_at(tr: Any | None, column: int) -> Any | None:
    for cell in _cells(tr) if tr is not None else ():
        if _position(cell) == column:
            return cell
    return None


def _label_of_box(tc: Any) -> str:
    """The visible label of the checkbox in cell ``tc``: the text beside it, else above or
    below it (a rating scale numbers its points in the row above or below the boxes)."""
    tr = tc.getparent()
    siblings = _cells(tr)
    index = siblings.index(tc)
    near = [siblings[index + 1]] if index + 1 < len(siblings) else []
    column = _position(tc)
    near += [_cell_at(tr.getprevious(), column), _cell_at(tr.getnext(), column)]
    for cell in near:
        if cell is not None and not any(_is_box(s) for s in cell.iter(W_SDT)):
            text = _text(cell)
            if text:
                return text
    return ""


class _Row:
    """One question's row of the form: its answer place and the controls in it."""

    def __init__(self, question: Question, tr: Any, lang: str, name: str):
        self.question, self.tr, self.lang, self.name = question, tr, lang, name
        cells = _cells(tr)
        self.place = cells[2] if len(cells) > 2 else cells[-1]

    def where(self) -> str:
        return f"{self.name}: {self.question.number} {self.question.label.get(self.lang)}"

    def missing(self, what: str) -> FormError:
        return FormError(f"{self.where()}: {what} not found in the form")

    def fill(self, value: Any, other: Any) -> None:
        widget(self.question).fill(self, value)  # fill_answer, tick_boxes or fill_table
        if other not in (None, ""):
            self.fill_other(str(other), _controls(self.place))

    def fill_answer(self, value: Any) -> None:
        """Type, pick or date the answer into the row's first control."""
        if value is not None:
            self.fill_control(value, _controls(self.place))

    def tick_boxes(self, value: Any) -> None:
        """Tick the boxes beside the chosen options' labels (or the scale's points)."""
        self.tick(value, [s for s in _controls(self.place) if _is_box(s)])

    def fill_control(self, value: Any, controls: list[Any]) -> None:
        if not controls:
            raise self.missing("the answer field")
        sdt = controls[0]
        props = sdt.find(w("sdtPr"))
        if props.find(w("dropDownList")) is not None:
            label = option_label(self.question, value, self.lang)
            if label is not None and not set_dropdown(sdt, label):
                raise self.missing(f"the list entry {label!r}")
            if label is None:  # not one of the choices: typed over the control
                set_text(sdt, str(value))
        elif props.find(w("date")) is not None:
            set_date(sdt, value)
        else:
            set_text(sdt, typed(self.question, value, self.lang) or "")

    def fill_other(self, text: str, controls: list[Any]) -> None:
        """The text field of "other, please specify": the one after the main control."""
        fields = [s for s in controls if not _is_box(s)]
        if self.question.type == "select_one" and fields and not _is_box(controls[0]):
            fields = fields[1:]  # the first is the dropdown itself
        if not fields:
            raise self.missing('the "other" text field')
        set_text(fields[0], text)

    def boxes(self, boxes: list[Any]) -> list[tuple[str, Any]]:
        return [(_label_of_box(_ancestor(s, W_TC, self.place)), s) for s in boxes]

    def tick(self, value: Any, boxes: list[Any]) -> None:
        if value is None:
            return
        labelled = self.boxes(boxes)
        wanted = [self.box_for(option, labelled) for option in _chosen(self.question, value)]
        for _, sdt in labelled:
            set_check(sdt, any(sdt is chosen for chosen in wanted))

    def box_for(self, option: Any, labelled: list[tuple[str, Any]]) -> Any | None:
        if self.question.type == "scale":
            return self.point_box(option, labelled)
        label = option_label(self.question, option, self.lang)
        if label is None:
            return None  # not one of the options: a person cannot tick it
        found = [sdt for shown, sdt in labelled if _same(shown, label)]
        if not found:
            raise self.missing(f"the checkbox beside {label!r}")
        return found[0]

    def point_box(self, point: Any, labelled: list[tuple[str, Any]]) -> Any | None:
        """The box of a scale point: the one labelled with its number; with no numbers shown
        at all, the boxes read left to right are the points from ``min`` to ``max``."""
        if not isinstance(point, int) or isinstance(point, bool):
            return None
        found = [sdt for shown, sdt in labelled if re.match(rf"{point}(\D|$)", shown)]
        if found:
            return found[0]
        low = int(self.question.min if self.question.min is not None else 1)
        high = int(self.question.max if self.question.max is not None else 5)
        numbered = any(re.match(r"-?\d+(\D|$)", shown) for shown, _ in labelled)
        if not numbered and len(labelled) == high - low + 1 and low <= point <= high:
            return labelled[point - low][1]
        raise self.missing(f"the checkbox of point {point}")

    def fill_table(self, rows: Any) -> None:
        """Type (or, in a dropdown cell, pick) each cell's value; the columns are found by the
        first line of their heading (a choice column lists its options under it)."""
        if not isinstance(rows, list) or not rows:
            return
        grid = self.tr.find(f".//{W_TBL}")
        if grid is None:
            raise self.missing("the table")
        trs = grid.findall(W_TR)
        heads = {_heading(c): _position(c) for c in _cells(trs[0])}
        numbered = {_text(_cells(tr)[0]): tr for tr in trs[1:] if _cells(tr)}
        for number, row in enumerate(rows, start=1):
            for column in self.question.columns:
                value = (row or {}).get(column.id)
                if typed(column, value, self.lang) is not None:
                    self.fill_cell(numbered.get(str(number)), heads, column, number, value)

    def fill_cell(self, tr: Any, heads: dict[str, int], column: Field, number: int, value: Any):
        label = column.label.get(self.lang)
        cell = _cell_at(tr, heads[label]) if tr is not None and label in heads else None
        controls = _controls(cell) if cell is not None else []
        if not controls:
            raise self.missing(f"row {number}, column {label!r}")
        sdt = controls[0]
        if sdt.find(f"{w('sdtPr')}/{w('dropDownList')}") is not None:
            shown = cell_option_label(column, value, self.lang)
            if shown is not None and not set_dropdown(sdt, shown):
                raise self.missing(f"row {number}, column {label!r}: the list entry {shown!r}")
            if shown is not None:
                return
        set_text(sdt, typed(column, value, self.lang) or "")  # not an option: typed over


def _heading(tc: Any) -> str:
    """A column heading's first line (its label)."""
    first = tc.find(w("p"))
    return _text(first if first is not None else tc)


def cell_option_label(f: Field, value: Any, lang: str) -> str | None:
    """The entry a table cell's dropdown shows for ``value`` (``Sonstiges`` for "other")."""
    if value == OTHER and f.other and not f.choice(OTHER):
        return t("value.other", lang)
    choice = f.choice(value) if isinstance(value, str) else None
    return choice.label.get(lang) if choice else None


def _question_rows(root: Any) -> Iterator[tuple[str, Any]]:
    """(number shown in the first cell, row) of every table row of the document."""
    for tr in root.iter(W_TR):
        cells = _cells(tr)
        if len(cells) >= 2:
            yield _text(cells[0]), tr


def _starts_with_label(tr: Any, label: str) -> bool:
    cells = _cells(tr)
    paragraphs = cells[1].findall(w("p"))
    return bool(paragraphs) and _same(_text(paragraphs[0]), label)


class _Form:
    def __init__(self, root: Any, q: Questionnaire, name: str, lang: str):
        self.q, self.name = q, name
        self.rows: dict[str, list[Any]] = {}
        for number, tr in _question_rows(root):
            self.rows.setdefault(number, []).append(tr)
        self.lang = lang if lang in q.languages else self.language()

    def language(self) -> str:
        """The form's language: the one in which the question labels are printed."""

        def shown(lang: str) -> int:
            return sum(self.find(x, lang) is not None for x in self.q.answerable())

        return max(self.q.languages, key=shown)

    def find(self, question: Question, lang: str) -> Any | None:
        label = question.label.get(lang)
        for tr in self.rows.get(question.number, []):
            if _starts_with_label(tr, label):
                return tr
        return None

    def row(self, question: Question) -> _Row:
        tr = self.find(question, self.lang)
        if tr is None:
            label = question.label.get(self.lang)
            raise FormError(f"{self.name}: no row {question.number} {label!r} in the form")
        return _Row(question, tr, self.lang, self.name)


def fill_docx(src: Path, answers: Mapping[str, Any], dst: Path, q: Questionnaire) -> None:
    """Write ``answers`` into the generated form ``src`` and save the result as ``dst``."""
    src, dst = Path(src), Path(dst)
    with open_zip(src) as zf:
        root = read_part(zf, DOCUMENT, src)
        if root is None:
            raise FormError(t("word.not_docx", "en", file=src.name, detail=f"no {DOCUMENT}"))
        # the language printed on the form (the identification says it; the labels show it)
        lang = custom_properties(read_part(zf, "docProps/custom.xml", src)).get(
            "praxis.language", ""
        )
        form = _Form(root, q, src.name, lang)
        for question in q.answerable():
            value = answers.get(question.id)
            other = answers.get(question.other_id) if question.other else None
            if value is not None or other not in (None, ""):
                form.row(question).fill(value, other)
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        entries = [
            (info, document if info.filename == DOCUMENT else zf.read(info))
            for info in zf.infolist()
        ]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(info, data)
