"""A workbook praxis wrote itself (``praxis export-xlsform``), read back as its questionnaire.

Such a workbook carries ``praxis_*`` columns (:mod:`pipeline.xlsform.export_praxis`); the
importer then gives back what the export wrote, so that ``import(export(Q))`` is ``Q``:

- the ``praxis_*`` columns: types (``email``, ``url``, ``scale``), ``prefill``, compendium
  roles and headings, units, a table's ``max_rows`` and ``required``; ``title``, ``intro``,
  ``network`` and ``return_to`` in every language from the settings sheet;
- the rows only an online form needs are skipped without a word: the introductions shown as
  notes and the hidden ``praxis_project``/``praxis_token`` fields;
- word limits from the export's word pattern, and the e-mail and web-address patterns of
  those types taken as what they are (no "regular expression left out");
- a scale's points, ends and labels from its ``<id>_scale`` list, which is not kept;
- the names the export made unique (``<name>_section``, ``<name>_column``) as they were;
- choice lists under their own names: a ``<list>_other`` copy is the list itself with
  ``other: true``, a question's own options (``praxis_choices``) are in place again, and a
  list no question uses is kept.

The functions take the running conversion (:class:`pipeline.xlsform.convert.Converter`,
typed ``Any`` as in :mod:`pipeline.xlsform.questions`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipeline.definition.question_types import URL_PATTERN
from pipeline.xlsform.export_logic import EMAIL_PATTERN
from pipeline.xlsform.export_praxis import (
    has_own_choices,
    is_intro,
    is_praxis_column,
    question_keys,
    scale_keys,
    settings_keys,
    word_limits,
)
from pipeline.xlsform.export_rows import HIDDEN_FIELDS
from pipeline.xlsform.expressions import Call, Compare, Current, Literal, Logic, Node, Ref
from pipeline.xlsform.types import parse_type
from pipeline.xlsform.workbook import Row, Sheet, Workbook

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
"""A questionnaire id (the meta-schema's pattern)."""
OTHER_COPY = "_other"
"""The suffix of the list the export adds where only some of a list's questions offer
"other"."""
_REF = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
_PATTERNS = {"email": EMAIL_PATTERN, "url": URL_PATTERN}


def is_praxis_workbook(book: Workbook) -> bool:
    """Whether ``book`` was written by praxis (its survey or settings sheet has a
    ``praxis_*`` column)."""
    sheets = [book.sheet("survey"), book.sheet("settings")]
    return any(is_praxis_column(h.base) for s in sheets if s for h in s.headers)


def referenced_names(survey: Sheet) -> set[str]:
    """The names ``${...}`` in the ``relevant`` cells (the questions conditions look at)."""
    found: set[str] = set()
    for header in survey.columns("relevant"):
        for row in survey.rows:
            found |= set(_REF.findall(row.get(header.text)))
    return found


def original_name(c: Any, name: str, suffix: str) -> str:
    """A group's or column's name without the ``_section``/``_column`` the export adds where
    it would repeat the name of a question a condition refers to."""
    end = f"_{suffix}"
    base = name[: -len(end)] if name.endswith(end) else ""
    return base if base and base in c.referenced else name


def _plain(c: Any, row: Row) -> Callable[[str], str]:
    return lambda column: c.value(row, column)


def texts(c: Any, row: Row, column: str) -> dict[str, str] | None:
    """The cells of a translated column by language code, as written (None for none)."""
    found: dict[str, str] = {}
    for header in c._sheet(row).columns(column):
        code = c.languages.code_of(header)
        if code and row.get(header.text) and code not in found:
            found[code] = raw(row, header.text)
    return found or None


def raw(row: Row, header: str) -> str:
    """A text cell as written, spaces and line breaks at its ends included (a YAML ``|``
    text ends with one); other cells as :meth:`Row.get` gives them."""
    value = row.cells.get(header)
    return value if isinstance(value, str) else row.get(header)


def _text(c: Any, row: Row) -> Callable[[str], dict[str, str] | None]:
    return lambda column: texts(c, row, column)


def is_online_only(c: Any, row: Row) -> bool:
    """An introduction shown as a note, or a hidden project/token field: rows the export
    adds for answering online, which the questionnaire has elsewhere or not at all."""
    kind = parse_type(row.get(c._type_header())).original
    if kind == "hidden":
        return c.value(row, "name") in HIDDEN_FIELDS
    return kind == "note" and is_intro(_plain(c, row))


def praxis_type(c: Any, row: Row) -> str:
    """The row's ``praxis_type`` (``email``, ``url``, ``scale``, ``intro``) or ``""``."""
    return c.value(row, "praxis_type").strip()


def add_keys(c: Any, row: Row, q: dict[str, Any]) -> None:
    """The definition keys the ``praxis_*`` cells of ``row`` give, into ``q``; a scale's
    points and ends from its list (the list itself is not kept)."""
    keys = question_keys(_plain(c, row), _text(c, row))
    if has_own_choices(_plain(c, row)) and isinstance(q.get("choices"), str):
        c.own_lists.add(q["choices"])
    if keys.get("type") == "scale" and isinstance(q.get("choices"), str):
        entries = c.used_lists[q.pop("choices")]
        points = scale_keys([(choice.value, choice.label) for choice in entries.choices])
        q.pop("other", None)
        keys.update(points or {})
    q.update(keys)


def split_constraint(node: Node, kind: str) -> tuple[Node | None, dict[str, int]]:
    """An exported ``constraint`` without the parts praxis reads itself: the word limits
    (given back as ``min_words``/``max_words``) and the pattern of an ``email`` or ``url``
    question; the rest (None for nothing) for the usual reading of limits."""
    parts = node.parts if isinstance(node, Logic) and node.op == "and" else (node,)
    rest: list[Node] = []
    words: dict[str, int] = {}
    for part in parts:
        pattern = _pattern(part)
        if pattern is not None and kind == "long_text" and (limits := word_limits(pattern)):
            words.update(limits)
        elif pattern is None or pattern != _PATTERNS.get(kind):
            rest.append(part)
    if not rest:
        return None, words
    return (rest[0] if len(rest) == 1 else Logic("and", tuple(rest))), words


def _pattern(node: Node) -> str | None:
    """The pattern of ``regex(., '...')``, else None."""
    if not (isinstance(node, Call) and node.name == "regex" and len(node.args) == 2):
        return None
    current, pattern = node.args
    if isinstance(current, Current) and isinstance(pattern, Literal):
        return pattern.value
    return None


def is_yes_no(c: Any, row: Row, entries: Any) -> bool:
    """Whether a select row asks praxis's own yes/no (the list ``yes_no``, or ``yes_no_2``
    where the definition has a list of that name), not a list of two options that happen
    to mean yes and no (a ``select_one`` of the definition)."""
    if praxis_type(c, row) == "scale" or entries.values != ("yes", "no"):
        return False
    return re.fullmatch(r"yes_no(_\d+)?", entries.name) is not None


def plain_conditions(node: Node) -> Node:
    """The export's spelling of ``not_equals``, ``excludes`` and ``answered`` on a table
    as the reader of conditions knows them: ``${q} != '' and ${q} != 'v'`` ->
    ``${q} != 'v'``, ``count-selected(${q}) > 0 and not(selected(${q}, 'v'))`` ->
    ``not(selected(${q}, 'v'))``, ``count(${t}) > 0`` / ``= 0`` -> ``${t} != ''`` / ``= ''``."""
    if isinstance(node, Logic):
        parts = tuple(plain_conditions(p) for p in node.parts)
        if node.op == "and" and len(parts) == 2 and _answered(parts[0], parts[1]):
            return parts[1]
        return Logic(node.op, parts)
    if isinstance(node, Call) and node.name == "not":
        return Call(node.name, tuple(plain_conditions(a) for a in node.args))
    counted = isinstance(node, Compare) and _counted(node.left, "count") and _zero(node.right)
    if counted and node.op in (">", "="):  # type: ignore[union-attr]
        table = node.left.args[0]  # type: ignore[union-attr]
        return Compare("!=" if node.op == ">" else "=", table, Literal(""))  # type: ignore[union-attr]
    return node


def _answered(first: Node, second: Node) -> bool:
    """``first`` says that the question ``second`` looks at is answered, as the export
    writes it before ``!=`` and ``not(selected(...))``."""
    if not isinstance(first, Compare):
        return False
    if first.op == "!=" and isinstance(first.left, Ref) and first.right == Literal(""):
        return (
            isinstance(second, Compare)
            and second.op == "!="
            and second.left == first.left
            and second.right != Literal("")
        )
    if first.op == ">" and _counted(first.left, "count-selected") and _zero(first.right):
        inner = second.args[0] if isinstance(second, Call) and second.name == "not" else None
        return (
            isinstance(inner, Call)
            and inner.name == "selected"
            and inner.args[:1] == first.left.args  # type: ignore[union-attr]
        )
    return False


def _counted(node: Node, function: str) -> bool:
    """``function(${q})``."""
    return (
        isinstance(node, Call)
        and node.name == function
        and len(node.args) == 1
        and isinstance(node.args[0], Ref)
    )


def _zero(node: Node) -> bool:
    return isinstance(node, Literal) and node.number and node.value == "0"


def other_copy(c: Any, name: str) -> Any:
    """The list a ``<list>_other`` copy was made from (the copy has its options and
    ``other``), else None."""
    if not name.endswith(OTHER_COPY):
        return None
    copy, base = c.lists.get(name), c.lists.get(name[: -len(OTHER_COPY)])
    if copy is None or base is None or copy.values != (*base.values, "other"):
        return None
    return base


def settings(c: Any, out: dict[str, Any]) -> None:
    """``title``, ``intro``, ``network`` and ``return_to`` in every language, and the
    questionnaire id as written (``out`` is the definition, changed in place)."""
    sheet = c.book.sheet("settings")
    if sheet is not None and sheet.rows:
        found = settings_keys(_text(c, sheet.rows[0]))
        out.update({k: found[k] for k in ("title", "intro", "network", "return_to") if k in found})
    form_id = c.settings.get("form_id", "")
    if ID_PATTERN.match(form_id):
        out["id"] = form_id
        out.pop("xlsform", None)


def unused_lists(c: Any) -> list[str]:
    """The lists of the choices sheet no ``select`` row names (kept, as the export writes the
    definition's lists no question uses)."""
    header = c._type_header()
    named = {parse_type(row.get(header)).list_name for row in c.survey.rows}
    return [name for name in c.lists if name not in named]
