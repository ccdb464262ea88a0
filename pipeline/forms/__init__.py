"""The forms sent to the projects: Word and Excel (writer, reader, filler), mails, letters."""
