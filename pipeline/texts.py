"""Every German and English string praxis shows, in one place.

``t(key, lang, **values)`` formats the text for ``key`` in ``lang`` (German or English,
falling back to English). Keys are grouped by the stage that uses them.
"""

from __future__ import annotations

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

TEXTS: dict[str, dict[str, str]] = {
    # --- definition: loading and checking -------------------------------------------------
    "def.file_missing": {
        "en": "Definition file not found: {path}",
        "de": "Fragebogen-Definition nicht gefunden: {path}",
    },
    "def.yaml_syntax": {
        "en": "This is not valid YAML: {problem}. Check indentation and quotes near this line.",
        "de": "Kein gültiges YAML: {problem}. Bitte Einrückung und Anführungszeichen in dieser "
        "Zeile prüfen.",
    },
    "def.duplicate_key": {
        "en": "The key '{key}' appears twice in the same block; keep one.",
        "de": "Der Schlüssel '{key}' steht zweimal im selben Block; bitte nur einmal angeben.",
    },
    "def.not_mapping": {
        "en": "The file must contain a questionnaire (a YAML mapping with id, version, ...).",
        "de": "Die Datei muss einen Fragebogen enthalten (ein YAML-Objekt mit id, version, ...).",
    },
    "def.unknown_type": {
        "en": "Unknown question type '{value}'.{tip} Known types: {known}.",
        "de": "Unbekannter Fragetyp '{value}'.{tip} Bekannte Typen: {known}.",
    },
    "def.unknown_key": {
        "en": "Unknown key '{key}'.{tip} Allowed here: {known}.",
        "de": "Unbekannter Schlüssel '{key}'.{tip} Erlaubt sind hier: {known}.",
    },
    "def.missing_key": {
        "en": "The key '{key}' is missing; it is required here.",
        "de": "Der Schlüssel '{key}' fehlt; er ist hier Pflicht.",
    },
    "def.bad_value": {
        "en": "Invalid value {value}: {reason}.",
        "de": "Ungültiger Wert {value}: {reason}.",
    },
    "def.version_not_string": {
        "en": 'The version must be text; put it in quotes, e.g. version: "{value}".',
        "de": "Die Version muss Text sein; bitte in Anführungszeichen setzen, z. B. "
        'version: "{value}".',
    },
    "def.bad_id": {
        "en": "The id '{value}' may use only lower-case letters a-z, digits and '_' and must "
        "start with a letter.",
        "de": "Die id '{value}' darf nur Kleinbuchstaben a-z, Ziffern und '_' enthalten und muss "
        "mit einem Buchstaben beginnen.",
    },
    "def.duplicate_id": {
        "en": "The id '{id}' is used twice (first at line {first}); ids must be unique.",
        "de": "Die id '{id}' ist doppelt vergeben (zuerst in Zeile {first}); ids müssen "
        "eindeutig sein.",
    },
    "def.duplicate_value": {
        "en": "The choice value '{id}' appears twice in this list (first at line {first}).",
        "de": "Der Auswahlwert '{id}' steht zweimal in dieser Liste (zuerst in Zeile {first}).",
    },
    "def.unknown_choice_list": {
        "en": "There is no choice list '{name}'.{tip} Define it under choice_lists.",
        "de": "Es gibt keine Auswahlliste '{name}'.{tip} Bitte unter choice_lists anlegen.",
    },
    "def.missing_language": {
        "en": "The text has no '{lang}' version; the questionnaire declares languages {languages}.",
        "de": "Der Text hat keine Fassung in '{lang}'; der Fragebogen nennt die Sprachen "
        "{languages}.",
    },
    "def.text_comma": {
        "en": "This text contains a comma inside {{...}}, which splits it. Put the text in "
        "quotes: de: 'first part, second part'.",
        "de": "Dieser Text enthält ein Komma innerhalb von {{...}}, das ihn zerteilt. Bitte den "
        "Text in Anführungszeichen setzen: de: 'erster Teil, zweiter Teil'.",
    },
    "def.extra_language": {
        "en": "The text has a '{lang}' version, but '{lang}' is not among the languages "
        "{languages}.",
        "de": "Der Text hat eine Fassung in '{lang}', aber '{lang}' steht nicht unter den "
        "Sprachen {languages}.",
    },
    "def.when_unknown": {
        "en": "'when' refers to question '{ref}', which does not exist.{tip}",
        "de": "'when' verweist auf die Frage '{ref}', die es nicht gibt.{tip}",
    },
    "def.when_forward": {
        "en": "'when' refers to question '{ref}', which comes later (or is this question); it "
        "must refer to an earlier question.",
        "de": "'when' verweist auf die Frage '{ref}', die erst später kommt (oder diese Frage "
        "selbst ist); es muss eine frühere Frage sein.",
    },
    "def.when_operator": {
        "en": "'when' uses '{op}' on question '{ref}' of type {type}; use {allowed}.",
        "de": "'when' verwendet '{op}' für die Frage '{ref}' vom Typ {type}; möglich ist "
        "{allowed}.",
    },
    "def.when_value": {
        "en": "'when' compares question '{ref}' with {value}, which it can never have; possible "
        "values: {known}.",
        "de": "'when' vergleicht die Frage '{ref}' mit {value}, den sie nie haben kann; "
        "mögliche Werte: {known}.",
    },
    "def.limits_order": {
        "en": "'{low}' ({low_value}) is larger than '{high}' ({high_value}).",
        "de": "'{low}' ({low_value}) ist größer als '{high}' ({high_value}).",
    },
    "def.too_few_choices": {
        "en": "'{key}' is {value}, but the question offers only {count} choices.",
        "de": "'{key}' ist {value}, die Frage bietet aber nur {count} Optionen.",
    },
    "def.role_type": {
        "en": "The compendium role '{role}' needs a question of type {types}, not {type}.",
        "de": "Die Kompendium-Rolle '{role}' braucht eine Frage vom Typ {types}, nicht {type}.",
    },
    "def.role_once": {
        "en": "The compendium role '{role}' may be given to one question only (also at line "
        "{first}).",
        "de": "Die Kompendium-Rolle '{role}' darf nur eine Frage haben (auch in Zeile {first}).",
    },
    "def.prefill_type": {
        "en": "Only text-like questions can be pre-filled from the roster, not type {type}.",
        "de": "Nur Textfragen können aus der Projektliste vorausgefüllt werden, nicht Typ {type}.",
    },
    "def.did_you_mean": {
        "en": " Did you mean '{suggestion}'?",
        "de": " Meinten Sie '{suggestion}'?",
    },
    "def.summary": {
        "en": "{count} problem(s) found in {path}.",
        "de": "{count} Problem(e) in {path} gefunden.",
    },
    "def.ok": {
        "en": "{path}: questionnaire '{id}' version {version}, {sections} sections, "
        "{questions} questions, languages {languages}.",
        "de": "{path}: Fragebogen '{id}' Version {version}, {sections} Abschnitte, "
        "{questions} Fragen, Sprachen {languages}.",
    },
    "def.reason.type": {"en": "expected {expected}", "de": "erwartet: {expected}"},
    "def.reason.minimum": {"en": "must be at least {limit}", "de": "muss mindestens {limit} sein"},
    "def.reason.minLength": {"en": "must not be empty", "de": "darf nicht leer sein"},
    "def.reason.minItems": {
        "en": "needs at least {limit} entries",
        "de": "braucht mindestens {limit} Einträge",
    },
    "def.reason.minProperties": {
        "en": "needs at least one language, e.g. de: ...",
        "de": "braucht mindestens eine Sprache, z. B. de: ...",
    },
    "def.reason.uniqueItems": {
        "en": "entries must not repeat",
        "de": "Einträge dürfen sich nicht wiederholen",
    },
    "def.reason.pattern": {
        "en": "does not have the expected form",
        "de": "hat nicht die erwartete Form",
    },
    "def.reason.one_of": {
        "en": "give exactly one of 'equals' or 'includes'",
        "de": "bitte genau eines von 'equals' oder 'includes' angeben",
    },
    "def.reason.other": {"en": "not allowed here", "de": "hier nicht erlaubt"},
    "def.json.string": {"en": "text", "de": "Text"},
    "def.json.integer": {"en": "a whole number", "de": "eine ganze Zahl"},
    "def.json.number": {"en": "a number", "de": "eine Zahl"},
    "def.json.boolean": {"en": "true or false", "de": "true oder false"},
    "def.json.array": {
        "en": "a list (lines starting with '-')",
        "de": "eine Liste (Zeilen mit '-')",
    },
    "def.json.object": {
        "en": "a block of keys and values",
        "de": "ein Block aus Schlüsseln und Werten",
    },
    # --- schema -----------------------------------------------------------------------------
    "schema.written": {
        "en": "Answers schema written to {path}",
        "de": "Antwort-Schema geschrieben: {path}",
    },
    # --- cli --------------------------------------------------------------------------------
    "cli.error": {"en": "Error: {message}", "de": "Fehler: {message}"},
    "cli.unexpected": {
        "en": "Error: an unexpected problem occurred ({kind}: {message}). Run again with --debug "
        "and send the output to the praxis developers.",
        "de": "Fehler: ein unerwartetes Problem ist aufgetreten ({kind}: {message}). Bitte mit "
        "--debug erneut ausführen und die Ausgabe an das praxis-Team senden.",
    },
}


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if that language is missing), formatted."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values)
