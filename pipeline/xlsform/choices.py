"""The ``choices`` sheet: choice lists by name, and the two-option lists that mean yes/no.

A list of exactly two options whose values or labels say yes and no (``yes/no``, ``1/0``,
``ja/nein``, ``oui/non`` ...) becomes the praxis type ``yes_no`` where a ``select_one`` uses
it; :attr:`ChoiceList.truth` says which original value is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.xlsform.workbook import Row

YES = frozenset({"yes", "y", "1", "true", "oui", "ja", "si", "sí", "ndiyo", "sim", "evet", "да"})
NO = frozenset({"no", "n", "0", "false", "non", "nein", "hapana", "não", "nao", "hayır", "нет"})


@dataclass
class Choice:
    value: str
    label: dict[str, str]
    row: Row


@dataclass
class ChoiceList:
    name: str
    """The name as written in the workbook."""
    id: str = ""
    """The praxis list name (given when a question uses the list)."""
    choices: list[Choice] = field(default_factory=list)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    @property
    def truth(self) -> dict[str, bool] | None:
        """Original value -> True/False for a yes/no list, else None."""
        if len(self.choices) != 2:
            return None
        for words in (
            [c.value.lower() for c in self.choices],
            [next(iter(c.label.values()), "").strip().lower() for c in self.choices],
        ):
            if words[0] in YES and words[1] in NO:
                return {self.choices[0].value: True, self.choices[1].value: False}
            if words[0] in NO and words[1] in YES:
                return {self.choices[0].value: False, self.choices[1].value: True}
        return None
