"""The meta-schema of questionnaire definitions (JSON Schema 2020-12), built from the type table.

``schemas/questionnaire.schema.json`` is this schema written out; a test keeps the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.definition.question_types import APPEARANCES, COLUMN_TYPES, QUESTION_TYPES

ROLES = (
    "title",
    "group",
    "fact",
    "section",
    "media",
    "contact",
    "consent",
    "consent_contact",
    "hidden",
    "summary",
    "profile",
)
"""Compendium roles of an answer (see :class:`pipeline.definition.questionnaire.CompendiumRole`)."""

ID_PATTERN = "^[a-z][a-z0-9_]*$"
META_ID = "urn:praxis:questionnaire.schema.json"

_REF = "#/$defs/"

LIMIT_SCHEMAS: dict[str, dict[str, Any]] = {
    "max_length": {"type": "integer", "minimum": 1},
    "min_words": {"type": "integer", "minimum": 0},
    "max_words": {"type": "integer", "minimum": 1},
    "min": {"type": "number"},
    "max": {"type": "number"},
    "unit": {"anyOf": [{"type": "string"}, {"$ref": _REF + "text"}]},
    "min_choices": {"type": "integer", "minimum": 0},
    "max_choices": {"type": "integer", "minimum": 1},
    "max_rows": {"type": "integer", "minimum": 1},
    "choices": {
        "description": "The name of a choice list, or the choices themselves",
        "anyOf": [{"type": "string"}, {"$ref": _REF + "choice_list"}],
    },
    "other": {"type": "boolean"},
    "appearance": {"enum": list(APPEARANCES)},
    "columns": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "column"}},
    "low": {"$ref": _REF + "text"},
    "high": {"$ref": _REF + "text"},
}

_REQUIRED_BY_TYPE = {
    "select_one": ["choices"],
    "select_multiple": ["choices"],
    "table": ["columns"],
}


def _per_type(types: tuple[str, ...]) -> list[dict[str, Any]]:
    """One if/then per type admitting that type's limit keys."""
    branches = []
    for name in types:
        limits = QUESTION_TYPES[name].limits
        then: dict[str, Any] = {"properties": {k: {"$ref": _REF + "limit_" + k} for k in limits}}
        if name in _REQUIRED_BY_TYPE:
            then["required"] = _REQUIRED_BY_TYPE[name]
        branches.append({"if": {"properties": {"type": {"const": name}}}, "then": then})
    return branches


def _field(types: tuple[str, ...], extra: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"$ref": _REF + "id"},
        "type": {"enum": list(types)},
        "label": {"$ref": _REF + "text"},
        "hint": {"$ref": _REF + "text"},
        "required": {"type": "boolean"},
        "xlsform": {"$ref": _REF + "xlsform"},
    }
    props.update(extra)
    return {
        "type": "object",
        "required": ["id", "type", "label"],
        "properties": props,
        "allOf": _per_type(types),
        "unevaluatedProperties": False,
    }


COMMON_QUESTION_KEYS = ("id", "type", "label", "hint", "required", "when", "prefill", "compendium")
COMMON_QUESTION_KEYS += ("xlsform",)
COMMON_COLUMN_KEYS = ("id", "type", "label", "hint", "required", "xlsform")


def build_meta_schema() -> dict[str, Any]:
    """The JSON Schema that every questionnaire definition must satisfy."""
    text = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": "^[a-z]{2}$"},
        "additionalProperties": {"type": "string"},
    }
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "text": text,
        "choice": {
            "type": "object",
            "required": ["value", "label"],
            "additionalProperties": False,
            "properties": {
                "value": {"type": "string", "minLength": 1},
                "label": {"$ref": _REF + "text"},
            },
        },
        "choice_list": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "choice"}},
        "condition": {
            "type": "object",
            "required": ["question"],
            "properties": {
                "question": {"$ref": _REF + "id"},
                "equals": {"type": ["string", "boolean", "number"]},
                "includes": {"type": "string"},
            },
            "oneOf": [{"required": ["equals"]}, {"required": ["includes"]}],
            "additionalProperties": False,
        },
        "xlsform": {
            "description": "What the XLSForm import kept for an export (praxis ignores it)",
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {"name": {"type": "string", "minLength": 1}},
        },
        "compendium": {
            "anyOf": [
                {"enum": list(ROLES)},
                {
                    "type": "object",
                    "required": ["role"],
                    "additionalProperties": False,
                    "properties": {
                        "role": {"enum": list(ROLES)},
                        "heading": {"$ref": _REF + "text"},
                        "filter": {"type": "boolean"},
                    },
                },
            ]
        },
        "question": _field(
            tuple(QUESTION_TYPES),
            {
                "when": {"$ref": _REF + "condition"},
                "prefill": {"type": "string", "minLength": 1},
                "compendium": {"$ref": _REF + "compendium"},
            },
        ),
        "column": _field(COLUMN_TYPES, {}),
        "section": {
            "type": "object",
            "required": ["id", "title", "questions"],
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": _REF + "id"},
                "title": {"$ref": _REF + "text"},
                "intro": {"$ref": _REF + "text"},
                "questions": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "question"}},
                "xlsform": {"$ref": _REF + "xlsform"},
            },
        },
    }
    defs.update({"limit_" + k: v for k, v in LIMIT_SCHEMAS.items()})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": META_ID,
        "title": "praxis questionnaire definition",
        "type": "object",
        "required": ["id", "version", "languages", "title", "sections"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
            "version": {"type": "string", "minLength": 1},
            "languages": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": "^[a-z]{2}$"},
            },
            "title": {"$ref": _REF + "text"},
            "network": {"$ref": _REF + "text"},
            "intro": {"$ref": _REF + "text"},
            "return_to": {"$ref": _REF + "text"},
            "choice_lists": {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": _REF + "choice_list"},
            },
            "sections": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "section"}},
            "xlsform": {"$ref": _REF + "xlsform"},
        },
        "$defs": defs,
    }


def meta_schema_json() -> str:
    """The meta-schema as stable JSON text, as committed in ``schemas/``."""
    return json.dumps(build_meta_schema(), ensure_ascii=False, indent=2) + "\n"


if (
    __name__ == "__main__"
):  # python -m pipeline.definition.metaschema > schemas/questionnaire.schema.json
    print(meta_schema_json(), end="")
