"""Whether a definition's tree is valid by a meta-schema, asked of jsonschema-rs first.

The Python ``jsonschema`` package words every problem the way :mod:`pipeline.definition.loading`
translates for people (path, validator, branch that came closest), but it takes 0.1-0.2 s for
the bundled questionnaire, a third of reading it; jsonschema-rs (the same JSON Schema 2020-12
rules, compiled) answers "valid or not" in a millisecond. A tree it finds valid has nothing
for ``jsonschema`` to report; any other tree (invalid, or with a value JSON has no type for,
such as a date) is left to ``jsonschema`` as before, so every problem is still found and
worded by it alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema_rs


def compiled(schema: Mapping[str, Any]) -> Any:
    """jsonschema-rs's validator of ``schema`` (JSON Schema 2020-12, formats not asserted,
    as in ``jsonschema``)."""
    return jsonschema_rs.Draft202012Validator(dict(schema), validate_formats=False)


def surely_valid(validator: Any, tree: Any) -> bool:
    """True when ``validator`` finds ``tree`` valid; False when it finds a problem or the
    tree holds a value it cannot take (then ``jsonschema`` decides)."""
    try:
        return bool(validator.is_valid(_plain(tree)))
    except (ValueError, TypeError, RecursionError):
        return False


def _plain(value: Any) -> Any:
    """``value`` with ruamel.yaml's str, int and float subclasses as the plain types;
    TypeError for a value JSON has no type for (a date, a key that is no text)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("a key that is no text")
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool):  # bool has no subclasses
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"no JSON type for {type(value).__name__}")  # e.g. a date
