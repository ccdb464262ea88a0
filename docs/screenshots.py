"""Screenshots of praxis serve's main pages on the demo round, for docs/ and the README.

    .venv/bin/python docs/screenshots.py

Runs the demo into a temporary folder, serves it, and saves one PNG per page (1280 px wide)
into docs/screenshots/; then the compendium's web edition of the same round, opened from the
file system: its start page and one practice's page (``web-edition-*.png``). Needs Debian's
Chromium and Playwright (the test extras).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.demo import run_demo  # noqa: E402
from pipeline.publication.compendium.compile import compile_round  # noqa: E402
from tests.webtools import chromium, config_for, new_page, running  # noqa: E402

PAGES = {
    "round": "/",
    "projects": "/projects",
    "project": "/projects/p01",
    "inbox": "/inbox",
    "letters": "/letters",
    "workbooks": "/workbooks",
    "publication": "/publication",
}
WEB_EDITION = {
    "web-edition-start": ("index.html", 1500),
    "web-edition-practice": ("practice/p01.html", 1500),
}
"""The web edition's pages, by the name of their screenshot, and the height shown (the top
of the page, the height of a picture in the README)."""


def web_edition(root: Path) -> Path:
    """The demo round's web edition (``compendium/web``; written when the demo has none)."""
    web = root / "compendium" / "web"
    if not (web / "index.html").is_file():
        compile_round(root, html=web)
    return web


def web_edition_shots(browser: object, root: Path, out: Path) -> None:
    web = web_edition(root)
    page = browser.new_context(locale="de-DE").new_page()
    for name, (path, height) in WEB_EDITION.items():
        page.set_viewport_size({"width": 1280, "height": height})
        page.goto((web / path).as_uri())
        page.screenshot(path=str(out / f"{name}.png"))
        print(out / f"{name}.png")


def main() -> None:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        run_demo(root, "de")
        with running(config_for(root)) as config, chromium() as browser:
            page = new_page(browser, config)
            page.set_viewport_size({"width": 1280, "height": 900})
            for name, path in PAGES.items():
                page.goto(config.base_url.rstrip("/") + path)
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                print(out / f"{name}.png")
            web_edition_shots(browser, root, out)


if __name__ == "__main__":
    main()
