"""Semantic checks of a parsed definition, and the helpers that locate and explain problems.

They run on the raw YAML tree even when the meta-schema found mistakes, so that one run
reports everything; each check skips what is too malformed to judge.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.definition.question_types import QUESTION_TYPES, SCALE_MAX_POINTS
from pipeline.definition.questionnaire import CONDITION_OPS, OTHER
from pipeline.locale.texts import t
from pipeline.problems import Problem

Path_ = list[str | int]

TEXT_KEYS = ("title", "network", "intro", "return_to", "label", "hint", "heading", "unit")
TEXT_KEYS += ("low", "high")

ROLE_TYPES = {
    "consent": ("yes_no",),
    "consent_contact": ("yes_no",),
    "title": ("text",),
    "group": ("select_one", "select_multiple", "text"),
    "media": ("url",),
    "summary": ("text", "long_text"),
    "profile": ("select_one", "scale"),
}
SINGLE_ROLES = ("title", "group", "consent", "consent_contact", "summary")
FILTER_TYPES = ("select_one", "select_multiple")
"""The web edition filters by a question's choices: ``filter: true`` needs a choice question."""
PREFILL_TYPES = ("text", "long_text", "email", "url", "select_one", "integer", "decimal", "date")


# --- helpers ---------------------------------------------------------------------------------


def format_path(path: Path_) -> str:
    """``['sections', 2, 'questions', 4, 'choices']`` -> ``sections[2].questions[4].choices``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def line_of(root: Any, path: Path_) -> int | None:
    """The 1-based line of ``path`` in the YAML tree, or of its nearest existing parent."""
    node, line = root, None
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line = node.lc.key(step)[0] + 1
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line = node.lc.item(step)[0] + 1
        else:
            break
        node = node[step]
    return line if line is not None else 1


def did_you_mean(value: str, known: Any, lang: str) -> str:
    match = difflib.get_close_matches(value, [str(k) for k in known], n=1, cutoff=0.6)
    return t("def.did_you_mean", lang, suggestion=match[0]) if match else ""


def reason(lang: str, validator: str, limit: Any = None) -> str:
    """Why a value is invalid, in words."""
    if validator == "type":
        names = limit if isinstance(limit, list) else [limit]
        expected = " / ".join(t(f"def.json.{n}", lang) for n in names)
        return t("def.reason.type", lang, expected=expected)
    key = f"def.reason.{validator}"
    from pipeline.locale.texts import has_text

    return t(key, lang, limit=limit) if has_text(key) else t("def.reason.other", lang)


def _items(node: Any) -> Iterator[tuple[int, Any]]:
    if isinstance(node, list):
        yield from enumerate(node)


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


class _Checker:
    """Collects problems for one definition tree."""

    def __init__(self, root: CommentedMap, lang: str):
        self.root = root
        self.lang = lang
        self.problems: list[Problem] = []
        declared = _get(root, "languages")
        self.languages = (
            [x for x in declared if isinstance(x, str)] if isinstance(declared, list) else []
        )
        lists = _get(root, "choice_lists")
        self.choice_lists = lists if isinstance(lists, dict) else {}

    def add(self, code: str, text_key: str, path: Path_, /, **values: Any) -> None:
        message = t(text_key, self.lang, **values)
        self.problems.append(
            Problem(code, message, where=format_path(path), line=line_of(self.root, path))
        )

    # each question with its path, in order
    def questions(self) -> Iterator[tuple[Path_, dict]]:
        for si, section in _items(_get(self.root, "sections")):
            for qi, question in _items(_get(section, "questions")):
                if isinstance(question, dict):
                    yield ["sections", si, "questions", qi], question


def semantic_problems(root: CommentedMap, lang: str = "en") -> list[Problem]:
    """Every semantic problem: ids, choice lists, languages, skip logic, limits, roles."""
    checker = _Checker(root, lang)
    for check in (
        _check_languages,
        _check_ids,
        _check_choice_lists,
        _check_when,
        _check_limits,
        _check_roles,
    ):
        check(checker)
    return checker.problems


# --- languages --------------------------------------------------------------------------------


def _texts(node: Any, path: Path_) -> Iterator[tuple[Path_, dict]]:
    """Every language map in the tree, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, dict):
                yield [*path, key], value
            else:
                yield from _texts(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, [*path, i])


def split_by_comma(text: dict) -> bool:
    """A ``{de: a, b}`` in flow style: YAML made ``b`` a key without a value."""
    return any(
        value is None and not re.fullmatch("[a-z]{2,3}", str(key)) for key, value in text.items()
    )


def _check_languages(c: _Checker) -> None:
    if not c.languages:
        return
    shown = ", ".join(c.languages)
    for path, text in _texts(c.root, []):
        if split_by_comma(text):
            c.add("text-comma", "def.text_comma", path)
            continue
        for lang in c.languages:
            if not isinstance(text.get(lang), str) or not text.get(lang, "").strip():
                c.add("missing-language", "def.missing_language", path, lang=lang, languages=shown)
        for lang in text:
            if lang not in c.languages:
                c.add(
                    "extra-language",
                    "def.extra_language",
                    [*path, lang],
                    lang=lang,
                    languages=shown,
                )


# --- ids ---------------------------------------------------------------------------------------


def _check_unique(
    c: _Checker, entries: Iterator[tuple[Path_, Any]], key: str = "def.duplicate_id"
) -> None:
    seen: dict[str, Path_] = {}
    for path, value in entries:
        if not isinstance(value, str):
            continue
        if value in seen:
            first = line_of(c.root, seen[value])
            code = "duplicate-id" if key == "def.duplicate_id" else "duplicate-value"
            c.add(code, key, path, id=value, first=first)
        else:
            seen[value] = path


def _question_ids(c: _Checker) -> Iterator[tuple[Path_, Any]]:
    for path, q in c.questions():
        yield [*path, "id"], q.get("id")
        if q.get("other") is True and isinstance(q.get("id"), str):
            yield [*path, "other"], f"{q['id']}_{OTHER}"


def _check_ids(c: _Checker) -> None:
    sections = _get(c.root, "sections")
    _check_unique(c, ((["sections", i, "id"], _get(s, "id")) for i, s in _items(sections)))
    _check_unique(c, _question_ids(c))
    for path, q in c.questions():
        cols = q.get("columns")
        _check_unique(
            c, (([*path, "columns", i, "id"], _get(col, "id")) for i, col in _items(cols))
        )
    for name, entries in c.choice_lists.items():
        values = (
            (["choice_lists", name, i, "value"], _get(e, "value")) for i, e in _items(entries)
        )
        _check_unique(c, values, "def.duplicate_value")


# --- choice lists ------------------------------------------------------------------------------


def _fields(c: _Checker) -> Iterator[tuple[Path_, dict]]:
    """Questions and table columns."""
    for path, q in c.questions():
        yield path, q
        for i, col in _items(q.get("columns")):
            if isinstance(col, dict):
                yield [*path, "columns", i], col


def _check_choice_lists(c: _Checker) -> None:
    for path, f in _fields(c):
        ref = f.get("choices")
        if isinstance(ref, str) and ref not in c.choice_lists:
            tip = did_you_mean(ref, c.choice_lists, c.lang)
            c.add(
                "unknown-choice-list",
                "def.unknown_choice_list",
                [*path, "choices"],
                name=ref,
                tip=tip,
            )
        elif isinstance(ref, list):
            values = (([*path, "choices", i, "value"], _get(e, "value")) for i, e in _items(ref))
            _check_unique(c, values, "def.duplicate_value")


def choice_values(field: dict, choice_lists: dict) -> list[str]:
    """The values a select field can take, ``other`` included where it is offered."""
    ref = field.get("choices")
    entries = choice_lists.get(ref) if isinstance(ref, str) else ref
    values = [str(e.get("value")) for e in entries or [] if isinstance(e, dict)]
    return [*values, OTHER] if field.get("other") is True else values


# --- skip logic --------------------------------------------------------------------------------


def _check_when(c: _Checker) -> None:
    """Every ``when`` (of a section or a question, nested ``all``/``any`` at any depth) looks
    at an earlier question, with a comparison its type has and values it can take; a
    section's own ``when`` looks only at questions of earlier sections."""
    earlier: dict[str, dict] = {}
    everything = {q.get("id") for _, q in c.questions()}
    for si, section in _items(_get(c.root, "sections")):
        own = {q.get("id") for _, q in _items(_get(section, "questions")) if isinstance(q, dict)}
        scope = _Scope(earlier, everything, own)
        _check_node(c, ["sections", si, "when"], _get(section, "when"), scope)
        for qi, q in _items(_get(section, "questions")):
            if not isinstance(q, dict):
                continue
            path = ["sections", si, "questions", qi, "when"]
            _check_node(c, path, q.get("when"), _Scope(earlier, everything))
            if isinstance(q.get("id"), str):
                earlier[q["id"]] = q


class _Scope:
    """What a condition may look at: the ``earlier`` questions (id -> question), not the
    ``own`` ones of the section whose ``when`` it is; ``everything`` for a suggestion."""

    def __init__(self, earlier: dict, everything: set, own: set | None = None):
        self.earlier, self.everything, self.own = earlier, everything, own or set()


def _check_node(c: _Checker, path: Path_, when: Any, scope: _Scope) -> None:
    if not isinstance(when, dict):
        return
    for kind in ("all", "any"):
        for i, part in _items(when.get(kind)):
            _check_node(c, [*path, kind, i], part, scope)
    if "all" not in when and "any" not in when and isinstance(when.get("question"), str):
        _check_condition(c, path, when, scope)


def _check_condition(c: _Checker, path: Path_, when: dict, scope: _Scope) -> None:
    ref = when["question"]
    if ref in scope.own:
        c.add("when-own-section", "def.when_own_section", [*path, "question"], ref=ref)
        return
    if ref not in scope.earlier:
        if ref in scope.everything:
            c.add("when-forward", "def.when_forward", [*path, "question"], ref=ref)
        else:
            known = [k for k in scope.everything if isinstance(k, str)]
            tip = did_you_mean(ref, known, c.lang)
            c.add("when-unknown", "def.when_unknown", [*path, "question"], ref=ref, tip=tip)
        return
    target = scope.earlier[ref]
    qtype = QUESTION_TYPES.get(str(target.get("type")))
    op = next((k for k in CONDITION_OPS if k in when), None)
    if qtype is None or op is None:
        return
    ops = (*qtype.when_ops, "answered") if qtype.takes_answer else qtype.when_ops
    if op not in ops:
        allowed = " / ".join(ops) or "-"
        c.add(
            "when-operator",
            "def.when_operator",
            [*path, op],
            op=op,
            ref=ref,
            type=qtype.name,
            allowed=allowed,
        )
        return
    if op == "in":
        for i, value in _items(when[op]):
            _check_condition_value(c, [*path, op, i], value, target)
    elif op != "answered":
        _check_condition_value(c, [*path, op], when[op], target)


def _check_condition_value(c: _Checker, path: Path_, value: Any, target: dict) -> None:
    if target.get("type") == "yes_no":
        known: list[Any] = [True, False]
    else:
        known = choice_values(target, c.choice_lists)
    if value not in known:
        shown = ", ".join("true" if k is True else "false" if k is False else str(k) for k in known)
        c.add(
            "when-value",
            "def.when_value",
            path,
            ref=target.get("id"),
            value=repr(value),
            known=shown,
        )


# --- limits ------------------------------------------------------------------------------------

_PAIRS = (("min", "max"), ("min_words", "max_words"), ("min_choices", "max_choices"))


def _check_limits(c: _Checker) -> None:
    for path, f in _fields(c):
        for low, high in _PAIRS:
            lo, hi = f.get(low), f.get(high)
            if _is_number(lo) and _is_number(hi) and lo > hi:
                c.add(
                    "limits-order",
                    "def.limits_order",
                    [*path, low],
                    low=low,
                    low_value=lo,
                    high=high,
                    high_value=hi,
                )
        _check_choice_counts(c, path, f)
        _check_scale(c, path, f)


def _check_scale(c: _Checker, path: Path_, f: dict) -> None:
    """A scale runs over whole numbers, from ``min`` up to a larger ``max``, with at most
    :data:`SCALE_MAX_POINTS` points."""
    if f.get("type") != "scale":
        return
    ends = {"min": f.get("min", 1), "max": f.get("max", 5)}
    for key, value in ends.items():
        if _is_number(value) and value != int(value):
            c.add("scale-whole", "def.scale_whole", [*path, key], key=key, value=value)
            return
    low, high = ends["min"], ends["max"]
    if not (_is_number(low) and _is_number(high)):
        return
    if low >= high and not ("min" in f and "max" in f and low > high):  # else: limits-order
        c.add("scale-order", "def.scale_order", [*path, "min"], low=low, high=high)
    elif high - low + 1 > SCALE_MAX_POINTS:
        count, limit = int(high - low + 1), SCALE_MAX_POINTS
        key = "def.scale_points"
        c.add("scale-points", key, [*path, "max"], low=low, high=high, count=count, limit=limit)


def _check_choice_counts(c: _Checker, path: Path_, f: dict) -> None:
    if f.get("type") != "select_multiple":
        return
    count = len(choice_values(f, c.choice_lists))
    for key in ("min_choices", "max_choices"):
        value = f.get(key)
        if count and _is_number(value) and value > count:
            c.add(
                "too-few-choices",
                "def.too_few_choices",
                [*path, key],
                key=key,
                value=value,
                count=count,
            )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- compendium roles and prefill ----------------------------------------------------------


def role_of(question: dict) -> str | None:
    spec = question.get("compendium")
    role = spec.get("role") if isinstance(spec, dict) else spec
    return role if isinstance(role, str) else None


def _check_roles(c: _Checker) -> None:
    first: dict[str, Path_] = {}
    for path, q in c.questions():
        role, qtype = role_of(q), str(q.get("type"))
        if role in ROLE_TYPES and qtype in QUESTION_TYPES and qtype not in ROLE_TYPES[role]:
            types = " / ".join(ROLE_TYPES[role])
            c.add(
                "role-type",
                "def.role_type",
                [*path, "compendium"],
                role=role,
                types=types,
                type=qtype,
            )
        if role in SINGLE_ROLES:
            if role in first:
                c.add(
                    "role-once",
                    "def.role_once",
                    [*path, "compendium"],
                    role=role,
                    first=line_of(c.root, first[role]),
                )
            else:
                first[role] = [*path, "compendium"]
        spec = q.get("compendium")
        wants_filter = isinstance(spec, dict) and spec.get("filter") is True
        if wants_filter and qtype in QUESTION_TYPES and qtype not in FILTER_TYPES:
            c.add("filter-type", "def.filter_type", [*path, "compendium", "filter"], type=qtype)
        if "prefill" in q and qtype in QUESTION_TYPES and qtype not in PREFILL_TYPES:
            c.add("prefill-type", "def.prefill_type", [*path, "prefill"], type=qtype)
