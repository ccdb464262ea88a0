"""The speed layer's switch and its thread safety.

``PRAXIS_FAST=0`` makes a round use the plain builders of the forms package (the files are
byte for byte theirs) and the forms carry the same parts as the fast path's. A
:class:`FormBuilder` holds its own templates; two threads building forms of two
questionnaires at once each get their own, right forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.mail import build_cover_letter
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.writer import build_docx
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster
from pipeline.speed import enabled
from pipeline.speed.forms import FormBuilder

DEADLINE = dt.date(2025, 10, 11)
PLAIN = {"docx": build_docx, "xlsx": build_xlsx}


def parts(data: bytes) -> dict[str, bytes]:
    """The entries of a zip in order, with their content."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize(("value", "fast"), [("0", False), ("off", False), ("1", True)])
def test_the_switch_is_read_when_a_builder_is_made(monkeypatch, value, fast):
    monkeypatch.setenv("PRAXIS_FAST", value)
    assert enabled() is fast
    assert FormBuilder().fast is fast
    assert FormBuilder(fast=True).fast is True


def test_fast_off_generates_with_the_plain_builders(tmp_path, monkeypatch):
    """With PRAXIS_FAST=0 every form and letter is the plain builder's (same bytes), and
    has the same parts as the fast path builds for the same project."""
    monkeypatch.setenv("PRAXIS_FAST", "0")
    root = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, root, deadline=DEADLINE, jobs=1)
    q = load_questionnaire(BUNDLED)
    record = RoundDir(root).load()
    roster = {project.id: project for project in read_roster(ROSTER)}
    fast = FormBuilder(fast=True)
    assert len(record.projects) == len(roster) > 3
    for entry in record.projects.values():
        project = roster[entry.id]
        ident = Identification(q.id, q.version, entry.id, entry.token, entry.language)
        prefill = prefill_values(q, project)
        for fmt, plain in PLAIN.items():
            written = (root / entry.files[fmt]).read_bytes()
            assert written == plain(q, project, ident, entry.language, DEADLINE, prefill)
            quick = fast.form(fmt, q, project, ident, entry.language, DEADLINE, prefill)
            assert quick != written  # the fast path zips its own way ...
            assert parts(quick) == parts(written), (entry.id, fmt)  # ... the same parts
        letter = (root / entry.files["letter"]).read_bytes()
        assert letter == build_cover_letter(q, entry, DEADLINE)
        assert parts(fast.letter(q, entry, DEADLINE)) == parts(letter)


def test_fast_on_generates_the_same_parts(generated, q):
    """The default round (fast) has the parts of the plain builders."""
    record = RoundDir(generated).load()
    roster = {project.id: project for project in read_roster(ROSTER)}
    for entry in list(record.projects.values())[:4]:
        project = roster[entry.id]
        ident = Identification(q.id, q.version, entry.id, entry.token, entry.language)
        for fmt, plain in PLAIN.items():
            written = (generated / entry.files[fmt]).read_bytes()
            full = plain(q, project, ident, entry.language, None, prefill_values(q, project))
            assert written != full
            assert parts(written) == parts(full), (entry.id, fmt)


def test_two_threads_two_questionnaires_each_get_their_forms(all_types, project):
    """One builder shared by two threads, forms of two questionnaires and both formats: every
    form has its own project's data (and the parts of its plain build, checked for some).

    Neighbouring jobs share a template, so the two threads render one at once; threads
    switch very often. (Without the Excel template's lock a few of these forms get another
    project's cells.)"""
    bundled = load_questionnaire(BUNDLED)
    builder = FormBuilder(fast=True)
    people = [
        dataclasses.replace(project, id=f"p{n:02}", name=f"Projekt {n:02}") for n in range(40)
    ]
    jobs = [
        (q, who, fmt) for fmt in ("xlsx", "docx") for q in (bundled, all_types) for who in people
    ]

    def ident(q, who):
        return Identification(q.id, q.version, who.id, f"tok-{who.id}", "de")

    def build(job):
        q, who, fmt = job
        return builder.form(fmt, q, who, ident(q, who), "de", DEADLINE, prefill_values(q, who))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(build, jobs))
    finally:
        sys.setswitchinterval(interval)
    assert len(builder.templates) == 4  # two questionnaires, two formats
    for (q, who, fmt), data in zip(jobs, results, strict=True):
        got = parts(data)
        text = b"".join(got.values())
        assert f"tok-{who.id}<".encode() in text and who.name.encode() in text, (q.id, who.id)
        others = [p for p in people if p is not who]
        assert not any(f"tok-{o.id}<".encode() in text for o in others), (q.id, who.id, fmt)
        assert not any(o.name.encode() in text for o in others), (q.id, who.id, fmt)
        if who in people[:2]:
            full = PLAIN[fmt](q, who, ident(q, who), "de", DEADLINE, prefill_values(q, who))
            assert got == parts(full), (q.id, who.id, fmt)


def test_builders_do_not_share_templates(q, project):
    ident = Identification(q.id, q.version, project.id, "tok", "de")
    first = FormBuilder(fast=True)
    first.docx(q, project, ident, "de")
    first.xlsx(q, project, ident, "de")
    assert len(first.templates) == 2
    assert len(FormBuilder(fast=True).templates) == 0
    plain = FormBuilder(fast=False)
    plain.docx(q, project, ident, "de")
    assert len(plain.templates) == 0
