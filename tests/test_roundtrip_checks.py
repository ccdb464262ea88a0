"""Skip logic and the "other" tick, through real forms (round-trip helper), in both formats.

Issue 11 named them blind spots: no test ever ran the skip-logic warning or the three ways a
person handles "other, please specify" (ticked with a text, ticked without, a text without
the tick). Each case fills a generated form, ingests it and checks what the store holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from roundtrip import FORMATS, round_trip
from test_roundtrip_types import CHANNELS, LEVELS, STATES

SKIP = """
- {id: evaluated, type: yes_no, label: {de: Evaluiert?, en: Evaluated?}}
- id: details
  type: long_text
  required: true
  when: {question: evaluated, equals: true}
  label: {de: Wie wurde evaluiert?, en: How was it evaluated?}
- {id: channels, type: select_multiple, choices: channels, label: {de: Kanäle, en: Channels}}
- id: gaming
  type: text
  when: {question: channels, includes: games}
  label: {de: Welche Spiele?, en: Which games?}
"""
OTHER = f"""choice_lists:{CHANNELS}{LEVELS}{STATES}questions:
- id: channels
  type: select_multiple
  choices: channels
  other: true
  label: {{de: Kanäle, en: Channels}}
- {{id: level, type: select_one, choices: levels, other: true, label: {{de: Ebene, en: Level}}}}
- {{id: state, type: select_one, choices: states, other: true, label: {{de: Land, en: State}}}}
"""
SKIPPED = "applies only if 1.1 is “Yes”; the answer is kept."


def _skip(tmp: Path, answers: dict[str, Any], fmt: str):
    return round_trip(tmp, f"choice_lists:{CHANNELS}questions:{SKIP}", answers, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_answer_to_a_question_that_does_not_apply_is_kept_with_a_warning(
    tmp_path: Path, fmt: str
) -> None:
    got = _skip(tmp_path, {"evaluated": False, "details": "Intern.", "gaming": "Minecraft"}, fmt)
    assert got.answers == {"evaluated": False, "details": "Intern.", "gaming": "Minecraft"}
    assert got.problems == [("not-applicable", "details"), ("not-applicable", "gaming")]
    assert got.messages[0] == (
        f"Question 1.2 “How was it evaluated?”: answered although it {SKIPPED}"
    )
    assert "applies only if “Online games” is ticked at 1.3" in got.messages[1]
    assert got.outcome == "accepted_with_warnings"


@pytest.mark.parametrize("fmt", FORMATS)
def test_required_question_that_does_not_apply_is_not_missing(tmp_path: Path, fmt: str) -> None:
    got = _skip(tmp_path, {"evaluated": False, "channels": ["discord"]}, fmt)
    assert got.answers == {"evaluated": False, "channels": ["discord"]}
    assert got.problems == []
    assert got.outcome == "accepted"


@pytest.mark.parametrize("fmt", FORMATS)
def test_required_question_that_applies_is_missing(tmp_path: Path, fmt: str) -> None:
    got = _skip(tmp_path, {"evaluated": True, "channels": ["games"], "gaming": "Fortnite"}, fmt)
    assert got.answers == {"evaluated": True, "channels": ["games"], "gaming": "Fortnite"}
    assert got.problems == [("missing", "details")]
    assert got.messages == ["Question 1.2 “How was it evaluated?”: please answer this question."]
    assert got.outcome == "incomplete"


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_ticked_with_its_text(tmp_path: Path, fmt: str) -> None:
    answers = {
        **{"channels": ["instagram", "other"], "channels_other": "Twitch"},
        **{"level": "other", "level_other": "tertiär"},
        **{"state": "other", "state_other": "Südtirol"},
    }
    got = round_trip(tmp_path, OTHER, answers, fmt)
    assert got.answers == {
        "channels": ["instagram", "other"],
        "channels_other": "Twitch",
        "level": "other",
        "level_other": "tertiär",
        "state": "other",
        "state_other": "Südtirol",
    }
    assert got.problems == []
    assert got.outcome == "accepted"


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_ticked_without_a_text_asks_what(tmp_path: Path, fmt: str) -> None:
    got = round_trip(
        tmp_path, OTHER, {"channels": ["discord", "other"], "level": "other", "state": "by"}, fmt
    )
    assert got.answers == {"channels": ["discord", "other"], "level": "other", "state": "by"}
    assert got.problems == [("missing", "channels"), ("missing", "level")]
    assert got.messages == [
        "Question 1.1 “Channels”: you ticked “other”: please say what.",
        "Question 1.2 “Level”: you ticked “other”: please say what.",
    ]
    assert got.outcome == "incomplete"


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_text_without_the_tick_ticks_it_with_a_warning(tmp_path: Path, fmt: str) -> None:
    answers = {
        **{"channels": ["discord"], "channels_other": "Twitch"},
        **{"level_other": "tertiär", "state_other": "Südtirol"},
    }
    got = round_trip(tmp_path, OTHER, answers, fmt)
    assert got.answers == {
        "channels": ["discord", "other"],
        "channels_other": "Twitch",
        "level": "other",
        "level_other": "tertiär",
        "state": "other",
        "state_other": "Südtirol",
    }
    assert got.problems == [
        ("other-added", "channels"),
        ("other-added", "level"),
        ("other-added", "state"),
    ]
    assert got.messages[0] == (
        "Question 1.1 “Channels”: a text was given under “other”, so “other” counts as ticked."
    )
    assert got.outcome == "accepted_with_warnings"
