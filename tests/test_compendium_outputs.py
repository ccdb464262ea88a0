"""The compendium's outputs cannot go stale: one docx per language, each PDF only beside the
document it was made from, an older praxis's ``compendium.docx``/``.pdf`` removed with a note,
and a failed conversion that leaves no PDF (neither an old one nor a half-written one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publication.compendium import compile_round
from tests.conftest import soffice_or_skip
from tests.test_compendium import RETURNS, make_round
from tests.webtools import demo_copy


def files(round_dir: Path) -> list[str]:
    return sorted(p.name for p in (round_dir / "compendium").iterdir() if p.is_file())


def removals(notes: list[str]) -> list[str]:
    """The notes on removed files (not those on untranslated answers)."""
    return [note for note in notes if "entfernt" in note or "removed" in note.lower()]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo")


@pytest.mark.office
def test_each_pdf_stays_only_beside_the_document_it_was_made_with(demo: Path) -> None:
    soffice_or_skip()
    folder = demo / "compendium"
    german = compile_round(demo, lang="de", pdf=True)
    assert german.pdf == folder / "compendium-de.pdf", german.messages
    assert files(demo) == ["compendium-de.docx", "compendium-de.pdf"]

    english = compile_round(demo, lang="en")
    assert (english.docx, english.pdf) == (folder / "compendium-en.docx", None)
    assert files(demo) == ["compendium-de.docx", "compendium-de.pdf", "compendium-en.docx"]
    assert removals(english.notes) == []

    again = compile_round(demo, lang="de")
    assert files(demo) == ["compendium-de.docx", "compendium-en.docx"]
    (note,) = removals(again.notes)
    assert note.startswith(f"{folder / 'compendium-de.pdf'} aus einem früheren Lauf wurde entfernt")


def test_the_files_of_an_older_praxis_are_removed_with_a_note(demo: Path) -> None:
    folder = demo / "compendium"
    (folder / "compendium.docx").write_bytes(b"PK old compendium")
    (folder / "compendium.pdf").write_bytes(b"%PDF-1.4 old compendium")
    (folder / "privacy-check.md").write_text("# Kontaktdaten in freien Texten\n", "utf-8")
    result = compile_round(demo, lang="de")
    assert files(demo) == ["compendium-de.docx"]
    assert removals(result.notes) == [
        f"Von einer älteren praxis-Version entfernt: {folder / 'compendium.docx'}, "
        f"{folder / 'compendium.pdf'}, {folder / 'privacy-check.md'}. Das Kompendium heißt "
        "jetzt compendium-de.docx (eine Datei je Sprache); die alten Dateien zeigten "
        "womöglich noch, was inzwischen zurückgezogen wurde oder nicht mehr genannt werden "
        "darf."
    ]


def test_one_old_file_is_named_in_english_too(demo: Path) -> None:
    folder = demo / "compendium"
    (folder / "compendium.pdf").write_bytes(b"%PDF-1.4 old compendium")
    result = compile_round(demo, lang="en")
    assert files(demo) == ["compendium-de.docx", "compendium-en.docx"]
    assert removals(result.notes) == [
        f"Removed as left by an older version of praxis: {folder / 'compendium.pdf'}. The "
        "compendium is now called compendium-en.docx (one file per language); the old file "
        "might still show what was since withdrawn or may no longer be named."
    ]


FAILING_OFFICE = """#!/bin/sh
# writes half a PDF where it was told to, then fails (like a LibreOffice that crashed)
while [ $# -gt 0 ]; do
  case "$1" in --outdir) shift; out="$1";; *) source="$1";; esac
  shift
done
name=$(basename "$source" .docx)
printf '%%PDF-1.6 half' > "$out/$name.pdf"
echo "Error: source file could not be loaded" >&2
exit 1
"""


def test_a_failed_conversion_leaves_no_pdf_behind(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = tmp_path / "soffice"
    office.write_text(FAILING_OFFICE, "utf-8")
    office.chmod(0o755)
    monkeypatch.setenv("PRAXIS_SOFFICE", str(office))
    earlier = demo / "compendium" / "compendium-de.pdf"
    earlier.write_bytes(b"%PDF-1.6 an earlier run's compendium")
    result = compile_round(demo, lang="de", pdf=True)
    assert result.pdf is None
    assert files(demo) == ["compendium-de.docx"]
    assert result.messages[0].startswith("Das PDF konnte nicht erstellt werden: LibreOffice")
    assert result.messages[1].startswith(f"{earlier} aus einem früheren Lauf wurde entfernt")


CONTACT = "Fragen beantwortet Jana Petersen (Tel. 040 1234567)."


def test_each_language_keeps_its_own_privacy_check(tmp_path: Path) -> None:
    """The English compendium, redacted, does not overwrite or remove the list of what the
    German one prints as typed."""
    given, outcome = RETURNS["p01"]
    round_dir = make_round(
        tmp_path / "r", {**RETURNS, "p01": ({**given, "approach": CONTACT}, outcome)}
    )
    german = compile_round(round_dir, lang="de")
    english = compile_round(round_dir, lang="en", redact=True)
    folder = round_dir / "compendium"
    assert (german.privacy_check, english.privacy_check) == (
        folder / "privacy-check-de.md",
        folder / "privacy-check-en.md",
    )
    assert files(round_dir) == [
        "compendium-de.docx",
        "compendium-en.docx",
        "privacy-check-de.html",
        "privacy-check-de.md",
        "privacy-check-en.html",
        "privacy-check-en.md",
    ]
    assert (
        "Telefonnummer „040 1234567“ – wie eingegeben gedruckt"
        in german.privacy_check.read_text("utf-8")
    )
    assert "phone number “040 1234567” – replaced by [removed]" in english.privacy_check.read_text(
        "utf-8"
    )
