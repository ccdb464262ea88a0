"""The returns: safety, identification, validation, store, ingest, reports, status."""
