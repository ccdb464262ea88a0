"""Screenshots of praxis serve's main pages on the demo round, for docs/ and the README.

    .venv/bin/python docs/screenshots.py

Runs the demo into a temporary folder, serves it, and saves one PNG per page (1280 px wide)
into docs/screenshots/. Needs Debian's Chromium and Playwright (the test extras).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.demo import run_demo  # noqa: E402
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


if __name__ == "__main__":
    main()
