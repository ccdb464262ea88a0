"""XLSForm skip logic and constraints as praxis data: ``relevant`` -> ``when``, ``constraint``
-> limits (``min``/``max``, ``max_length``, ``min_choices``/``max_choices``).

The expression tree of :mod:`pipeline.xlsform.expressions` is translated structurally: atoms
on one question (``${q} = 'v'``, ``selected(${q}, 'v')``, ``${q} != ''``), negations pushed
down to the atoms, ``and``/``or`` as ``all``/``any``, an ``or`` of values of one select_one
as ``in``. What has no praxis form (arithmetic, numeric comparisons, functions, paths,
references to fields praxis does not import) raises :class:`Lost` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import PraxisError
from pipeline.xlsform.expressions import (
    Arithmetic,
    Call,
    Compare,
    Current,
    Literal,
    Logic,
    Node,
    Ref,
    RelativePath,
)


class Lost(PraxisError):
    """The expression has no praxis form; ``key`` is the text key of the reason."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Target:
    """What a condition may say about an imported question."""

    id: str
    type: str
    values: tuple[str, ...] = ()
    truth: dict[str, bool] = field(default_factory=dict)
    """For a yes_no made from a yes/no list: the original values and what they mean."""


Lookup = Callable[[str], Target]
"""The question an XLSForm name stands for; raises :class:`Lost` when there is none."""


# --- relevant -> when ---------------------------------------------------------------------


def to_when(node: Node, lookup: Lookup) -> dict[str, Any] | None:
    """The ``when`` of an expression (None for ``true()``); raise :class:`Lost`."""
    if isinstance(node, Call) and node.name == "true" and not node.args:
        return None
    return _when(node, lookup, False)


def _when(node: Node, lookup: Lookup, negate: bool) -> dict[str, Any]:
    if isinstance(node, Logic):
        return _logic(node, lookup, negate)
    if isinstance(node, Call):
        return _call(node, lookup, negate)
    if isinstance(node, Compare):
        return _compare(node, lookup, negate)
    raise _lost_for(node)


def _logic(node: Logic, lookup: Lookup, negate: bool) -> dict[str, Any]:
    every = (node.op == "and") != negate  # De Morgan: not(a and b) = not a or not b
    parts = [_when(p, lookup, negate) for p in node.parts]
    key = "all" if every else "any"
    flat: list[dict[str, Any]] = []
    for part in parts:
        flat.extend(part[key] if set(part) == {key} else [part])
    if not every:
        flat = _as_in(flat)
    return flat[0] if len(flat) == 1 else {key: flat}


def _as_in(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``equals a`` or ``equals b`` on one select_one -> ``in: [a, b]``."""
    values: dict[str, list[str]] = {}
    for part in parts:
        if set(part) == {"question", "equals"} and isinstance(part["equals"], str):
            values.setdefault(part["question"], []).append(part["equals"])
    merged: list[dict[str, Any]] = []
    done: set[str] = set()
    for part in parts:
        q = part.get("question")
        if q in values and len(values[q]) > 1 and "equals" in part:
            if q not in done:
                merged.append({"question": q, "in": list(dict.fromkeys(values[q]))})
                done.add(q)
            continue
        merged.append(part)
    return merged


def _call(node: Call, lookup: Lookup, negate: bool) -> dict[str, Any]:
    if node.name == "not" and len(node.args) == 1:
        return _when(node.args[0], lookup, not negate)
    if node.name == "selected" and len(node.args) == 2:
        ref, value = node.args
        if isinstance(ref, Ref) and isinstance(value, Literal):
            return _atom(lookup(ref.name), "has", value.value, negate)
        if isinstance(ref, RelativePath | Current):
            raise _lost_for(ref)
    raise _lost_for(node)


def _compare(node: Compare, lookup: Lookup, negate: bool) -> dict[str, Any]:
    left, right = node.left, node.right
    if isinstance(left, Literal) and isinstance(right, Ref):
        left, right = right, left
    if not (isinstance(left, Ref) and isinstance(right, Literal)):
        culprit = next((n for n in (left, right) if not isinstance(n, Ref | Literal)), None)
        raise _lost_for(culprit) if culprit is not None else Lost("xlsform.lost.comparison")
    if node.op not in ("=", "!="):
        raise Lost("xlsform.lost.comparison")
    return _atom(lookup(left.name), node.op, right.value, negate)


def _atom(target: Target, op: str, value: str, negate: bool) -> dict[str, Any]:
    """One condition on one question; ``op`` is ``=``, ``!=`` or ``has`` (selected)."""
    positive = (op != "!=") != negate
    if value == "" and op in ("=", "!="):
        return {"question": target.id, "answered": not positive}
    if target.type == "yes_no":
        return _yes_no(target, value, positive)
    if target.type == "select_one":
        _known(target, value)
        return {"question": target.id, "equals" if positive else "not_equals": value}
    if target.type == "select_multiple" and op == "has":
        _known(target, value)
        return {"question": target.id, "includes" if positive else "excludes": value}
    raise Lost("xlsform.lost.type", question=target.id, type=target.type)


def _yes_no(target: Target, value: str, positive: bool) -> dict[str, Any]:
    if value not in target.truth:
        raise Lost("xlsform.lost.value", question=target.id, value=value)
    truth = target.truth[value]
    return {"question": target.id, "equals": truth if positive else not truth}


def _known(target: Target, value: str) -> None:
    if value not in target.values:
        raise Lost("xlsform.lost.value", question=target.id, value=value)


def _lost_for(node: Node) -> Lost:
    if isinstance(node, RelativePath | Current):
        return Lost("xlsform.lost.path")
    if isinstance(node, Arithmetic):
        return Lost("xlsform.lost.arithmetic")
    if isinstance(node, Call):
        return Lost("xlsform.lost.function", name=node.name)
    if isinstance(node, Compare):
        return Lost("xlsform.lost.comparison")
    return Lost("xlsform.lost.other")


def combine(conditions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Several conditions that must all hold as one ``when`` (None for none)."""
    flat: list[dict[str, Any]] = []
    for c in conditions:
        flat.extend(c["all"] if set(c) == {"all"} else [c])
    unique = [c for i, c in enumerate(flat) if c not in flat[:i]]
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else {"all": unique}


def questions_of(when: dict[str, Any]) -> list[str]:
    """The ids a ``when`` refers to."""
    if "all" in when or "any" in when:
        return [q for part in when.get("all", when.get("any", [])) for q in questions_of(part)]
    return [when["question"]]


# --- constraint -> limits -------------------------------------------------------------------


@dataclass
class Limits:
    """What a constraint gave: limit keys, a new type (an e-mail regex), approximations."""

    values: dict[str, Any] = field(default_factory=dict)
    type: str = ""
    approximations: list[str] = field(default_factory=list)


def to_limits(node: Node, praxis_type: str) -> Limits:
    """The limits of a ``constraint`` on a question of ``praxis_type``; raise :class:`Lost`."""
    found = Limits()
    for part in _constraint_parts(node, found):
        _limit(part, praxis_type, found)
    return found


def _constraint_parts(node: Node, found: Limits) -> list[Node]:
    if isinstance(node, Logic) and node.op == "or":
        kept = [p for p in node.parts if not _is_sentinel(p)]
        if len(kept) != 1:
            raise Lost("xlsform.lost.constraint")
        found.approximations.append("xlsform.approx.sentinel")
        node = kept[0]
    if isinstance(node, Logic) and node.op == "and":
        return list(node.parts)
    return [node]


def _is_sentinel(node: Node) -> bool:
    return (
        isinstance(node, Compare)
        and node.op == "="
        and isinstance(node.left, Current)
        and isinstance(node.right, Literal)
    )


def _limit(node: Node, praxis_type: str, found: Limits) -> None:
    if isinstance(node, Call):
        _limit_call(node, praxis_type, found)
        return
    if not isinstance(node, Compare):
        raise Lost("xlsform.lost.constraint")
    left, op, right = node.left, node.op, node.right
    if isinstance(left, Literal) and not isinstance(right, Literal):
        left, right, op = right, left, _MIRROR.get(op, op)
    if not (isinstance(right, Literal) and right.number):
        raise Lost("xlsform.lost.constraint")
    number = float(right.value)
    if isinstance(left, Current) and praxis_type in ("integer", "decimal"):
        _bound(op, number, praxis_type, found)
    elif isinstance(left, Call) and left.args == (Current(),):
        _count(left.name, op, number, praxis_type, found)
    else:
        raise Lost("xlsform.lost.constraint")


_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _bound(op: str, number: float, praxis_type: str, found: Limits) -> None:
    whole = praxis_type == "integer"
    value: float | int = int(number) if whole and number.is_integer() else number
    if op in (">", "<") and whole and number.is_integer():
        value = int(number) + (1 if op == ">" else -1)
    elif op in (">", "<"):
        found.approximations.append("xlsform.approx.strict")
    if op in (">", ">="):
        found.values["min"] = value
    elif op in ("<", "<="):
        found.values["max"] = value
    else:
        raise Lost("xlsform.lost.constraint")


def _count(name: str, op: str, number: float, praxis_type: str, found: Limits) -> None:
    keys = {
        ("string-length", "text"): "max_length",
        ("count-selected", "select_multiple"): "max_choices",
    }
    key = keys.get((name, praxis_type))
    if key is None or op not in ("<=", "<", ">=", ">"):
        raise Lost("xlsform.lost.constraint")
    value = int(number) + {"<": -1, ">": 1}.get(op, 0)
    if op in (">=", ">"):
        if key != "max_choices":
            raise Lost("xlsform.lost.constraint")
        key = "min_choices"
    found.values[key] = value


def _limit_call(node: Call, praxis_type: str, found: Limits) -> None:
    if node.name == "true" and not node.args:
        return
    if node.name == "regex" and len(node.args) == 2 and isinstance(node.args[1], Literal):
        if "@" in node.args[1].value and praxis_type == "text":
            found.type = "email"
            found.approximations.append("xlsform.approx.regex_email")
        else:
            found.approximations.append("xlsform.approx.regex")
        return
    raise Lost("xlsform.lost.constraint")
