"""Publication settings: the ``publication:`` block of a definition and ``compile --config``
files, checked like a definition (every problem with its line, German and English, "did you
mean"), built into typed settings, merged entry by entry, and their pictures found beside
the file naming them (also beside a round's copy of the definition)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.publication import (
    Funding,
    Imprint,
    Licence,
    Party,
    PublicationConfigError,
    PublicationSettings,
    load_publication_config,
)
from pipeline.definition.text import Text
from pipeline.errors import DefinitionError
from pipeline.forms.generate import generate_round
from pipeline.publication.compendium.compile import publication_settings
from pipeline.publication.example_settings import write_example_settings
from pipeline.round.folder import RoundDir

LANGS = ("de", "en")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32  # the signature is what the check reads


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _definition(folder: Path, block: str) -> Path:
    """The bundled definition with ``block`` (a ``publication:`` block) at its end."""
    text = BUNDLED.read_text("utf-8").rstrip("\n") + "\n" + block
    return _write(folder / "definition.yaml", text)


def _line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def _problems(exc: pytest.ExceptionInfo[DefinitionError]) -> list[str]:
    return [p.render() for p in exc.value.problems]


BROKEN_CONFIG = """\
title: {de: Gute Praxis, en: Good practice}
year: zwanzig
forword: {de: Vorwort, en: Foreword}
funding:
  notice: {de: Gefördert, en: Funded}
  logos:
    - {file: logos/fehlt.png, alt: {de: Logo, en: Logo}}
"""


# --- problems, each with its line ----------------------------------------------------------


def test_a_config_file_lists_every_problem_with_its_line(tmp_path):
    config = _write(tmp_path / "publication.yaml", BROKEN_CONFIG)
    with pytest.raises(PublicationConfigError) as exc:
        load_publication_config(config, LANGS, "de")
    assert exc.value.source == str(config)
    assert exc.value.exit_code == 2
    missing = tmp_path / "logos" / "fehlt.png"
    assert _problems(exc) == [
        f"{config}:2: year: Ungültiger Wert 'zwanzig': erwartet: eine ganze Zahl.",
        f"{config}:3: forword: Unbekannter Schlüssel „forword“. Meinten Sie „foreword“? "
        "Erlaubt sind hier: title, subtitle, editor, publisher, year, foreword, method, "
        "imprint, funding, licence, cover.",
        f"{config}:7: funding.logos[0].file: Die Bilddatei {missing} gibt es nicht. Der Pfad "
        "gilt vom Ordner der Datei aus, die ihn nennt; bitte prüfen Sie ihn.",
    ]


def test_the_problems_in_english(tmp_path):
    config = _write(tmp_path / "publication.yaml", BROKEN_CONFIG)
    with pytest.raises(PublicationConfigError) as exc:
        load_publication_config(config, LANGS, "en")
    rendered = _problems(exc)
    assert rendered[1] == (
        f"{config}:3: forword: Unknown key “forword”. Did you mean “foreword”? "
        "Allowed here: title, subtitle, editor, publisher, year, foreword, method, imprint, "
        "funding, licence, cover."
    )
    assert "The image file" in rendered[2]


def test_the_block_in_a_definition_is_checked_with_the_definitions_lines(tmp_path):
    block = """publication:
  title: {de: Gute Praxis}
  year: 1850
  cover: {file: titel.png, alt: Titelbild}
  licence: {name: CC BY 4.0, url: creativecommons.org/licenses/by/4.0/}
  funding:
    logos:
      - {file: logo.txt, alt: Logo}
      - {file: logo.png}
"""
    path = _definition(tmp_path, block)
    _write(tmp_path / "logo.txt", "kein Bild")
    with pytest.raises(DefinitionError) as exc:
        load_questionnaire(path, "de")
    assert not isinstance(exc.value, PublicationConfigError)  # a definition: exit status 1
    found = {(p.line, p.where, p.code) for p in exc.value.problems}
    assert found == {
        (_line_of(path, "title: {de: Gute"), "publication.title", "missing-language"),
        (_line_of(path, "year: 1850"), "publication.year", "bad-value"),
        (_line_of(path, "titel.png"), "publication.cover.file", "image-missing"),
        (_line_of(path, "url: creative"), "publication.licence.url", "bad-value"),
        (_line_of(path, "logo.txt"), "publication.funding.logos[0].file", "image-format"),
        (_line_of(path, "{file: logo.png}"), "publication.funding.logos[1].file", "image-missing"),
        (_line_of(path, "{file: logo.png}"), "publication.funding.logos[1].alt", "missing-key"),
    }
    messages = {p.where: p.message for p in exc.value.problems}
    assert messages["publication.title"] == (
        "Der Text hat keine Fassung in „en“; der Fragebogen nennt die Sprachen de, en."
    )
    assert messages["publication.year"] == "Ungültiger Wert 1850: muss mindestens 1900 sein."
    assert messages["publication.funding.logos[0].file"] == (
        f"Die Datei {tmp_path / 'logo.txt'} ist kein PNG- oder JPEG-Bild. "
        "Bitte speichern Sie das Bild als PNG oder JPEG."
    )


def test_a_text_of_the_wrong_type_and_a_config_that_is_no_mapping(tmp_path):
    config = _write(tmp_path / "c.yaml", "title: 2026\nsubtitle: [a, b]\n")
    with pytest.raises(PublicationConfigError) as exc:
        load_publication_config(config, LANGS, "de")
    expected = "erwartet: Text / ein Block aus Schlüsseln und Werten."
    assert _problems(exc) == [
        f"{config}:1: title: Ungültiger Wert 2026: {expected}",
        f"{config}:2: subtitle: Ungültiger Wert (CommentedSeq): {expected}",
    ]
    listed = _write(tmp_path / "list.yaml", "- title\n")
    with pytest.raises(PublicationConfigError) as exc:
        load_publication_config(listed, LANGS, "de")
    assert _problems(exc) == [
        f"{listed}:1: Die Datei muss die Angaben zur Veröffentlichung enthalten (ein "
        "YAML-Objekt mit title, foreword, imprint, ...)."
    ]


def test_praxis_compile_with_a_broken_config_exits_2_naming_file_and_line(tmp_path, capsys):
    round_dir = tmp_path / "runde"
    generate_round(BUNDLED, ROSTER, round_dir, lang="de")
    config = _write(tmp_path / "broken.yaml", BROKEN_CONFIG)
    status = main(["--lang", "de", "compile", "--round", str(round_dir), "--config", str(config)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{config}:3: forword: Unbekannter Schlüssel „forword“. Meinten Sie „foreword“?" in err
    assert f"3 Probleme in {config} gefunden." in err
    assert "Traceback" not in err
    assert not (round_dir / "compendium" / "compendium-de.docx").exists()


def test_praxis_check_names_the_block_in_its_outline(tmp_path, capsys):
    _write(tmp_path / "titel.png", "")
    (tmp_path / "titel.png").write_bytes(PNG)
    block = "publication:\n  title: Gute Praxis\n  cover: {file: titel.png, alt: Bild}\n"
    path = _definition(tmp_path, block)
    assert main(["--lang", "de", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Angaben zur Veröffentlichung (publication): title, cover" in out


# --- the settings built ---------------------------------------------------------------------


def test_every_entry_of_the_example_is_read_in_both_languages(tmp_path):
    path = write_example_settings(tmp_path / "beispiel")
    assert path == tmp_path / "beispiel" / "publication.yaml"
    s = load_publication_config(path, LANGS)
    assert s.title == Text(
        (
            ("de", "Gute Praxis in der digitalen Extremismusprävention"),
            ("en", "Promising practices in preventing extremism online"),
        )
    )
    assert s.year == 2026
    assert s.licence == Licence(
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        s.licence.text if s.licence else None,
    )
    assert s.editor is not None and s.editor.address is not None
    assert s.editor.address.get("de") == "Musterstraße 12\n10115 Berlin"
    assert s.funding is not None
    assert s.funding.notice is not None
    assert "„Demokratie leben!“" in s.funding.notice.get("de")
    assert [logo.path for logo in s.funding.logos] == [
        tmp_path / "beispiel" / "logo-netzwerk.png",
        tmp_path / "beispiel" / "logo-foerderer.png",
    ]
    assert s.cover is not None and s.cover.path == tmp_path / "beispiel" / "titelbild.png"
    for entry in ("subtitle", "foreword", "method", "publisher"):
        assert getattr(s, entry) is not None, entry
    assert s.imprint.responsible is not None and s.imprint.contact is not None
    for text in (s.foreword, s.method, s.funding.disclaimer):
        assert text is not None and text.get("de") != text.get("en")
    assert "Beispieltext" in (s.funding.disclaimer.get("de") if s.funding.disclaimer else "")
    assert "praxis liefert keine Texte von Fördergeber*innen" in path.read_text("utf-8")


def test_the_example_is_written_byte_for_byte_the_same(tmp_path):
    first = write_example_settings(tmp_path / "a").parent
    second = write_example_settings(tmp_path / "b").parent
    names = sorted(p.name for p in first.iterdir())
    assert names == ["logo-foerderer.png", "logo-netzwerk.png", "publication.yaml", "titelbild.png"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "logo-netzwerk.png").read_bytes().startswith(b"\x89PNG")


def test_plain_strings_stand_for_every_language(tmp_path):
    config = _write(tmp_path / "c.yaml", "title: Gute Praxis\nlicence: {name: CC0}\n")
    s = load_publication_config(config, LANGS)
    assert s.title == Text((("de", "Gute Praxis"), ("en", "Gute Praxis")))
    assert s.licence == Licence("CC0")
    assert s.funding is None and s.cover is None and s.imprint == Imprint()


def test_an_empty_config_file_means_no_settings(tmp_path):
    assert load_publication_config(_write(tmp_path / "c.yaml", ""), LANGS).empty


def test_merged_takes_every_entry_the_override_sets():
    def text(value: str) -> Text:
        return Text.of(value, LANGS)

    base = PublicationSettings(
        title=text("Alt"),
        year=2025,
        foreword=text("Vorwort"),
        editor=Party(text("Netzwerk"), text("Straße 1")),
        imprint=Imprint(responsible=text("Erika"), contact=text("info@example.org")),
        funding=Funding(notice=text("Gefördert")),
    )
    override = PublicationSettings(
        title=text("Neu"),
        editor=Party(text("Redaktion")),
        imprint=Imprint(contact=text("neu@example.org")),
    )
    merged = base.merged(override)
    assert merged == PublicationSettings(
        title=text("Neu"),
        year=2025,
        foreword=text("Vorwort"),
        editor=Party(text("Redaktion")),
        imprint=Imprint(responsible=text("Erika"), contact=text("neu@example.org")),
        funding=Funding(notice=text("Gefördert")),
    )
    assert base.merged(PublicationSettings()) == base
    assert PublicationSettings().merged(base) == base


def test_a_config_file_overrides_the_definitions_block(tmp_path):
    block = """publication:
  title: {de: Titel der Definition, en: Title of the definition}
  foreword: {de: Vorwort der Definition, en: Foreword of the definition}
  year: 2025
"""
    q = load_questionnaire(_definition(tmp_path, block), "de")
    config = _write(
        tmp_path / "config" / "publication.yaml", "title: Titel der Datei\nyear: 2026\n"
    )
    settings = publication_settings(q, config, "de")
    assert settings.title == Text.of("Titel der Datei", LANGS)
    assert settings.year == 2026
    assert settings.foreword == Text(
        (("de", "Vorwort der Definition"), ("en", "Foreword of the definition"))
    )
    assert publication_settings(q, None) == q.publication


def test_a_round_keeps_the_pictures_of_its_definition(tmp_path):
    source = tmp_path / "vorlage"
    (source / "bilder").mkdir(parents=True)
    (source / "bilder" / "titel.png").write_bytes(PNG)
    block = "publication:\n  cover: {file: bilder/titel.png, alt: Titelbild}\n"
    definition = _definition(source, block)
    round_dir = tmp_path / "runde"
    generate_round(definition, ROSTER, round_dir, lang="de")
    q = load_questionnaire(RoundDir(round_dir).definition, "de")
    assert q.publication.cover is not None
    assert q.publication.cover.path == round_dir.resolve() / "bilder" / "titel.png"
    assert q.publication.cover.path.read_bytes() == PNG


def test_adding_projects_with_the_same_definition_says_nothing_of_its_pictures(tmp_path):
    source = tmp_path / "vorlage"
    source.mkdir()
    (source / "titel.png").write_bytes(PNG)
    definition = _definition(source, "publication:\n  cover: {file: titel.png, alt: Bild}\n")
    few = _write(tmp_path / "few.csv", "\n".join(ROSTER.read_text("utf-8").splitlines()[:3]))
    round_dir = tmp_path / "runde"
    generate_round(definition, few, round_dir, lang="de", formats=("docx",), mail=False)
    result = generate_round(
        definition, ROSTER, round_dir, lang="de", formats=("docx",), mail=False, add=True
    )
    assert result.notes == []  # the same pictures, in another folder: the same definition
