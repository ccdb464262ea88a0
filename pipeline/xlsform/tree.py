"""The ``survey`` sheet as a tree: groups and repeats with their rows, in order.

``begin_group``/``end_group`` and ``begin_repeat``/``end_repeat`` pairs are matched leniently
(an ``end`` closes the nearest open block of its kind; a block left open at the end of the
sheet is closed there), and every mismatch is reported with its cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.xlsform.types import Kind, TypeSpec, parse_type
from pipeline.xlsform.workbook import Row


@dataclass
class Item:
    row: Row
    spec: TypeSpec


@dataclass
class Block:
    """A group or repeat; ``row`` is its ``begin`` row (None for the whole survey)."""

    row: Row | None
    repeat: bool = False
    children: list[Item | Block] = field(default_factory=list)

    def rows(self) -> list[Row]:
        """Every row inside, the begin row included (not the end row)."""
        found = [self.row] if self.row else []
        for child in self.children:
            found += child.rows() if isinstance(child, Block) else [child.row]
        return found


Report = Callable[[Row, str, str], None]
"""(row, text key, severity) for a mismatch."""


def survey_tree(rows: tuple[Row, ...], type_column: str, report: Report) -> tuple[Block, list[Row]]:
    """The tree of the survey rows, and the ``end_*`` rows (matched or not)."""
    root = Block(None)
    stack = [root]
    ends: list[Row] = []
    for row in rows:
        spec = parse_type(row.get(type_column))
        if spec.kind in (Kind.BEGIN_GROUP, Kind.BEGIN_REPEAT):
            block = Block(row, spec.kind is Kind.BEGIN_REPEAT)
            stack[-1].children.append(block)
            stack.append(block)
        elif spec.kind in (Kind.END_GROUP, Kind.END_REPEAT):
            ends.append(row)
            _close(stack, row, spec.kind is Kind.END_REPEAT, report)
        else:
            stack[-1].children.append(Item(row, spec))
    for block in stack[1:]:
        assert block.row is not None
        report(block.row, "xlsform.tree.unclosed", "loss")
    return root, ends


def _close(stack: list[Block], row: Row, repeat: bool, report: Report) -> None:
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].repeat == repeat:
            if depth != len(stack) - 1:
                report(row, "xlsform.tree.crossed", "loss")
            del stack[depth:]
            return
    report(row, "xlsform.tree.unmatched", "error")
