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
    # --- excel: the Excel form (excel_form, excel_reader, excel_filler) -------------------
    "excel.sheet_main": {"en": "Questionnaire", "de": "Fragebogen"},
    "excel.sheet_lists": {"en": "Lists", "de": "Listen"},
    "excel.col_number": {"en": "No.", "de": "Nr."},
    "excel.col_question": {"en": "Question", "de": "Frage"},
    "excel.col_hint": {"en": "Notes", "de": "Hinweis"},
    "excel.col_answer": {"en": "Answer", "de": "Antwort"},
    "excel.project": {
        "en": "Project: {name} ({organisation})",
        "de": "Projekt: {name} ({organisation})",
    },
    "excel.deadline": {"en": "Please return by: {date}", "de": "Rückgabefrist: {date}"},
    "excel.how_to": {
        "en": "How to fill in: write your answers into the yellow cells of the column "
        "'Answer'. Where a cell offers a list, pick an entry from it; for multiple choice put an "
        "x beside every option that applies. Save the file as an Excel workbook (.xlsx), keep "
        "its name, and send it back to: {return_to}",
        "de": "So füllen Sie den Fragebogen aus: Tragen Sie Ihre Antworten in die gelben Felder "
        "der Spalte „Antwort“ ein. Wo ein Feld eine Liste anbietet, wählen Sie bitte einen "
        "Eintrag aus; bei Mehrfachauswahl setzen Sie ein x neben jede zutreffende Option. "
        "Speichern Sie die Datei als Excel-Arbeitsmappe (.xlsx), ändern Sie den Namen nicht, "
        "und senden Sie sie zurück an: {return_to}",
    },
    "excel.other": {"en": "Other", "de": "Sonstiges"},
    "excel.other_specify": {"en": "Other, please specify", "de": "Sonstiges, bitte angeben"},
    "excel.required": {"en": "Required.", "de": "Pflichtfeld."},
    "excel.integer": {"en": "A whole number", "de": "Eine ganze Zahl"},
    "excel.decimal": {"en": "A number", "de": "Eine Zahl"},
    "excel.between": {"en": "between {min} and {max}", "de": "zwischen {min} und {max}"},
    "excel.at_least": {"en": "of at least {min}", "de": "von mindestens {min}"},
    "excel.at_most": {"en": "of at most {max}", "de": "von höchstens {max}"},
    "excel.date": {"en": "Date as YYYY-MM-DD.", "de": "Datum im Format TT.MM.JJJJ."},
    "excel.pick_one": {
        "en": "Pick one entry from the list.",
        "de": "Bitte einen Eintrag aus der Liste wählen.",
    },
    "excel.pick_yes_no": {
        "en": "Pick Yes or No from the list.",
        "de": "Bitte Ja oder Nein aus der Liste wählen.",
    },
    "excel.pick_many": {
        "en": "Put an x beside every option that applies.",
        "de": "Bitte ein x neben jede zutreffende Option setzen.",
    },
    "excel.choices_between": {
        "en": "Tick {min} to {max} options.",
        "de": "Bitte {min} bis {max} Optionen ankreuzen.",
    },
    "excel.choices_min": {
        "en": "Tick at least {min} options.",
        "de": "Bitte mindestens {min} Optionen ankreuzen.",
    },
    "excel.choices_max": {
        "en": "Tick at most {max} options.",
        "de": "Bitte höchstens {max} Optionen ankreuzen.",
    },
    "excel.see_sheet": {"en": "see sheet “{sheet}”", "de": "siehe Blatt „{sheet}“"},
    "excel.table_rows": {
        "en": "One row per entry, at most {n} rows.",
        "de": "Eine Zeile pro Eintrag, höchstens {n} Zeilen.",
    },
    "excel.back": {"en": "← back to the questionnaire", "de": "← zurück zum Fragebogen"},
    "excel.invalid_title": {"en": "Please check", "de": "Bitte prüfen"},
    "excel.invalid_number": {
        "en": "This does not look like the expected number ({limits}). Keep it anyway?",
        "de": "Das sieht nicht nach der erwarteten Zahl aus ({limits}). Trotzdem übernehmen?",
    },
    "excel.invalid_date": {
        "en": "Please enter a date, e.g. 2023-10-12. Keep it anyway?",
        "de": "Bitte ein Datum eingeben, z. B. 12.10.2023. Trotzdem übernehmen?",
    },
    "excel.invalid_list": {
        "en": "Please pick an entry from the list. Keep your text anyway?",
        "de": "Bitte einen Eintrag aus der Liste wählen. Ihren Text trotzdem übernehmen?",
    },
    "excel.invalid_mark": {
        "en": "Please put an x here, or leave the cell empty.",
        "de": "Bitte hier ein x setzen oder das Feld leer lassen.",
    },
    "excel.unreadable": {
        "en": "{file} cannot be read as an Excel workbook ({detail}). Please ask the project to "
        "save the form again as .xlsx and send it once more.",
        "de": "{file} lässt sich nicht als Excel-Arbeitsmappe lesen ({detail}). Bitte das Projekt "
        "bitten, den Fragebogen erneut als .xlsx zu speichern und noch einmal zu senden.",
    },
    "excel.too_large": {
        "en": "{file}: the part {part} is {size} MB when unpacked (limit {limit} MB); the file is "
        "not read.",
        "de": "{file}: der Teil {part} ist entpackt {size} MB groß (Grenze {limit} MB); die Datei "
        "wird nicht gelesen.",
    },
    "excel.no_identification": {
        "en": "The form carries no praxis identification (neither the hidden sheet nor the "
        "document properties); it cannot be matched to a project automatically.",
        "de": "Der Fragebogen trägt keine praxis-Kennung (weder im verborgenen Blatt noch in den "
        "Dokumenteigenschaften); er lässt sich keinem Projekt automatisch zuordnen.",
    },
    "excel.no_main_sheet": {
        "en": "The sheet with the questions was not found.",
        "de": "Das Blatt mit den Fragen wurde nicht gefunden.",
    },
    "excel.not_found": {
        "en": "Question {number} was not found in the form (the row or sheet may have been "
        "deleted).",
        "de": "Frage {number} wurde im Fragebogen nicht gefunden (Zeile oder Blatt wurde "
        "vielleicht gelöscht).",
    },
    "excel.by_cell": {
        "en": "Question {number}: its number was not found in column A; the answer was read from "
        "the cell the form was built with ({cell}).",
        "de": "Frage {number}: ihre Nummer steht nicht mehr in Spalte A; die Antwort wurde aus "
        "der ursprünglichen Zelle ({cell}) gelesen.",
    },
    "excel.formula": {
        "en": "A formula was found in {cell}; its last calculated value is used.",
        "de": "In {cell} steht eine Formel; ihr zuletzt berechneter Wert wird verwendet.",
    },
    "excel.error_value": {
        "en": "{cell} holds an error value ({value}) instead of an answer; it is ignored.",
        "de": "{cell} enthält einen Fehlerwert ({value}) statt einer Antwort; er wird ignoriert.",
    },
    # --- schema -----------------------------------------------------------------------------
    "schema.written": {
        "en": "Answers schema written to {path}",
        "de": "Antwort-Schema geschrieben: {path}",
    },
    # --- generate: mails and cover letters -----------------------------------------------
    "mail.subject": {
        "en": "{title}: your answers by {deadline}",
        "de": "{title}: Ihre Rückmeldung bis {deadline}",
    },
    "mail.greeting": {"en": "Dear {contact},", "de": "Guten Tag {contact},"},
    "mail.greeting_plain": {"en": "Dear colleagues,", "de": "Guten Tag,"},
    "mail.body": {
        "en": "we are collecting promising practices from our network for a compendium. "
        'Attached you will find the questionnaire "{title}" for your project "{project}", '
        "as a Word file and as an Excel file. Please fill in either of the two files (whichever "
        "suits you better) and send it back by {deadline} to: {return_to}.\n\n"
        "Some details are already filled in from our list of projects; please check them. "
        "If you like, you can also present your practice in a short video or audio recording "
        "and enter the link in the questionnaire.\n\n"
        "If you have any questions, please get in touch.",
        "de": "wir sammeln gute Praxis aus unserem Netzwerk für ein Kompendium. Im Anhang "
        "finden Sie den Fragebogen „{title}“ für Ihr Projekt „{project}“ – als Word-Datei und "
        "als Excel-Datei. Bitte füllen Sie eine der beiden Dateien aus (welche, ist Ihnen "
        "überlassen) und senden Sie sie bis zum {deadline} zurück an: {return_to}.\n\n"
        "Einige Angaben haben wir aus unserer Projektliste vorausgefüllt; bitte prüfen Sie "
        "sie. Gern können Sie Ihre Praxis zusätzlich in einem kurzen Video oder einer "
        "Audioaufnahme vorstellen und den Link im Fragebogen eintragen.\n\n"
        "Bei Fragen melden Sie sich gern.",
    },
    "mail.closing": {"en": "Kind regards", "de": "Mit freundlichen Grüßen"},
    "mail.no_deadline": {"en": "as soon as you can", "de": "so bald wie möglich"},
    "mail.no_return": {"en": "the network's coordination office", "de": "die Koordinierungsstelle"},
    "letter.title": {"en": "Cover letter", "de": "Anschreiben"},
    "letter.regarding": {"en": "Regarding: {subject}", "de": "Betreff: {subject}"},
    "generate.done": {
        "en": "Round {round}: {count} project(s), forms in {forms}, mail drafts in {mails}, "
        "manifest {manifest}",
        "de": "Erhebungsrunde {round}: {count} Projekt(e), Formulare in {forms}, "
        "E-Mail-Entwürfe in {mails}, Übersicht {manifest}",
    },
    "roster.not_found": {
        "en": "Roster not found: {path}",
        "de": "Projektliste nicht gefunden: {path}",
    },
    "roster.kind": {
        "en": "{path}: a roster must be a .csv or .xlsx file, not '{suffix}'",
        "de": "{path}: eine Projektliste muss eine .csv- oder .xlsx-Datei sein, nicht '{suffix}'",
    },
    "roster.unreadable": {
        "en": "{path}: cannot read this Excel file ({detail})",
        "de": "{path}: diese Excel-Datei lässt sich nicht lesen ({detail})",
    },
    "roster.empty": {
        "en": "{path}: the roster has no projects",
        "de": "{path}: die Projektliste enthält keine Projekte",
    },
    "roster.missing_columns": {
        "en": "{path}: missing column(s) {missing}; found {found}",
        "de": "{path}: Spalte(n) {missing} fehlen; vorhanden sind {found}",
    },
    "roster.row_empty": {
        "en": "row {row}: '{column}' is empty",
        "de": "Zeile {row}: '{column}' ist leer",
    },
    "roster.row_id": {
        "en": "row {row}: project_id '{id}' may use only letters, digits, '-' and '_'",
        "de": "Zeile {row}: project_id '{id}' darf nur Buchstaben, Ziffern, '-' und '_' enthalten",
    },
    "roster.row_twice": {
        "en": "row {row}: project_id '{id}' appears twice",
        "de": "Zeile {row}: project_id '{id}' kommt zweimal vor",
    },
    "roster.row_language": {
        "en": "row {row}: language '{language}' is not one of {languages}",
        "de": "Zeile {row}: Sprache '{language}' ist keine von {languages}",
    },
    "roster.row_control": {
        "en": "row {row}: '{column}' contains an invisible control character ({code}); "
        "please delete it",
        "de": "Zeile {row}: '{column}' enthält ein unsichtbares Steuerzeichen ({code}); "
        "bitte entfernen",
    },
    "generate.exists": {
        "en": "{round} already holds a round; its forms may have been sent already. Use --add to "
        "add only projects that are new to the roster, or choose another folder.",
        "de": "{round} enthält bereits eine Erhebungsrunde; ihre Formulare wurden vielleicht "
        "schon verschickt. Mit --add werden nur neue Projekte der Projektliste ergänzt; sonst "
        "bitte einen anderen Ordner wählen.",
    },
    "generate.other_questionnaire": {
        "en": "{round} is a round of {existing}; it cannot take forms of {new}.",
        "de": "{round} ist eine Runde von {existing}; Formulare von {new} passen nicht dazu.",
    },
    "generate.nothing_new": {
        "en": "No new projects in the roster; nothing was added.",
        "de": "Keine neuen Projekte in der Projektliste; nichts ergänzt.",
    },
    "generate.progress": {"en": "Writing forms", "de": "Formulare werden geschrieben"},
    # --- ingest: rejections (what to ask the project for) --------------------------------
    "reject.too_large": {
        "en": "The file is too large ({detail}). Please ask the project for the filled form "
        "without embedded pictures or videos (links are welcome).",
        "de": "Die Datei ist zu groß ({detail}). Bitte das Projekt um den ausgefüllten "
        "Fragebogen ohne eingebettete Bilder oder Videos bitten (Links sind willkommen).",
    },
    "reject.empty": {"en": "The file is empty.", "de": "Die Datei ist leer."},
    "reject.legacy": {
        "en": "This is an old Word/Excel format (.doc/.xls). Please ask the project to save the "
        "form as .docx or .xlsx (File > Save as) and send it again.",
        "de": "Das ist ein altes Word-/Excel-Format (.doc/.xls). Bitte das Projekt bitten, den "
        "Fragebogen als .docx oder .xlsx zu speichern (Datei > Speichern unter) und erneut zu "
        "senden.",
    },
    "reject.encrypted": {
        "en": "The file is protected with a password. Please ask the project to remove the "
        "password (or send the form unprotected) and send it again.",
        "de": "Die Datei ist mit einem Passwort geschützt. Bitte das Projekt bitten, das "
        "Passwort zu entfernen und den Fragebogen erneut zu senden.",
    },
    "reject.macro": {
        "en": "The file contains macros (.docm/.xlsm or a VBA part), which praxis never opens. "
        "Please ask the project to save the form as a normal .docx or .xlsx.",
        "de": "Die Datei enthält Makros (.docm/.xlsm oder VBA), die praxis nie öffnet. Bitte "
        "das Projekt bitten, den Fragebogen als normale .docx- oder .xlsx-Datei zu speichern.",
    },
    "reject.opendocument": {
        "en": "This is an OpenDocument file (.odt/.ods). Please ask the project to save the "
        "form in LibreOffice as Word (.docx) or Excel (.xlsx) and send it again.",
        "de": "Das ist eine OpenDocument-Datei (.odt/.ods). Bitte das Projekt bitten, den "
        "Fragebogen in LibreOffice als Word (.docx) oder Excel (.xlsx) zu speichern.",
    },
    "reject.pdf": {
        "en": "This is a PDF; answers cannot be read from it. Please ask the project for the "
        "filled Word or Excel form.",
        "de": "Das ist eine PDF-Datei; daraus lassen sich keine Antworten lesen. Bitte das "
        "Projekt um den ausgefüllten Word- oder Excel-Fragebogen bitten.",
    },
    "reject.rtf": {
        "en": "This is an RTF file. Please ask the project to save the form as .docx.",
        "de": "Das ist eine RTF-Datei. Bitte das Projekt bitten, den Fragebogen als .docx zu "
        "speichern.",
    },
    "reject.image": {
        "en": "This is a picture (a scan or photo). Please ask the project for the filled Word "
        "or Excel form.",
        "de": "Das ist ein Bild (Scan oder Foto). Bitte das Projekt um den ausgefüllten Word- "
        "oder Excel-Fragebogen bitten.",
    },
    "reject.unknown_format": {
        "en": "praxis reads only .docx and .xlsx forms, not '{detail}' files.",
        "de": "praxis liest nur Fragebögen als .docx und .xlsx, keine '{detail}'-Dateien.",
    },
    "reject.not_a_form": {
        "en": "This file is not a praxis form ({detail}). Please ask the project to fill in the "
        "form it received.",
        "de": "Diese Datei ist kein praxis-Fragebogen ({detail}). Bitte das Projekt bitten, den "
        "zugesandten Fragebogen auszufüllen.",
    },
    "reject.broken": {
        "en": "The file is damaged or incomplete ({detail}). Please ask the project to send it "
        "again.",
        "de": "Die Datei ist beschädigt oder unvollständig ({detail}). Bitte das Projekt bitten, "
        "sie erneut zu senden.",
    },
    "reject.zip_bomb": {
        "en": "The file would unpack to an implausible size ({detail}) and was not opened.",
        "de": "Die Datei würde sich auf eine unplausible Größe entpacken ({detail}) und wurde "
        "nicht geöffnet.",
    },
    "reject.dtd": {
        "en": "The file contains an XML document type declaration ({detail}), which Word and "
        "Excel never write; it was not opened. Please ask the project to send the form again.",
        "de": "Die Datei enthält eine XML-Dokumenttyp-Deklaration ({detail}), wie sie Word und "
        "Excel nie schreiben; sie wurde nicht geöffnet. Bitte den Fragebogen erneut anfordern.",
    },
    "reject.unreadable": {
        "en": "The form could not be read: {detail}",
        "de": "Der Fragebogen konnte nicht gelesen werden: {detail}",
    },
    "reject.no_identification": {
        "en": "The form carries no praxis identification (project and token); it may be a copy "
        "of another document. Please ask the project to fill in the form it received.",
        "de": "Der Fragebogen trägt keine praxis-Kennung (Projekt und Token); vielleicht ist er "
        "eine Kopie eines anderen Dokuments. Bitte das Projekt bitten, den zugesandten "
        "Fragebogen auszufüllen.",
    },
    "reject.other_questionnaire": {
        "en": "This is a form of questionnaire '{detail}', not of this round's questionnaire.",
        "de": "Das ist ein Formular des Fragebogens '{detail}', nicht des Fragebogens dieser "
        "Runde.",
    },
    "reject.unknown_project": {
        "en": "The form names project '{detail}', which is not on this round's roster. It was "
        "not attributed to any project.",
        "de": "Der Fragebogen nennt das Projekt '{detail}', das nicht in der Projektliste dieser "
        "Runde steht. Er wurde keinem Projekt zugeordnet.",
    },
    "reject.token": {
        "en": "The form's token does not match the one sent to project '{detail}': it is from "
        "another round, or its identification was changed. It was not attributed.",
        "de": "Das Token des Fragebogens passt nicht zu dem an Projekt '{detail}' gesandten: er "
        "stammt aus einer anderen Runde, oder seine Kennung wurde verändert. Er wurde nicht "
        "zugeordnet.",
    },
    # --- ingest: problems in answers -------------------------------------------------------
    "issue.where": {"en": "Question {number} {label}", "de": "Frage {number} {label}"},
    "issue.missing": {"en": "please answer this question.", "de": "bitte beantworten."},
    "issue.missing_choice": {
        "en": "please tick at least one option.",
        "de": "bitte mindestens eine Option ankreuzen.",
    },
    "issue.missing_other": {
        "en": "you ticked 'other': please say what.",
        "de": "Sie haben „Sonstiges“ angekreuzt: bitte angeben, was.",
    },
    "issue.too_many_words": {
        "en": "{count} words; at most {limit} are possible. Please shorten the text.",
        "de": "{count} Wörter; höchstens {limit} sind möglich. Bitte kürzen.",
    },
    "issue.too_few_words": {
        "en": "{count} words; please write at least {limit}.",
        "de": "{count} Wörter; bitte mindestens {limit} schreiben.",
    },
    "issue.too_long": {
        "en": "{count} characters; at most {limit} are possible.",
        "de": "{count} Zeichen; höchstens {limit} sind möglich.",
    },
    "issue.too_small": {
        "en": "'{value}' is below the lowest possible value {limit}.",
        "de": "'{value}' liegt unter dem kleinsten möglichen Wert {limit}.",
    },
    "issue.too_large": {
        "en": "'{value}' is above the highest possible value {limit}.",
        "de": "'{value}' liegt über dem größten möglichen Wert {limit}.",
    },
    "issue.too_many_choices": {
        "en": "{count} options ticked; at most {limit} are possible.",
        "de": "{count} Optionen angekreuzt; höchstens {limit} sind möglich.",
    },
    "issue.too_few_choices": {
        "en": "{count} option(s) ticked; please tick at least {limit}.",
        "de": "{count} Option(en) angekreuzt; bitte mindestens {limit} ankreuzen.",
    },
    "issue.too_many_rows": {
        "en": "{count} rows; at most {limit} are possible.",
        "de": "{count} Zeilen; höchstens {limit} sind möglich.",
    },
    "issue.bad_email": {
        "en": "'{value}' is not an e-mail address.",
        "de": "'{value}' ist keine E-Mail-Adresse.",
    },
    "issue.bad_url": {
        "en": "'{value}' is not a web address; please give it as https://...",
        "de": "'{value}' ist keine Webadresse; bitte als https://... angeben.",
    },
    "issue.invalid": {
        "en": "the answer is not valid ({detail}).",
        "de": "die Antwort ist ungültig ({detail}).",
    },
    "issue.not_applicable": {
        "en": "answered although it applies only {condition}; the answer is kept.",
        "de": "beantwortet, obwohl die Frage nur {condition} gilt; die Antwort bleibt erhalten.",
    },
    "issue.old_version": {
        "en": "The form is of questionnaire version {found}; this round uses {expected}. "
        "Answers were read by question; questions it lacks are missing.",
        "de": "Der Fragebogen hat die Version {found}; diese Runde nutzt {expected}. Die "
        "Antworten wurden je Frage gelesen; Fragen, die ihm fehlen, fehlen.",
    },
    "issue.other_added": {
        "en": "a text was given under 'other', so 'other' counts as ticked.",
        "de": "unter „Sonstiges“ steht ein Text, daher gilt „Sonstiges“ als angekreuzt.",
    },
    "coerce.not_a_number": {
        "en": "'{value}' is not a number.",
        "de": "'{value}' ist keine Zahl.",
    },
    "coerce.not_whole": {
        "en": "'{value}' is not a whole number.",
        "de": "'{value}' ist keine ganze Zahl.",
    },
    "coerce.not_a_date": {
        "en": "'{value}' is not a date; please write it as 31.12.2025.",
        "de": "'{value}' ist kein Datum; bitte als 31.12.2025 angeben.",
    },
    "coerce.not_yes_no": {
        "en": "'{value}' is neither yes nor no.",
        "de": "'{value}' ist weder ja noch nein.",
    },
    "coerce.not_a_choice": {
        "en": "'{value}' is not one of the options.",
        "de": "'{value}' ist keine der Auswahlmöglichkeiten.",
    },
    "coerce.not_a_table": {
        "en": "the table could not be read.",
        "de": "die Tabelle war nicht lesbar.",
    },
    "when.equals": {"en": "if {number} is '{value}'", "de": "wenn bei {number} „{value}“ gilt"},
    "when.includes": {
        "en": "if '{value}' is ticked at {number}",
        "de": "wenn bei {number} „{value}“ angekreuzt ist",
    },
    "form.yes": {"en": "Yes", "de": "Ja"},
    "form.no": {"en": "No", "de": "Nein"},
    "form.max_length": {"en": "at most {n} characters", "de": "höchstens {n} Zeichen"},
    "form.max_words": {"en": "max. {n} words", "de": "max. {n} Wörter"},
    "form.min_words": {"en": "at least {n} words", "de": "mind. {n} Wörter"},
    "form.unit": {"en": "in {unit}", "de": "in {unit}"},
    "form.when_equals": {
        "en": "Only if you answered '{value}' at {number}.",
        "de": "Nur ausfüllen, wenn Sie bei {number} „{value}“ angegeben haben.",
    },
    "form.when_includes": {
        "en": "Only if you ticked '{value}' at {number}.",
        "de": "Nur ausfüllen, wenn Sie bei {number} „{value}“ angekreuzt haben.",
    },
    "value.other": {"en": "Other", "de": "Sonstiges"},
    "value.yes": {"en": "Yes", "de": "Ja"},
    "value.no": {"en": "No", "de": "Nein"},
    # --- ingest: outcomes and summary -----------------------------------------------------
    "outcome.accepted": {"en": "accepted", "de": "angenommen"},
    "outcome.accepted_with_warnings": {
        "en": "accepted with warnings",
        "de": "angenommen mit Hinweisen",
    },
    "outcome.incomplete": {"en": "incomplete", "de": "unvollständig"},
    "outcome.rejected": {"en": "rejected", "de": "abgelehnt"},
    "outcome.duplicate": {
        "en": "already ingested (unchanged)",
        "de": "bereits eingelesen (unverändert)",
    },
    "outcome.skipped": {"en": "skipped", "de": "übersprungen"},
    "ingest.progress": {"en": "Reading returns", "de": "Rückläufe werden gelesen"},
    "ingest.col.file": {"en": "File", "de": "Datei"},
    "ingest.col.project": {"en": "Project", "de": "Projekt"},
    "ingest.col.outcome": {"en": "Outcome", "de": "Ergebnis"},
    "ingest.col.problems": {"en": "Problems", "de": "Probleme"},
    "ingest.summary": {
        "en": "{files} file(s): {accepted} accepted, {incomplete} incomplete, {rejected} "
        "rejected, {duplicate} unchanged. Reports in {reports}",
        "de": "{files} Datei(en): {accepted} angenommen, {incomplete} unvollständig, "
        "{rejected} abgelehnt, {duplicate} unverändert. Berichte in {reports}",
    },
    "ingest.no_files": {
        "en": "No files to read in {where}.",
        "de": "Keine Dateien zum Einlesen in {where}.",
    },
    "ingest.lock_file": {
        "en": "an Office lock file (~$...), not a form",
        "de": "eine Office-Sperrdatei (~$...), kein Fragebogen",
    },
    "ingest.missing_source": {"en": "Not found: {path}", "de": "Nicht gefunden: {path}"},
    # --- reports and follow-up letters ---------------------------------------------------
    "report.title": {"en": "Return of {project}", "de": "Rücklauf von {project}"},
    "report.file": {"en": "File", "de": "Datei"},
    "report.outcome": {"en": "Outcome", "de": "Ergebnis"},
    "report.none": {"en": "No problems found.", "de": "Keine Probleme gefunden."},
    "report.errors": {"en": "To be clarified", "de": "Zu klären"},
    "report.warnings": {"en": "Notes", "de": "Hinweise"},
    "report.coercions": {"en": "Read as", "de": "Gelesen als"},
    "report.read_as": {
        "en": "{question}: '{raw}' read as {value}",
        "de": "{question}: „{raw}“ gelesen als {value}",
    },
    "report.rejected_title": {"en": "Rejected files", "de": "Abgelehnte Dateien"},
    "report.at": {"en": "at {location}", "de": "in {location}"},
    "followup.subject": {
        "en": "Questions about your answers: {title}",
        "de": "Rückfrage zu Ihren Antworten: {title}",
    },
    "followup.intro": {
        "en": 'thank you very much for returning the questionnaire for "{project}". A few '
        "answers are still missing or need a correction before we can include your practice "
        "in the compendium:",
        "de": "herzlichen Dank für Ihren Fragebogen zu „{project}“. Einige Antworten fehlen "
        "noch oder brauchen eine Korrektur, bevor wir Ihre Praxis in das Kompendium aufnehmen "
        "können:",
    },
    "followup.request": {
        "en": "Please complete these answers in the same form and send it back by {deadline} "
        "to {return_to}. Your other answers are saved; you do not need to repeat them.",
        "de": "Bitte ergänzen Sie diese Angaben im selben Formular und senden Sie es bis "
        "{deadline} zurück an {return_to}. Ihre übrigen Antworten sind gespeichert; Sie müssen "
        "sie nicht wiederholen.",
    },
    "followup.title": {"en": "Follow-up questions", "de": "Rückfrage"},
    "followup.file": {"en": "follow-up", "de": "rueckfrage"},
    # --- status -------------------------------------------------------------------------
    "status.col.returned": {"en": "Returned", "de": "Zurück"},
    "status.col.received": {"en": "Received", "de": "Eingang"},
    "status.col.errors": {"en": "To clarify", "de": "Zu klären"},
    "status.col.warnings": {"en": "Notes", "de": "Hinweise"},
    "status.yes": {"en": "yes", "de": "ja"},
    "status.no": {"en": "no", "de": "nein"},
    "status.totals": {
        "en": "{total} project(s): {returned} returned ({accepted} accepted, {incomplete} "
        "incomplete), {missing} missing.",
        "de": "{total} Projekt(e): {returned} zurück ({accepted} angenommen, {incomplete} "
        "unvollständig), {missing} fehlen.",
    },
    # --- tables: aggregated answers (pipeline.tables) ---------------------------------------
    "tables.col.project_id": {"en": "Project ID", "de": "Projekt-ID"},
    "tables.col.project": {"en": "Project", "de": "Projekt"},
    "tables.col.organisation": {"en": "Organisation", "de": "Träger"},
    "tables.col.row": {"en": "Row", "de": "Zeile"},
    "tables.col.question_id": {"en": "Question ID", "de": "Frage-ID"},
    "tables.col.number": {"en": "No.", "de": "Nr."},
    "tables.col.question": {"en": "Question", "de": "Frage"},
    "tables.col.value": {"en": "Answer", "de": "Antwort"},
    "tables.col.choice_value": {"en": "Value", "de": "Wert"},
    "tables.col.choice": {"en": "Choice", "de": "Auswahl"},
    "tables.col.count": {"en": "Count", "de": "Anzahl"},
    "tables.col.answered": {"en": "Answered", "de": "Beantwortet"},
    "tables.col.share": {"en": "Share", "de": "Anteil"},
    "tables.col.group_value": {"en": "Group value", "de": "Gruppenwert"},
    "tables.col.group": {"en": "Group", "de": "Gruppe"},
    "tables.col.group_projects": {"en": "Projects in group", "de": "Projekte in der Gruppe"},
    "tables.col.min": {"en": "Minimum", "de": "Minimum"},
    "tables.col.median": {"en": "Median", "de": "Median"},
    "tables.col.max": {"en": "Maximum", "de": "Maximum"},
    "tables.col.mean": {"en": "Mean", "de": "Mittelwert"},
    "tables.col.words": {"en": "Words", "de": "Wörter"},
    "tables.col.returned": {"en": "Returned", "de": "Zurück"},
    "tables.col.outcome": {"en": "Outcome", "de": "Ergebnis"},
    "tables.col.received": {"en": "Received", "de": "Eingang"},
    "tables.col.errors": {"en": "Errors", "de": "Fehler"},
    "tables.yes": {"en": "yes", "de": "ja"},
    "tables.no": {"en": "no", "de": "nein"},
    "tables.answered": {"en": "answered", "de": "beantwortet"},
    "tables.missing": {"en": "missing", "de": "fehlt"},
    "tables.not_applicable": {"en": "not applicable", "de": "entfällt"},
    "tables.other_text": {"en": "Other (specified)", "de": "Sonstiges (Angabe)"},
    "tables.sheet.wide": {"en": "Answers", "de": "Antworten"},
    "tables.sheet.long": {"en": "Answers (long)", "de": "Antworten (Liste)"},
    "tables.sheet.choices": {"en": "Choices", "de": "Auswahl"},
    "tables.sheet.by_group": {"en": "Choices by group", "de": "Auswahl nach Gruppe"},
    "tables.sheet.numbers": {"en": "Numbers", "de": "Zahlen"},
    "tables.sheet.words": {"en": "Word counts", "de": "Wortzahlen"},
    "tables.sheet.completeness": {"en": "Completeness", "de": "Vollständigkeit"},
    "tables.sheet.status": {"en": "Returns", "de": "Rücklauf"},
    "tables.sheet.table": {"en": "Table {number}", "de": "Tabelle {number}"},
    # --- demo ---------------------------------------------------------------------------
    "demo.not_empty": {
        "en": "{path} is not empty and holds no earlier demo; choose another folder with --out.",
        "de": "{path} ist nicht leer und enthält keine frühere Demo; bitte mit --out einen "
        "anderen Ordner wählen.",
    },
    "demo.generate": {
        "en": "1/5 Writing the forms for the 12 example projects ...",
        "de": "1/5 Formulare für die 12 Beispielprojekte werden geschrieben ...",
    },
    "demo.fill": {
        "en": "2/5 {count} projects fill in their forms (Word or Excel); two do not answer.",
        "de": "2/5 {count} Projekte füllen ihre Formulare aus (Word oder Excel); zwei antworten "
        "nicht.",
    },
    "demo.aggregate": {
        "en": "4/5 Building the tables ...",
        "de": "4/5 Tabellen werden erstellt ...",
    },
    "demo.compile": {
        "en": "5/5 Compiling the compendium ...",
        "de": "5/5 Kompendium wird erstellt ...",
    },
    "demo.ingested": {
        "en": "3/5 Returns read: {accepted} accepted, {incomplete} incomplete, {rejected} "
        "rejected.",
        "de": "3/5 Rückläufe gelesen: {accepted} angenommen, {incomplete} unvollständig, "
        "{rejected} abgelehnt.",
    },
    "demo.where": {"en": "Results:", "de": "Ergebnisse:"},
    "demo.forms": {"en": "Forms and mail drafts", "de": "Formulare und E-Mail-Entwürfe"},
    "demo.inbox": {"en": "Returned forms", "de": "Zurückgesandte Formulare"},
    "demo.store": {"en": "Store", "de": "Datenbank"},
    "demo.reports": {
        "en": "Reports and follow-up letters",
        "de": "Berichte und Rückfragen",
    },
    "demo.tables": {"en": "Tables", "de": "Tabellen"},
    "demo.compendium": {"en": "Compendium", "de": "Kompendium"},
    "demo.next": {
        "en": "Next: praxis status --round {round} --missing",
        "de": "Weiter: praxis status --round {round} --missing",
    },
    # --- compendium (pipeline.compendium, pipeline.charts) ----------------------------------
    "compendium.title": {
        "en": "Compendium of promising practices",
        "de": "Kompendium Promising Practices",
    },
    "compendium.round": {
        "en": "{title}, version {version}",
        "de": "{title}, Version {version}",
    },
    "compendium.as_of": {"en": "As of {date}", "de": "Stand: {date}"},
    "compendium.contents": {"en": "Contents", "de": "Inhalt"},
    "compendium.introduction": {"en": "Introduction", "de": "Einleitung"},
    "compendium.intro_text": {
        "en": "This compendium presents promising practices from the {network}. It is based on "
        "the survey round “{title}” (version {version}): projects of the network described "
        "what they do, for whom, how and with what experience.",
        "de": "Dieses Kompendium stellt gute Praxis aus dem {network} vor. Es beruht auf der "
        "Erhebungsrunde „{title}“ (Version {version}): Projekte des Netzwerks haben beschrieben, "
        "was sie tun, für wen, wie und mit welchen Erfahrungen.",
    },
    "compendium.figures_text": {
        "en": "{asked} projects were asked; {returned} returned the questionnaire. This "
        "compendium presents {included} practices whose projects agreed to their publication.",
        "de": "Befragt wurden {asked} Projekte; {returned} haben den Fragebogen zurückgesendet. "
        "Dieses Kompendium stellt {included} Praktiken vor, deren Projekte einer Veröffentlichung "
        "zugestimmt haben.",
    },
    "compendium.incomplete_text": {
        "en": "{incomplete} of them are included although their answers are still incomplete.",
        "de": "{incomplete} davon sind aufgenommen, obwohl ihre Angaben noch unvollständig sind.",
    },
    "compendium.reading_text": {
        "en": "The practices are grouped by {group}; within each group they are sorted by name. "
        "Each chapter starts with a fact box. Contact details appear only where the project "
        "agreed to be named.",
        "de": "Die Praktiken sind nach {group} geordnet und darin alphabetisch sortiert. Jedes "
        "Kapitel beginnt mit einem Steckbrief. Kontaktdaten nennen wir nur, wo das Projekt "
        "dem zugestimmt hat.",
    },
    "compendium.figure.asked": {"en": "Projects asked", "de": "Befragte Projekte"},
    "compendium.figure.returned": {"en": "Questionnaires returned", "de": "Rückmeldungen"},
    "compendium.figure.included": {
        "en": "Practices in this compendium",
        "de": "Praktiken in diesem Kompendium",
    },
    "compendium.overview": {"en": "Overview", "de": "Überblick"},
    "compendium.overview_text": {
        "en": "The figures show how the {count} practices of this compendium are distributed. "
        "Where a question allowed several answers, a practice is counted once per answer.",
        "de": "Die Abbildungen zeigen, wie sich die {count} Praktiken dieses Kompendiums "
        "verteilen. Wo eine Frage mehrere Antworten zuließ, zählt eine Praxis bei jeder "
        "genannten Antwort.",
    },
    "compendium.figure_word": {"en": "Figure", "de": "Abbildung"},
    "compendium.table_word": {"en": "Table", "de": "Tabelle"},
    "compendium.axis": {"en": "Number of practices", "de": "Anzahl der Praktiken"},
    "compendium.chart_alt": {
        "en": "Bar chart: {title}. {data}.",
        "de": "Balkendiagramm: {title}. {data}.",
    },
    "compendium.practices_table": {
        "en": "All practices at a glance",
        "de": "Alle Praktiken im Überblick",
    },
    "compendium.col.practice": {"en": "Practice", "de": "Praxis"},
    "compendium.col.organisation": {"en": "Organisation", "de": "Träger"},
    "compendium.col.group": {"en": "Field of action", "de": "Handlungsfeld"},
    "compendium.group_none": {"en": "Not assigned", "de": "Ohne Zuordnung"},
    "compendium.group_text": {
        "en": "Practices in this field: {count}.",
        "de": "Praktiken in diesem Handlungsfeld: {count}.",
    },
    "compendium.facts": {"en": "At a glance", "de": "Steckbrief"},
    "compendium.incomplete_note": {
        "en": "Note: the answers on this practice are still incomplete.",
        "de": "Hinweis: Die Angaben zu dieser Praxis sind noch unvollständig.",
    },
    "compendium.media": {"en": "Watch and listen", "de": "Zum Anschauen und Anhören"},
    "compendium.media_text": {
        "en": "Scan the QR code or open the link:",
        "de": "Scannen Sie den QR-Code oder öffnen Sie den Link:",
    },
    "compendium.qr_alt": {"en": "QR code for the link {url}", "de": "QR-Code zum Link {url}"},
    "compendium.appendix": {"en": "Appendix", "de": "Anhang"},
    "compendium.questionnaire": {"en": "The questionnaire", "de": "Der Fragebogen"},
    "compendium.questionnaire_text": {
        "en": "The questions of the round “{title}” (version {version}). Answers appear in this "
        "compendium only with the project's consent.",
        "de": "Die Fragen der Erhebungsrunde „{title}“ (Version {version}). Antworten erscheinen "
        "in diesem Kompendium nur mit dem Einverständnis des Projekts.",
    },
    "compendium.organisations": {
        "en": "Participating organisations",
        "de": "Beteiligte Träger",
    },
    "compendium.organisations_text": {
        "en": "The organisations whose practices this compendium presents:",
        "de": "Die Träger der Praktiken, die dieses Kompendium vorstellt:",
    },
    "compendium.page": {"en": "Page", "de": "Seite"},
    "compendium.no_consent_question": {
        "en": "The questionnaire has no question with the compendium role 'consent'; without "
        "consent no practice is published. Add a yes/no question with 'compendium: consent'.",
        "de": "Der Fragebogen hat keine Frage mit der Kompendium-Rolle 'consent'; ohne "
        "Einverständnis wird keine Praxis veröffentlicht. Bitte eine Ja/Nein-Frage mit "
        "'compendium: consent' ergänzen.",
    },
    "compendium.no_practices": {
        "en": "No practice can be published yet: none of the returned questionnaires is "
        "complete and has consent to publication.",
        "de": "Noch kann keine Praxis veröffentlicht werden: Keiner der zurückgesendeten "
        "Fragebögen ist vollständig und hat das Einverständnis zur Veröffentlichung.",
    },
    "compendium.no_office": {
        "en": "The PDF was not made because LibreOffice (soffice) is not installed. Open "
        "{docx} in Word or LibreOffice and save it as PDF, or install LibreOffice and run "
        "the command again.",
        "de": "Das PDF wurde nicht erstellt, weil LibreOffice (soffice) nicht installiert ist. "
        "Öffnen Sie {docx} in Word oder LibreOffice und speichern Sie es als PDF, oder "
        "installieren Sie LibreOffice und rufen Sie den Befehl erneut auf.",
    },
    "compendium.pdf_failed": {
        "en": "The PDF could not be made: {detail}",
        "de": "Das PDF konnte nicht erstellt werden: {detail}",
    },
    "compendium.no_page_numbers": {
        "en": "The table of contents has no page numbers because pdfinfo (poppler-utils) is "
        "not installed; Word fills them in when you update the table (F9).",
        "de": "Das Inhaltsverzeichnis hat keine Seitenzahlen, weil pdfinfo (poppler-utils) "
        "nicht installiert ist; Word ergänzt sie, wenn Sie das Verzeichnis aktualisieren (F9).",
    },
    "compendium.bad_template": {
        "en": "The template {path} is not a Word document (.docx) that can be read ({detail}). "
        "Save it in Word or LibreOffice as .docx and try again.",
        "de": "Die Vorlage {path} ist kein lesbares Word-Dokument (.docx) ({detail}). Bitte in "
        "Word oder LibreOffice als .docx speichern und erneut versuchen.",
    },
    # --- cli --------------------------------------------------------------------------------
    # --- word form (pipeline.word_form, word_reader, word_filler) ---------------------------
    "word.placeholder": {
        "en": "Click here to enter text.",
        "de": "Klicken Sie hier, um Text einzugeben.",
    },
    "word.placeholder_cell": {"en": "…", "de": "…"},
    "word.placeholder_date": {
        "en": "Click here to enter a date.",
        "de": "Klicken Sie hier, um ein Datum einzugeben.",
    },
    "word.choose": {"en": "Please choose", "de": "Bitte auswählen"},
    "word.date_format": {"en": "YYYY-MM-DD", "de": "TT.MM.JJJJ"},
    "word.date_hint": {"en": "date as {format}", "de": "Datum als {format}"},
    "word.project": {"en": "Project", "de": "Projekt"},
    "word.organisation": {"en": "Organisation", "de": "Träger"},
    "word.deadline": {"en": "Please return by", "de": "Rückgabefrist"},
    "word.howto": {
        "en": "How to fill in: click into a grey box and type your answer; tick a box by "
        "clicking it, and choose from a list where it says “Please choose”. Please keep the "
        "layout (tables and numbers) as it is, so that your answers can be read automatically. "
        "Save the file as a Word document (.docx) and send it back to: {return_to}.",
        "de": "So füllen Sie den Fragebogen aus: Klicken Sie in ein graues Feld und schreiben "
        "Sie Ihre Antwort hinein; Kästchen kreuzen Sie per Mausklick an, und wo „Bitte "
        "auswählen“ steht, wählen Sie aus einer Liste. Bitte lassen Sie den Aufbau (Tabellen "
        "und Nummern) unverändert, damit wir Ihre Antworten automatisch einlesen können. "
        "Speichern Sie die Datei als Word-Dokument (.docx) und senden Sie sie zurück an: "
        "{return_to}.",
    },
    "word.howto_deadline": {
        "en": " Please send it by {deadline}.",
        "de": " Bitte senden Sie sie bis zum {deadline}.",
    },
    "word.howto_extra": {
        "en": " Optional: you may also present your practice in a short video or audio "
        "recording (question {number}).",
        "de": " Freiwillig: Sie können Ihre Praxis zusätzlich in einem kurzen Video oder einer "
        "Audioaufnahme vorstellen (Frage {number}).",
    },
    "word.required": {"en": "required", "de": "Pflichtfeld"},
    "word.other": {"en": "Other, please specify:", "de": "Sonstiges, bitte angeben:"},
    "word.number_between": {
        "en": "a number between {min} and {max}",
        "de": "Zahl zwischen {min} und {max}",
    },
    "word.number_min": {"en": "a number of at least {min}", "de": "Zahl ab {min}"},
    "word.number_max": {"en": "a number up to {max}", "de": "Zahl bis {max}"},
    "word.whole_number": {"en": "a whole number", "de": "ganze Zahl"},
    "word.min_choices": {"en": "tick at least {n}", "de": "mindestens {n} ankreuzen"},
    "word.max_choices": {"en": "tick at most {n}", "de": "höchstens {n} ankreuzen"},
    "word.choose_hint": {"en": "choose from the list", "de": "aus der Liste auswählen"},
    "word.row": {"en": "Row", "de": "Zeile"},
    "word.fallback": {
        "en": "The answer to {number} was found by its {via}, not by the content control's "
        "tag (the file was probably saved by LibreOffice or edited).",
        "de": "Die Antwort zu {number} wurde über {via} gefunden, nicht über die Kennung des "
        "Eingabefelds (die Datei wurde vermutlich mit LibreOffice gespeichert oder bearbeitet).",
    },
    "word.via.bookmark": {"en": "bookmark", "de": "die Textmarke"},
    "word.via.alias": {"en": "title (alias)", "de": "den Titel des Felds"},
    "word.via.row": {
        "en": "table row (the input field is missing)",
        "de": "die Tabellenzeile (das Eingabefeld fehlt)",
    },
    "word.fallback_bookmarks": {
        "en": "{count} answers were found by their bookmarks, not by the content controls' tags "
        "(normal for a file saved by LibreOffice).",
        "de": "{count} Antworten wurden über ihre Textmarken gefunden, nicht über die Kennungen "
        "der Eingabefelder (üblich bei Dateien, die mit LibreOffice gespeichert wurden).",
    },
    "word.several_ticked": {
        "en": "Question {number} allows one option, but {count} are ticked.",
        "de": "Bei Frage {number} ist nur eine Option möglich, angekreuzt sind aber {count}.",
    },
    "word.no_identification": {
        "en": "The file carries no praxis identification (custom properties and hidden "
        "paragraph are missing); it cannot be attributed to a project.",
        "de": "Die Datei trägt keine praxis-Kennung (Dokumenteigenschaften und versteckter "
        "Absatz fehlen); sie kann keinem Projekt zugeordnet werden.",
    },
    "word.not_docx": {
        "en": "{file} is not a Word document (.docx) or is damaged: {detail}",
        "de": "{file} ist kein Word-Dokument (.docx) oder beschädigt: {detail}",
    },
    "word.too_large": {
        "en": "{file}: the part {part} is larger than {limit} MB unpacked; the file is refused.",
        "de": "{file}: der Teil {part} ist entpackt größer als {limit} MB; die Datei wird "
        "abgelehnt.",
    },
    "word.bad_xml": {
        "en": "{file}: the part {part} is not readable XML ({detail}).",
        "de": "{file}: der Teil {part} ist kein lesbares XML ({detail}).",
    },
    "word.missing_control": {
        "en": "{file}: there is no input field '{tag}' to fill in.",
        "de": "{file}: es gibt kein Eingabefeld '{tag}' zum Ausfüllen.",
    },
    # --- returns: blank forms, which return is current, review -------------------------------
    # (keys of area a: add them right below this line)
    "ingest.gone": {
        "en": "{file} was no longer there when it was to be read (moved or deleted meanwhile, "
        "e.g. by a sync client or the mail program); nothing was read from it. If it is "
        "back, please ingest it again",
        "de": "{file} war nicht mehr da, als die Datei gelesen werden sollte (inzwischen "
        "verschoben oder gelöscht, z. B. vom Synchronisierungsprogramm oder vom "
        "E-Mail-Programm); nichts wurde daraus gelesen. Ist sie wieder da, lesen Sie sie "
        "bitte erneut ein",
    },
    "returns.saved_from.future": {
        "en": "the time it was read in: the saved time it carries lies after that (a "
        "computer's clock was wrong)",
        "de": "Eingangszeit: die Speicherzeit, die sie trägt, liegt danach (die Uhr eines "
        "Rechners ging falsch)",
    },
    "outcome.blank": {
        "en": "refused: a blank form, not a return",
        "de": "zurückgewiesen: leeres Formular, keine Rückgabe",
    },
    "outcome.needs_review": {
        "en": "needs review (answers less)",
        "de": "Prüfung nötig (weniger beantwortet)",
    },
    "outcome.older": {
        "en": "older save, kept in the history",
        "de": "früher gespeichert, im Verlauf abgelegt",
    },
    "returns.blank_form": {
        "en": "this is the blank form sent to {project}, not a return. Nothing was read "
        "or changed; if the project meant to send its answers, please ask it for the filled "
        "form.",
        "de": "das ist das leere Formular, das an {project} verschickt wurde, keine Rückgabe. "
        "Es wurde nichts eingelesen oder geändert; falls das Projekt seine Antworten senden "
        "wollte, bitten Sie es um das ausgefüllte Formular.",
    },
    "returns.ingest_more": {
        "en": "Of these: {needs_review} need review, {older} older save(s) kept in the "
        "history, {blank} blank form(s) refused.",
        "de": "Davon: {needs_review} zur Prüfung, {older} früher gespeichert (im Verlauf), "
        "{blank} leere(s) Formular(e) zurückgewiesen.",
    },
    "returns.waiting_title": {
        "en": "Returns that need your review (they answer less than the current return; "
        "the current one stays until you decide):",
        "de": "Rückgaben, die Sie prüfen müssen (sie beantworten weniger als die aktuelle "
        "Rückgabe; die aktuelle bleibt, bis Sie entscheiden):",
    },
    "returns.waiting_line": {
        "en": "  {project}: {file} (current: {current}); missing there: {questions}",
        "de": "  {project}: {file} (aktuell: {current}); dort fehlt: {questions}",
    },
    "returns.waiting_hint": {
        "en": "Decide with: praxis review --round {round} --accept FILE (it becomes current) "
        "or --keep-current FILE (it stays in the history).",
        "de": "Entscheiden Sie mit: praxis review --round {round} --accept DATEI (sie wird "
        "aktuell) oder --keep-current DATEI (sie bleibt im Verlauf).",
    },
    "returns.saved_at": {
        "en": "saved {time} by {source}",
        "de": "gespeichert {time} laut {source}",
    },
    "returns.saved_from.document": {
        "en": "the document's own saved time",
        "de": "Speicherzeit im Dokument",
    },
    "returns.saved_from.file": {"en": "the file's time stamp", "de": "Zeitstempel der Datei"},
    "returns.saved_from.received": {
        "en": "the time it was read in (saved time unknown)",
        "de": "Eingangszeit (Speicherzeit unbekannt)",
    },
    "returns.report_returns": {"en": "Returns of this project", "de": "Rückgaben dieses Projekts"},
    "returns.report_decide": {
        "en": "Decide with `praxis review --round ROUND --accept {file}` (it becomes current) "
        "or `--keep-current {file}` (it stays in the history).",
        "de": "Entscheiden Sie mit `praxis review --round RUNDE --accept {file}` (sie wird "
        "aktuell) oder `--keep-current {file}` (sie bleibt im Verlauf).",
    },
    "returns.why_only": {
        "en": "Current: {file}, the only return ({saved}).",
        "de": "Aktuell: {file}, die einzige Rückgabe ({saved}).",
    },
    "returns.why_latest": {
        "en": "Current: {file}, the return saved last ({saved}).",
        "de": "Aktuell: {file}, die zuletzt gespeicherte Rückgabe ({saved}).",
    },
    "returns.why_accepted": {
        "en": "Current: {file}, accepted after review ({saved}).",
        "de": "Aktuell: {file}, nach Prüfung übernommen ({saved}).",
    },
    "returns.why_waiting": {
        "en": "Current: {file} ({saved}). A return saved later answers less and waits for "
        "your review (see below); until you decide, this one stays current.",
        "de": "Aktuell: {file} ({saved}). Eine später gespeicherte Rückgabe beantwortet "
        "weniger und wartet auf Ihre Prüfung (siehe unten); bis Sie entscheiden, bleibt diese "
        "aktuell.",
    },
    "returns.why_kept": {
        "en": "Current: {file} ({saved}); returns saved later were not taken over after review.",
        "de": "Aktuell: {file} ({saved}); später gespeicherte Rückgaben wurden nach Prüfung "
        "nicht übernommen.",
    },
    "returns.state_current": {"en": "current", "de": "aktuell"},
    "returns.state_needs_review": {
        "en": "needs review: answers less than the current return (missing: {questions})",
        "de": "Prüfung nötig: beantwortet weniger als die aktuelle Rückgabe (es fehlt: "
        "{questions})",
    },
    "returns.state_kept": {
        "en": "in the history (not taken over after review)",
        "de": "im Verlauf (nach Prüfung nicht übernommen)",
    },
    "returns.state_older": {
        "en": "in the history (saved earlier)",
        "de": "im Verlauf (früher gespeichert)",
    },
    "returns.state_superseded": {
        "en": "in the history (a later return answering more replaced it)",
        "de": "im Verlauf (durch eine spätere, vollständigere Rückgabe ersetzt)",
    },
    "returns.review_nothing": {
        "en": "Nothing has been ingested in this round yet, so there is nothing to review.",
        "de": "In dieser Runde wurde noch nichts eingelesen; es gibt nichts zu prüfen.",
    },
    "returns.review_none_waiting": {
        "en": "no return waits for review",
        "de": "keine Rückgabe wartet auf Prüfung",
    },
    "returns.review_unknown": {
        "en": "No ingested return matches '{file}'. Give the file name as ingested, its "
        "archive path or its SHA-256. Waiting for review: {waiting}.",
        "de": "Keine eingelesene Rückgabe passt zu „{file}“. Geben Sie den Dateinamen wie "
        "eingelesen, den Archivpfad oder die SHA-256 an. Zur Prüfung offen: {waiting}.",
    },
    "returns.review_not_waiting": {
        "en": "'{file}' does not wait for review (it is current or already in the history). "
        "Waiting for review: {waiting}.",
        "de": "„{file}“ wartet nicht auf Prüfung (sie ist aktuell oder schon im Verlauf). "
        "Zur Prüfung offen: {waiting}.",
    },
    "returns.review_ambiguous": {
        "en": "Several returns waiting for review are called '{file}'; give the SHA-256 of "
        "the one you mean: {candidates}.",
        "de": "Mehrere zur Prüfung offene Rückgaben heißen „{file}“; geben Sie die SHA-256 "
        "der gemeinten an: {candidates}.",
    },
    "returns.review_choose": {
        "en": "Give either --accept FILE or --keep-current FILE.",
        "de": "Geben Sie entweder --accept DATEI oder --keep-current DATEI an.",
    },
    "returns.review_accepted": {
        "en": "{file} is taken over for {project}. Current return: {current}. Report: {report}",
        "de": "{file} wird für {project} übernommen. Aktuelle Rückgabe: {current}. "
        "Bericht: {report}",
    },
    "returns.review_kept": {
        "en": "{file} stays in the history of {project}. Current return: {current}. "
        "Report: {report}",
        "de": "{file} bleibt im Verlauf von {project}. Aktuelle Rückgabe: {current}. "
        "Bericht: {report}",
    },
    "returns.status_waiting": {
        "en": "{count} return(s) need your review.",
        "de": "{count} Rückgabe(n) müssen Sie prüfen.",
    },
    #
    #
    # --- form layout: a round's definition, Excel markers, table rows ------------------------
    # (keys of area b: add them right below this line)
    "word.untrusted_layout": {
        "en": "The form's input fields name answers that this round's questionnaire does not "
        "have ({names}). The form was not made from the round's definition (or was altered), "
        "so none of its answers was read rather than one stored under a wrong question. "
        "Please send the project its form of this round again.",
        "de": "Die Eingabefelder des Formulars nennen Antworten, die der Fragebogen dieser "
        "Erhebungsrunde nicht hat ({names}). Das Formular wurde nicht aus der Definition der "
        "Runde erstellt (oder verändert); damit keine Antwort unter einer falschen Frage "
        "gespeichert wird, wurde keine gelesen. Bitte senden Sie dem Projekt sein Formular "
        "dieser Runde erneut.",
    },
    "excel.untrusted_layout": {
        "en": "The form's own record of which row holds which question (its hidden "
        "sheet) does not fit this round's questionnaire: {detail}. The form was not made from "
        "the round's definition (or was altered), so none of its answers was read rather "
        "than one stored under a wrong question. Please send the project its form of this "
        "round again.",
        "de": "Die im Formular selbst festgehaltene Zuordnung von Zeilen zu Fragen "
        "(sein verborgenes Blatt) passt nicht zum Fragebogen dieser Erhebungsrunde: {detail}. "
        "Das Formular wurde nicht aus der Definition der Runde erstellt (oder verändert); "
        "damit keine Antwort unter einer falschen Frage gespeichert wird, wurde keine gelesen. "
        "Bitte senden Sie dem Projekt sein Formular dieser Runde erneut.",
    },
    "excel.layout_missing": {
        "en": "the record is missing",
        "de": "die Zuordnung fehlt",
    },
    "excel.layout_unknown": {
        "en": "it names a question '{id}' that the round's questionnaire does not have",
        "de": "sie nennt eine Frage „{id}“, die der Fragebogen der Runde nicht hat",
    },
    "excel.layout_unknown_part": {
        "en": "it names '{part}' for question '{id}', which the round's questionnaire does not "
        "have",
        "de": "sie nennt „{part}“ bei Frage „{id}“, was der Fragebogen der Runde nicht hat",
    },
    "excel.layout_kind": {
        "en": "it lays out question '{id}' as '{kind}', which does not fit its type '{type}'",
        "de": "sie legt Frage „{id}“ als „{kind}“ an, was nicht zu ihrem Typ „{type}“ passt",
    },
    "excel.not_in_form": {
        "en": "Question {number} is not in this form (it was made from another version of the "
        "questionnaire); its answer is missing.",
        "de": "Frage {number} ist in diesem Formular nicht enthalten (es wurde aus einer anderen "
        "Version des Fragebogens erstellt); ihre Antwort fehlt.",
    },
    "excel.layout_bad_row": {
        "en": "its entry for '{id}' ({cell}) is repeated or names no cell",
        "de": "ihr Eintrag für „{id}“ ({cell}) ist doppelt oder nennt keine Zelle",
    },
    "excel.layout_two_numbers": {
        "en": "it gives question '{id}' more than one number ({numbers})",
        "de": "sie gibt Frage „{id}“ mehr als eine Nummer ({numbers})",
    },
    "excel.layout_shared_number": {
        "en": "it gives number {number} to more than one question ({ids})",
        "de": "sie gibt die Nummer {number} mehr als einer Frage ({ids})",
    },
    "generate.definition_changed": {
        "en": "{definition} is not the definition the round {round} was made with "
        "(its copy: definition.yaml), and it differs in more than wording:\n{differences}\n"
        "Forms made from it would be read against questions they do not have. Bump the "
        "version in the definition and start a new round, or start a new round; to add "
        "projects to this round, use its own copy: --add with {copy}.",
        "de": "{definition} ist nicht die Definition, mit der die Erhebungsrunde {round} "
        "erstellt wurde (ihre Kopie: definition.yaml), und weicht nicht nur in Formulierungen "
        "ab:\n{differences}\nFormulare daraus würden mit Fragen gelesen, die sie nicht "
        "haben. Erhöhen Sie die Version in der Definition und beginnen Sie eine neue "
        "Erhebungsrunde, oder beginnen Sie eine neue Erhebungsrunde; um dieser Runde Projekte "
        "hinzuzufügen, verwenden Sie ihre eigene Kopie: --add mit {copy}.",
    },
    "generate.wording_kept": {
        "en": "{definition} differs from the round's definition only in wording; the new forms "
        "use the round's own wording (definition.yaml), so that every project answers the "
        "same questionnaire.",
        "de": "{definition} weicht von der Definition der Erhebungsrunde nur in Formulierungen "
        "ab; die neuen Formulare verwenden die Formulierungen der Runde (definition.yaml), "
        "damit alle Projekte denselben Fragebogen beantworten.",
    },
    "layout.languages": {
        "en": "languages: {old} → {new}",
        "de": "Sprachen: {old} → {new}",
    },
    "layout.added": {
        "en": "question {number} '{id}' is new",
        "de": "Frage {number} „{id}“ ist neu",
    },
    "layout.removed": {
        "en": "question {number} '{id}' is gone",
        "de": "Frage {number} „{id}“ fehlt",
    },
    "layout.question": {"en": "question {number} '{id}'", "de": "Frage {number} „{id}“"},
    "layout.column": {"en": "{where}, column '{column}'", "de": "{where}, Spalte „{column}“"},
    "layout.moved": {
        "en": "{where}: was number {old}",
        "de": "{where}: hatte die Nummer {old}",
    },
    "layout.changed": {
        "en": "{where}: {name} {old} → {new}",
        "de": "{where}: {name} {old} → {new}",
    },
    "layout.reordered": {
        "en": "{where}: the order of the {name} changed",
        "de": "{where}: die Reihenfolge der {name} ist anders",
    },
    "layout.choices_added": {
        "en": "{where}: choice(s) {values} added",
        "de": "{where}: Auswahl {values} hinzugefügt",
    },
    "layout.choices_removed": {
        "en": "{where}: choice(s) {values} removed",
        "de": "{where}: Auswahl {values} entfernt",
    },
    "layout.columns_added": {
        "en": "{where}: column(s) {values} added",
        "de": "{where}: Spalte(n) {values} hinzugefügt",
    },
    "layout.columns_removed": {
        "en": "{where}: column(s) {values} removed",
        "de": "{where}: Spalte(n) {values} entfernt",
    },
    "issue.table_cell": {
        "en": "row {row}, '{column}': {message}",
        "de": "Zeile {row}, „{column}“: {message}",
    },
    "excel.no_heading": {
        "en": "The heading row (No. / Question / Notes / Answer) of the questionnaire sheet is "
        "gone; the answers were looked for in the columns the form was made with.",
        "de": "Die Überschriftenzeile (Nr. / Frage / Hinweis / Antwort) des Fragebogenblatts "
        "fehlt; die Antworten wurden in den Spalten gesucht, mit denen das Formular erstellt "
        "wurde.",
    },
    "excel.own_text": {
        "en": "{cell} holds the question's own text or hint, not an answer; it was not stored.",
        "de": "{cell} enthält den Text oder Hinweis der Frage selbst, keine Antwort; er wurde "
        "nicht gespeichert.",
    },
    #
    #
    # --- identity: conflicting sources, other project's data, locks, roster ids, atomic generate
    # (keys of area c: add them right below this line)
    "roster.same_column": {
        "en": "{path}: the columns '{first}' and '{second}' both mean '{key}'; please rename "
        "or delete one of them",
        "de": "{path}: die Spalten '{first}' und '{second}' bedeuten beide '{key}'; bitte "
        "benennen Sie eine davon um oder löschen Sie sie",
    },
    "roster.row_cells": {
        "en": "row {row}: {cells} cells, but the header has {columns} columns; perhaps a "
        "cell holds the separator '{sep}' without quotes. Please check that row (or save the "
        "roster as .xlsx)",
        "de": "Zeile {row}: {cells} Zellen, aber die Kopfzeile hat {columns} Spalten; "
        "vielleicht enthält eine Zelle das Trennzeichen '{sep}' ohne Anführungszeichen. Bitte "
        "prüfen Sie diese Zeile (oder speichern Sie die Projektliste als .xlsx)",
    },
    "roster.csv_unreadable": {
        "en": "{path}: cannot read this CSV file ({detail}). Please save it again from Excel "
        "as 'CSV UTF-8' or as .xlsx",
        "de": "{path}: diese CSV-Datei lässt sich nicht lesen ({detail}). Bitte speichern Sie "
        "sie in Excel erneut als 'CSV UTF-8' oder als .xlsx",
    },
    "identity.other_project": {
        "en": "This form was sent to {project} ({name}), but its master data names another "
        "project of the roster: {others}. It was stored for {project} (by its token); please "
        "ask the project whether it filled in the right form.",
        "de": "Dieser Fragebogen wurde an {project} ({name}) gesandt, seine Stammdaten nennen "
        "aber ein anderes Projekt der Projektliste: {others}. Er wurde für {project} "
        "gespeichert (nach seinem Token); bitte beim Projekt nachfragen, ob es den richtigen "
        "Fragebogen ausgefüllt hat.",
    },
    "identity.alert": {
        "en": "ATTENTION {where}: {message}",
        "de": "ACHTUNG {where}: {message}",
    },
    "report.alerts": {"en": "Attention", "de": "Achtung"},
    "lock.busy": {
        "en": "another praxis is working on this round ({round}) (since {since}, process {pid}). "
        "Please wait until it has finished and try again. If no praxis is running any more, "
        "the lock is taken over automatically; {lock} is the lock file.",
        "de": "ein anderes praxis arbeitet gerade an dieser Runde ({round}) (seit {since}, "
        "Prozess {pid}). Bitte warten Sie, bis es fertig ist, und versuchen Sie es dann erneut. "
        "Läuft kein praxis mehr, wird die Sperre automatisch übernommen; {lock} ist die "
        "Sperrdatei.",
    },
    "roster.round_case": {
        "en": "project_id '{id}' differs from '{other}', a project of this round, only in "
        "upper/lower case; Windows and macOS treat both as the same file name. Please use "
        "'{other}' or another id",
        "de": "project_id '{id}' unterscheidet sich von '{other}', einem Projekt dieser Runde, "
        "nur in Groß-/Kleinschreibung; Windows und macOS halten beide für denselben Dateinamen. "
        "Bitte '{other}' oder eine andere Kennung verwenden",
    },
    "roster.row_reserved": {
        "en": "row {row}: project_id '{id}' is a name Windows reserves for a device (CON, PRN, "
        "AUX, NUL, COM1-COM9, LPT1-LPT9); files named so cannot be opened there. Please choose "
        "another id, e.g. '{fixed}'",
        "de": "Zeile {row}: project_id '{id}' ist ein Name, den Windows für ein Gerät reserviert "
        "(CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9); so benannte Dateien lassen sich dort nicht "
        "öffnen. Bitte eine andere Kennung wählen, z. B. '{fixed}'",
    },
    "roster.row_case": {
        "en": "row {row}: project_id '{id}' differs from '{other}' (row {other_row}) only in "
        "upper/lower case; Windows and macOS treat both as the same file name. Please give one "
        "of them another id, e.g. '{id}-2'",
        "de": "Zeile {row}: project_id '{id}' unterscheidet sich von '{other}' (Zeile "
        "{other_row}) nur in Groß-/Kleinschreibung; Windows und macOS halten beide für denselben "
        "Dateinamen. Bitte einem davon eine andere Kennung geben, z. B. '{id}-2'",
    },
    "roster.row_line_break": {
        "en": "row {row}: '{column}' contains a line break (Alt+Enter in Excel); please put the "
        "cell's text on one line",
        "de": "Zeile {row}: '{column}' enthält einen Zeilenumbruch (Alt+Eingabe in Excel); bitte "
        "den Text der Zelle in eine Zeile schreiben",
    },
    "reject.id_conflict": {
        "en": "The form's identification contradicts itself: {detail}. One of them was changed "
        "or copied from another form, so it was not attributed to any project. Please ask the "
        "project to fill in the form it received and send it again.",
        "de": "Die Kennung des Fragebogens widerspricht sich: {detail}. Eine davon wurde "
        "verändert oder aus einem anderen Fragebogen übernommen; er wurde darum keinem Projekt "
        "zugeordnet. Bitte das Projekt bitten, den zugesandten Fragebogen auszufüllen und "
        "erneut zu senden.",
    },
    "identity.conflict": {
        "en": "{source}: {field} '{value}'; {other_source}: {field} '{other_value}'",
        "de": "{source}: {field} '{value}'; {other_source}: {field} '{other_value}'",
    },
    "identity.source.properties": {"en": "document properties", "de": "Dokumenteigenschaften"},
    "identity.source.sheet": {"en": "hidden sheet", "de": "verborgenes Blatt"},
    "identity.source.paragraph": {"en": "hidden paragraph", "de": "verborgener Absatz"},
    "identity.field.questionnaire": {"en": "questionnaire", "de": "Fragebogen"},
    "identity.field.version": {"en": "version", "de": "Version"},
    "identity.field.project": {"en": "project", "de": "Projekt"},
    "identity.field.token": {"en": "token", "de": "Token"},
    #
    #
    # --- privacy: reminders, templates, contact data in free text, parts that cannot be rendered
    # (keys of area d: add them right below this line)
    "privacy.replacement": {"en": "[removed]", "de": "[entfernt]"},
    "privacy.kind.email": {"en": "e-mail address", "de": "E-Mail-Adresse"},
    "privacy.kind.phone": {"en": "phone number", "de": "Telefonnummer"},
    "privacy.kind.name": {"en": "name of the contact person", "de": "Name der Ansprechperson"},
    "privacy.line": {
        "en": "{project} ({title}), question {number} {label}: {kind} “{text}” – {done}",
        "de": "{project} ({title}), Frage {number} {label}: {kind} „{text}“ – {done}",
    },
    "privacy.as_typed": {"en": "printed as typed", "de": "wie eingegeben gedruckt"},
    "privacy.redacted": {"en": "replaced by [removed]", "de": "ersetzt durch [entfernt]"},
    "privacy.title": {"en": "Contact data in free texts", "de": "Kontaktdaten in freien Texten"},
    "privacy.intro": {
        "en": "These practices did not agree to their contact person being named in the "
        "compendium, but their texts contain contact data:",
        "de": "Diese Praktiken haben nicht zugestimmt, dass ihre Ansprechperson im Kompendium "
        "genannt wird, ihre Texte enthalten aber Kontaktdaten:",
    },
    "privacy.as_typed_note": {
        "en": "The compendium prints these passages as typed. Run praxis compile with --redact "
        "to replace them, or ask the projects.",
        "de": "Das Kompendium druckt diese Stellen wie eingegeben. Mit praxis compile --redact "
        "werden sie ersetzt; oder fragen Sie bei den Projekten nach.",
    },
    "privacy.redacted_note": {
        "en": "The compendium shows [removed] in their place.",
        "de": "Das Kompendium zeigt an ihrer Stelle [entfernt].",
    },
    "privacy.summary": {
        "en": "Privacy check: {count} passage(s) with contact data in free texts of practices "
        "whose contact may not be published ({done}); listed in {path}:",
        "de": "Datenschutz-Prüfung: {count} Stelle(n) mit Kontaktdaten in freien Texten von "
        "Praktiken, deren Ansprechperson nicht genannt werden darf ({done}); Liste in {path}:",
    },
    "reminder.subject": {
        "en": "Reminder: {title}, please by {deadline}",
        "de": "Erinnerung: {title} – bitte bis {deadline}",
    },
    "reminder.body_missing": {
        "en": 'we have not yet received your answers to the questionnaire "{title}" for your '
        'project "{project}". We would be glad to include your practice in the compendium. '
        "Please fill in the attached form and send it back by {deadline} to: {return_to}.\n\n"
        "If you need more time, just reply to this mail.",
        "de": "zum Fragebogen „{title}“ für Ihr Projekt „{project}“ haben wir von Ihnen noch "
        "keine Antwort erhalten. Wir würden Ihre Praxis sehr gern in das Kompendium aufnehmen. "
        "Bitte füllen Sie den angehängten Fragebogen aus und senden Sie ihn bis {deadline} "
        "zurück an: {return_to}.\n\nWenn Sie mehr Zeit benötigen, antworten Sie einfach auf "
        "diese E-Mail.",
    },
    "reminder.body_incomplete": {
        "en": 'thank you for your answers to the questionnaire "{title}" for your project '
        '"{project}". Before we can include your practice in the compendium, these answers '
        "are still needed:\n\n{items}\n\nPlease complete them in the same form and send it "
        "back by {deadline} to: {return_to}. Your other answers are saved; you do not need to "
        "repeat them. If you need more time, just reply to this mail.",
        "de": "vielen Dank für Ihre Antworten zum Fragebogen „{title}“ für Ihr Projekt "
        "„{project}“. Damit wir Ihre Praxis in das Kompendium aufnehmen können, fehlen noch "
        "diese Angaben:\n\n{items}\n\nBitte ergänzen Sie sie im selben Formular und senden "
        "Sie es bis {deadline} zurück an: {return_to}. Ihre übrigen Antworten sind gespeichert; "
        "Sie müssen sie nicht wiederholen. Wenn Sie mehr Zeit benötigen, antworten Sie einfach "
        "auf diese E-Mail.",
    },
    "reminder.item_missing": {"en": "missing", "de": "fehlt"},
    "reminder.item_check": {"en": "please check", "de": "bitte prüfen"},
    "reminder.item_other": {
        "en": "some answers (see the follow-up letter)",
        "de": "einige Angaben (siehe unsere Rückfrage)",
    },
    "reminder.file": {"en": "reminder", "de": "erinnerung"},
    "reminder.deadline_round": {
        "en": "Deadline in the reminders: {deadline} (the round's; a new one with --deadline).",
        "de": "Frist in den Erinnerungen: {deadline} (die Frist der Runde; eine neue mit "
        "--deadline).",
    },
    "reminder.deadline_given": {
        "en": "Deadline in the reminders: {deadline}.",
        "de": "Frist in den Erinnerungen: {deadline}.",
    },
    "reminder.deadline_past": {
        "en": "Note: the deadline {deadline} has already passed; the reminders name it anyway. "
        "Give a new one with --deadline YYYY-MM-DD.",
        "de": "Hinweis: die Frist {deadline} ist schon vorbei; die Erinnerungen nennen sie "
        "trotzdem. Eine neue Frist geben Sie mit --deadline TT.MM.JJJJ an.",
    },
    "reminder.none": {
        "en": "No project to remind: every return is complete.",
        "de": "Kein Projekt zu erinnern: alle Rückmeldungen sind vollständig.",
    },
    "reminder.title": {
        "en": "Reminders, one mail draft per project ({count}), in {folder}:",
        "de": "Erinnerungen, eine E-Mail-Vorlage je Projekt ({count}), in {folder}:",
    },
    "reminder.why_missing": {"en": "not yet returned", "de": "noch nicht zurück"},
    "reminder.why_incomplete": {"en": "incomplete", "de": "unvollständig"},
    "reminder.no_email": {"en": "no e-mail address", "de": "keine E-Mail-Adresse"},
    "compendium.part_skipped": {
        "en": "{project} ({title}): {part} could not be drawn and was left out ({detail}); the "
        "rest of the practice is in the compendium.",
        "de": "{project} ({title}): {part} konnte nicht dargestellt werden und fehlt ({detail}); "
        "der Rest der Praxis steht im Kompendium.",
    },
    "compendium.part_skipped_overview": {
        "en": "Overview: {part} could not be drawn and was left out ({detail}).",
        "de": "Überblick: {part} konnte nicht dargestellt werden und fehlt ({detail}).",
    },
    "compendium.part.qr": {"en": "the QR code at {number}", "de": "der QR-Code zu {number}"},
    "compendium.part.chart": {"en": "the chart '{title}'", "de": "die Grafik „{title}“"},
    "compendium.part.chapter": {"en": "the chapter", "de": "das Kapitel"},
    #
    #
    # --- values: e-mail addresses, CSV export, numbers in the form's language ----------------
    # (keys of area e: add them right below this line)
    "coerce.bad_email": {
        "en": "'{value}' is not a valid e-mail address: {reason}.",
        "de": "'{value}' ist keine gültige E-Mail-Adresse: {reason}.",
    },
    "roster.row_email": {
        "en": "row {row}, column '{column}': '{value}' is not a valid e-mail address: {reason}",
        "de": "Zeile {row}, Spalte '{column}': '{value}' ist keine gültige E-Mail-Adresse: "
        "{reason}",
    },
    "coerce.ambiguous_number": {
        "en": "'{value}' can be read in two ways (the comma as a thousands separator or as a "
        "decimal point); please write the number again without thousands separators, "
        "as in {example}.",
        "de": "'{value}' lässt sich auf zwei Arten lesen (das Komma als Tausendertrennzeichen "
        "oder als Dezimalkomma); bitte geben Sie die Zahl noch einmal ohne "
        "Tausendertrennzeichen an, wie in {example}.",
    },
    "email.no_at": {"en": "the @ sign is missing", "de": "das @-Zeichen fehlt"},
    "email.several": {
        "en": "please give only one address",
        "de": "bitte geben Sie nur eine Adresse an",
    },
    "email.space": {
        "en": "an address contains no spaces",
        "de": "eine Adresse enthält keine Leerzeichen",
    },
    "email.no_name": {
        "en": "the name before the @ is missing",
        "de": "vor dem @ fehlt der Name",
    },
    "email.no_domain": {
        "en": "the part after the @ is missing (as in name@example.org)",
        "de": "nach dem @ fehlt die Domain (wie in name@beispiel.de)",
    },
    "email.display_name": {
        "en": "please give only the address, without a name or angle brackets",
        "de": "bitte nur die Adresse angeben, ohne Namen oder spitze Klammern",
    },
    "email.no_dot": {
        "en": "the part after the @ needs a dot (as in name@example.org)",
        "de": "der Teil nach dem @ braucht einen Punkt (wie in name@beispiel.de)",
    },
    "email.reserved": {
        "en": "the part after the @ is a reserved name that can receive no mail",
        "de": "der Teil nach dem @ ist ein reservierter Name, der keine Post empfangen kann",
    },
    "email.invalid": {
        "en": "please check how it is written",
        "de": "bitte prüfen Sie die Schreibweise",
    },
    #
    #
    # --- environment: disk, permissions, locked files; text shown as text --------------------
    # (keys of area f: add them right below this line)
    "env.disk_full": {
        "en": "The disk is full: {path} could not be written. Please free some space on the "
        "drive and run the command again; what was already read in is kept.",
        "de": "Die Festplatte ist voll: {path} konnte nicht geschrieben werden. Bitte schaffen "
        "Sie Platz auf dem Laufwerk und führen Sie den Befehl erneut aus; was bereits "
        "eingelesen ist, bleibt erhalten.",
    },
    "env.read_only": {
        "en": "The folder {folder} is read-only (a write-protected drive or network share): "
        "{path} could not be written. Please work on a copy of the round on a drive you can "
        "write to, or ask for write access, and run the command again.",
        "de": "Der Ordner {folder} ist schreibgeschützt (ein schreibgeschütztes Laufwerk oder "
        "Netzlaufwerk): {path} konnte nicht geschrieben werden. Bitte arbeiten Sie mit einer "
        "Kopie der Runde auf einem beschreibbaren Laufwerk oder lassen Sie sich Schreibrechte "
        "geben, und führen Sie den Befehl erneut aus.",
    },
    "env.no_permission": {
        "en": "You may not write in the folder {folder}: {path} could not be written. Please "
        "ask for write access (or work on a copy of the round) and run the command again.",
        "de": "Sie haben keine Schreibrechte im Ordner {folder}: {path} konnte nicht "
        "geschrieben werden. Bitte lassen Sie sich Schreibrechte geben (oder arbeiten Sie mit "
        "einer Kopie der Runde) und führen Sie den Befehl erneut aus.",
    },
    "env.in_use": {
        "en": "{path} is open in another program (or write-protected) and could not be "
        "replaced. Please close it (in Word or Excel, for example) and run the command again.",
        "de": "{path} ist in einem anderen Programm geöffnet (oder schreibgeschützt) und "
        "konnte nicht ersetzt werden. Bitte schließen Sie die Datei (z. B. in Word oder Excel) "
        "und führen Sie den Befehl erneut aus.",
    },
    "env.folder_in_the_way": {
        "en": "There is a folder where the file {path} belongs, so it could not be written. "
        "Please rename or move that folder and run the command again.",
        "de": "An der Stelle der Datei {path} liegt ein Ordner; die Datei konnte nicht "
        "geschrieben werden. Bitte benennen Sie den Ordner um oder verschieben Sie ihn, und "
        "führen Sie den Befehl erneut aus.",
    },
    "env.file_in_the_way": {
        "en": "{path} could not be written: a part of this path is a file, not a folder. "
        "Please rename or move that file and run the command again.",
        "de": "{path} konnte nicht geschrieben werden: ein Teil dieses Pfades ist eine Datei "
        "statt eines Ordners. Bitte benennen Sie diese Datei um oder verschieben Sie sie, und "
        "führen Sie den Befehl erneut aus.",
    },
    "env.io": {
        "en": "{path} could not be read or written ({detail}). Please check the drive (for a "
        "network drive, the connection) and run the command again.",
        "de": "{path} konnte nicht gelesen oder geschrieben werden ({detail}). Bitte prüfen "
        "Sie das Laufwerk (bei einem Netzlaufwerk die Verbindung) und führen Sie den Befehl "
        "erneut aus.",
    },
    "env.store_damaged": {
        "en": "The round's store {path} is damaged ({detail}). Nothing handed in is lost: "
        "every received file lies unchanged in {archive}. Please restore {path} from a backup, "
        "or rename it and read everything in again: praxis ingest --round {round} {archive}",
        "de": "Der Speicher der Runde {path} ist beschädigt ({detail}). Es ist nichts "
        "verloren: alle eingegangenen Dateien liegen unverändert in {archive}. Bitte stellen "
        "Sie {path} aus einer Sicherung wieder her, oder benennen Sie die Datei um und lesen "
        "Sie alles neu ein: praxis ingest --round {round} {archive}",
    },
    "env.store_locked": {
        "en": "The round's store {path} is in use by another program (another praxis that is "
        "still working, or a program that has the file open); praxis waited {seconds} "
        "seconds. Please wait until it has finished, or close it, and run the command again; "
        "what was already read in is kept.",
        "de": "Der Speicher der Runde {path} wird gerade von einem anderen Programm benutzt "
        "(ein anderes praxis, das noch arbeitet, oder ein Programm, das die Datei geöffnet "
        "hat); praxis hat {seconds} Sekunden gewartet. Bitte warten Sie, bis es fertig ist, "
        "oder schließen Sie das Programm, und führen Sie den Befehl erneut aus; was bereits "
        "eingelesen ist, bleibt erhalten.",
    },
    "env.pending": {
        "en": "{problem} The return of {project} is stored; the next praxis ingest (also "
        "without new files) writes {files}.",
        "de": "{problem} Der Rücklauf von {project} ist gespeichert; das nächste praxis "
        "ingest (auch ohne neue Dateien) schreibt {files}.",
    },
    "env.written_late": {
        "en": "Written now (left over from an earlier ingest): {files}",
        "de": "Jetzt geschrieben (vom letzten Einlesen übrig): {files}",
    },
    "report.letter_settled": {
        "en": "This return answers the follow-up letter {letter}; the letter was removed.",
        "de": "Dieser Rücklauf beantwortet die Rückfrage {letter}; der Brief wurde entfernt.",
    },
    #
    #
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


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: object, lang: str) -> str:
    """``11.10.2023`` in German texts, ``11 October 2023`` in English ones."""
    import datetime as dt

    if not isinstance(date, dt.date):
        return str(date)
    if lang == "de":
        return date.strftime("%d.%m.%Y")
    return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"


def format_number(value: float, lang: str, group_from: float | None = 10000) -> str:
    """``1.234,5`` in German texts, ``1,234.5`` in English ones.

    Thousands are grouped from ``group_from`` on, so a year stays ``1990``; with None they
    never are (a number as a person types it into a form).
    """
    number = float(value)
    grouped = group_from is not None and abs(number) >= group_from
    if number.is_integer():
        text = f"{number:,.0f}" if grouped else f"{number:.0f}"
    else:
        text = f"{number:,}" if grouped else f"{number:.15g}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
