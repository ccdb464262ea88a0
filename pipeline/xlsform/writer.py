"""The definition as YAML text (ruamel.yaml round-trip), with a comment at each approximation.

Short texts and choices are written in flow style, as in the bundled questionnaire; texts
with line breaks as literal blocks. A header comment names the source and the import report.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

_FLOW_WIDTH = 90


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values())


def _scalar(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


_ORDER = ("id", "type", "label", "hint", "required", "choices", "other", "appearance")
_ORDER += ("max_length", "min", "max", "min_choices", "max_choices", "columns", "max_rows")
_ORDER += ("when", "xlsform")


def _ordered(value: dict[str, Any]) -> list[str]:
    """A question's keys in the order of the bundled questionnaire; others as they come."""
    if "type" not in value:
        return list(value)
    return sorted(value, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER))


def _node(value: Any, comments: dict[int, list[str]]) -> Any:
    if isinstance(value, dict):
        node = CommentedMap()
        for key in _ordered(value):
            inner = value[key]
            node[key] = _node(inner, comments)
        if _flow(value):
            node.fa.set_flow_style()
        notes = comments.get(id(value))
        if notes and "id" in node:
            text = "; ".join(dict.fromkeys(" ".join(n.split()) for n in notes))
            node.yaml_add_eol_comment(text, "id")
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_node(v, comments) for v in value)
        if all(isinstance(v, str | int | float) for v in value):
            seq.fa.set_flow_style()
        return seq
    return _scalar(value)


def _flow(value: dict[str, Any]) -> bool:
    """Short texts and choices on one line (none with a line break)."""
    wanted = (_is_text(value) and _short(value)) or set(value) == {"value", "label"}
    wanted = wanted or ("question" in value and len(str(value)) <= _FLOW_WIDTH)
    return wanted and all(not isinstance(v, str) or "\n" not in v for v in _leaves(value))


def _flow(value: dict[str, Any]) -> bool:
    """Short texts and choices on one line (none with a line break)."""
    wanted = (_is_text(value) and _short(value)) or set(value) == {"value", "label"}
    wanted = wanted or ("question" in value and len(str(value)) <= _FLOW_WIDTH)
    return bool(wanted) and all("\n" not in str(v) for v in _leaves(value))


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


def _short(text: dict[str, str]) -> bool:
    return sum(len(v) + len(k) + 4 for k, v in text.items()) <= _FLOW_WIDTH


def definition_yaml(
    definition: dict[str, Any], comments: dict[int, list[str]], header: list[str]
) -> str:
    """The YAML text of ``definition``; ``comments`` by ``id()`` of a question or section
    dict; ``header`` the comment lines at the top."""
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    root = _node(definition, comments)
    out = io.StringIO()
    for line in header:
        out.write(f"# {' '.join(line.split())}\n" if line else "#\n")
    yaml.dump(root, out)
    return out.getvalue()
