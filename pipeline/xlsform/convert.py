"""An XLSForm workbook as a praxis definition (plain data), with every problem and the class
of every row; see ``docs/xlsform.md`` for the rules.

Structure: top-level labelled groups become sections (their ``relevant`` the section's
``when``); questions outside any group gather in sections of their own; nested or unlabelled
groups are flattened, their label kept as a note and their ``relevant`` ANDed into their
questions' ``when``; first-level repeats become ``table`` questions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pipeline.xlsform.conditions as cond
import pipeline.xlsform.praxis_workbook as own
from pipeline.definition.question_types import COLUMN_TYPES, QUESTION_TYPES
from pipeline.locale.texts import t
from pipeline.xlsform.choices import Choice, ChoiceList
from pipeline.xlsform.expressions import ExpressionError, normalise, parse
from pipeline.xlsform.labels import clean, interpolate
from pipeline.xlsform.languages import Languages, find_languages
from pipeline.xlsform.names import Names, normalise_id
from pipeline.xlsform.questions import build_question, build_table, flatten_group
from pipeline.xlsform.report import ImportProblem, RowClass, Rows
from pipeline.xlsform.tree import Block, Item, survey_tree
from pipeline.xlsform.types import Kind, TypeSpec
from pipeline.xlsform.workbook import Row, Sheet, Workbook

KNOWN_COLUMNS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "required_message",
        "appearance",
        "default",
        "choice_filter",
        "read_only",
        "calculation",
        "repeat_count",
        "parameters",
        "image",
        "audio",
        "video",
        "media",
        "guidance_hint",
    }
)
"""``survey`` columns the importer reads (the others are reported once each)."""

_TRUE = frozenset({"yes", "true", "1", "true()", "y"})
_FALSE = frozenset({"no", "false", "0", "false()", "n", ""})
_DROPDOWN = frozenset({"minimal", "autocomplete", "search", "minimal autocomplete"})
_YES_NO_LISTS = frozenset({"yes_no", "yesno", "ja_nein", "oui_non", "yn", "noyes", "no_yes"})


class Converter:
    """One conversion: holds the problems, the row classes and the names handed out."""

    def __init__(self, book: Workbook, lang: str, plain: str | None):
        self.book = book
        self.lang = lang
        self.problems: list[ImportProblem] = []
        self.rows = Rows()
        self.ids = Names()
        self.list_ids = Names()
        self.renamed: list[tuple[str, str]] = []
        self.comments: dict[int, list[str]] = {}
        self.origins: dict[int, str] = {}
        self.targets: dict[str, cond.Target] = {}
        self.absent: dict[str, str] = {}
        self.by_name: dict[str, Row] = {}
        self.questions: dict[str, dict[str, Any]] = {}
        self.section_of: dict[str, str] = {}
        self.used_lists: dict[str, ChoiceList] = {}
        self.missing_text: dict[tuple[str, str], list[str]] = {}
        self.survey = book.sheet("survey") or Sheet("survey", (), ())
        self.settings = self._settings()
        sheets = [self.survey, book.sheet("choices") or Sheet("choices", (), ())]
        self.languages: Languages = find_languages(
            sheets, self.settings.get("default_language", ""), plain
        )
        self.lists: dict[str, ChoiceList] = {}
        self.section = ""
        self.appearances: dict[str, list[Row]] = {}
        self.praxis = own.is_praxis_workbook(book)
        """Written by praxis: its ``praxis_*`` columns are read (:mod:`.praxis_workbook`)."""
        self.referenced = own.referenced_names(self.survey) if self.praxis else set()
        self.section_ids = Names() if self.praxis else self.ids
        """Section ids: apart from the question ids in a praxis workbook, as in praxis."""
        self.own_lists: set[str] = set()
        """Lists that are a question's own options (``praxis_choices``)."""

    # --- problems ------------------------------------------------------------------------

    def problem(self, row: Row | None, column: str, key: str, severity: str, **values: Any) -> None:
        sheet = row.sheet if row else self.survey.name
        header = self._header(row, column) if row else column
        cell = row.cell(header) if row and header else (f"{sheet}!{row.number}" if row else "")
        message = t(key, self.lang, **values)
        self.problems.append(ImportProblem(sheet, cell, header or column, message, severity))
        if row is not None and row.sheet == self.survey.name:
            self.rows.mark(row.number, RowClass.ERROR if severity == "error" else RowClass.APPROX)

    def loss(self, row: Row | None, column: str, key: str, **values: Any) -> None:
        self.problem(row, column, key, "loss", **values)

    def error(self, row: Row | None, column: str, key: str, **values: Any) -> None:
        self.problem(row, column, key, "error", **values)

    def note(self, target: dict[str, Any], key: str, **values: Any) -> None:
        """A comment at ``target`` in the written YAML (in the message language)."""
        self.comments.setdefault(id(target), []).append(t(key, self.lang, **values))

    def _header(self, row: Row, column: str) -> str:
        """The header text of ``column`` (a base name such as ``label``) in ``row``."""
        if column in row.letters:
            return column
        matches = [h.text for h in self._sheet(row).headers if h.base == column]
        filled = [h for h in matches if h in row.cells]
        return (filled or matches or [column])[0]

    def _sheet(self, row: Row) -> Sheet:
        return self.book.sheet(row.sheet.lower()) or self.survey

    # --- cells ---------------------------------------------------------------------------

    def value(self, row: Row, column: str) -> str:
        """The cell of the first header with base name ``column`` that has a value."""
        for header in self._sheet(row).headers:
            if header.base == column and header.language == "" and row.get(header.text):
                return row.get(header.text)
        for header in self._sheet(row).headers:
            if header.base == column and row.get(header.text):
                return row.get(header.text)
        return ""

    def text(self, row: Row, column: str, fallback: str = "") -> dict[str, str] | None:
        """The texts of ``column`` by language code, cleaned; missing languages filled."""
        found: dict[str, str] = {}
        for header in self._sheet(row).headers:
            code = self.languages.code_of(header)
            if header.base == column and code and row.get(header.text) and code not in found:
                found[code] = own.raw(row, header.text) if self.praxis else row.get(header.text)
        if not found and not fallback:
            return None
        return self._complete(row, column, found or dict.fromkeys(self.languages.codes, fallback))

    def _complete(self, row: Row, column: str, found: dict[str, str]) -> dict[str, str]:
        first = next(iter(found.values()))
        base = found.get(self.languages.codes[0], first)
        texts: dict[str, str] = {}
        changed = False
        for code in self.languages.codes:
            if code not in found:
                header = self._language_header(row, column, code)
                self.missing_text.setdefault((header, code), []).append(row.cell(header))
            text, stripped = clean(found.get(code, base))
            if self.praxis:  # praxis writes its texts as they are
                text, stripped = found.get(code, base), False
            texts[code] = text or base
            changed = changed or stripped
        if changed:
            self.loss(row, column, "xlsform.approx.markup")
        return texts

    def _language_header(self, row: Row, column: str, code: str) -> str:
        for header in self._sheet(row).headers:
            if header.base == column and self.languages.code_of(header) == code:
                return header.text
        return self._header(row, column)

    def _settings(self) -> dict[str, str]:
        sheet = self.book.sheet("settings")
        if sheet is None or not sheet.rows:
            return {}
        row = sheet.rows[0]
        return {h.base: row.get(h.text) for h in sheet.headers if row.get(h.text)}

    # --- the whole definition ----------------------------------------------------------

    def convert(self) -> dict[str, Any]:
        if self.book.sheet("survey") is None:
            self.error(None, "", "xlsform.no_survey", sheets=", ".join(self.book.sheets))
            return {}
        if not self.languages.codes:
            self.error(None, "", "xlsform.no_label")
            return {}
        self._report_languages()
        self._read_choices()
        self._report_columns()
        tree, ends = survey_tree(self.survey.rows, self._type_header(), self._tree_problem)
        for row in ends:
            self.rows.mark(row.number, RowClass.IGNORED)
        for row in tree.rows():
            if row.get("name") or self.value(row, "name"):
                self.by_name.setdefault(self.value(row, "name"), row)
        sections = self._sections(tree)
        self._report_missing_texts()
        self._report_appearances()
        return self._definition(sections)

    def _type_header(self) -> str:
        return next((h.text for h in self.survey.headers if h.base == "type"), "type")

    def _tree_problem(self, row: Row, key: str, severity: str) -> None:
        self.problem(row, "type", key, severity)

    def _definition(self, sections: list[dict[str, Any]]) -> dict[str, Any]:
        original = self.settings.get("form_id") or self.settings.get("id_string") or ""
        stem = self.book.path.stem
        form_id = normalise_id(original or stem).replace("_", "-")
        title = self.settings.get("form_title") or self.settings.get("title") or original or stem
        version = self.settings.get("version", "")
        if not version:
            self.loss(None, "", "xlsform.no_version")
        out: dict[str, Any] = {
            "id": form_id,
            "version": version or "1",
            "languages": list(self.languages.codes),
            "title": self._same_text(title),
        }
        if original and original != form_id:
            out["xlsform"] = {"name": original}
        if self.praxis:
            own.settings(self, out)
        lists = self._lists()
        if lists:
            out["choice_lists"] = lists
        out["sections"] = sections
        return out

    def _same_text(self, text: str) -> dict[str, str]:
        return dict.fromkeys(self.languages.codes, clean(text)[0])

    # --- languages and columns -----------------------------------------------------------

    def _report_languages(self) -> None:
        for header in self.languages.unknown:
            self.loss(None, header.text, "xlsform.language_unknown", spelling=header.language)
        if self.languages.assumed:
            self.loss(None, "label", "xlsform.language_assumed", code=self.languages.codes[0])

    def _report_columns(self) -> None:
        for header in self.survey.headers:
            if self.praxis and own.is_praxis_column(header.base):
                continue
            if header.base not in KNOWN_COLUMNS and not header.base.startswith(("bind", "body")):
                count = sum(1 for r in self.survey.rows if r.get(header.text))
                if count:
                    cell = f"{self.survey.name}!{header.letter}1"
                    message = t("xlsform.column_ignored", self.lang, count=count)
                    self.problems.append(
                        ImportProblem(self.survey.name, cell, header.text, message)
                    )

    def _report_missing_texts(self) -> None:
        for (column, code), cells in self.missing_text.items():
            key = "xlsform.text_missing"
            first = self.languages.codes[0]
            message = t(key, self.lang, count=len(cells), code=code, first=first)
            sheet = cells[0].split("!")[0]
            self.problems.append(ImportProblem(sheet, cells[0], column, message))

    def _report_appearances(self) -> None:
        for appearance, rows in self.appearances.items():
            message = t("xlsform.appearance_dropped", self.lang, value=appearance, count=len(rows))
            cell = rows[0].cell(self._header(rows[0], "appearance"))
            self.problems.append(ImportProblem(self.survey.name, cell, "appearance", message))

    # --- choice lists --------------------------------------------------------------------

    def _read_choices(self) -> None:
        sheet = self.book.sheet("choices")
        if sheet is None:
            return
        for row in sheet.rows:
            name, value = self.value(row, "list_name"), self.value(row, "name")
            if not name or not value:
                self.loss(row, "name" if name else "list_name", "xlsform.choice_incomplete")
                continue
            entries = self.lists.setdefault(name, ChoiceList(name))
            if value in entries.values:
                self.loss(row, "name", "xlsform.choice_duplicate", value=value, list=name)
                continue
            label = self.text(row, "label", fallback=value)
            assert label is not None
            entries.choices.append(Choice(value, label, row))

    def list_for(self, row: Row, spec: TypeSpec) -> ChoiceList | None:
        return self.list_named(row, spec.list_name)

    def list_named(self, row: Row, name: str) -> ChoiceList | None:
        """The list ``name`` a question of ``row`` uses (given its praxis id), or None."""
        found = self.lists.get(name)
        if found is None:
            return None
        if not found.id:
            found.id, collision = self.list_ids.claim(found.name)
            if collision:
                self.loss(row, "type", "xlsform.list_collision", list=found.name, id=found.id)
        self.used_lists[found.id] = found
        return found

    def _lists(self) -> dict[str, list[dict[str, Any]]]:
        """The lists questions use, in the order of first use; ``other`` taken out of a list
        whose questions all offer it through ``other: true``."""
        users: dict[str, list[dict[str, Any]]] = {}
        for q in self._fields():
            if isinstance(q.get("choices"), str):
                users.setdefault(q["choices"], []).append(q)
        out: dict[str, list[dict[str, Any]]] = {}
        for list_id, entries in self.used_lists.items():
            if list_id not in users:
                continue
            choices = [{"value": c.value, "label": c.label} for c in entries.choices]
            out[list_id] = choices
            if "other" in entries.values and any(q.get("other") for q in users[list_id]):
                self._split_other(list_id, choices, users[list_id], out)
            if list_id in self.own_lists:  # a question's own options, in place again
                choices = out.pop(list_id)
                for q in users[list_id]:
                    q["choices"] = choices
        if self.praxis:
            for name in own.unused_lists(self):
                list_id, _ = self.list_ids.claim(name)
                entries = self.lists[name]
                out[list_id] = [{"value": c.value, "label": c.label} for c in entries.choices]
        return out

    def _split_other(
        self, list_id: str, choices: list[dict[str, Any]], users: list[dict], out: dict
    ) -> None:
        without = [c for c in choices if c["value"] != "other"]
        if all(q.get("other") for q in users):
            out[list_id] = without
            return
        new_id, _ = self.list_ids.claim(f"{list_id}_without_other")
        out[new_id] = without
        for q in users:
            if q.get("other"):
                q["choices"] = new_id

    def _fields(self) -> Iterator[dict[str, Any]]:
        for q in self.questions.values():
            yield q
            yield from q.get("columns", [])

    # --- sections ------------------------------------------------------------------------

    def _sections(self, tree: Block) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        loose: dict[str, Any] | None = None
        for child in tree.children:
            if self.praxis and isinstance(child, Item) and own.is_online_only(self, child.row):
                self.rows.mark(child.row.number, RowClass.IGNORED)
                continue
            if isinstance(child, Block) and not child.repeat and self.text(child.row, "label"):
                sections.append(self._section(child))
                loose = None
                continue
            if loose is None:
                loose = self._loose_section(len(sections))
                sections.append(loose)
            self.section = loose["id"]
            self.emit(child, loose["questions"], [], [])
        return [s for s in sections if s["questions"]]

    def _loose_section(self, index: int) -> dict[str, Any]:
        section_id, _ = self.ids.claim(f"part_{index + 1}")
        key = "xlsform.section.first" if index == 0 else "xlsform.section.more"
        title = self.settings.get("form_title") or self.settings.get("title") or ""
        texts = {
            code: title if index == 0 and title else t(key, code) for code in self.languages.codes
        }
        return {"id": section_id, "title": texts, "questions": []}

    def _section(self, block: Block) -> dict[str, Any]:
        row = block.row
        assert row is not None
        name = self.value(row, "name") or f"group_{row.number}"
        if self.praxis:
            name = own.original_name(self, name, "section")
        section_id = self.claim(row, name, self.section_ids)
        section: dict[str, Any] = {"id": section_id, "title": self.text(row, "label")}
        intro = self.text(row, "hint")
        if intro:
            section["intro"] = intro
        self.section = section_id
        self.rows.mark(row.number, RowClass.EXACT)
        self.origins[id(section)] = row.cell(self._header(row, "label"))
        when, lost = self.relevant(row)
        if when:
            section["when"] = when
        section["questions"] = []
        if name != section_id:
            section["xlsform"] = {"name": name}
        for child in block.children:
            self.emit(child, section["questions"], [], lost)
        return section

    def claim(self, row: Row, name: str, names: Names | None = None) -> str:
        """The praxis id for ``name`` among ``names`` (default: the question ids)."""
        new, collision = (self.ids if names is None else names).claim(name)
        if collision is not None:
            self.loss(row, "name", "xlsform.name_collision", name=name, other=collision, id=new)
        if new != name:
            self.renamed.append((name, new))
        return new

    # --- conditions ----------------------------------------------------------------------

    def relevant(self, row: Row) -> tuple[dict[str, Any] | None, list[str]]:
        """The row's own ``when``, or the expressions (in words) it lost."""
        expression = self.value(row, "relevant")
        if not expression:
            return None, []
        try:
            node = parse(expression)
            if self.praxis:
                node = own.plain_conditions(node)
            when = cond.to_when(node, self.lookup)
        except ExpressionError as exc:
            self.loss(row, "relevant", "xlsform.lost.unreadable", detail=str(exc))
        except cond.Lost as lost:
            reason = t(lost.key, self.lang, **lost.values)
            self.loss(row, "relevant", "xlsform.lost.condition", reason=reason)
        else:
            self.rows.conditions_kept += 1
            return when, []
        self.rows.conditions_lost += 1
        return None, [self._in_words(expression)]

    def lookup(self, name: str) -> cond.Target:
        if name in self.targets:
            return self.targets[name]
        if name in self.absent:
            raise cond.Lost(self.absent[name], name=name)
        if name in self.by_name:
            raise cond.Lost("xlsform.lost.later", name=name)
        raise cond.Lost("xlsform.lost.unknown", name=name)

    def _in_words(self, expression: str) -> str:
        words, _ = interpolate(normalise(" ".join(expression.split())), self._label_of(None))
        return words

    def _label_of(self, code: str | None):
        def label(name: str) -> str:
            row = self.by_name.get(name)
            texts = self.text(row, "label") if row else None
            if not texts:
                return name
            return texts.get(code or self.languages.codes[0], name)

        return label

    # --- rows ----------------------------------------------------------------------------

    def emit(
        self, node: Item | Block, into: list[dict[str, Any]], when: list[dict], lost: list[str]
    ) -> None:
        """Add the question(s) of ``node`` to ``into`` under the enclosing conditions."""
        if isinstance(node, Item):
            question = build_question(self, node, when, lost)
            if question is not None:
                into.append(question)
        elif node.repeat:
            table = build_table(self, node, when, lost)
            if table is not None:
                into.append(table)
        else:
            flatten_group(self, node, into, when, lost)

    def add(self, row: Row, question: dict[str, Any], name: str) -> None:
        """Record an imported question (its target for later conditions, its cell)."""
        self.questions[question["id"]] = question
        self.section_of[question["id"]] = self.section
        self.origins[id(question)] = row.cell(self._header(row, "name"))
        self.rows.mark(row.number, RowClass.EXACT)
        choices = self.used_lists.get(str(question.get("choices")))
        values = choices.values if choices else ()
        truth = question.pop("_truth", None) or {}
        if question["type"] == "note":  # shows text, takes no answer a condition could ask for
            self.absent[name] = "xlsform.lost.note"
            return
        self.targets[name] = cond.Target(question["id"], question["type"], values, truth)

    def boolean(self, row: Row, column: str) -> bool:
        cell = self.value(row, column).lower()
        if cell in _TRUE:
            return True
        if cell not in _FALSE:
            self.loss(row, column, "xlsform.approx.required_expression")
        return False

    def appearance(self, row: Row, praxis_type: str) -> str:
        """The praxis type or appearance an ``appearance`` cell asks for (``long_text``,
        ``dropdown``, ``note`` for a grid's header row), or ``""``; screen layouts are
        counted for the report."""
        cell = self.value(row, "appearance").lower()
        if not cell:
            return ""
        if praxis_type == "text" and "multiline" in cell.split():
            return "long_text"
        if praxis_type == "select_one" and cell in _DROPDOWN:
            return "dropdown"
        if praxis_type == "scale" and cell == "likert":
            return ""  # how praxis's own export shows a scale online
        if praxis_type.startswith("select_") and cell.split() == ["label"]:
            return "note"  # the header row of a grid: its options are the columns' heads
        self.appearances.setdefault(cell, []).append(row)
        return ""

    def is_yes_no_list(self, name: str) -> bool:
        return normalise_id(name) in _YES_NO_LISTS

    @staticmethod
    def column_type(praxis_type: str) -> bool:
        return praxis_type in COLUMN_TYPES and praxis_type in QUESTION_TYPES


__all__ = ["Converter", "Kind"]
