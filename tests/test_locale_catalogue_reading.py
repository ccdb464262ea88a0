"""The text catalogues are read by libyaml when they hold texts only, else by ruamel.yaml
(YAML 1.2): both give the same catalogue."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pipeline.locale import texts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_libyaml_reads_the_catalogue_ruamel_reads(lang):
    text = (texts.CATALOGUE_DIR / f"{lang}.yaml").read_text("utf-8")
    fast = texts._libyaml_texts(text)
    assert fast is not None
    assert fast == dict(YAML(typ="safe", pure=False).load(text))
    assert texts.catalogue(lang) == fast


def test_a_value_that_is_not_a_text_is_left_to_yaml_1_2():
    assert texts._libyaml_texts('a: "Ja"\nb: yes\n') is None  # YAML 1.1 would say True
    assert texts._libyaml_texts("a: [x\n") is None  # no YAML: ruamel.yaml names it
    assert texts._libyaml_texts('a: {one: "1 Datei", other: "{n} Dateien"}\n') == {
        "a": {"one": "1 Datei", "other": "{n} Dateien"}
    }
