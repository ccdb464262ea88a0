"""Fill a generated Word form the way a person would (for tests, demos and examples).

Text goes into the content controls (the placeholder is replaced), checkboxes are ticked
(``w14:checked`` and the shown glyph), dropdown items chosen, date controls set. Values are
as in the answers JSON; a raw string for a number or date field is written as it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError
from pipeline.forms.word.blocks import text_runs
from pipeline.forms.word.widgets import widget
from pipeline.forms.word.xml import (
    CHECKED,
    UNCHECKED,
    Slot,
    custom_properties,
    form_slots,
    open_zip,
    read_part,
    w,
    w14,
)
from pipeline.locale.texts import t

DOCUMENT = "word/document.xml"
_STRFTIME = {"dd": "%d", "MM": "%m", "yyyy": "%Y"}


def _controls(root: Any) -> dict[str, Any]:
    """``{tag: sdt}`` of every content control in the document."""
    found: dict[str, Any] = {}
    for tag in root.iter(w("tag")):
        if tag.getparent().tag == w("sdtPr"):
            found.setdefault(tag.get(w("val")), tag.getparent().getparent())
    return found


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


def set_dropdown(sdt: Any, value: str) -> str | None:
    """Choose the item with ``value``; returns the shown label (None: no such item)."""
    items = sdt.find(f"{w('sdtPr')}/{w('dropDownList')}")
    for item in items.iter(w("listItem")) if items is not None else ():
        if item.get(w("value")) == value:
            items.set(w("lastValue"), value)
            label = item.get(w("displayText")) or value
            set_text(sdt, label)
            return label
    return None


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


class _Filler:
    def __init__(self, root: Any, q: Questionnaire, lang: str, name: str):
        self.controls = _controls(root)
        self.lang = lang
        self.name = name
        self.slots: dict[str, list[Slot]] = {}
        for slot in form_slots(q):
            self.slots.setdefault(slot.question.id, []).append(slot)

    def control(self, key: str) -> Any:
        try:
            return self.controls[key]
        except KeyError:
            raise FormError(t("word.missing_control", "en", file=self.name, tag=key)) from None

    def fill(self, qid: str, value: Any, answers: Mapping[str, Any]) -> None:
        slots = self.slots.get(qid, [])
        if slots:
            widget(slots[0].question).fill(self, slots[0].question, slots, value, answers)

    # what a widget's filler types (see forms/word/widgets.py) -----------------------------
    def type_text(self, key: str, text: str) -> None:
        set_text(self.control(key), text)

    def tick(self, key: str, checked: bool) -> None:
        set_check(self.control(key), checked)

    def pick_date(self, key: str, value: Any) -> None:
        set_date(self.control(key), value)

    def pick(self, key: str, value: str) -> None:
        if set_dropdown(self.control(key), value) is None:
            set_text(self.control(key), value)


def fill_docx(src: Path, answers: Mapping[str, Any], dst: Path, q: Questionnaire) -> None:
    """Write ``answers`` into the generated form ``src`` and save the result as ``dst``."""
    src, dst = Path(src), Path(dst)
    with open_zip(src) as zf:
        root = read_part(zf, DOCUMENT, src)
        if root is None:
            raise FormError(t("word.not_docx", "en", file=src.name, detail=f"no {DOCUMENT}"))
        props = custom_properties(read_part(zf, "docProps/custom.xml", src))
        filler = _Filler(root, q, props.get("praxis.language", "de"), src.name)
        for question in q.answerable():
            value = answers.get(question.id)
            if value is not None:
                filler.fill(question.id, value, answers)
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        entries = [
            (info, document if info.filename == DOCUMENT else zf.read(info))
            for info in zf.infolist()
        ]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(info, data)
