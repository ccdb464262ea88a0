"""Issue 10, point 1, variants: a blank form that is not byte-identical any more (opened and
saved unchanged in LibreOffice) is still the blank form, not a return."""

from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.office import resave
from pipeline.returns.ingest import store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_blank_form_resaved_in_libreoffice_is_refused_and_writes_no_letter(
    rd, tmp_path, soffice, capsys, fmt
):
    form = rd / RoundDir(rd).load().projects["p02"].files[fmt]
    resaved = resave(form, tmp_path / "lo")
    assert resaved.read_bytes() != form.read_bytes()

    code = main(["ingest", "--round", str(rd), str(resaved)])

    out = capsys.readouterr().out
    assert code == 1
    assert "das ist das leere Formular, das an p02 verschickt wurde" in out
    with Store(store_path(RoundDir(rd))) as store:
        assert store.submissions(current_only=False) == []
    assert not (rd / "reports" / "p02-rueckfrage.docx").exists()
    assert not (rd / "reports" / "p02.md").exists()
