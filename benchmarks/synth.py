"""Synthetic, deterministic benchmark data: a roster of N projects and complete answers.

Everything is drawn from word lists with a seeded ``random.Random``, so the same seed gives the
same roster and the same answers. Answers follow the questionnaire: every answerable question
gets a value of its type, within its limits; long texts have 50-400 words (fewer where the
question's ``max_words`` says so); a question whose ``when`` does not hold is left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire

WORDS = [
    "Jugendliche",
    "Fachkräfte",
    "Prävention",
    "Demokratie",
    "Beratung",
    "Netzwerk",
    "Plattform",
    "Inhalte",
    "Schule",
    "Workshop",
    "Austausch",
    "Gespräch",
    "Medienkompetenz",
    "Vertrauen",
    "Beziehung",
    "Online-Streetwork",
    "Kanal",
    "Gemeinschaft",
    "Ansprache",
    "Moderation",
    "Verschwörungserzählungen",
    "Radikalisierung",
    "Distanzierung",
    "Begleitung",
    "Elternarbeit",
    "Multiplikatoren",
    "Fortbildung",
    "Leitfaden",
    "Material",
    "Evaluation",
    "Wirkung",
    "Ergebnis",
    "Erfahrung",
    "Herausforderung",
    "Alltag",
    "Lebenswelt",
    "Sozialraum",
    "Jugendhilfe",
    "Verwaltung",
    "Kommune",
    "Landkreis",
    "Kooperation",
    "Partner",
    "Zielgruppe",
    "Angebot",
    "Methode",
    "Konzept",
    "Qualität",
    "Standard",
    "wir",
    "haben",
    "mit",
    "und",
    "für",
    "die",
    "den",
    "das",
    "eine",
    "einen",
    "regelmäßig",
    "gemeinsam",
    "digital",
    "lokal",
    "neu",
    "erreichen",
    "stärken",
    "begleiten",
    "entwickeln",
    "erproben",
    "auswerten",
    "verbessern",
    "vernetzen",
    "beraten",
    "sprechen",
    "zuhören",
    "fragen",
    "erklären",
    "zeigen",
    "lernen",
    "planen",
    "unterstützen",
    "informieren",
    "schnell",
    "langsam",
    "wichtig",
    "hilfreich",
    "schwierig",
    "offen",
    "kritisch",
    "vertraulich",
    "sichtbar",
    "Instagram",
    "TikTok",
    "Discord",
    "Messenger",
    "Games",
    "Videos",
    "Kommentare",
    "Chats",
    "Beiträge",
    "Gruppen",
    "Projektteam",
    "Mitarbeitende",
    "Ehrenamtliche",
    "Teilnehmende",
    "Schülerinnen",
    "Schüler",
    "Lehrkräfte",
    "Sozialarbeit",
    "Bildung",
    "Öffentlichkeit",
    "Förderung",
    "Nachhaltigkeit",
    "Transfer",
    "Übertragbarkeit",
]
FIRST = [
    "Anna",
    "Jana",
    "Lea",
    "Aylin",
    "Sophie",
    "Marie",
    "Lena",
    "Hannah",
    "Emma",
    "Mia",
    "Fatma",
    "Katharina",
    "Julia",
    "Nele",
    "Tobias",
    "Markus",
    "Jonas",
    "Lukas",
    "Felix",
    "Paul",
    "Leon",
    "Yusuf",
    "Deniz",
    "Malte",
    "Jan",
    "Sven",
    "Karim",
    "Henrik",
]
LAST = [
    "Petersen",
    "Krüger",
    "Demir",
    "Lehmann",
    "Schmidt",
    "Müller",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Braun",
    "Zimmermann",
    "Hartmann",
    "Yilmaz",
]
CITIES = [
    "Hamburg",
    "Berlin",
    "Köln",
    "Leipzig",
    "Dresden",
    "Rostock",
    "Kiel",
    "Bremen",
    "Hannover",
    "Kassel",
    "Erfurt",
    "Jena",
    "Mainz",
    "Freiburg",
    "Ulm",
    "Passau",
    "Regensburg",
    "Münster",
    "Bielefeld",
    "Potsdam",
    "Cottbus",
    "Magdeburg",
    "Halle",
    "Saarbrücken",
]
STATES = [
    "Hamburg",
    "Berlin",
    "Nordrhein-Westfalen",
    "Sachsen",
    "Sachsen",
    "Mecklenburg-Vorpommern",
    "Schleswig-Holstein",
    "Bremen",
    "Niedersachsen",
    "Hessen",
    "Thüringen",
    "Thüringen",
    "Rheinland-Pfalz",
    "Baden-Württemberg",
    "Baden-Württemberg",
    "Bayern",
    "Bayern",
    "Bayern",
    "Nordrhein-Westfalen",
    "Brandenburg",
    "Brandenburg",
    "Sachsen-Anhalt",
    "Sachsen-Anhalt",
    "Saarland",
]
NAME_HEADS = [
    "Hinsehen",
    "Streetwork",
    "Dialog",
    "Wegweiser",
    "Brücken",
    "Klartext",
    "Netzwerk",
    "Courage",
    "Kompass",
    "Perspektiven",
    "Stimmen",
    "Respekt",
    "Zukunft",
    "Mitreden",
    "Zusammenhalt",
]
NAME_TAILS = [
    "im Netz",
    "statt Wegklicken",
    "online",
    "vor Ort",
    "für Vielfalt",
    "gegen Hass",
    "digital",
    "Plus",
    "für Demokratie",
    "im Gespräch",
]
ORG_FORMS = ("e. V.", "gGmbH", "Stiftung", "e. V.", "Verein")
FIELDS = [
    "monitoring",
    "digital_social_work",
    "online_streetwork",
    "counselling",
    "political_education",
    "media_literacy",
    "qualification",
]
ROSTER_COLUMNS = (
    "project_id",
    "project",
    "organisation",
    "contact",
    "email",
    "phone",
    "state",
    "field_of_action",
    "language",
)


def project_id(index: int) -> str:
    return f"b{index + 1:05d}"


def roster_rows(n: int, seed: int = 1) -> list[dict[str, str]]:
    """N roster rows (ids ``b00001`` ...) with realistic German names."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        first, last, city = rnd.choice(FIRST), rnd.choice(LAST), rnd.choice(CITIES)
        org_word = rnd.choice(("Jugendwerk", "Bildungswerk", "Medienwerkstatt", "Aktion"))
        rows.append(
            {
                "project_id": project_id(i),
                "project": f"{rnd.choice(NAME_HEADS)} {rnd.choice(NAME_TAILS)} {city}",
                "organisation": f"{org_word} {city} {rnd.choice(ORG_FORMS)}",
                "contact": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}@projekt{i + 1}.example",
                "phone": f"0{rnd.randint(30, 999)} {rnd.randint(100000, 9999999)}",
                "state": rnd.choice(STATES),
                "field_of_action": rnd.choice(FIELDS),
                "language": "de",
            }
        )
    return rows


def roster_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROSTER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def words(rnd: random.Random, count: int) -> str:
    """``count`` words as sentences of 6-16 words."""
    out: list[str] = []
    while len(out) < count:
        sentence = rnd.choices(WORDS, k=min(rnd.randint(6, 16), count - len(out)))
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        sentence[-1] += "."
        out += sentence
    return " ".join(out)


def long_text(rnd: random.Random, f: Field) -> str:
    count = rnd.randint(50, 400)
    if f.max_words:
        count = min(count, f.max_words)
    return words(rnd, max(count, f.min_words or 1))


def short_text(rnd: random.Random, f: Field) -> str:
    limit = f.max_length or 200
    text = words(rnd, rnd.randint(2, 8)).rstrip(".")
    return text[:limit].strip()


def number(rnd: random.Random, f: Field) -> int | float:
    low = int(f.min) if f.min is not None else 0
    high = int(min(f.max, low + 5000)) if f.max is not None else low + 5000
    if f.type == "integer":
        return rnd.randint(low, high)
    return round(rnd.uniform(low, min(high, low + 20)), 1)


def date(rnd: random.Random) -> str:
    start = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randint(0, 2400))
    return start.isoformat()


def choice_one(rnd: random.Random, f: Field) -> str:
    return rnd.choice(f.choice_values)


def choice_many(rnd: random.Random, f: Field) -> list[str]:
    high = min(f.max_choices or 3, 3, len(f.choices))
    low = min(f.min_choices or 1, high)
    picked = rnd.sample(f.choice_values, rnd.randint(low, high))
    return [v for v in f.choice_values if v in picked]


SIMPLE = {
    "text": short_text,
    "long_text": long_text,
    "integer": number,
    "decimal": number,
    "select_one": choice_one,
    "select_multiple": choice_many,
}


def field_value(rnd: random.Random, f: Field, pid: str) -> Any:
    """A valid value of ``f``'s type."""
    if f.type in SIMPLE:
        return SIMPLE[f.type](rnd, f)
    if f.type == "date":
        return date(rnd)
    if f.type == "yes_no":
        return rnd.random() < 0.7
    if f.type == "email":
        return f"kontakt@{pid}.example"
    if f.type == "url":
        return f"https://www.{pid}.example/{rnd.choice(WORDS).lower()}"
    return None


def table_value(rnd: random.Random, question: Question, pid: str) -> list[dict[str, Any]]:
    rows = rnd.randint(1, min(4, question.max_rows or 4))
    return [{c.id: field_value(rnd, c, pid) for c in question.columns} for _ in range(rows)]


FIXED = {"consent_publish": True}


def answers_for(q: Questionnaire, row: dict[str, str], seed: int) -> dict[str, Any]:
    """Complete answers of the project of roster ``row`` (deterministic per seed and id)."""
    rnd = random.Random(f"{seed}:{row['project_id']}")
    pid = row["project_id"]
    answers: dict[str, Any] = {}
    for question in q.answerable():
        if question.when is not None and not question.when.holds(answers):
            continue
        if question.id in FIXED:
            answers[question.id] = FIXED[question.id]
        elif question.prefill and row.get(question.prefill) and question.type != "select_one":
            answers[question.id] = row[question.prefill]
        elif question.type == "table":
            answers[question.id] = table_value(rnd, question, pid)
        else:
            answers[question.id] = field_value(rnd, question, pid)
        _other(rnd, question, answers)
    _order_dates(answers)
    return answers


def _other(rnd: random.Random, question: Question, answers: dict[str, Any]) -> None:
    value = answers.get(question.id)
    chosen = value if isinstance(value, list) else [value]
    if question.other and OTHER in chosen:
        answers[question.other_id] = words(rnd, 3).rstrip(".")


def _order_dates(answers: dict[str, Any]) -> None:
    start, end = answers.get("start_date"), answers.get("end_date")
    if start and end and end < start:
        answers["start_date"], answers["end_date"] = end, start
