"""The Excel form: writer, reader and filler."""
