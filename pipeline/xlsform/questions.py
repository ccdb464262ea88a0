"""One ``survey`` row as a praxis question, a repeat as a ``table``, a nested group flattened.

The functions take the running conversion (:class:`pipeline.xlsform.convert.Converter`, typed
``Any`` here to keep the modules free of a cycle) for its problems, names and conditions.
"""

from __future__ import annotations

import re
from typing import Any

import pipeline.xlsform.conditions as cond
import pipeline.xlsform.praxis_workbook as own
from pipeline.locale.texts import t
from pipeline.xlsform.expressions import Call, ExpressionError, Ref, parse
from pipeline.xlsform.labels import interpolate
from pipeline.xlsform.names import Names
from pipeline.xlsform.report import RowClass
from pipeline.xlsform.tree import Block, Item
from pipeline.xlsform.types import Kind
from pipeline.xlsform.workbook import Row

Question = dict[str, Any]
_LIMIT_ORDER = ("max_length", "min", "max", "min_choices", "max_choices")


def build_question(c: Any, item: Item, when: list[dict], lost: list[str]) -> Question | None:
    """The question of one row, or None (skipped, folded into another, or an error)."""
    row, spec = item.row, item.spec
    if spec.kind in (Kind.METADATA,) or (c.praxis and own.is_online_only(c, row)):
        c.rows.mark(row.number, RowClass.IGNORED)
        return None
    if spec.kind is Kind.SKIPPED:
        return _skip(c, row, spec.approximate)
    if spec.kind is Kind.UNKNOWN:
        return _unknown(c, row)
    name = c.value(row, "name")
    if not name and spec.praxis != "note":
        c.error(row, "name", "xlsform.no_name")
        return None
    if _fold_other(c, row, spec.praxis, name):
        return None
    q = _question(c, row, spec, name or f"note_{row.number}")
    if q is None:
        return None
    _conditions(c, row, q, when, lost)
    c.add(row, q, name)
    return q


def _skip(c: Any, row: Row, key: str) -> None:
    name = c.value(row, "name")
    if name:
        c.absent[name] = "xlsform.lost.skipped"
    c.loss(row, "type", "xlsform.skipped", reason=t(key, c.lang))
    computed = key in ("xlsform.skip.calculate", "xlsform.skip.hidden")
    c.rows.mark(row.number, RowClass.COMPUTED if computed else RowClass.SKIPPED)


def _unknown(c: Any, row: Row) -> None:
    cell = row.get(c._type_header())
    if cell:
        c.error(row, "type", "xlsform.unknown_type", value=cell)
        return
    c.loss(row, "type", "xlsform.no_type")  # pyxform skips such rows, with a warning
    c.rows.mark(row.number, RowClass.IGNORED)


def _question(
    c: Any, row: Row, spec: Any, name: str, names: Names | None = None
) -> Question | None:
    """The question of ``row`` (or a column: ``names`` are then its table's column ids)."""
    praxis = spec.praxis
    q: Question = {"id": c.claim(row, name, names), "type": praxis}
    if spec.approximate:
        c.loss(row, "type", spec.approximate)
        c.note(q, spec.approximate)
    if praxis in ("select_one", "select_multiple") and not _choices(c, row, spec, q):
        return None
    if c.praxis:
        own.add_keys(c, row, q)
    q["label"] = _label(c, row, q, name)
    hint = c.text(row, "hint")
    if hint:
        q["hint"] = hint
    if c.value(row, "required") and q["type"] != "note":
        q["required"] = c.boolean(row, "required")
    _appearance(c, row, q)
    if q["type"] == "note" and "hint" in q and not c.praxis:  # a note shows its text in full
        hint = q.pop("hint")
        if hint != q["label"]:
            q["label"] = {code: f"{text}\n\n{hint[code]}" for code, text in q["label"].items()}
    _constraint(c, row, q)
    _dropped_cells(c, row, q)
    if name != q["id"]:
        q["xlsform"] = {"name": name}
    return q


def _choices(c: Any, row: Row, spec: Any, q: Question) -> bool:
    base = own.other_copy(c, spec.list_name) if c.praxis else None
    found = c.list_for(row, spec) if base is None else c.list_named(row, base.name)
    if found is None:
        if c.is_yes_no_list(spec.list_name) and spec.praxis == "select_one":
            q["type"] = "yes_no"
            q["_truth"] = {"yes": True, "no": False, "1": True, "0": False}
            c.loss(row, "type", "xlsform.approx.list_elsewhere", list=spec.list_name)
            c.note(q, "xlsform.approx.list_elsewhere", list=spec.list_name)
            return True
        c.error(row, "type", "xlsform.list_missing", list=spec.list_name)
        return False
    truth = found.truth
    if c.praxis and not own.is_yes_no(c, row, found):
        truth = None  # a list of the definition, or the points of a scale
    if truth is not None and spec.praxis == "select_one" and not spec.or_other:
        q["type"] = "yes_no"
        q["_truth"] = truth
        return True
    q["choices"] = found.id
    if spec.or_other or base is not None:
        q["other"] = True
    return True


def _label(c: Any, row: Row, q: Question, name: str) -> dict[str, str]:
    texts = c.text(row, "label")
    if texts is None:
        if q["type"] != "note" or not c.text(row, "hint"):
            c.loss(row, "label", "xlsform.no_label_row", name=name)
        texts = c.text(row, "hint") or dict.fromkeys(c.languages.codes, name)
    replaced: list[str] = []
    for code, text in texts.items():
        texts[code], names = interpolate(text, c._label_of(code))
        replaced += names
    if replaced:
        shown = ", ".join(dict.fromkeys(replaced))
        c.loss(row, "label", "xlsform.approx.interpolation", names=shown)
        c.note(q, "xlsform.approx.interpolation", names=shown)
    return texts


def _appearance(c: Any, row: Row, q: Question) -> None:
    wanted = c.appearance(row, q["type"])
    if wanted == "long_text":
        q["type"] = "long_text"
    elif wanted == "dropdown":
        q["appearance"] = "dropdown"
    elif wanted == "note":
        q["type"] = "note"
        for key in ("choices", "other", "required", "_truth"):
            q.pop(key, None)
        c.loss(row, "appearance", "xlsform.approx.grid_header")
        c.note(q, "xlsform.approx.grid_header")


def _constraint(c: Any, row: Row, q: Question) -> None:
    expression = c.value(row, "constraint")
    if not expression:
        return
    try:
        node: Any = parse(expression)
        kind = q["type"]
        if c.praxis:
            node, words = own.split_constraint(node, kind)
            q.update(words)
            kind = "text" if kind == "url" else kind  # a web address's max_length
        limits = cond.to_limits(node, kind) if node is not None else cond.Limits()
    except (ExpressionError, cond.Lost) as exc:
        key = exc.key if isinstance(exc, cond.Lost) else "xlsform.lost.unreadable_constraint"
        c.loss(row, "constraint", "xlsform.lost.constraint_dropped", reason=t(key, c.lang))
        c.note(q, "xlsform.lost.constraint_dropped", reason=expression)
        _message_to_hint(c, row, q)
        return
    for key in limits.approximations:
        c.loss(row, "constraint", key)
        c.note(q, key)
    if limits.type and not c.praxis:
        q["type"] = limits.type
    for key in _LIMIT_ORDER:
        if key in limits.values:
            q[key] = limits.values[key]


def _message_to_hint(c: Any, row: Row, q: Question) -> None:
    message = c.text(row, "constraint_message")
    if not message:
        return
    hint = q.get("hint") or {}
    q["hint"] = {
        code: " ".join(x for x in (hint.get(code), text) if x) for code, text in message.items()
    }


def _dropped_cells(c: Any, row: Row, q: Question) -> None:
    for column, key in _DROPPED_COLUMNS.items():
        if c.value(row, column):
            c.loss(row, column, key)
            c.note(q, key)
    if c.value(row, "calculation"):
        c.loss(row, "calculation", "xlsform.dropped.calculation")


_DROPPED_COLUMNS = {
    "default": "xlsform.dropped.default",
    "choice_filter": "xlsform.dropped.choice_filter",
    "read_only": "xlsform.dropped.read_only",
    "parameters": "xlsform.dropped.parameters",
    "image": "xlsform.dropped.media",
    "audio": "xlsform.dropped.media",
    "video": "xlsform.dropped.media",
}
"""Columns whose cells praxis has no place for (reported cell by cell)."""


def _conditions(c: Any, row: Row, q: Question, when: list[dict], lost: list[str]) -> None:
    own, own_lost = c.relevant(row)
    combined = cond.combine([*when, *([own] if own else [])])
    lost = [*lost, *own_lost]
    if combined:
        q["when"] = combined
    if lost:
        _lost_to_hint(c, q, lost)


def _lost_to_hint(c: Any, q: Question, lost: list[str]) -> None:
    """The question becomes optional, the condition goes into its hint in words."""
    if q.get("required"):
        q["required"] = False
    words = " ".join(f"({x})" if len(lost) > 1 else x for x in lost)
    key = "label" if q["type"] == "note" else "hint"  # a note shows no hint
    hint = q.get(key) or {}
    q[key] = {
        code: " ".join(
            x for x in (hint.get(code), t("xlsform.hint.condition", code, condition=words)) if x
        )
        for code in c.languages.codes
    }
    c.note(q, "xlsform.note.condition_lost")


# --- "other, please specify" ------------------------------------------------------------------


def _fold_other(c: Any, row: Row, praxis: str, name: str) -> bool:
    """A ``text`` row shown only for ``selected(${q}, 'other')`` (or ``${q} = 'other'``)
    becomes ``other: true`` on ``q``."""
    if praxis != "text" or not c.value(row, "relevant"):
        return False
    target = _other_target(c.value(row, "relevant"))
    q = c.questions.get(c.targets[target].id) if target in c.targets else None
    if q is None or q["type"] not in ("select_one", "select_multiple"):
        return False
    if c.section_of.get(q["id"]) != c.section:
        return False
    choices = c.used_lists.get(str(q.get("choices")))
    if not (q.get("other") or (choices and "other" in choices.values)):
        return False
    q["other"] = True
    c.absent[name] = "xlsform.lost.folded"
    c.rows.conditions_kept += 1
    if c.praxis:  # how praxis's own export asks for "other"
        c.rows.mark(row.number, RowClass.EXACT)
        return True
    c.loss(row, "relevant", "xlsform.approx.other_folded", question=q["id"])
    c.note(q, "xlsform.approx.other_folded", question=q["id"])
    return True


def _other_target(expression: str) -> str | None:
    try:
        node = parse(expression)
    except ExpressionError:
        return None
    if isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
        ref, value = node.args
    elif getattr(node, "op", "") == "=":
        ref, value = node.left, node.right  # type: ignore[union-attr]
    else:
        return None
    if isinstance(ref, Ref) and getattr(value, "value", None) == "other":
        return ref.name
    return None


# --- groups and repeats -----------------------------------------------------------------------


def flatten_group(
    c: Any, block: Block, into: list[Question], when: list[dict], lost: list[str]
) -> None:
    """A nested or unlabelled group: its label as a note, its condition on its questions."""
    row = block.row
    assert row is not None
    own, own_lost = c.relevant(row)
    inner = [*when, *([own] if own else [])]
    inner_lost = [*lost, *own_lost]
    label = c.text(row, "label")
    c.rows.mark(row.number, RowClass.APPROX if label else RowClass.EXACT)
    if label:
        name = c.value(row, "name") or f"group_{row.number}"
        note: Question = {"id": c.claim(row, name), "type": "note", "label": label}
        if name != note["id"]:
            note["xlsform"] = {"name": name}
        combined = cond.combine(inner)
        if combined:
            note["when"] = combined
        c.note(note, "xlsform.note.group_flattened")
        c.loss(row, "label", "xlsform.approx.group_flattened")
        c.questions[note["id"]] = note
        c.origins[id(note)] = row.cell(c._header(row, "label"))
        into.append(note)
    for child in block.children:
        c.emit(child, into, inner, inner_lost)


def build_table(c: Any, block: Block, when: list[dict], lost: list[str]) -> Question | None:
    """A first-level repeat as a ``table`` whose columns are its column-type rows."""
    row = block.row
    assert row is not None
    name = c.value(row, "name") or f"repeat_{row.number}"
    columns = [col for col in _columns(c, block) if col is not None]
    if not columns:
        c.loss(row, "type", "xlsform.skipped", reason=t("xlsform.skip.empty_repeat", c.lang))
        c.rows.mark(row.number, RowClass.SKIPPED)
        c.absent[name] = "xlsform.lost.skipped"
        return None
    q: Question = {"id": c.claim(row, name), "type": "table"}
    q["label"] = c.text(row, "label") or dict.fromkeys(c.languages.codes, name)
    hint = c.text(row, "hint")
    if hint:
        q["hint"] = hint
    q["columns"] = columns
    _repeat_count(c, row, q)
    if c.praxis:
        own.add_keys(c, row, q)
    if name != q["id"]:
        q["xlsform"] = {"name": name}
    _conditions(c, row, q, when, lost)
    c.add(row, q, name)
    if not c.praxis:  # a table praxis wrote comes back as it was
        c.loss(row, "type", "xlsform.approx.repeat")
        c.note(q, "xlsform.approx.repeat")
    return q


def _repeat_count(c: Any, row: Row, q: Question) -> None:
    count = c.value(row, "repeat_count")
    if re.fullmatch(r"\d+", count or "") and int(count) >= 1:
        q["max_rows"] = int(count)
    elif count:
        c.loss(row, "repeat_count", "xlsform.dropped.repeat_count")


def _columns(c: Any, block: Block, names: Names | None = None) -> list[Question | None]:
    """The columns of a repeat; in a praxis workbook with ids of their own (``names``)."""
    if names is None and c.praxis:
        names = Names()
    found: list[Question | None] = []
    for child in block.children:
        if isinstance(child, Block) and child.repeat:
            _skip_nested(c, child)
        elif isinstance(child, Block):
            if child.row is not None:
                c.rows.mark(child.row.number, RowClass.APPROX)
            found += _columns(c, child, names)
        else:
            found.append(_column(c, child, names))
    return found


def _skip_nested(c: Any, block: Block) -> None:
    assert block.row is not None
    c.loss(block.row, "type", "xlsform.skipped", reason=t("xlsform.skip.nested_repeat", c.lang))
    for row in block.rows():
        c.rows.mark(row.number, RowClass.SKIPPED)
        if c.value(row, "name"):
            c.absent[c.value(row, "name")] = "xlsform.lost.skipped"


def _column(c: Any, item: Item, names: Names | None = None) -> Question | None:
    row, spec = item.row, item.spec
    name = c.value(row, "name")
    if spec.kind is not Kind.QUESTION or not name:
        return build_question(c, item, [], [])  # reports and skips it
    given = own.original_name(c, name, "column") if c.praxis else name
    q = _question(c, row, spec, given, names)
    if q is None:
        return None
    q.pop("_truth", None)
    if not c.column_type(q["type"]):
        c.loss(
            row,
            "type",
            "xlsform.skipped",
            reason=t("xlsform.skip.not_column", c.lang, type=q["type"]),
        )
        c.rows.mark(row.number, RowClass.SKIPPED)
        c.absent[name] = "xlsform.lost.in_table"
        return None
    if c.value(row, "relevant"):
        c.loss(row, "relevant", "xlsform.lost.column_condition")
        c.rows.conditions_lost += 1
        _lost_to_hint(c, q, [c._in_words(c.value(row, "relevant"))])
    q.pop("when", None)
    c.absent[name] = "xlsform.lost.in_table"
    c.rows.mark(row.number, RowClass.EXACT if c.praxis else RowClass.APPROX)
    c.origins[id(q)] = row.cell(c._header(row, "name"))
    return q
