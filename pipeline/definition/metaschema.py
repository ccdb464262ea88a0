"""The meta-schema of questionnaire definitions (JSON Schema 2020-12), built from the type table.

``schemas/questionnaire.schema.json`` is this schema written out; a test keeps the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.definition.question_types import APPEARANCES, COLUMN_TYPES, QUESTION_TYPES
from pipeline.definition.questionnaire import CONDITION_OPS

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
LANGUAGE_PATTERN = "^[a-z]{2,3}$"
"""A language code of ISO 639-1 or, where there is none, 639-3 (``de``, ``en``, ``tet``)."""
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


def publication_defs() -> dict[str, Any]:
    """The ``$defs`` of the ``publication:`` block (also the whole of a ``compile --config``
    file): every entry optional; a text a language map or one plain string for all."""
    ref = {"$ref": _REF + "publication_text"}
    image = {
        "type": "object",
        "required": ["file", "alt"],
        "additionalProperties": False,
        "properties": {"file": {"type": "string", "minLength": 1}, "alt": ref},
    }
    party = {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {"name": ref, "address": ref},
    }
    return {
        "publication_text": {
            "description": "A language map {de: ..., en: ...}, or one text for every language",
            "type": ["string", "object"],
            "minLength": 1,
            "minProperties": 1,
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": {"type": "string"},
        },
        "publication_image": image,
        "publication_party": party,
        "publication": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": ref,
                "subtitle": ref,
                "editor": {"$ref": _REF + "publication_party"},
                "publisher": {"$ref": _REF + "publication_party"},
                "year": {"type": "integer", "minimum": 1900, "maximum": 2999},
                "foreword": ref,
                "method": ref,
                "imprint": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"responsible": ref, "contact": ref},
                },
                "funding": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "notice": ref,
                        "disclaimer": ref,
                        "logos": {"type": "array", "items": {"$ref": _REF + "publication_image"}},
                    },
                },
                "licence": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "pattern": "^(https?://|mailto:)"},
                        "text": ref,
                    },
                },
                "cover": {"$ref": _REF + "publication_image"},
            },
        },
    }


def build_publication_schema() -> dict[str, Any]:
    """The JSON Schema of a ``compile --config`` file: the ``publication:`` block alone."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:praxis:publication.schema.json",
        "title": "praxis publication settings",
        "$ref": _REF + "publication",
        "$defs": publication_defs(),
    }


def _condition_schema() -> dict[str, Any]:
    """``when``: one comparison with an earlier question, or ``all``/``any`` of conditions."""
    value = {"type": ["string", "boolean", "number"]}
    nested = {"type": "array", "minItems": 1, "items": {"$ref": _REF + "condition"}}
    kinds = (*CONDITION_OPS, "all", "any")
    return {
        "type": "object",
        "properties": {
            "question": {"$ref": _REF + "id"},
            "equals": value,
            "includes": {"type": "string"},
            "not_equals": value,
            "excludes": {"type": "string"},
            "in": {"type": "array", "minItems": 1, "items": value},
            "answered": {"type": "boolean"},
            "all": nested,
            "any": nested,
        },
        "oneOf": [{"required": [k]} for k in kinds],
        "if": {"anyOf": [{"required": ["all"]}, {"required": ["any"]}]},
        "then": {"properties": {"question": {"not": {}}}},
        "else": {"required": ["question"]},
        "additionalProperties": False,
    }


COMMON_QUESTION_KEYS = ("id", "type", "label", "hint", "required", "when", "prefill", "compendium")
COMMON_QUESTION_KEYS += ("xlsform",)
COMMON_COLUMN_KEYS = ("id", "type", "label", "hint", "required", "xlsform")


def build_meta_schema() -> dict[str, Any]:
    """The JSON Schema that every questionnaire definition must satisfy."""
    text = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": LANGUAGE_PATTERN},
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
        "condition": _condition_schema(),
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
                "when": {"$ref": _REF + "condition"},
                "questions": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "question"}},
                "xlsform": {"$ref": _REF + "xlsform"},
            },
        },
    }
    defs.update({"limit_" + k: v for k, v in LIMIT_SCHEMAS.items()})
    defs.update(publication_defs())
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
                "items": {"type": "string", "pattern": LANGUAGE_PATTERN},
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
            "publication": {"$ref": _REF + "publication"},
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
