"""The YAML tree of a definition, with the line of every key and item.

ruamel.yaml's round-trip loader builds the tree the checks need (``CommentedMap`` and
``CommentedSeq`` with their lines, YAML 1.2), but its scanner and parser are pure Python:
three quarters of the ~0.2 s that reading the bundled questionnaire took. Here libyaml (the C
parser that comes with PyYAML) reads the text into events, and ruamel.yaml's own composer and
round-trip constructor build the tree from them: the same tree, the same line of every key
and item, the same YAML 1.2 values, in a quarter of the time. (An empty value, ``key:`` with
nothing after it, is placed after its colon rather than where the next token starts; no check
reads the place of a value. The comments are not kept; nothing reads them.)

What the events cannot carry is left to ruamel.yaml alone: a text libyaml refuses (ruamel.yaml
then names the problem as before), a ``%YAML`` or ``%TAG`` directive, explicit tags
(``!!str``). Without PyYAML's C extension everything is read by ruamel.yaml, as before.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import StreamMark

try:  # PyYAML's binding of libyaml; a PyYAML built without it has no _yaml module
    from yaml import YAMLError as _LibyamlError
    from yaml._yaml import CParser as _LibyamlParser
except ImportError:  # pragma: no cover - the pinned wheels carry it
    _LibyamlParser = None


def load_tree(text: str) -> Any:
    """The round-trip tree of ``text``; raises ruamel.yaml's errors for a text that is no
    YAML (or has a duplicate key)."""
    events = _events(text)
    if events is None:
        return YAML(typ="rt").load(text)
    yaml = YAML(typ="rt")
    yaml._parser = _Replay(events)  # the composer asks the loader for its parser
    return yaml.constructor.get_single_data()


def _events(text: str) -> list[ev.Event] | None:
    """ruamel.yaml's events for ``text``, read by libyaml; None where ruamel.yaml must read
    the text itself."""
    if _LibyamlParser is None:
        return None
    parser = _LibyamlParser(text)
    events: list[ev.Event] = []
    try:
        while True:
            event = parser.get_event()
            made = _event(event)
            if made is None:
                return None
            events.append(made)
            if isinstance(made, ev.StreamEndEvent):
                return events
    except _LibyamlError:
        return None


_MARKS_ONLY: dict[str, type[ev.Event]] = {
    "MappingEndEvent": ev.MappingEndEvent,
    "SequenceEndEvent": ev.SequenceEndEvent,
    "StreamStartEvent": ev.StreamStartEvent,
    "StreamEndEvent": ev.StreamEndEvent,
}
"""libyaml's events that carry nothing but their place, and their ruamel.yaml kind."""


def _mark(mark: Any) -> StreamMark:
    return StreamMark("<unicode string>", mark.index, mark.line, mark.column)


def _event(event: Any) -> ev.Event | None:
    """The ruamel.yaml event of a libyaml event (None: one the replay does not carry)."""
    kind = type(event).__name__
    start, end = _mark(event.start_mark), _mark(event.end_mark)
    if kind in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent"):
        if event.tag is not None and event.tag != "!":
            return None  # an explicit tag: ruamel.yaml resolves it its own way
        if kind == "ScalarEvent":
            value, style = event.value, event.style or None  # plain: '' in PyYAML
            return ev.ScalarEvent(event.anchor, None, event.implicit, value, start, end, style)
        made = ev.MappingStartEvent if kind == "MappingStartEvent" else ev.SequenceStartEvent
        return made(event.anchor, None, event.implicit, start, end, event.flow_style)
    if kind == "DocumentStartEvent":
        if event.version is not None or event.tags:
            return None  # a %YAML or %TAG directive
        return ev.DocumentStartEvent(start, end, event.explicit)
    if kind in _MARKS_ONLY:
        return _MARKS_ONLY[kind](start, end)
    if kind == "AliasEvent":
        return ev.AliasEvent(event.anchor, start, end)
    if kind == "DocumentEndEvent":
        return ev.DocumentEndEvent(start, end, event.explicit)
    return None


class _Replay:
    """ruamel.yaml's parser interface over a list of events."""

    def __init__(self, events: list[ev.Event]) -> None:
        self._events = events
        self._next = 0

    def check_event(self, *choices: type) -> bool:
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> ev.Event:
        return self._events[self._next]

    def get_event(self) -> ev.Event:
        event = self._events[self._next]
        self._next += 1
        return event

    def dispose(self) -> None:
        self._events = []
