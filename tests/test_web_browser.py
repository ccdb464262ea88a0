"""praxis serve in a real browser (Debian's Chromium through Playwright), checked with
axe-core (issue 14.4 and 14.5)."""

from __future__ import annotations

from pathlib import Path

from tests.webtools import axe_findings, chromium, config_for, demo_copy, new_page, running


def test_the_round_page_shows_the_demo_round_without_accessibility_findings(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "demo")
    with running(config_for(root)) as config, chromium() as browser:
        page = new_page(browser, config)
        assert page.url == config.base_url  # the token left the address bar
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator("h1").inner_text() == "Fragebogen Promising Practices"
        assert "10 von 12 Projekten haben geantwortet." in page.locator("main").inner_text()
        assert axe_findings(page) == []
        page.get_by_role("link", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert "10 of 12 projects have answered." in page.locator("main").inner_text()
        assert axe_findings(page) == []
