"""Pictures of the demo compendium for the README: the front matter and a chapter.

    .venv/bin/python docs/compendium_pictures.py

Runs the demo into a temporary folder (the compendium with the example publication settings,
as PDF: needs LibreOffice and poppler's ``pdftoppm``) and writes ``docs/compendium-title.png``
(title page, imprint, foreword and contents side by side) and ``docs/compendium-chapter.png``
(the two pages of the first chapter).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.demo import run_demo  # noqa: E402

DPI = 60
PICTURES = {"compendium-title": (1, 4), "compendium-chapter": (10, 11)}
"""Picture name -> the first and last page it shows (the demo's page numbers)."""


def side_by_side(pages: list[Path], out: Path) -> None:
    images = [Image.open(p).convert("RGB") for p in pages]
    gap = 12
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (220, 224, 230))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(out, optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="praxis-pictures-") as tmp:
        result = run_demo(Path(tmp) / "demo")
        if result.pdf is None:
            raise SystemExit("LibreOffice is needed for the compendium's PDF")
        for name, (first, last) in PICTURES.items():
            stem = Path(tmp) / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(DPI),
                    "-f",
                    str(first),
                    "-l",
                    str(last),
                    "-png",
                    str(result.pdf),
                    str(stem),
                ],
                check=True,
            )
            pages = sorted(Path(tmp).glob(f"{name}-*.png"))
            side_by_side(pages, ROOT / "docs" / f"{name}.png")
            print(ROOT / "docs" / f"{name}.png")


if __name__ == "__main__":
    main()
