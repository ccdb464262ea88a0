"""The Word form: writer, reader and filler."""
