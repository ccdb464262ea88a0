"""The demo's example of publication settings: ``publication.yaml`` with every entry filled in
German and English, and placeholder pictures it draws itself (two logos and a cover).

The funding notice and the disclaimer are made-up examples of the kind a funder requires:
praxis ships no funder's texts, and the file says so. The pictures are drawn with Pillow
from plain shapes and matplotlib's DejaVu font, so that equal versions give equal bytes.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.round.folder import write_stream_atomic

SETTINGS_NAME = "publication.yaml"
LOGO_NETWORK = "logo-netzwerk.png"
LOGO_FUNDER = "logo-foerderer.png"
COVER = "titelbild.png"

ACCENT = (31, 78, 121)
ACCENT_2 = (46, 117, 182)
LIGHT = (234, 241, 248)
WARM = (232, 161, 58)

EXAMPLE_YAML = """\
# Angaben zur Veröffentlichung des Kompendiums (praxis compile --config publication.yaml).
# Ein Beispiel: Alle Namen, Anschriften und Texte sind erfunden. Förderhinweis und
# Haftungsausschluss sind Beispieltexte; praxis liefert keine Texte von Fördergeber*innen mit.
# Den verbindlichen Wortlaut und die Logos erhalten Sie von Ihren Fördergeber*innen.
# Example publication settings: every name, address and text is made up. The funding notice
# and the disclaimer are example texts; praxis ships no funder's texts.

title:
  de: Gute Praxis in der digitalen Extremismusprävention
  en: Promising practices in preventing extremism online
subtitle:
  de: Ein Kompendium aus dem Netzwerk Extremismusprävention im digitalen Raum
  en: A compendium from the Network for the prevention of extremism in digital spaces
editor:
  name:
    de: Koordinierungsstelle des Netzwerks Extremismusprävention im digitalen Raum
    en: Coordination office of the Network for the prevention of extremism in digital spaces
  address:
    de: |-
      Musterstraße 12
      10115 Berlin
    en: |-
      Musterstraße 12
      10115 Berlin, Germany
publisher:
  name:
    de: Beispielverein für Demokratiebildung e. V.
    en: Beispielverein für Demokratiebildung e. V. (example association)
  address:
    de: |-
      Postfach 10 20 30
      10115 Berlin
    en: |-
      P.O. Box 10 20 30
      10115 Berlin, Germany
year: 2026
foreword:
  de: >-
    Wie erreicht Prävention junge Menschen dort, wo sie ihre Zeit verbringen: auf Instagram,
    TikTok, Discord und in Spielen? Die Projekte unseres Netzwerks probieren seit Jahren
    Antworten aus – mit Online-Streetwork, Beratung, politischer Bildung und Monitoring.

    Dieses Kompendium macht ihre Erfahrungen zugänglich. Es richtet sich an Fachkräfte, Träger
    und Fördernde, die Ansätze kennenlernen, übertragen oder weiterentwickeln möchten. Wir
    danken allen Projekten, die sich die Zeit genommen haben, ihre Arbeit zu beschreiben.
  en: >-
    How does prevention reach young people where they spend their time: on Instagram, TikTok,
    Discord and in games? The projects of our network have been trying out answers for years –
    with online streetwork, counselling, civic education and monitoring.

    This compendium makes their experience available. It is meant for practitioners,
    organisations and funders who want to get to know, transfer or develop approaches. We thank
    every project that took the time to describe its work.
method:
  de: >-
    Alle Projekte des Netzwerks erhielten denselben Fragebogen als Word- oder Excel-Formular. Er
    fragt nach Ausgangslage und Zielen, Zielgruppen und Zugängen, Vorgehen, Kooperationen,
    Evaluation, Übertragbarkeit und Erfahrungen.

    Aufgenommen sind die Praktiken der Projekte, die den Fragebogen zurückgesendet und einer
    Veröffentlichung zugestimmt haben; die Koordinierungsstelle hat jedes Kapitel geprüft. Die
    Angaben beruhen auf der Selbstauskunft der Projekte; sie sind keine externe Bewertung.
  en: >-
    Every project of the network received the same questionnaire as a Word or Excel form. It
    asks about the starting point and goals, target groups and access, approach, cooperation,
    evaluation, transferability and experience.

    Included are the practices of the projects that returned the questionnaire and agreed to
    publication; the coordination office reviewed every chapter. The information is
    self-reported by the projects; it is not an external assessment.
imprint:
  responsible:
    de: Dr. Erika Mustermann (Koordinierungsstelle)
    en: Dr Erika Mustermann (coordination office)
  contact:
    de: praxis@netzwerk-praevention.example, Telefon 030 1234567
    en: praxis@netzwerk-praevention.example, phone +49 30 1234567
funding:
  notice:
    de: >-
      Gefördert vom Bundesministerium für Beispielangelegenheiten im Rahmen des Bundesprogramms
      „Demokratie leben!“ (Beispieltext).
    en: >-
      Funded by the Federal Ministry of Example Affairs as part of the federal programme
      “Demokratie leben!” (example text).
  disclaimer:
    de: >-
      Beispieltext eines Haftungsausschlusses – bitte durch den Wortlaut Ihrer Fördergeber*innen
      ersetzen. Die Veröffentlichung stellt keine Meinungsäußerung der Fördergeber*innen dar. Für
      inhaltliche Aussagen tragen die Autor*innen die Verantwortung.
    en: >-
      Example text of a disclaimer – please replace it with your funder's wording. This
      publication does not express the opinion of the funder. The authors are responsible for
      its content.
  logos:
    - file: logo-netzwerk.png
      alt: {de: Logo des Netzwerks (Platzhalter), en: Logo of the network (placeholder)}
    - file: logo-foerderer.png
      alt: {de: Logo der Fördergeber*innen (Platzhalter), en: Logo of the funder (placeholder)}
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
  text:
    de: >-
      Dieses Werk steht unter der Lizenz Creative Commons Namensnennung 4.0 International. Sie
      dürfen es teilen und bearbeiten, wenn Sie die Herausgeber*innen nennen.
    en: >-
      This work is licensed under Creative Commons Attribution 4.0 International. You may share
      and adapt it if you give credit to the publishers.
cover:
  file: titelbild.png
  alt:
    de: Platzhalter-Titelbild aus farbigen Flächen und Kreisen, die für ein Netzwerk stehen
    en: Placeholder cover of coloured shapes and circles standing for a network
"""


def write_example_settings(folder: Path) -> Path:
    """Write ``publication.yaml`` and its pictures into ``folder``; returns the YAML's path."""
    folder.mkdir(parents=True, exist_ok=True)
    pictures = {
        LOGO_NETWORK: _logo("Logo Netzwerk", ACCENT, circle=True),
        LOGO_FUNDER: _logo("Logo Förderer", WARM, circle=False),
        COVER: _cover(),
    }
    for name, data in pictures.items():
        _write(folder / name, data)
    path = folder / SETTINGS_NAME
    _write(path, EXAMPLE_YAML.encode("utf-8"))
    return path


def _write(path: Path, data: bytes) -> None:
    write_stream_atomic(path, lambda handle: handle.write(data))


def _font(size: int) -> ImageFont.FreeTypeFont:
    import matplotlib

    return ImageFont.truetype(
        Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans-Bold.ttf", size
    )


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _logo(word: str, colour: tuple[int, int, int], circle: bool) -> bytes:
    """A 600 x 200 placeholder: a shape and ``word`` beside it, on white."""
    image = Image.new("RGB", (600, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 595, 195), radius=18, outline=colour, width=6)
    if circle:
        draw.ellipse((30, 40, 150, 160), fill=colour)
        draw.ellipse((70, 80, 110, 120), fill="white")
    else:
        draw.polygon(((30, 160), (90, 40), (150, 160)), fill=colour)
    draw.text((180, 100), word, fill=colour, font=_font(46), anchor="lm")
    return _png(image)


def _cover() -> bytes:
    """A 1500 x 900 placeholder cover: coloured planes and a few linked circles."""
    image = Image.new("RGB", (1500, 900), LIGHT)
    draw = ImageDraw.Draw(image)
    draw.polygon(((0, 900), (0, 520), (1500, 260), (1500, 900)), fill=ACCENT_2)
    draw.polygon(((0, 900), (0, 700), (1500, 520), (1500, 900)), fill=ACCENT)
    nodes = ((260, 300), (520, 180), (760, 340), (1040, 200), (1260, 380), (640, 560))
    for a, b in itertools.pairwise(nodes):
        draw.line((a, b), fill="white", width=10)
    for n, (x, y) in enumerate(nodes):
        r = 46 if n % 2 else 62
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WARM if n == 3 else "white")
    return _png(image)
