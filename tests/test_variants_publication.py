"""Issue 10, point 13, variants: contact data written the ways people write it to hide it from
robots or out of habit (``name [at] domain.de``, ``name(at)domain(dot)de``, a middle initial,
surname first), in a section text, an "other, please specify" text and a table cell, are
listed by compile and removed by ``--redact`` from the Word file and the PDF."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from test_compendium import RETURNS, make_round

from pipeline.cli import main
from pipeline.office import find_soffice
from pipeline.publication.compendium import compile_round

APPROACH = (
    "Schreiben Sie an jana.petersen [at] medienwerkstatt-nord.de oder fragen Sie "
    "Jana M. Petersen, Tel.: 0171 2345678, Büro 030/1234567."
)
OTHER = "Queerfeindlichkeit (Rückfragen: Petersen, Jana; info(at)mw-nord(dot)de)"
CELL = "Landesinstitut, Kontakt: lehrer {at} li-hamburg.de"
FOUND = [
    ("2.2", "name", "Petersen, Jana"),
    ("2.2", "email", "info(at)mw-nord(dot)de"),
    ("5.1", "email", "jana.petersen [at] medienwerkstatt-nord.de"),
    ("5.1", "name", "Jana M. Petersen"),
    ("5.1", "phone", "0171 2345678"),
    ("5.1", "phone", "030/1234567"),
    ("6.2", "email", "lehrer {at} li-hamburg.de"),
]


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory):
    returns = dict(RETURNS)
    given, outcome = returns["p01"]  # p01 did not agree to its contact being named
    partners = [{**given["partners"][0], "organisation": CELL}, given["partners"][1]]
    changed = {"approach": APPROACH, "phenomena_other": OTHER, "partners": partners}
    returns["p01"] = ({**given, **changed}, outcome)
    return make_round(tmp_path_factory.mktemp("r") / "r", returns)


def test_hidden_addresses_and_name_variants_are_listed(round_dir):
    result = compile_round(round_dir, lang="de")
    found = sorted((f.number, f.kind, f.text) for f in result.findings if f.project == "p01")
    assert found == sorted(FOUND)


def test_redact_removes_them_from_the_docx_and_the_pdf(round_dir):
    args = ["--lang", "de", "-q", "compile", "--round", str(round_dir), "--redact"]
    pdf = find_soffice() is not None
    assert main([*args, "--pdf"] if pdf else args) == 0
    folder = round_dir / "compendium"
    with zipfile.ZipFile(folder / "compendium-de.docx") as zf:
        xml = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    texts = [xml]
    if pdf:
        texts.append(
            subprocess.run(
                ["pdftotext", str(folder / "compendium-de.pdf"), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    for text in texts:
        for part in ("[at]", "(at)", "{at}", "Petersen", "2345678", "1234567", "mw-nord"):
            assert part not in text, part
        assert "Landesinstitut, Kontakt: [entfernt]" in " ".join(text.split())


def test_the_privacy_check_shows_a_typed_title_as_text(tmp_path):
    returns = dict(RETURNS)
    given, outcome = returns["p01"]
    title = "Hinsehen \u202enetsniw &amp; ~~statt~~ <b>Wegklicken</b>"
    changed = {"project_name": title, "approach": "Rufen Sie an: 0171 2345678."}
    returns["p01"] = ({**given, **changed}, outcome)
    result = compile_round(make_round(tmp_path / "r", returns), lang="de")
    check = result.privacy_check.read_text("utf-8")
    line = next(x for x in check.splitlines() if x.startswith("- p01 "))
    title_shown = "Hinsehen \\\\u202enetsniw \\&amp; \\~\\~statt\\~\\~ \\<b\\>Wegklicken\\</b\\>"
    assert line.startswith(f"- p01 ({title_shown}), Frage 5.1")
    assert "\u202e" not in check
