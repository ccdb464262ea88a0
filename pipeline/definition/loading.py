"""Load and check a questionnaire definition: YAML -> meta-schema -> semantic checks -> model.

Every problem of a file is collected and reported in one run, each with its YAML path, its
line and a fix. ``parse_definition`` does no file I/O; ``load_questionnaire`` reads a file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from pipeline.definition import checks, schema_check
from pipeline.definition.building import build_questionnaire
from pipeline.definition.metaschema import (
    COMMON_COLUMN_KEYS,
    COMMON_QUESTION_KEYS,
    build_meta_schema,
    build_publication_schema,
)
from pipeline.definition.publication_checks import publication_problems
from pipeline.definition.question_types import QUESTION_TYPES
from pipeline.definition.questionnaire import Questionnaire
from pipeline.definition.yaml_tree import load_tree
from pipeline.errors import DefinitionError, UsageError
from pipeline.locale.texts import t
from pipeline.problems import Problem

Path_ = list[str | int]


def load_questionnaire(path: str | Path, lang: str = "en") -> Questionnaire:
    """Read, check and build the questionnaire in ``path``; raise DefinitionError on problems.

    An XLSForm workbook (``.xlsx``/``.xls``) is converted on the fly (see
    :mod:`pipeline.xlsform`); its problems name their cell (``survey!C5``)."""
    path = Path(path)
    if is_workbook(path):
        return _load_workbook(path, lang)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise UsageError(t("def.file_missing", lang, path=path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DefinitionError(str(path), [not_utf8_problem(raw, exc, str(path), lang)]) from exc
    return parse_definition(text, str(path), lang)


def not_utf8_problem(raw: bytes, exc: UnicodeDecodeError, source: str, lang: str) -> Problem:
    """The problem of a definition not saved as UTF-8 (e.g. Windows-1252 from an old editor):
    the line of the first byte that is not UTF-8, that line as Windows-1252 reads it, and how
    to save the file as UTF-8. Not read as Windows-1252: a file in another encoding would then
    be read with wrong letters without a word."""
    line = raw.count(b"\n", 0, exc.start) + 1
    start = raw.rfind(b"\n", 0, exc.start) + 1
    end = raw.find(b"\n", exc.start)
    shown_line = raw[start : end if end >= 0 else len(raw)].decode("cp1252", errors="replace")
    message = t("def.not_utf8", lang, byte=f"0x{raw[exc.start]:02X}", text=shown_line.strip()[:80])
    return Problem("not-utf8", message, file=source, line=line)


@functools.lru_cache(maxsize=32)
def parse_definition(text: str, source: str = "<definition>", lang: str = "en") -> Questionnaire:
    """Check the YAML ``text`` of a definition and build the model, or raise DefinitionError.

    Kept for the same text (the model is immutable; a definition that fails is read again
    each time): a round's pages and commands read the same ``definition.yaml`` again and
    again, and checking it costs about 150 ms."""
    root, problems = parse_yaml(text, lang)
    base = _folder_of(source)
    if root is not None:
        problems += check_definition(root, lang, base)
    problems = [_with_file(p, source) for p in problems]
    if any(p.is_error for p in problems):
        raise DefinitionError(source, problems)
    assert root is not None
    return build_questionnaire(root, base)


def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` is read as an XLSForm workbook rather than as YAML."""
    from pipeline.xlsform.workbook import WORKBOOK_SUFFIXES

    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def definition_text(path: str | Path, lang: str = "en") -> str:
    """The YAML text of the definition in ``path``: the file's own text, or for a workbook
    the converted definition (raise DefinitionError when it cannot be converted)."""
    path = Path(path)
    if not is_workbook(path):
        return path.read_text(encoding="utf-8-sig")
    return _workbook_import(path, lang).yaml_text


def _workbook_import(path: Path, lang: str) -> Any:
    from pipeline.xlsform import import_xlsform

    if not path.is_file():
        raise UsageError(t("def.file_missing", lang, path=path))
    result = import_xlsform(path, lang)
    if result.errors:
        raise DefinitionError(str(path), [p.as_problem(str(path)) for p in result.errors])
    return result


def _load_workbook(path: Path, lang: str) -> Questionnaire:
    result = _workbook_import(path, lang)
    try:
        return parse_definition(result.yaml_text, str(path), lang)
    except DefinitionError as exc:
        problems = [_at_cell(p, result.origins) for p in exc.problems]
        raise DefinitionError(str(path), problems) from None


def _at_cell(problem: Problem, origins: dict[str, str]) -> Problem:
    """A problem of the converted YAML placed at the workbook cell it came from."""
    from dataclasses import replace

    found = [p for p in origins if problem.where == p or problem.where.startswith(p + ".")]
    if not found:
        return replace(problem, line=None)
    best = max(found, key=len)
    return replace(problem, line=None, where=origins[best], location=problem.where)


def _folder_of(source: str) -> Path | None:
    """The folder of the definition file ``source`` (None for a text without a file)."""
    return None if source.startswith("<") else Path(source).resolve().parent


def check_definition(root: Any, lang: str = "en", base: Path | None = None) -> list[Problem]:
    """Every problem of a parsed definition: meta-schema first, then the semantic checks.
    ``base``: the folder the images of the ``publication:`` block are found in."""
    if not isinstance(root, CommentedMap):
        return [Problem("not-a-mapping", t("def.not_mapping", lang), line=1)]
    semantic = checks.semantic_problems(root, lang)
    declared = root.get("languages")
    languages = (
        tuple(x for x in declared if isinstance(x, str)) if isinstance(declared, list) else ()
    )
    if languages:
        semantic += publication_problems(root, ["publication"], languages, lang, base)
    return _sorted(semantic, _meta_problems(root, lang))


def check_publication_config(
    root: Any, languages: tuple[str, ...], lang: str = "en", base: Path | None = None
) -> list[Problem]:
    """Every problem of a parsed ``compile --config`` file (the keys of the ``publication:``
    block; its texts in ``languages``, its images relative to ``base``), checked like the
    block in a definition."""
    if root is None:
        return []  # an empty file: no settings
    if not isinstance(root, CommentedMap):
        return [Problem("not-a-mapping", t("def.publication_not_mapping", lang), line=1)]
    semantic = publication_problems(root, [], languages, lang, base)
    valid = schema_check.surely_valid(_compiled("publication"), root)
    meta = [
        p
        for error in ([] if valid else _publication_validator().iter_errors(root))
        for p in _translate(root, _leaf(error), lang)
    ]
    return _sorted(semantic, meta)


def _sorted(semantic: list[Problem], meta: list[Problem]) -> list[Problem]:
    """The problems of both kinds once each, in the order of their lines (a schema error
    inside a text split by a comma is left to the semantic problem that explains it)."""
    split = [p.where for p in semantic if p.code == "text-comma"]
    meta = [p for p in meta if not any(p.where.startswith(w) for w in split)]
    found = meta + semantic
    unique = {(p.code, p.where, p.message): p for p in found}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.where, p.code))


def _with_file(problem: Problem, source: str) -> Problem:
    from dataclasses import replace

    return replace(problem, file=source)


def parse_yaml(text: str, lang: str) -> tuple[Any, list[Problem]]:
    """The YAML tree of ``text`` with its lines (None and the problem when it is no YAML)."""
    try:
        return load_tree(text), []
    except DuplicateKeyError as exc:
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else "?"
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        return None, [
            Problem("yaml-duplicate-key", t("def.duplicate_key", lang, key=key), line=line)
        ]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = t("def.yaml_syntax", lang, problem=exc.problem or exc.context)
        return None, [Problem("yaml-syntax", message, line=line)]


# --- meta-schema errors, translated for people ---------------------------------------------


@cache
def _meta_validator() -> Draft202012Validator:
    return Draft202012Validator(build_meta_schema())


@cache
def _publication_validator() -> Draft202012Validator:
    return Draft202012Validator(build_publication_schema())


@cache
def _compiled(name: str) -> Any:
    return schema_check.compiled(
        build_meta_schema() if name == "meta" else build_publication_schema()
    )


def _meta_problems(root: CommentedMap, lang: str) -> list[Problem]:
    if schema_check.surely_valid(_compiled("meta"), root):
        return []  # nothing for jsonschema to word (see schema_check)
    problems: list[Problem] = []
    for error in _meta_validator().iter_errors(root):
        problems.extend(_translate(root, _leaf(error), lang))
    return problems


def _leaf(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf, the error of the branch that came closest."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deeper = best_match(error.context)
        if deeper is not None and list(deeper.absolute_path) != list(error.absolute_path):
            return _leaf(deeper)
    return error


def _translate(root: CommentedMap, error: ValidationError, lang: str) -> Iterator[Problem]:
    path: Path_ = list(error.absolute_path)
    handler = _HANDLERS.get(str(error.validator), _bad_value)
    yield from handler(root, error, path, lang)


def _problem(root: Any, code: str, message: str, path: Path_) -> Problem:
    return Problem(code, message, where=checks.format_path(path), line=checks.line_of(root, path))


def _enum(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    known = [str(v) for v in error.validator_value]
    value = str(error.instance)
    tip = checks.did_you_mean(value, known, lang)
    if path and path[-1] == "type":
        message = t("def.unknown_type", lang, value=value, tip=tip, known=", ".join(known))
        yield _problem(root, "unknown-type", message, path)
        return
    reason = ", ".join(known) + "?" + tip if tip else ", ".join(known)
    yield _problem(
        root, "bad-value", t("def.bad_value", lang, value=repr(value), reason=reason), path
    )


def _unexpected(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    instance = error.instance
    if not isinstance(instance, dict):
        return
    allowed = _allowed_keys(error, instance, path)
    if allowed is None:
        return
    for key in instance:
        if key in allowed:
            continue
        tip = checks.did_you_mean(str(key), allowed, lang)
        message = t("def.unknown_key", lang, key=key, tip=tip, known=", ".join(allowed))
        yield _problem(root, "unknown-key", message, [*path, key])


def _allowed_keys(error: ValidationError, instance: dict, path: Path_) -> list[str] | None:
    if error.validator == "additionalProperties":
        return list(error.schema.get("properties", {}))
    qtype = QUESTION_TYPES.get(str(instance.get("type")))
    if qtype is None:
        return None  # the unknown type is reported already; its keys cannot be judged
    common = COMMON_COLUMN_KEYS if "columns" in path else COMMON_QUESTION_KEYS
    return [*common, *qtype.limits]


def _required(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in error.validator_value:
        if key not in instance:
            yield _problem(root, "missing-key", t("def.missing_key", lang, key=key), [*path, key])


def _type(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    if path == ["version"]:
        yield _problem(
            root, "bad-value", t("def.version_not_string", lang, value=error.instance), path
        )
        return
    yield from _bad_value(root, error, path, lang)


def _pattern(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    if path and (path[-1] in ("id", "question") or "choice_lists" in path):
        yield _problem(root, "bad-id", t("def.bad_id", lang, value=error.instance), path)
        return
    yield from _bad_value(root, error, path, lang)


def _one_of(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    reason = checks.reason(lang, "one_of")
    value = repr(dict(error.instance)) if isinstance(error.instance, dict) else repr(error.instance)
    yield _problem(root, "bad-value", t("def.bad_value", lang, value=value, reason=reason), path)


def _bad_value(root: Any, error: ValidationError, path: Path_, lang: str) -> Iterator[Problem]:
    reason = checks.reason(lang, str(error.validator), error.validator_value)
    shown = error.instance
    value = repr(shown) if not isinstance(shown, dict | list) else f"({type(shown).__name__})"
    yield _problem(root, "bad-value", t("def.bad_value", lang, value=value, reason=reason), path)


_HANDLERS = {
    "enum": _enum,
    "additionalProperties": _unexpected,
    "unevaluatedProperties": _unexpected,
    "required": _required,
    "type": _type,
    "pattern": _pattern,
    "oneOf": _one_of,
}

__all__ = [
    "check_definition",
    "check_publication_config",
    "definition_text",
    "is_workbook",
    "load_questionnaire",
    "parse_definition",
    "parse_yaml",
]
