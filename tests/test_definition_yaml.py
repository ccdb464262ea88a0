"""The YAML tree of a definition read through libyaml's events (pipeline.definition.yaml_tree)
is the tree ruamel.yaml's round-trip loader builds: the same values of the same types, the
same line of every key and item, the same problems for a text that is no YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.definition import yaml_tree
from pipeline.definition.loading import parse_definition, parse_yaml

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "scalars": (
        "a: yes\nb: no\nc: on\nd: true\ne: 010\nf: 0o10\ng: 0x1F\nh: 1_000\ni: 1.5\n"
        "j: .inf\nk: ~\nl:\nm: 2026-12-01\nn: '07'\no: \"tab\\tand \\u00e4\"\np: 12:30\n"
    ),
    "blocks": "a: |\n  zwei\n  Zeilen\nb: >-\n  gefaltet\n  Text\nc: |+\n  mit\n\nd: x\n",
    "flow": "hint: {de: Wo ist das Projekt tätig?, en: Where?}\nlist: [a, 'b, c', {x: 1}]\n",
    "anchors": "base: &b {de: A, en: B}\nlabel: *b\nmerged:\n  <<: *b\n  de: C\n",
    "nested": "- id: q1\n  choices:\n    - ja\n    - nein\n- id: q2\n  columns: []\n",
    "comments": "# Kopf\nid: x  # hinter dem Wert\n\n# davor\nversion: '1'\nleer:   # nichts\n",
    "empty": "a:\nb:\n  c:\n  d: {e: , f: 1}\nlist:\n  -\n  - x\n  -\n",
    "unicode": "titel: Förderung für Demokratie – „gute Praxis“ 🙂\n",
}


def _same(fast: object, slow: object, where: str = "$") -> None:
    assert type(fast) is type(slow), where
    if isinstance(slow, CommentedMap):
        assert list(fast) == list(slow), where
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), where
        for key in slow:  # an empty value's own place may differ (see yaml_tree)
            place = slice(0, 2) if slow[key] is None else slice(0, 4)
            mine, theirs = fast.lc.data.get(key, []), slow.lc.data.get(key, [])  # merged: none
            assert mine[place] == theirs[place], f"{where}.{key}"
            _same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, CommentedSeq):
        assert len(fast) == len(slow), where
        assert fast.lc.data == slow.lc.data, where
        for i, (x, y) in enumerate(zip(fast, slow, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert fast == slow, where


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_libyaml_events_build_the_round_trip_tree(name):
    text = TEXTS[name]
    assert yaml_tree._events(text) is not None  # read by libyaml, not by the fallback
    _same(yaml_tree.load_tree(text), YAML(typ="rt").load(text))


def test_the_bundled_questionnaire_is_read_by_libyaml_with_every_line():
    text = (ROOT / "questionnaires" / "promising-practices.yaml").read_text("utf-8")
    assert yaml_tree._events(text) is not None
    fast = yaml_tree.load_tree(text)
    _same(fast, YAML(typ="rt").load(text))
    assert fast.lc.data["version"] == [10, 0, 10, 9]


def test_yaml_1_2_values_as_before():
    tree = yaml_tree.load_tree(TEXTS["scalars"])
    assert [tree[k] for k in "abcdefgh"] == ["yes", "no", "on", True, 10, 8, 31, 1000]
    assert tree["k"] is None and tree["l"] is None
    assert tree["m"] == dt.date(2026, 12, 1)
    assert tree["n"] == "07" and tree["o"] == "tab\tand ä" and tree["p"] == "12:30"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("%YAML 1.1\n---\na: yes\n", "True"),
        ("a: !!str 010\n", "010"),
        ("%TAG !e! tag:example.com,2026:\n---\na: 1\n", "1"),
    ],
)
def test_directives_and_tags_are_left_to_ruamel(text, value):
    assert yaml_tree._events(text) is None
    fast, slow = yaml_tree.load_tree(text), YAML(typ="rt").load(text)
    assert str(fast["a"]) == str(slow["a"]) == value


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("id: t\nversion: '1'\nid: again\n", "yaml-duplicate-key", 3),
        ("id: t\n  version: '1'\n", "yaml-syntax", 2),
        ("a: [1, 2\nb: 3\n", "yaml-syntax", 2),
        ("a: 'offen\n", "yaml-syntax", 2),
        ("\tid: t\n", "yaml-syntax", 1),
    ],
)
def test_a_text_that_is_no_yaml_is_named_as_before(text, code, line):
    root, problems = parse_yaml(text, "de")
    assert root is None
    assert [(p.code, p.line) for p in problems] == [(code, line)]


def test_a_definition_reads_the_same_through_both_parsers(monkeypatch):
    text = (ROOT / "questionnaires" / "promising-practices.yaml").read_text("utf-8")
    fast = parse_definition.__wrapped__(text, "<a>", "de")
    monkeypatch.setattr(yaml_tree, "_LibyamlParser", None)
    slow = parse_definition.__wrapped__(text, "<a>", "de")
    assert fast == slow
    assert fast.id == "promising-practices"
