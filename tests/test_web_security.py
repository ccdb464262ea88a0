"""praxis serve's guard: nothing without the token, only its own Host, CSRF on every change,
request size limits, headers that keep the page to itself (issue 14.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.webtools import client, config_for, demo_copy


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_copy(tmp_path_factory.mktemp("web") / "demo")


def test_without_the_token_nothing_is_served(round_dir: Path) -> None:
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    config = config_for(round_dir)
    bare = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    for path in ("/", "/projects", "/static/style.css", "/jobs/x", "/nowhere"):
        answer = bare.get(path)
        assert answer.status_code == 403, path
        assert "Zugangsschlüssel" in answer.text
    assert bare.get("/?token=wrong").status_code == 403
    assert bare.post("/", data={"csrf": config.csrf}).status_code == 403


def test_the_printed_url_sets_a_cookie_and_drops_the_token_from_the_address(
    round_dir: Path,
) -> None:
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    config = config_for(round_dir)
    c = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    first = c.get(f"/projects?token={config.token}&state=approved", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/projects?state=approved"
    assert f"praxis_token_{config.port}=" in first.headers["set-cookie"]
    assert "HttpOnly" in first.headers["set-cookie"]
    assert "SameSite=Strict" in first.headers["set-cookie"]
    assert c.get("/").status_code == 200


def test_another_host_header_is_refused_even_with_the_token(round_dir: Path) -> None:
    config = config_for(round_dir)
    c = client(config)
    assert c.get("/").status_code == 200
    for host in (f"evil.example:{config.port}", "127.0.0.1:1", "localhost", "127.0.0.1"):
        answer = c.get("/", headers={"Host": host})
        assert answer.status_code == 403, host
        assert "Adresse" in answer.text
    assert c.get("/", headers={"Host": f"localhost:{config.port}"}).status_code == 200


def test_a_change_without_the_csrf_token_is_refused(round_dir: Path) -> None:
    config = config_for(round_dir)
    c = client(config)
    for kwargs in ({}, {"data": {"csrf": "wrong"}}, {"headers": {"X-CSRF-Token": "wrong"}}):
        answer = c.post("/lang/en", **kwargs)
        assert answer.status_code == 403, kwargs
        assert "Sicherheitsmerkmal" in answer.text
    # with it, the guard lets the request through (to the route, which only knows GET: 405)
    assert c.post("/lang/en", data={"csrf": config.csrf}).status_code == 405
    assert c.post("/lang/en", headers={"X-CSRF-Token": config.csrf}).status_code == 405
    assert c.post(f"/lang/en?csrf={config.csrf}", files={"f": ("a.docx", b"x")}).status_code == 405


def test_a_request_from_another_origin_is_refused_even_with_the_token(round_dir: Path) -> None:
    config = config_for(round_dir)
    c = client(config)
    headers = {"X-CSRF-Token": config.csrf, "Origin": "http://evil.example"}
    answer = c.post("/lang/en", headers=headers)
    assert answer.status_code == 403
    assert "anderen Webseite" in answer.text


def test_a_body_beyond_the_limit_is_refused(round_dir: Path) -> None:
    from dataclasses import replace

    config = replace(config_for(round_dir), max_request_bytes=1000, max_form_bytes=100)
    c = client(config)
    big = c.post("/lang/en", headers={"X-CSRF-Token": config.csrf}, content=b"x" * 1001)
    assert big.status_code == 413
    assert "größer als" in big.text
    form = c.post("/lang/en", data={"csrf": config.csrf, "text": "y" * 200})
    assert form.status_code == 413


def test_every_page_keeps_to_itself(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    answer = c.get("/")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "same-origin"  # no-referrer: Origin null
    assert answer.headers["cache-control"] == "no-store"


def test_the_language_switch_goes_back_only_to_this_server(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    back = c.get("/lang/en?next=/projects", follow_redirects=False)
    assert back.headers["location"] == "/projects"
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        away = c.get("/lang/en", params={"next": elsewhere}, follow_redirects=False)
        assert away.headers["location"] == "/", elsewhere
    assert '<html lang="en">' in c.get("/").text
