"""praxis serve's inbox page: returned files and saved e-mails uploaded, put into the round's
inbox under names the server makes, read by ingest; each file's outcome shown (issue 14.2,
uploads 14.3)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from pipeline.returns.safety import MAX_FILE_BYTES
from tests.webtools import (
    FreshRound,
    axe_findings,
    chromium,
    client,
    config_for,
    fresh_round,
    new_page,
    running,
)


def _upload(c: Any, files: list[tuple[str, bytes]], **headers: str) -> Any:
    parts = [("files", (name, data)) for name, data in files]
    return c.post(
        f"/inbox/upload?csrf={c.csrf}", files=parts, headers=headers, follow_redirects=False
    )


def _raw_upload(c: Any, files: list[tuple[bytes, bytes]]) -> Any:
    """An upload whose file names go as they are (httpx would percent-encode a NUL)."""
    body = b""
    for name, data in files:
        body += (
            b'--praxis\r\nContent-Disposition: form-data; name="files"; filename="' + name + b'"'
            b"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
        )
    return c.post(
        f"/inbox/upload?csrf={c.csrf}",
        content=body + b"--praxis--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=praxis"},
        follow_redirects=False,
    )


def _finished(c: Any, answer: Any) -> tuple[Any, str]:
    """The job an upload started, when it has ended, and the inbox page that shows it."""
    assert answer.status_code == 303, answer.text
    target = answer.headers["location"]
    job = c.app.state.writer.job(target.split("job=")[1])
    for _ in range(600):
        if not job.running:
            break
        time.sleep(0.05)
    assert job.state == "done", job.message("de")
    return job, c.get(target).text


def _outcomes(job: Any) -> dict[str, str]:
    return {r.path.name: str(r.outcome) for r in job.result.report.results}


def _main_text(html: str) -> str:
    main = html[html.index("<main") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def _files(fresh: FreshRound) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in (*fresh.returns, fresh.mail)]


def test_the_returns_and_a_saved_mail_uploaded_are_read_each_with_its_outcome(
    tmp_path: Path,
) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    job, html = _finished(c, _upload(c, _files(fresh)))
    attachment = "E-Mail „Antwort p04.eml“, Anhang p04-wegweiser-ausstieg.docx"
    assert _outcomes(job) == {
        "p02-streetwork-im-netz.xlsx": "accepted",
        "p03-discord-dialog.docx": "accepted",
        "p05-angehoerigenberatung-hessen.docx": "incomplete",
        "Antwort p04.eml": "mail",
        attachment: "accepted",
    }
    by_name = {r.path.name: r for r in job.result.report.results}
    assert by_name[attachment].project == "p04"
    assert by_name[attachment].mail_sha256 == by_name["Antwort p04.eml"].sha256
    assert sorted(p.name for p in (fresh.root / "inbox").iterdir()) == [
        "Antwort p04.eml",
        "p02-streetwork-im-netz.xlsx",
        "p03-discord-dialog.docx",
        "p05-angehoerigenberatung-hessen.docx",
    ]
    text = _main_text(html)
    assert "5 Dateien: 3 angenommen, 1 unvollständig, 0 abgelehnt, 0 unverändert." in text
    assert "p02-streetwork-im-netz.xlsx p02 angenommen" in text
    assert "p05-angehoerigenberatung-hessen.docx p05 unvollständig 4 Probleme:" in text
    assert "Frage 4.2 „Was wollen Sie mit dem Projekt erreichen?“: bitte beantworten." in text
    mail = "Antwort p04.eml p04 E-Mail: archiviert, Anhänge einzeln eingelesen"
    assert f"{mail} Anhang: ↳ {attachment} p04 angenommen" in text
    assert "Alle Dateien im Posteingang sind eingelesen." in text
    received = text[text.index("Bisher eingegangen") :]
    assert received.index(attachment) < received.index(
        "p02-streetwork-im-netz.xlsx"
    )  # newest first


def test_a_file_over_the_size_limit_is_refused_by_name_and_nothing_of_it_written(
    tmp_path: Path,
) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    big = b"PK" + b"\0" * MAX_FILE_BYTES
    p02 = fresh.returns[0]
    job, html = _finished(c, _upload(c, [("riesig.docx", big), (p02.name, p02.read_bytes())]))
    assert _outcomes(job) == {"p02-streetwork-im-netz.xlsx": "accepted"}
    assert "„riesig.docx“ ist mit 30 MB zu groß (höchstens 30 MB)" in _main_text(html)
    assert [p.name for p in (fresh.root / "inbox").iterdir()] == [p02.name]

    alone = _upload(c, [("riesig.docx", big)])
    assert alone.status_code == 400
    assert "„riesig.docx“ ist mit 30 MB zu groß" in _main_text(alone.text)
    assert [p.name for p in (fresh.root / "inbox").iterdir()] == [p02.name]


def test_uploaded_names_stay_inside_the_inbox_cleaned(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    files = [
        (b"../../evil.docx", b"not a form 1"),
        (b"CON", b"not a form 2"),
        (b"a\x00b\x1b.docx", b"not a form 3"),
        (b"..\\..\\windows.xlsx", b"not a form 4"),
    ]
    job, html = _finished(c, _raw_upload(c, files))
    inbox = fresh.root / "inbox"
    assert sorted(p.name for p in inbox.iterdir()) == [
        "_CON",
        "ab.docx",
        "evil.docx",
        "windows.xlsx",
    ]
    assert set(_outcomes(job).values()) == {"rejected"}
    assert not (tmp_path / "evil.docx").exists() and not (fresh.root / "evil.docx").exists()
    assert "hochgeladen als „../../evil.docx“" in _main_text(html)


def test_the_same_bytes_again_are_a_duplicate_and_the_earlier_file_stays(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    p02 = fresh.returns[0]
    first, _ = _finished(c, _upload(c, [(p02.name, p02.read_bytes())]))
    again, html = _finished(c, _upload(c, [(p02.name, p02.read_bytes())]))
    other, _ = _finished(c, _upload(c, [(p02.name, b"other bytes")]))
    assert _outcomes(first) == {"p02-streetwork-im-netz.xlsx": "accepted"}
    assert _outcomes(again) == {"p02-streetwork-im-netz (2).xlsx": "duplicate"}
    assert _outcomes(other) == {"p02-streetwork-im-netz (3).xlsx": "rejected"}
    assert "bereits eingelesen (unverändert)" in _main_text(html)
    assert (fresh.root / "inbox" / p02.name).read_bytes() == p02.read_bytes()


def test_a_macro_file_is_rejected_as_ingest_rejects_it(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    job, html = _finished(c, _upload(c, [("p03.docm", fresh.returns[1].read_bytes())]))
    (result,) = job.result.report.results
    assert (str(result.outcome), result.project) == ("rejected", None)
    macro = "Die Datei enthält Makros (.docm/.xlsm oder VBA), die praxis nie öffnet."
    assert result.reason.startswith(macro)
    assert f"p03.docm – abgelehnt {macro}" in _main_text(html)


def test_no_file_or_too_many_files_are_refused_with_a_message(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    none = _upload(c, [("", b"")])
    assert none.status_code == 400
    assert "Bitte wählen Sie mindestens eine Datei aus." in _main_text(none.text)
    many = _upload(c, [(f"f{i}.docx", b"x") for i in range(51)], accept="application/json")
    assert many.status_code == 400
    assert many.json()["refused"] == [
        "Sie haben 51 Dateien gewählt; auf einmal gehen höchstens 50. "
        "Bitte laden Sie sie in mehreren Schritten hoch."
    ]
    assert not (fresh.root / "inbox").exists() or not any((fresh.root / "inbox").iterdir())


def test_files_lying_in_the_inbox_are_read_with_the_button(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    _finished(c, _upload(c, [(fresh.returns[0].name, fresh.returns[0].read_bytes())]))
    inbox = fresh.root / "inbox"
    (inbox / "aus-dem-mailprogramm.eml").write_bytes(fresh.mail.read_bytes())
    assert "1 Datei im Posteingang ist noch nicht eingelesen." in _main_text(c.get("/").text)
    page = _main_text(c.get("/inbox").text)
    unread = "Im Posteingang liegt 1 Datei, die noch nicht eingelesen ist:"
    assert f"{unread} aus-dem-mailprogramm.eml Jetzt einlesen" in page
    job, html = _finished(c, c.post("/inbox/ingest", data={"csrf": c.csrf}, follow_redirects=False))
    assert {r.path.name: str(r.outcome) for r in job.result.results} == {
        "aus-dem-mailprogramm.eml": "mail",
        "E-Mail „aus-dem-mailprogramm.eml“, Anhang p04-wegweiser-ausstieg.docx": "accepted",
        "p02-streetwork-im-netz.xlsx": "duplicate",
    }
    assert "Alle Dateien im Posteingang sind eingelesen." in _main_text(html)
    assert "im Posteingang" not in _main_text(c.get("/").text)


def test_with_javascript_an_upload_answers_with_its_job(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    c = client(config_for(fresh.root))
    answer = c.post(
        "/inbox/upload",
        files=[("files", (fresh.returns[0].name, fresh.returns[0].read_bytes()))],
        headers={"X-CSRF-Token": c.csrf, "Accept": "application/json"},
    )
    assert answer.status_code == 202
    found = answer.json()
    assert found["next"] == f"/inbox?job={found['job']}" and found["refused"] == []


DROP = """name => {
  const files = new DataTransfer();
  files.items.add(new File(["kein Formular"], name));
  const form = document.getElementById("upload-form");
  const how = {dataTransfer: files, bubbles: true, cancelable: true};
  form.dispatchEvent(new DragEvent("dragover", how));
  form.dispatchEvent(new DragEvent("drop", how));
}"""


def test_files_chosen_in_the_browser_are_uploaded_and_their_outcomes_shown(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    with running(config_for(fresh.root)) as config, chromium() as browser:
        page = new_page(browser, config)
        page.get_by_role("link", name="Posteingang").click()
        assert axe_findings(page) == []
        page.get_by_label("Dateien auswählen (oder hierher ziehen)").set_input_files(
            [str(p) for p in (*fresh.returns, fresh.mail)]
        )
        page.get_by_role("button", name="Hochladen und einlesen").click()
        page.wait_for_selector("table.ingest-results", timeout=60_000)
        assert "/inbox?job=" in page.url
        results = page.locator("table.ingest-results").inner_text()
        assert "p03-discord-dialog.docx\tp03\tangenommen" in results
        assert "p05-angehoerigenberatung-hessen.docx\tp05\tunvollständig" in results
        assert "p04-wegweiser-ausstieg.docx\tp04\tangenommen" in results
        assert axe_findings(page) == []
        first = page.url
        page.evaluate(DROP, "notiz.docx")  # dropped onto the form: uploaded by inbox.js
        page.wait_for_url(lambda url: url != first, timeout=60_000)
        page.wait_for_selector("table.ingest-results", timeout=60_000)
        dropped = page.locator("table.ingest-results").inner_text()
        assert "notiz.docx\t–\tabgelehnt" in dropped
        page.get_by_role("link", name="English").click()
        assert "Received so far" in page.locator("main").inner_text()
        assert axe_findings(page) == []
